"""The facilitator chooses the cases to discuss in the next session; their readers see
"wordt besproken op …", the author is told; in her editions only."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from cohort.cases import services
from cohort.cases.models import Case, CaseEvent
from cohort.notifications.models import Notification
from cohort.programme.models import Session
from tests.cases_tests.conftest import make_case
from tests.factories import expand_notifications

pytestmark = pytest.mark.django_db


def next_session(edition, days=3):
    start = timezone.now() + datetime.timedelta(days=days)
    return Session.objects.create(cohort=edition, start=start,
                                  end=start + datetime.timedelta(hours=3), title="Derde")


def test_choosing_cases_for_the_next_session(client, facilitator, participant, peer, edition1):
    session = next_session(edition1)
    first, second = make_case(participant, edition1, title="Eerste"), make_case(
        peer, edition1, title="Tweede")
    client.force_login(facilitator)
    url = reverse("cases:session_cases", args=[session.pk])
    assert "Eerste" in client.get(url).content.decode()
    client.post(url, {"case": [first.pk, second.pk]})
    assert set(Case.objects.filter(planned_session=session).values_list("pk", flat=True)) == {
        first.pk, second.pk}
    desk = client.get(reverse("desk:edition", args=[edition1.pk])).content.decode()
    agenda = desk[desk.index('id="agenda"'):]
    assert "Eerste" in agenda[:2000] and "Tweede" in agenda[:2000]
    client.post(url, {"case": [first.pk]})  # the other one is taken off again
    assert Case.objects.get(pk=second.pk).planned_session is None
    kinds = list(Case.objects.get(pk=second.pk).events.values_list("kind", flat=True))
    assert kinds[-2:] == [CaseEvent.Kind.PLANNED, CaseEvent.Kind.UNPLANNED]
    expand_notifications()
    assert Notification.objects.filter(recipient=participant, kind="case_planned").count() == 1
    # Everyone who reads the case sees when it will be discussed.
    client.force_login(peer)
    assert "Wordt besproken in de bijeenkomst van" in client.get(
        first.get_absolute_url()).content.decode()
    # Marked as discussed: no longer planned.
    services.case_mark_discussed(user=facilitator, case=first)
    assert Case.objects.get(pk=first.pk).planned_session is None


def test_only_her_editions_and_only_submitted_cases(client, facilitator, participant,
                                                    outsider, edition1, edition2):
    from cohort.models import Membership
    from tests.factories import member

    session = next_session(edition1)
    draft = make_case(participant, edition1, status="draft")
    theirs = make_case(outsider, edition2)
    with pytest.raises(ValidationError):
        services.session_plan_cases(user=facilitator, session=session, case_ids=[draft.pk])
    with pytest.raises(ValidationError):
        services.session_plan_cases(user=facilitator, session=session, case_ids=[theirs.pk])
    only_b = member(edition2, role=Membership.Role.FACILITATOR, first_name="Pieter",
                    email="pieter@example.org")
    client.force_login(only_b)
    url = reverse("cases:session_cases", args=[session.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"case": [draft.pk]}).status_code == 404
    client.force_login(participant)
    assert client.get(url).status_code == 404
    past = next_session(edition1, days=-2)
    with pytest.raises(ValidationError):
        services.session_plan_cases(user=facilitator, session=past,
                                    case_ids=[make_case(participant, edition1).pk])
    assert not Case.objects.filter(planned_session__isnull=False).exists()
