"""Feedback is edited and removed by its author, with its versions kept; it says who can
read it; nobody else may change it."""

import pytest
from django.urls import reverse

from cohort.cases import services
from cohort.cases.models import CaseFeedback
from cohort.models import Membership
from cohort.notifications.models import Notification
from tests.cases_tests.conftest import make_case
from tests.factories import expand_notifications, member

pytestmark = pytest.mark.django_db


@pytest.fixture
def feedback(participant, facilitator, edition1):
    case = make_case(participant, edition1)
    return services.case_feedback_add(user=facilitator, case=case, body="Eerste versie.",
                                      visibility="audience")


def edit_url(feedback):
    return reverse("cases:feedback_edit", args=[feedback.case_id, feedback.pk])


def test_the_author_edits_and_the_earlier_version_is_kept(client, feedback, facilitator,
                                                          peer):
    client.force_login(facilitator)
    page = client.get(feedback.case.get_absolute_url()).content.decode()
    assert "zichtbaar voor iedereen die de casus kan lezen" in page.lower()
    assert edit_url(feedback) in page
    client.post(edit_url(feedback), {"body": "Tweede versie.", "visibility": "audience"})
    feedback.refresh_from_db()
    assert feedback.body == "Tweede versie." and feedback.edited_at
    assert list(feedback.revisions.values_list("body", flat=True)) == ["Eerste versie."]
    client.force_login(peer)  # a reader of the feedback opens its history
    page = client.get(feedback.case.get_absolute_url()).content.decode()
    assert "Tweede versie." in page and "Eerste versie." in page
    assert edit_url(feedback) not in page


def test_narrowing_to_the_author_takes_it_from_the_others(client, feedback, facilitator,
                                                          participant, peer):
    expand_notifications()
    services.case_feedback_edit(user=facilitator, feedback=feedback, body="Alleen voor jou.",
                                visibility="author")
    client.force_login(peer)
    page = client.get(feedback.case.get_absolute_url()).content.decode()
    assert "Alleen voor jou." not in page and "Eerste versie." not in page
    assert not Notification.objects.filter(recipient=peer, event_key__contains="feedback")
    assert Notification.objects.filter(recipient=participant, kind="case_feedback").exists()


def test_removing_leaves_its_place_and_no_text(client, feedback, facilitator, participant):
    expand_notifications()
    url = reverse("cases:feedback_remove", args=[feedback.case_id, feedback.pk])
    client.force_login(facilitator)
    assert "Ja, verwijder" in client.get(url).content.decode()
    client.post(url)  # without the confirmation: nothing
    assert CaseFeedback.objects.get(pk=feedback.pk).removed_at is None
    client.post(url, {"confirm": "1"})
    client.force_login(participant)
    page = client.get(feedback.case.get_absolute_url()).content.decode()
    assert "Eerste versie." not in page and "Verwijderd door de auteur" in page
    told = Notification.objects.get(recipient=participant, kind="case_feedback")
    assert told.excerpt == ""


def test_nobody_else_edits_or_removes_it(client, feedback, participant, edition1):
    other = member(edition1, role=Membership.Role.FACILITATOR, first_name="Anna",
                   email="anna@example.org")
    for user in (participant, other):
        client.force_login(user)
        assert client.get(edit_url(feedback)).status_code == 404
        assert client.post(edit_url(feedback), {"body": "Gekaapt.",
                                                "visibility": "audience"}).status_code == 404
        assert client.post(reverse("cases:feedback_remove", args=[feedback.case_id,
                                                                  feedback.pk]),
                           {"confirm": "1"}).status_code == 404
    feedback.refresh_from_db()
    assert feedback.body == "Eerste versie." and feedback.removed_at is None
