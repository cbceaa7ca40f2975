"""Actions that cannot be undone by accident: closing asks first and can be reversed by a
facilitator; "discussed" takes a session that has begun and can be undone until the
follow-up question went out."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from cohort.cases import services
from cohort.cases.models import Case, CaseEvent
from cohort.programme.models import Session
from tests.cases_tests.conftest import make_case

pytestmark = pytest.mark.django_db


def session_at(cohort, start):
    return Session.objects.create(cohort=cohort, start=start,
                                  end=start + datetime.timedelta(hours=3), title="Bijeenkomst")


def test_closing_asks_first_and_a_facilitator_opens_it_again(client, participant, facilitator,
                                                             peer, edition1):
    case = make_case(participant, edition1)
    client.force_login(participant)
    page = client.get(case.get_absolute_url()).content.decode()
    assert f'href="{reverse("cases:close", args=[case.pk])}"' in page  # a link, not a form
    ask = client.get(reverse("cases:close", args=[case.pk]))
    assert ask.status_code == 200 and "Ja, sluit de casus" in ask.content.decode()
    # A POST without the confirmation (an old form, a replayed request) only asks.
    client.post(reverse("cases:close", args=[case.pk]))
    assert Case.objects.get(pk=case.pk).status == "submitted"
    client.post(reverse("cases:close", args=[case.pk]), {"confirm": "1"})
    assert Case.objects.get(pk=case.pk).status == "closed"
    # The author cannot reopen; a facilitator can, and the history keeps both.
    client.post(reverse("cases:reopen", args=[case.pk]))
    assert Case.objects.get(pk=case.pk).status == "closed"
    client.force_login(peer)
    assert client.get(reverse("cases:close", args=[case.pk])).status_code == 404
    client.force_login(facilitator)
    assert "Open de casus weer" in client.get(case.get_absolute_url()).content.decode()
    client.post(reverse("cases:reopen", args=[case.pk]))
    case = Case.objects.get(pk=case.pk)
    assert case.status == "submitted" and case.closed_at is None
    kinds = list(case.events.values_list("kind", flat=True))
    assert kinds[-2:] == [CaseEvent.Kind.CLOSED, CaseEvent.Kind.REOPENED]
    assert "opende de casus weer" in client.get(case.get_absolute_url()).content.decode()


def test_a_discussed_case_reopens_as_discussed(participant, facilitator, edition1):
    case = make_case(participant, edition1, status="closed")  # discussed, then closed
    assert case.discussed_at is not None
    services.case_reopen(user=facilitator, case=case)
    assert Case.objects.get(pk=case.pk).status == "discussed"


def test_discussed_takes_only_a_session_that_has_begun(client, participant, facilitator,
                                                       edition1):
    case = make_case(participant, edition1)
    later = session_at(edition1, timezone.now() + datetime.timedelta(days=7))
    earlier = session_at(edition1, timezone.now() - datetime.timedelta(hours=1))
    with pytest.raises(ValidationError):
        services.case_mark_discussed(user=facilitator, case=case, session=later)
    client.force_login(facilitator)
    page = client.get(case.get_absolute_url()).content.decode()
    assert f'value="{earlier.pk}"' in page and f'value="{later.pk}"' not in page
    response = client.post(reverse("cases:mark_discussed", args=[case.pk]),
                           {"session": later.pk}, follow=True)
    assert Case.objects.get(pk=case.pk).status == "submitted"
    assert "die al is begonnen" in response.content.decode()  # says why


def test_discussed_can_be_undone_until_the_follow_up_went_out(client, participant,
                                                              facilitator, edition1):
    case = make_case(participant, edition1, status="discussed")
    client.force_login(facilitator)
    assert "Maak “besproken” ongedaan" in client.get(case.get_absolute_url()).content.decode()
    client.post(reverse("cases:undo_discussed", args=[case.pk]))
    case = Case.objects.get(pk=case.pk)
    assert case.status == "submitted" and case.discussed_at is None
    assert case.events.last().kind == CaseEvent.Kind.UNDISCUSSED
    services.case_mark_discussed(user=facilitator, case=case)
    Case.objects.filter(pk=case.pk).update(follow_up_prompted_at=timezone.now())
    page = client.get(case.get_absolute_url()).content.decode()
    assert "Maak “besproken” ongedaan" not in page
    with pytest.raises(ValidationError):
        services.case_undo_discussed(user=facilitator, case=Case.objects.get(pk=case.pk))
    client.force_login(participant)  # the author cannot undo it
    client.post(reverse("cases:undo_discussed", args=[case.pk]))
    assert Case.objects.get(pk=case.pk).status == "discussed"
