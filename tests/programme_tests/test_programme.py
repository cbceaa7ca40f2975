"""Programme, blocks, sessions: page rules, the privacy matrix, opening, progress, calendar."""

import datetime

import icalendar
import pytest
from django.core import mail
from django.utils import timezone
from wagtail.models import Page

from cohort.models import CohortPage
from cohort.notifications.models import OutgoingEmail
from cohort.programme import services
from cohort.programme.models import (
    BlockCompletion,
    BlockPage,
    BlockRelease,
    HomePage,
    ProgrammePage,
    Session,
)
from tests.factories import UserFactory, member

pytestmark = pytest.mark.django_db

SECRET = "Alleen-voor-leden-tekst"


def _block(programme, number=1, title="Jouw plek"):
    page = BlockPage(
        title=title, slug=f"blok-{number}", number=number, theme="Rol", summary="Kort",
        body=[("paragraph", f"<p>{SECRET}</p>"),
              ("reflection_prompt", {"question": "Wat deed je?", "guidance": "",
                                     "post_before_seeing_peers": True})],
    )
    programme.add_child(instance=page)
    return page


def _session(cohort, block, days, location="Utrecht"):
    start = timezone.now() + datetime.timedelta(days=days)
    session = Session(cohort=cohort, block=block, start=start,
                      end=start + datetime.timedelta(hours=3), location=location)
    session.save()
    return session


@pytest.fixture
def block1(programme):
    return _block(programme)


@pytest.fixture
def open_block(block1, edition1):
    _session(edition1, block1, days=-7)
    return block1


def test_page_type_rules():
    assert BlockPage.can_create_at(ProgrammePage())
    assert not BlockPage.can_create_at(HomePage())
    assert not BlockPage.can_create_at(BlockPage())
    assert set(ProgrammePage.allowed_subpage_models()) == {BlockPage, CohortPage}
    assert BlockPage.allowed_subpage_models() == []


def test_members_only_pages_get_a_login_restriction(block1, edition1):
    from wagtail.models import PageViewRestriction

    for page in (block1, edition1):
        assert PageViewRestriction.objects.filter(page=page, restriction_type="login").exists()
    assert not Page.objects.public().filter(pk__in=[block1.pk, edition1.pk]).exists()


@pytest.mark.parametrize(
    ("who", "status", "sees_body"),
    [
        ("participant", 200, True),
        ("facilitator", 200, True),
        ("outsider", 200, False),  # edition 2: same programme, its session is not there yet
        ("stranger", 404, False),
    ],
)
def test_block_page_matrix(client, request, open_block, edition2, who, status, sees_body):
    _session(edition2, open_block, days=30)
    client.force_login(request.getfixturevalue(who))
    response = client.get(open_block.url)
    assert response.status_code == status
    assert (SECRET in response.content.decode()) is sees_body


def test_block_page_sends_visitors_to_login(client, open_block):
    response = client.get(open_block.url)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_closed_block_shows_title_and_date_only(client, block1, edition1, participant):
    session = _session(edition1, block1, days=5)
    client.force_login(participant)
    content = client.get(block1.url).content.decode()
    assert block1.title in content
    assert SECRET not in content
    assert str(timezone.localtime(session.start).day) in content


def test_facilitator_opens_a_block_early(client, block1, edition1, participant):
    _session(edition1, block1, days=5)
    BlockRelease.objects.create(cohort=edition1, block=block1,
                                open_from=timezone.now() - datetime.timedelta(hours=1))
    client.force_login(participant)
    assert SECRET in client.get(block1.url).content.decode()


def test_unscheduled_block_is_closed_for_participants_open_for_facilitators(
    client, block1, participant, facilitator
):
    client.force_login(participant)
    assert SECRET not in client.get(block1.url).content.decode()
    client.force_login(facilitator)
    assert SECRET in client.get(block1.url).content.decode()


def test_programme_outline_links_only_for_members(client, programme, open_block, participant):
    content = client.get(programme.url).content.decode()
    assert open_block.title in content
    assert f'href="{open_block.url}"' not in content
    assert SECRET not in content
    assert "voor deelnemers" in content  # a visitor is told why there is no link
    client.force_login(participant)
    member_view = client.get(programme.url).content.decode()
    assert f'href="{open_block.url}"' in member_view and "voor deelnemers" not in member_view


def test_mark_block_done_and_progress(client, open_block, edition1, participant, peer, facilitator):
    client.force_login(participant)
    response = client.post(f"/blokken/{open_block.pk}/klaar/", {"done": "1"})
    assert response.status_code == 302
    assert BlockCompletion.objects.filter(user=participant, block=open_block).exists()
    assert client.get(f"/edities/{edition1.pk}/voortgang/").status_code == 404
    client.force_login(facilitator)
    content = client.get(f"/edities/{edition1.pk}/voortgang/").content.decode()
    assert participant.get_display_name() in content and peer.get_display_name() in content
    assert content.count("badge--done") == 1


def test_cannot_mark_a_closed_block_done(client, block1, edition1, participant):
    _session(edition1, block1, days=5)
    client.force_login(participant)
    client.post(f"/blokken/{block1.pk}/klaar/", {"done": "1"})
    assert not BlockCompletion.objects.exists()


def test_stranger_cannot_mark_done(client, open_block, stranger):
    client.force_login(stranger)
    assert client.post(f"/blokken/{open_block.pk}/klaar/").status_code == 404
    assert not BlockCompletion.objects.exists()


def test_marking_done_needs_post(client, open_block, participant):
    client.force_login(participant)
    assert client.get(f"/blokken/{open_block.pk}/klaar/").status_code == 405


def test_session_must_end_after_start_and_have_a_place(edition1, block1):
    from django.core.exceptions import ValidationError

    start = timezone.now()
    with pytest.raises(ValidationError):
        Session(cohort=edition1, block=block1, start=start, end=start, location="x").full_clean()
    with pytest.raises(ValidationError):
        Session(cohort=edition1, block=block1, start=start,
                end=start + datetime.timedelta(hours=1)).full_clean()


def _parse(response):
    calendar = icalendar.Calendar.from_ical(response.content)
    return calendar, [c for c in calendar.walk("VEVENT")]


def test_private_calendar_feed(client, edition1, edition2, block1, participant):
    mine = _session(edition1, block1, days=3)
    _session(edition2, block1, days=40, location="Zwolle")
    membership = participant.memberships.get()
    response = client.get(membership.get_calendar_url())  # no login: calendar apps
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar, events = _parse(response)
    assert [str(e["uid"]) for e in events] == [f"session-{mine.pk}@leergang"]
    assert events[0]["dtstart"].params["TZID"] == "Europe/Amsterdam"
    assert calendar.walk("VTIMEZONE")[0]["TZID"] == "Europe/Amsterdam"
    assert "Zwolle" not in response.content.decode()


def test_calendar_link_is_revocable(client, participant):
    membership = participant.memberships.get()
    old_url = membership.get_calendar_url()
    client.force_login(participant)
    client.post(f"/agenda/{membership.pk}/vernieuwen/")
    membership.refresh_from_db()
    client.logout()
    assert client.get(old_url).status_code == 404
    assert client.get(membership.get_calendar_url()).status_code == 200


def test_calendar_feed_stops_for_removed_or_inactive_members(client, participant):
    url = participant.memberships.get().get_calendar_url()
    participant.is_active = False
    participant.save()
    assert client.get(url).status_code == 404
    assert client.get("/agenda/not-a-token.ics").status_code == 404


def test_single_session_ics_is_scoped(client, edition1, block1, participant, outsider):
    session = _session(edition1, block1, days=3)
    assert client.get(session.get_ics_url()).status_code == 302
    client.force_login(outsider)
    assert client.get(session.get_ics_url()).status_code == 404
    client.force_login(participant)
    _, events = _parse(client.get(session.get_ics_url()))
    assert len(events) == 1


def test_public_api_leaves_members_only_pages_out(client, programme, block1, edition1, outsider):
    for logged_in in (False, True):
        if logged_in:
            client.force_login(outsider)
        titles = [p["title"] for p in client.get("/api/v2/pages/?limit=20").json()["items"]]
        assert programme.title in titles
        assert block1.title not in titles and edition1.title not in titles
        typed = client.get("/api/v2/pages/?type=programme.BlockPage").json()
        assert typed["items"] == []
        assert client.get(f"/api/v2/pages/{block1.pk}/").status_code == 404


def test_members_only_pages_stay_out_of_search_and_sitemap(client, programme, block1, edition1):
    hits = {page.pk for page in Page.objects.live().search("Jouw plek Editie")}
    assert block1.pk not in hits and edition1.pk not in hits
    sitemap = client.get("/sitemap.xml").content.decode()
    assert programme.slug in sitemap
    assert block1.slug not in sitemap and edition1.slug not in sitemap


def _tomorrow_at_ten(edition, block):
    start = (timezone.localtime() + datetime.timedelta(days=1)).replace(
        hour=10, minute=0, second=0, microsecond=0)
    return Session.objects.create(cohort=edition, block=block, start=start,
                                  end=start + datetime.timedelta(hours=2), location="Utrecht")


def test_reminders_go_out_once_the_day_before(
    edition1, block1, participant, peer, facilitator, django_capture_on_commit_callbacks
):
    _tomorrow_at_ten(edition1, block1)
    _session(edition1, block1, days=5)  # not tomorrow: no reminder
    inactive = member(edition1, email="weg@example.org")
    inactive.is_active = False
    inactive.save()

    with django_capture_on_commit_callbacks(execute=True):
        assert services.session_reminders_queue() == 3
        assert services.session_reminders_queue() == 0  # second beat, or a retry
    recipients = sorted(e.to[0] for e in OutgoingEmail.objects.all())
    assert recipients == sorted([participant.email, peer.email, facilitator.email])
    assert len(mail.outbox) == 3
    assert "Utrecht" in mail.outbox[0].body
    assert mail.outbox[0].subject.startswith("Morgen")


def test_a_reminder_comes_in_the_language_the_member_chose(
    edition1, block1, participant, peer, django_capture_on_commit_callbacks
):
    from cohort.notifications import services as notifications

    preference = notifications.preference_for(participant)
    preference.language = "en"
    preference.save()
    _tomorrow_at_ten(edition1, block1)
    with django_capture_on_commit_callbacks(execute=True):
        services.session_reminders_queue()
    subjects = {message.to[0]: message.subject for message in mail.outbox}
    assert subjects[peer.email].startswith("Morgen")
    assert subjects[participant.email].startswith("Tomorrow"), subjects


def test_no_reminder_for_a_member_who_unsubscribed(edition1, block1, participant, peer,
                                                   django_capture_on_commit_callbacks):
    from cohort.notifications import services as notifications

    preference = notifications.preference_for(participant)
    preference.emails_enabled = False
    preference.save()
    _tomorrow_at_ten(edition1, block1)
    with django_capture_on_commit_callbacks(execute=True):
        services.session_reminders_queue()
    assert [message.to[0] for message in mail.outbox] == [peer.email]


def test_my_leergang_shows_next_session_blocks_and_members(
    client, edition1, open_block, programme, participant, peer, django_assert_max_num_queries
):
    block2 = _block(programme, number=2, title="Het speelveld")
    nxt = _session(edition1, block2, days=4, location="De Werkplaats")
    for n in range(8):
        member(edition1, email=f"lid{n}@example.org")
    client.force_login(participant)
    client.get("/mijn-leergang/")
    with django_assert_max_num_queries(30):
        response = client.get("/mijn-leergang/")
    content = response.content.decode()
    assert "De Werkplaats" in content
    assert nxt.get_ics_url() in content
    assert f'href="{open_block.url}?editie={edition1.pk}"' in content  # for her edition
    assert f'href="{block2.url}' not in content  # closed: title only
    assert peer.get_display_name() in content


def test_completion_of_another_user_is_not_shown(client, open_block, participant, peer):
    BlockCompletion.objects.create(user=peer, block=open_block)
    client.force_login(participant)
    content = client.get(open_block.url).content.decode()
    assert "Markeer dit blok als klaar" in content


def test_hostile_session_fields_are_escaped(client, edition1, block1, participant):
    session = _session(edition1, block1, days=2, location="<script>alert(1)</script>")
    client.force_login(participant)
    content = client.get(edition1.url).content.decode()
    assert "<script>alert(1)</script>" not in content
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in content  # shown, as text
    assert session.get_absolute_url().startswith(edition1.url)


def test_stranger_sees_no_editions(client, edition1):
    client.force_login(UserFactory())
    assert client.get(edition1.url).status_code == 404


def test_course_material_documents_are_for_members(client, participant, stranger, settings):
    from pathlib import Path

    from django.core.files.base import ContentFile
    from wagtail.documents import get_document_model
    from wagtail.models import Collection, CollectionViewRestriction

    collection = Collection.get_first_root_node().add_child(name="Materiaal")
    CollectionViewRestriction.objects.create(collection=collection, restriction_type="login")
    document = get_document_model()(title="Werkblad", collection=collection)
    document.file.save("werkblad.txt", ContentFile(b"alleen voor leden"), save=False)
    document.save()
    # The file is in private storage, nowhere under the public media folder or URL.
    stored = Path(document.file.path).resolve()
    assert stored.is_relative_to(Path(settings.PRIVATE_MEDIA_ROOT).resolve())
    assert not stored.is_relative_to(Path(settings.MEDIA_ROOT).resolve())
    url = document.url
    assert document.file.url == url and not url.startswith(settings.MEDIA_URL)
    assert client.get(url).status_code == 302  # visitor: to login
    client.force_login(stranger)
    assert client.get(url).status_code == 404
    client.force_login(participant)
    response = client.get(url)
    assert response.status_code == 200
    assert b"alleen voor leden" in b"".join(response.streaming_content)


def test_scheduled_block_goes_live_without_anyone_acting(programme):
    from cohort.tasks import publish_scheduled

    block = BlockPage(title="Later", slug="later", number=3, live=False)
    programme.add_child(instance=block)
    block.go_live_at = timezone.now() + datetime.timedelta(days=1)
    revision = block.save_revision()
    revision.publish()  # go_live_at lies ahead: this schedules, it does not publish
    block.refresh_from_db()
    assert not block.live
    publish_scheduled()
    block.refresh_from_db()
    assert not block.live
    # The date comes: move the schedule back instead of waiting a day.
    past = timezone.now() - datetime.timedelta(minutes=1)
    revision.refresh_from_db()
    revision.approved_go_live_at = past
    revision.content["go_live_at"] = past.isoformat()
    revision.save()
    publish_scheduled()
    block.refresh_from_db()
    assert block.live


def test_mijn_leergang_offers_a_webcal_subscription_and_explains_replacing(client, edition1,
                                                                           participant):
    from cohort.models import Membership

    membership = Membership.objects.get(user=participant, cohort=edition1)
    client.force_login(participant)
    page = client.get("/mijn-leergang/", HTTP_HOST="testserver").content.decode()
    assert f'href="webcal://testserver{membership.get_calendar_url()}"' in page
    assert f'data-copy="calendar-{membership.pk}"' in page  # shown by JavaScript only
    assert "zet de oude uit" in page


@pytest.mark.parametrize("today", ["2026-12-01", "2027-01-19", "2027-05-05", "2027-06-01",
                                   "2027-08-31", "2028-02-29"])
def test_the_demo_calendar_looks_the_same_whatever_day_it_is_seeded(today):
    """Edition 1 met months ago and meets again within two weeks (so the desk, Mijn leergang
    and the reminders have a next session); edition 2 starts later."""
    from cohort.programme import demo

    day = datetime.date.fromisoformat(today)
    first, second = demo.session_specs(day)["editie-1"]
    assert first["start"].date() <= day - datetime.timedelta(weeks=8)
    assert first["start"].month == 5 and first["start"].weekday() == 1  # a Tuesday in May
    assert day < second["start"].date() <= day + datetime.timedelta(days=13)
    assert second["start"].weekday() == 1  # a Tuesday
    edition1, edition2 = demo.edition_specs(day)
    assert edition1["start_date"] == first["start"].date() < day < edition1["end_date"]
    assert edition2["start_date"] > day + datetime.timedelta(weeks=2)
    assert edition2["start_date"].month == 5
    assert str(edition2["start_date"].year) in edition2["title"]
