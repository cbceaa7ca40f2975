"""Notifications: who is told what, in the site and by email, at the rhythm they chose."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from cohort.cases import services as cases
from cohort.models import Membership
from cohort.notifications import delivery, outbox, selectors, services
from cohort.notifications.models import Notification, NotificationPreference, OutgoingEmail
from tests.cases_tests.conftest import make_case
from tests.factories import expand_notifications as expand

pytestmark = pytest.mark.django_db

AMS = ZoneInfo("Europe/Amsterdam")


def _at(year, month, day, hour, minute=0, zone=AMS):
    return datetime.datetime(year, month, day, hour, minute, tzinfo=zone)


def _flush():
    """Send what the outbox holds (in a test, on-commit callbacks do not run by themselves)."""
    for pk in OutgoingEmail.objects.filter(status=OutgoingEmail.Status.PENDING).values_list(
        "pk", flat=True
    ):
        outbox.email_send(pk)


def _deliver(when=None):
    """Send what is due (``when`` defaults to after the delay), through the outbox."""
    expand()
    when = when or timezone.now() + datetime.timedelta(minutes=11)
    count = delivery.send_due_emails(now=when)
    _flush()
    return count


def _digests(when, **kwargs):
    expand()
    delivery.send_digests(now=when, **kwargs)
    _flush()


def _mails_to(user):
    return [m for m in mail.outbox if user.email in m.to]


@pytest.fixture
def case(participant, peer, facilitator, edition1):
    case = make_case(participant, edition1, title="De regiotafel draait rondjes")
    expand()
    return case


# --- Who is told what -------------------------------------------------------------------


def test_a_new_case_is_in_the_site_for_the_edition_and_waits_for_the_digest(
    case, participant, peer, facilitator, outsider
):
    told = Notification.objects.filter(subject_key=f"case:{case.pk}")
    assert {n.recipient for n in told} == {peer, facilitator}  # not the author, not edition 2
    assert {n.kind for n in told} == {"case_submitted"}
    assert {n.email for n in told} == {Notification.Email.NONE}
    assert _deliver() == 0 and mail.outbox == []


@pytest.mark.parametrize("action, kind", [("feedback", "case_feedback"),
                                          ("discussed", "case_discussed")])
def test_what_is_written_on_your_case_is_mailed_after_the_delay(
    case, participant, facilitator, action, kind, settings
):
    if action == "feedback":
        cases.case_feedback_add(user=facilitator, case=case, body="Mooi gedaan.",
                                visibility="author")
    else:
        cases.case_mark_discussed(user=facilitator, case=case)
    expand()
    notification = Notification.objects.get(kind=kind)
    assert notification.recipient == participant and notification.actor == facilitator
    assert notification.email == Notification.Email.PENDING
    assert delivery.send_due_emails(now=timezone.now()) == 0  # not before the delay
    assert _deliver() == 1
    [message] = _mails_to(participant)
    assert case.title in message.subject and facilitator.get_display_name() in message.subject
    assert "Mooi gedaan." not in message.body  # no text unless the member opted in
    assert _deliver() == 0 and len(_mails_to(participant)) == 1  # never twice


def test_the_follow_up_question_is_a_direct_notification(case, participant, facilitator,
                                                        settings):
    cases.case_mark_discussed(user=facilitator, case=case)
    later = timezone.now() + datetime.timedelta(weeks=settings.CASE_FOLLOW_UP_WEEKS, days=1)
    cases.case_follow_ups_queue(now=later)
    expand()
    prompt = Notification.objects.get(kind="case_follow_up")
    assert prompt.recipient == participant and prompt.actor is None


def test_nobody_is_told_about_their_own_action_or_twice(participant, peer, edition1):
    for _ in range(2):
        services.notify(recipients=[participant, peer], kind="case_submitted",
                        subject_key="case:999", title="T", url="/x/", cohort=edition1,
                        actor=participant, event_key="case:999:submitted")
        expand()
    assert list(Notification.objects.values_list("recipient", flat=True)) == [peer.pk]


def test_creating_many_notifications_takes_the_same_queries(
    participant, edition1, django_assert_max_num_queries
):
    from tests.factories import member

    def notify_all(n):
        people = [member(edition1, email=f"veel{n}-{i}@example.org") for i in range(n)]
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as in_request:
            batch = services.notify(recipients=people, kind="case_submitted",
                                    subject_key=f"case:{n}", title="T", url="/x/",
                                    cohort=edition1, actor=participant,
                                    event_key=f"case:{n}:submitted")
        with CaptureQueriesContext(connection) as in_task:
            services.batch_expand(batch.pk)
        return len(in_request), len(in_task)

    small, large = notify_all(3), notify_all(60)
    assert small == large and small[0] <= 3  # the request stores one row
    assert Notification.objects.count() == 63


# --- Mute and watch ---------------------------------------------------------------------


def test_a_muted_case_tells_you_nothing(case, participant, facilitator):
    services.watch_set(user=participant, subject_key=f"case:{case.pk}", level="muted")
    cases.case_mark_discussed(user=facilitator, case=case)
    expand()
    assert not Notification.objects.filter(recipient=participant).exists()


def test_watching_a_case_tells_you_everything_you_may_read(case, participant, peer,
                                                          facilitator):
    services.watch_set(user=peer, subject_key=f"case:{case.pk}", level="watching")
    cases.case_feedback_add(user=facilitator, case=case, body="Alleen voor jou.",
                            visibility="author")
    expand()
    assert not Notification.objects.filter(recipient=peer, kind__startswith="case_feedback")
    cases.case_feedback_add(user=facilitator, case=case, body="Voor iedereen.",
                            visibility="audience")
    expand()
    watched = Notification.objects.get(recipient=peer, kind="case_feedback_watched")
    assert watched.email == Notification.Email.NONE  # the digest, not an email now
    cases.case_mark_discussed(user=facilitator, case=case)
    expand()
    assert Notification.objects.filter(recipient=peer, kind="case_discussed_watched").exists()


def test_the_watch_form_on_the_case_page(client, case, peer, outsider):
    client.force_login(peer)
    page = client.get(case.get_absolute_url()).text
    assert 'name="level" value="normal" checked' in page
    client.post(reverse("notifications:watch"), {"subject": f"case:{case.pk}",
                                                 "level": "muted", "next": "/elders/"})
    assert selectors.watch_level(peer, f"case:{case.pk}") == "muted"
    client.force_login(outsider)
    response = client.post(reverse("notifications:watch"), {"subject": f"case:{case.pk}",
                                                            "level": "watching"})
    assert response.status_code == 404


# --- Skip if read ---------------------------------------------------------------------


def test_read_in_the_site_before_the_delay_means_no_email(client, case, participant,
                                                         facilitator):
    cases.case_mark_discussed(user=facilitator, case=case)
    expand()
    client.force_login(participant)
    client.get(case.get_absolute_url())  # seeing the case reads what was about it
    assert _deliver() == 0
    assert _mails_to(participant) == []
    assert Notification.objects.get(kind="case_discussed").email == Notification.Email.SKIPPED


def test_opening_a_notification_reads_it_and_goes_to_its_target(client, case, peer):
    notification = Notification.objects.get(recipient=peer)
    client.force_login(peer)
    response = client.get(notification.get_absolute_url())
    assert response.status_code == 302 and response["Location"] == case.get_absolute_url()
    notification.refresh_from_db()
    assert notification.read_at is not None


# --- In the site ------------------------------------------------------------------------


def test_the_header_counts_unread_in_one_query_whatever_their_number(
    client, case, peer, edition1, participant
):
    client.force_login(peer)
    html = client.get("/mijn-leergang/").text
    header = html[html.index('<header class="site-header">'):html.index("</header>")]
    assert 'class="badge badge--count" aria-hidden="true">1<' in header
    Notification.objects.bulk_create([
        Notification(recipient=peer, kind="case_submitted", subject_key=f"case:{case.pk}",
                     cohort=edition1, title="T", url="/", event_key=f"extra-{n}")
        for n in range(300)
    ])
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert selectors.unread_count(peer) == 301
    assert len(queries) == 1


def test_the_page_groups_by_edition_and_marks_all_read(client, case, facilitator, edition2,
                                                       outsider):
    make_case(outsider, edition2, title="Waterschap")
    expand()
    client.force_login(facilitator)
    html = client.get(reverse("notifications:list")).text
    assert html.index("Editie 1") < html.index(case.title)
    assert "Editie 2" in html and "Waterschap" in html
    client.post(reverse("notifications:read_all"))
    assert selectors.unread_count(facilitator) == 0


def test_a_member_removed_from_the_edition_sees_and_gets_nothing_of_it(
    client, case, participant, peer, facilitator
):
    cases.case_feedback_add(user=facilitator, case=case, body="Voor iedereen.",
                            visibility="audience")
    services.watch_set(user=peer, subject_key=f"case:{case.pk}", level="watching")
    cases.case_mark_discussed(user=facilitator, case=case)
    expand()
    own = Notification.objects.filter(recipient=peer).first()
    Membership.objects.filter(user=peer).delete()
    client.force_login(peer)
    assert selectors.unread_count(peer) == 0
    assert case.title not in client.get(reverse("notifications:list")).text
    assert client.get(own.get_absolute_url()).status_code == 404
    _digests(timezone.now(), force=True)
    _deliver()
    assert _mails_to(peer) == []


def test_someone_elses_notification_is_not_found(client, case, peer, outsider):
    notification = Notification.objects.get(recipient=peer)
    client.force_login(outsider)
    assert client.get(notification.get_absolute_url()).status_code == 404


# --- The digest ---------------------------------------------------------------------------


def _prefs(user, **fields):
    preference = services.preference_for(user)
    for name, value in fields.items():
        setattr(preference, name, value)
    preference.save()
    return preference


def test_defaults_weekly_for_participants_daily_for_facilitators(case, peer, facilitator):
    assert services.preference_for(peer).digest == NotificationPreference.Digest.WEEKLY
    assert services.preference_for(facilitator).digest == NotificationPreference.Digest.DAILY


def test_the_daily_digest_comes_at_the_chosen_hour_once_and_only_with_news(case, peer):
    _prefs(peer, digest="daily", digest_hour=8)
    _digests(_at(2026, 12, 2, 7, 30))  # before 08:00
    assert _mails_to(peer) == []
    _digests(_at(2026, 12, 2, 8, 5))
    [brief] = _mails_to(peer)
    assert case.title in brief.body and case.get_absolute_url() not in brief.body
    assert reverse("notifications:open", args=[Notification.objects.get(recipient=peer).pk]) \
        in brief.body
    _digests(_at(2026, 12, 2, 9, 5))  # not twice that day
    _digests(_at(2026, 12, 3, 8, 5))  # no news: no mail
    assert len(_mails_to(peer)) == 1


def test_an_english_digest_has_every_line_in_english(case, peer):
    _prefs(peer, digest="daily", digest_hour=8, language="en")
    _digests(_at(2026, 12, 2, 8, 5))
    [brief] = _mails_to(peer)
    assert "shared a new case" in brief.body and "deelde" not in brief.body, brief.body


def test_the_weekly_digest_comes_on_the_chosen_day(case, peer):
    _prefs(peer, digest="weekly", digest_hour=7, digest_weekday=3)  # Thursday
    _digests(_at(2026, 12, 2, 10))  # Wednesday
    assert _mails_to(peer) == []
    _digests(_at(2026, 12, 3, 7, 2))  # Thursday
    _digests(_at(2026, 12, 5, 7, 2))  # later that week
    assert len(_mails_to(peer)) == 1


def test_the_digest_skips_what_was_read_or_mailed_already(client, case, peer):
    _prefs(peer, digest="daily", digest_hour=0)
    client.force_login(peer)
    client.get(case.get_absolute_url())
    _digests(timezone.now(), force=True)
    assert _mails_to(peer) == []


@pytest.mark.parametrize("runs_utc", [
    # Summer time ends on 25 October 2026: 02:00-03:00 local happens twice.
    [datetime.datetime(2026, 10, 25, 0, 5, tzinfo=datetime.UTC),
     datetime.datetime(2026, 10, 25, 1, 5, tzinfo=datetime.UTC),
     datetime.datetime(2026, 10, 25, 2, 5, tzinfo=datetime.UTC)],
    # Summer time starts on 29 March 2026: 02:00-03:00 local does not happen at all.
    [datetime.datetime(2026, 3, 29, 0, 5, tzinfo=datetime.UTC),
     datetime.datetime(2026, 3, 29, 1, 5, tzinfo=datetime.UTC),
     datetime.datetime(2026, 3, 29, 2, 5, tzinfo=datetime.UTC)],
], ids=["autumn", "spring"])
def test_daylight_saving_never_doubles_or_drops_a_digest(case, peer, participant, edition1,
                                                        runs_utc):
    _prefs(peer, digest="daily", digest_hour=2)
    for n, moment in enumerate(runs_utc):
        _digests(moment)
        # News after every run: only the period rule can keep a second mail from going out.
        make_case(participant, edition1, title=f"Nog een casus {n}")
    assert len(_mails_to(peer)) == 1


# --- Email ----------------------------------------------------------------------------------


def test_emails_carry_unsubscribe_and_threading_headers(case, participant, facilitator):
    cases.case_mark_discussed(user=facilitator, case=case)
    _deliver()
    [message] = _mails_to(participant)
    headers = message.extra_headers
    preference = services.preference_for(participant)
    assert headers["List-Unsubscribe"] == (
        f"<http://127.0.0.1:8000{reverse('notifications:unsubscribe', args=[preference.token])}>"
    )
    assert headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert headers["Message-ID"].startswith("<notification-")
    assert headers["References"] == f"<case-{case.pk}.{participant.pk}@127.0.0.1>"
    assert message.alternatives and message.alternatives[0][1] == "text/html"
    stored = OutgoingEmail.objects.get(to=[participant.email])
    assert stored.headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_excerpts_only_for_members_who_opted_in_and_in_their_language(case, participant,
                                                                       facilitator):
    _prefs(participant, show_excerpts=True, language="en")
    cases.case_feedback_add(user=facilitator, case=case, body="Kijk naar je opdrachtgever.",
                            visibility="author")
    _deliver()
    [message] = _mails_to(participant)
    assert "Kijk naar je opdrachtgever." in message.body
    assert "Hello" in message.body and "gave feedback on your case" in message.subject


def test_one_click_unsubscribe(client, case, participant, facilitator):
    preference = services.preference_for(participant)
    url = reverse("notifications:unsubscribe", args=[preference.token])
    assert client.head(url).status_code == 200
    page = client.get(url)  # a mail scanner opening the link changes nothing
    assert page.status_code == 200 and 'method="post"' in page.text
    preference.refresh_from_db()
    assert preference.emails_enabled
    # RFC 8058: the mail client posts, without a session or a CSRF token.
    response = type(client)(enforce_csrf_checks=True).post(
        url, {"List-Unsubscribe": "One-Click"}
    )
    assert response.status_code == 200
    preference.refresh_from_db()
    assert not preference.emails_enabled
    cases.case_mark_discussed(user=facilitator, case=case)
    _deliver()
    assert _mails_to(participant) == []
    assert client.post(reverse("notifications:unsubscribe", args=["onbekend"])).status_code == 200


def test_undo_turns_emails_on_again(client, participant):
    preference = services.preference_for(participant)
    client.post(reverse("notifications:unsubscribe", args=[preference.token]))
    client.post(reverse("notifications:resubscribe", args=[preference.token]))
    preference.refresh_from_db()
    assert preference.emails_enabled


# --- Preferences ------------------------------------------------------------------------------


def test_preferences_are_saved_and_bad_input_changes_nothing(client, participant):
    client.force_login(participant)
    url = reverse("notifications:preferences")
    assert client.get(url).status_code == 200
    valid = {"emails_enabled": "on", "immediate_email": "on", "digest": "daily",
             "digest_weekday": "2", "digest_hour": "18", "language": "nl"}
    assert client.post(url, valid).status_code == 302
    preference = services.preference_for(participant)
    assert (preference.digest, preference.digest_hour) == ("daily", 18)
    for bad in ({"digest_hour": "25"}, {"digest": "maandelijks"}, {"digest_weekday": "9"}):
        response = client.post(url, {**valid, **bad, "digest": bad.get("digest", "weekly")})
        assert response.status_code == 400
        assert "role=\"alert\"" in response.text
        preference.refresh_from_db()
        assert (preference.digest, preference.digest_hour) == ("daily", 18)
    response = client.post(url, {**valid, "digest_hour": "25"})
    assert "Kies een uur" in response.text


# --- What a review found -----------------------------------------------------------------


def test_an_email_already_queued_is_not_sent_to_a_member_removed_since(case, participant,
                                                                      facilitator):
    cases.case_feedback_add(user=facilitator, case=case, body="Goed.", visibility="author")
    expand()
    delivery.send_due_emails(now=timezone.now() + datetime.timedelta(minutes=11))
    assert OutgoingEmail.objects.filter(to=[participant.email]).exists()  # queued, not sent
    Membership.objects.filter(user=participant).delete()
    _flush()
    assert _mails_to(participant) == []
    assert OutgoingEmail.objects.get(to=[participant.email]).status == "cancelled"


def test_a_digest_already_queued_is_not_sent_when_a_line_is_no_longer_theirs(
    case, peer, participant, edition1
):
    _prefs(peer, digest="daily", digest_hour=0)
    delivery.send_digests(now=timezone.now(), force=True)
    case.delete()
    _flush()
    assert _mails_to(peer) == []


def test_a_broken_batch_or_notification_holds_up_no_other(case, participant, peer,
                                                         facilitator, edition1):
    from cohort.notifications.models import NotificationBatch

    NotificationBatch.objects.create(kind="no-such-kind", watcher_kind="no-such-kind",
                                     subject_key="case:1", title="x", url="/", event_key="x")
    cases.case_mark_discussed(user=facilitator, case=case)
    assert expand() >= 1
    Notification.objects.filter(recipient=participant).update(kind="renamed-kind")
    cases.case_feedback_add(user=facilitator, case=case, body="Goed.", visibility="author")
    _deliver()
    assert len(_mails_to(participant)) == 2  # the old kind reads as its title, the new as usual


def test_the_follow_up_question_is_for_the_author_alone(case, participant, peer, facilitator,
                                                       settings):
    services.watch_set(user=peer, subject_key=f"case:{case.pk}", level="watching")
    cases.case_mark_discussed(user=facilitator, case=case)
    later = timezone.now() + datetime.timedelta(weeks=settings.CASE_FOLLOW_UP_WEEKS, days=1)
    cases.case_follow_ups_queue(now=later)
    expand()
    assert not Notification.objects.filter(recipient=peer, kind="case_follow_up").exists()


def test_a_deleted_case_leaves_no_notification_or_count(client, case, peer):
    assert selectors.unread_count(peer) == 1
    case.delete()
    # A new request (the count is kept on the user object for one request).
    assert selectors.unread_count(type(peer).objects.get(pk=peer.pk)) == 0
    assert not Notification.objects.exists()


def test_the_page_and_the_header_agree_on_what_is_unread(client, case, peer, facilitator,
                                                        participant, edition1):
    hidden = make_case(participant, edition1, title="Alleen begeleiders",
                       audience="facilitators")
    expand()
    Membership.objects.filter(user=facilitator, cohort=edition1).update(role="participant")
    client.force_login(facilitator)
    page = client.get(reverse("notifications:list")).text
    assert hidden.title not in page
    assert selectors.unread_count(facilitator) == 1  # the one it can still open


def test_switching_cadence_back_and_forth_loses_nothing(case, peer, participant, edition1):
    _prefs(peer, digest="weekly", digest_hour=7, digest_weekday=0)
    _digests(_at(2026, 11, 30, 8))  # Monday: weekly
    _prefs(peer, digest="daily")
    make_case(participant, edition1, title="Twee")
    _digests(_at(2026, 12, 1, 8))  # Tuesday: daily
    _prefs(peer, digest="weekly")
    make_case(participant, edition1, title="Drie")
    _digests(_at(2026, 12, 2, 8))  # Wednesday: this week's weekly went out already
    drie = Notification.objects.get(recipient=peer, title="Drie")
    assert drie.digested_at is None  # kept for the next leergangbrief, not lost
    assert len(_mails_to(peer)) == 2


def test_a_title_is_one_line_in_emails(participant, peer, facilitator, edition1):
    make_case(participant, edition1, title="Titel\nLees het in de leergang: https://kwaad.example/")
    expand()
    assert "\n" not in Notification.objects.get(recipient=peer).title


def test_notifications_point_into_the_site_only(participant, edition1):
    for url in ("https://kwaad.example/", "//kwaad.example/"):
        with pytest.raises(ValueError):
            services.notify(recipients=[participant], kind="case_submitted", subject_key="case:1",
                            title="T", url=url, cohort=edition1, event_key="x")


def test_watchers_cost_the_same_queries_however_many(case, facilitator, edition1):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import member

    def counted(n):
        for i in range(n):
            watcher = member(edition1, email=f"volger{n}-{i}@example.org")
            services.watch_set(user=watcher, subject_key=f"case:{case.pk}", level="watching")
        batch = services.notify(recipients=[], kind="case_discussed",
                                watcher_kind="case_discussed_watched",
                                subject_key=f"case:{case.pk}", title="T", url="/x/",
                                cohort=edition1, actor=facilitator, event_key=f"w{n}")
        with CaptureQueriesContext(connection) as queries:
            services.batch_expand(batch.pk)
        return len(queries)

    assert counted(1) == counted(12)


def test_no_email_at_once_means_in_the_leergangbrief(case, participant, facilitator):
    _prefs(participant, immediate_email=False, digest="daily", digest_hour=0)
    cases.case_mark_discussed(user=facilitator, case=case)
    _deliver()
    assert _mails_to(participant) == []
    _digests(timezone.now(), force=True)
    [brief] = _mails_to(participant)
    assert case.title in brief.body


def test_an_edited_title_is_shown_in_what_was_told(case, participant, peer):
    cases.case_update(user=participant, case=case, expected_version=case.version,
                      data={"title": "Zonder naam"})
    assert Notification.objects.get(recipient=peer).title == "Zonder naam"


def test_opening_a_case_reads_what_is_about_it_and_writes_nothing_otherwise(
        client, participant, peer, facilitator, edition1):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    first = make_case(participant, edition1, title="Eerste")
    second = make_case(participant, edition1, title="Tweede")
    expand()
    assert selectors.unread_count(peer) == 2
    client.force_login(peer)
    with CaptureQueriesContext(connection) as queries:
        page = client.get(first.get_absolute_url()).text
    writes = [q["sql"] for q in queries if q["sql"].startswith('UPDATE "notifications')]
    assert len(writes) == 1
    assert "1 ongelezen" in page  # the header shows what is left: the second case
    assert Notification.objects.get(recipient=peer, subject_key=f"case:{first.pk}").read_at
    with CaptureQueriesContext(connection) as queries:
        page = client.get(first.get_absolute_url()).text
    assert not [q for q in queries if q["sql"].startswith('UPDATE "notifications')]
    assert "1 ongelezen" in page
    assert Notification.objects.get(recipient=peer, subject_key=f"case:{second.pk}").read_at is None


def test_opening_a_subject_reads_it_also_where_the_header_does_not_count_it(edition1):
    from cohort.models import User

    boss = User.objects.create_superuser(email="beheer@example.org", password="x")
    elsewhere = Notification.objects.create(  # an edition she is no member of
        recipient=boss, kind="case_submitted", cohort=edition1, subject_key="case:7",
        title="Elders", url="/casussen/7/", event_key="case:7:submitted")
    assert selectors.unread_count(boss) == 0
    assert services.subject_read(user=boss, subject_key="case:7") == 1
    elsewhere.refresh_from_db()
    assert elsewhere.read_at is not None and selectors.unread_count(boss) == 0
