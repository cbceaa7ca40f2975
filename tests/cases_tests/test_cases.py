"""The life of a case: drafts, submitting, the state machine, edits and conflicts,
feedback, follow-up, and notifications that go out only when the write commits."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from cohort.cases import services
from cohort.cases.models import Case, CaseEvent, CaseFeedback
from cohort.notifications.models import Notification, OutgoingEmail
from tests.cases_tests.conftest import CASE_TEXT, make_case
from tests.factories import expand_notifications

pytestmark = pytest.mark.django_db


def _form(**overrides):
    return {**CASE_TEXT, **overrides}


def test_draft_is_saved_explicitly_and_kept_on_errors(client, participant, facilitator):
    client.force_login(participant)
    url = reverse("cases:create")
    # A title is all a draft needs; an empty one is refused and the text is kept.
    response = client.post(url, _form(title=""))
    assert response.status_code == 200
    assert Case.objects.count() == 0
    assert "De partners wachten op elkaar." in response.text
    assert 'aria-invalid="true"' in response.text
    response = client.post(url, {"title": "Alleen een titel"})
    case = Case.objects.get()
    assert response.status_code == 302 and response["Location"] == case.get_absolute_url()
    assert case.status == Case.Status.DRAFT
    assert "Zichtbaar voor: alleen jij" in client.get(case.get_absolute_url()).text


def test_submit_needs_the_core_fields_and_the_statement(client, participant, peer, facilitator,
                                                        edition1):
    case = make_case(participant, edition1, status="draft", situation="", question="")
    client.force_login(participant)
    url = reverse("cases:submit", args=[case.pk])
    response = client.get(url)
    assert response.status_code == 200 and 'role="alert"' in response.text
    services.case_update(user=participant, case=case, expected_version=case.version,
                         data=_form())
    response = client.post(url, {"audience": "edition"})  # no confidentiality statement
    assert response.status_code == 200
    case.refresh_from_db()
    assert case.status == Case.Status.DRAFT
    assert not Notification.objects.exists()
    response = client.post(url, {"audience": "edition", "confidential": "on"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == Case.Status.SUBMITTED and case.confidentiality_confirmed_at
    expand_notifications()
    assert Notification.objects.filter(recipient=peer, kind="case_submitted").count() == 1


def test_audience_is_stated_on_the_page(client, participant, peer, facilitator, edition1):
    case = make_case(participant, edition1)
    client.force_login(peer)
    text = client.get(case.get_absolute_url()).text
    # Two participants (the author and the peer) and the facilitators.
    assert "Editie 1 — 2 deelnemers en de begeleiders" in text


def test_a_rolled_back_submit_sends_nothing(participant, peer, facilitator, edition1,
                                            django_capture_on_commit_callbacks):
    case = make_case(participant, edition1, status="draft")
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        services.case_submit(user=participant, case=case, audience="edition",
                             confidentiality_confirmed=True)
        raise RuntimeError("the request failed after the submit")
    assert callbacks == []
    assert not OutgoingEmail.objects.exists() and mail.outbox == []
    case.refresh_from_db()
    assert case.status == Case.Status.DRAFT


def test_a_submitted_case_is_news_for_its_audience_in_the_leergangbrief(
    participant, peer, facilitator, edition1, django_capture_on_commit_callbacks
):
    case = make_case(participant, edition1, status="draft")
    with django_capture_on_commit_callbacks(execute=True):
        services.case_submit(user=participant, case=case, audience="edition",
                             confidentiality_confirmed=True)
    told = Notification.objects.filter(subject_key=f"case:{case.pk}")
    assert sorted(n.recipient.email for n in told) == sorted([peer.email, facilitator.email])
    assert {n.email for n in told} == {Notification.Email.NONE}  # the digest, not a mail now
    assert mail.outbox == []
    assert all(n.url == case.get_absolute_url() and not n.excerpt for n in told)


@pytest.mark.parametrize(
    ("status", "action"),
    [
        ("draft", "discuss"), ("draft", "close"), ("submitted", "submit"),
        ("discussed", "submit"), ("discussed", "discuss"), ("closed", "discuss"),
        ("closed", "close"), ("closed", "submit"),
    ],
)
def test_no_illegal_transition(participant, facilitator, edition1, status, action):
    case = make_case(participant, edition1, status=status)
    before = (case.status, case.version)
    calls = {
        "submit": lambda: services.case_submit(user=participant, case=case, audience="edition",
                                               confidentiality_confirmed=True),
        "discuss": lambda: services.case_mark_discussed(user=facilitator, case=case),
        "close": lambda: services.case_close(user=participant, case=case),
    }
    with pytest.raises((ValidationError, PermissionDenied)):
        calls[action]()
    case.refresh_from_db()
    assert (case.status, case.version) == before


def test_only_facilitators_of_the_edition_mark_discussed(participant, peer, facilitator,
                                                         edition1, edition2):
    from tests.factories import member

    other = member(edition2, role="facilitator")
    case = make_case(participant, edition1)
    for user in (participant, peer, other):
        with pytest.raises(PermissionDenied):
            services.case_mark_discussed(user=user, case=case)
    services.case_mark_discussed(user=facilitator, case=case)
    case.refresh_from_db()
    assert case.status == Case.Status.DISCUSSED


def test_session_of_another_edition_is_refused(client, participant, facilitator, edition1,
                                               edition2):
    from cohort.programme.models import Session

    now = timezone.now()
    foreign = Session.objects.create(cohort=edition2, start=now, end=now + datetime.timedelta(
        hours=2))
    case = make_case(participant, edition1)
    client.force_login(facilitator)
    response = client.post(reverse("cases:mark_discussed", args=[case.pk]),
                           {"session": foreign.pk}, follow=True)
    assert "Kies een bijeenkomst" in response.text or "Choose a session" in response.text
    case.refresh_from_db()
    assert case.status == Case.Status.SUBMITTED


def test_edits_keep_a_history_everyone_can_read(client, participant, peer, facilitator,
                                                edition1):
    case = make_case(participant, edition1)
    client.force_login(participant)
    response = client.post(reverse("cases:edit", args=[case.pk]),
                           _form(question="Wat is mijn rol nog?", version=case.version))
    assert response.status_code == 302
    event = CaseEvent.objects.get(case=case, kind=CaseEvent.Kind.EDITED)
    assert event.changes == {"question": {"old": CASE_TEXT["question"],
                                          "new": "Wat is mijn rol nog?"}}
    client.force_login(peer)
    text = client.get(case.get_absolute_url()).text
    assert "Wat is mijn rol nog?" in text and CASE_TEXT["question"] in text  # before and after


def test_the_second_of_two_concurrent_saves_is_refused(client, participant, facilitator,
                                                       edition1):
    case = make_case(participant, edition1)
    opened_at = case.version
    services.case_update(user=facilitator, case=case, expected_version=opened_at,
                         data=_form(parties="Drie gemeenten (geanonimiseerd)."))
    client.force_login(participant)
    response = client.post(reverse("cases:edit", args=[case.pk]),
                           _form(tried="Mijn eigen nieuwe tekst.", version=opened_at))
    assert response.status_code == 200
    assert "Mijn eigen nieuwe tekst." in response.text  # the editor's text is kept
    assert "Drie gemeenten (geanonimiseerd)." in response.text  # next to the saved one
    assert "Marieke" in response.text  # who saved in between
    case.refresh_from_db()
    assert case.tried == CASE_TEXT["tried"]
    assert case.parties == "Drie gemeenten (geanonimiseerd)."
    # Saving again from the refreshed form works.
    response = client.post(reverse("cases:edit", args=[case.pk]),
                           _form(tried="Mijn eigen nieuwe tekst.", version=case.version,
                                 parties=case.parties))
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.tried == "Mijn eigen nieuwe tekst."


def test_a_closed_case_cannot_be_edited(participant, facilitator, edition1):
    case = make_case(participant, edition1, status="closed")
    with pytest.raises(PermissionDenied):
        services.case_update(user=participant, case=case, expected_version=case.version,
                             data=_form(title="Nieuw"))


def test_feedback_for_the_author_alone(client, participant, peer, facilitator, edition1):
    case = make_case(participant, edition1)
    client.force_login(facilitator)
    client.post(reverse("cases:feedback", args=[case.pk]),
                {"body": "Alleen voor jou: kijk naar je opdrachtgever.", "visibility": "author"})
    client.post(reverse("cases:feedback", args=[case.pk]),
                {"body": "Voor iedereen: mooi voorbeeld.", "visibility": "audience"})
    assert CaseFeedback.objects.count() == 2
    client.force_login(participant)
    text = client.get(case.get_absolute_url()).text
    assert "Alleen voor jou" in text and "Voor iedereen" in text
    client.force_login(peer)
    text = client.get(case.get_absolute_url()).text
    assert "Alleen voor jou" not in text and "Voor iedereen" in text
    # Peers cannot give facilitator feedback.
    response = client.post(reverse("cases:feedback", args=[case.pk]),
                           {"body": "x", "visibility": "audience"})
    assert response.status_code == 404
    assert CaseFeedback.objects.count() == 2


def test_follow_up_prompt_after_the_configured_weeks_once(participant, facilitator, edition1,
                                                          settings):
    settings.CASE_FOLLOW_UP_WEEKS = 4
    make_case(participant, edition1, status="discussed")
    assert services.case_follow_ups_queue() == 0
    later = timezone.now() + datetime.timedelta(weeks=4, hours=1)
    assert services.case_follow_ups_queue(now=later) == 1
    assert services.case_follow_ups_queue(now=later) == 0  # a second beat sends nothing
    expand_notifications()
    prompts = Notification.objects.filter(kind="case_follow_up")
    assert prompts.count() == 1 and prompts.get().recipient == participant


def test_follow_up_is_answered_on_the_page_and_shown_in_history(client, participant, peer,
                                                                facilitator, edition1):
    case = make_case(participant, edition1, status="discussed")
    client.force_login(participant)
    client.post(reverse("cases:follow_up", args=[case.pk]),
                {"text": "De partners nemen nu zelf de voorzittershamer."})
    client.force_login(peer)
    text = client.get(case.get_absolute_url()).text
    assert "De partners nemen nu zelf de voorzittershamer." in text
    assert CaseEvent.objects.filter(case=case, kind=CaseEvent.Kind.FOLLOW_UP).exists()
    # Only the author answers.
    response = client.post(reverse("cases:follow_up", args=[case.pk]), {"text": "Ik ook"})
    assert response.status_code == 404


def test_hostile_html_is_shown_as_text(client, participant, peer, facilitator, edition1):
    case = make_case(participant, edition1, title="<img src=x onerror=alert(1)>",
                     situation="<script>alert('x')</script>\x00 en verder")
    client.force_login(peer)
    text = client.get(case.get_absolute_url()).text
    assert "<script>alert" not in text and "<img src=x" not in text
    assert "&lt;script&gt;" in text
    case.refresh_from_db()
    assert "\x00" not in case.situation


def test_only_participants_write_cases(client, facilitator, stranger, outsider, edition1):
    client.force_login(stranger)
    assert client.get(reverse("cases:create")).status_code == 404
    client.force_login(outsider)
    # An edition the user is not in cannot be chosen.
    client.post(reverse("cases:create") + f"?editie={edition1.pk}", {"title": "Poging"})
    assert not Case.objects.filter(cohort=edition1).exists()


def test_case_list_filters_and_query_count(client, participant, peer, facilitator, edition1,
                                           django_assert_max_num_queries):
    for n in range(6):
        make_case(participant if n % 2 else peer, edition1, title=f"Casus {n}")
    make_case(peer, edition1, status="discussed", title="Besproken casus")
    client.force_login(participant)
    url = reverse("cases:list", args=[edition1.pk])
    with django_assert_max_num_queries(25):
        response = client.get(url)
    assert response.status_code == 200 and response.text.count('class="case-list__item"') == 7
    response = client.get(url, {"status": "discussed"})
    assert response.text.count('class="case-list__item"') == 1
    response = client.get(url, {"author": peer.pk})
    assert response.text.count('class="case-list__item"') == 4
    response = client.get(url, {"status": "nonsense", "author": "x"})
    assert response.status_code == 200  # bad filters are ignored, not a 500
    # Latest activity first.
    titles = [c.title for c in response.context["page_obj"]]
    assert titles[0] == "Besproken casus"


def test_follow_up_arrives_without_redis_through_the_in_process_beat(
    participant, facilitator, edition1, django_capture_on_commit_callbacks, settings
):
    """`make run` has no Redis and no Celery beat: beat_inprocess runs the schedule."""
    from django.core.management import call_command

    case = make_case(participant, edition1, status="discussed")
    Case.objects.filter(pk=case.pk).update(
        discussed_at=timezone.now() - datetime.timedelta(weeks=5))
    settings.NOTIFICATION_EMAIL_DELAY_MINUTES = 0
    for _ in range(2):  # the prompt, then (its delay passed) its email
        with django_capture_on_commit_callbacks(execute=True):
            call_command("beat_inprocess", once=True)
    case.refresh_from_db()
    assert case.follow_up_prompted_at is not None
    assert [m.to for m in mail.outbox if "Wat is er gebeurd" in m.subject
            or "What has happened" in m.subject] == [[participant.email]]
