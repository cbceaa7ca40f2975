"""A block's case assignment shows, and a case links to the block, only once the block has
opened for the writer's edition (at its session, or opened early by the facilitator)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from cohort.cases import services
from cohort.cases.models import Case
from cohort.programme.models import BlockPage, BlockRelease, Session
from tests.cases_tests.conftest import CASE_TEXT

pytestmark = pytest.mark.django_db

PROMPT = "Breng een samenwerking mee waarin je vastloopt."


@pytest.fixture
def block(programme):
    page = BlockPage(
        title="Het speelveld", slug="blok-2", number=2, theme="Partners", summary="Kort",
        body=[("case_assignment", {"title": "Jouw casus", "what_to_bring": f"<p>{PROMPT}</p>",
                                   "due_session": 2})],
    )
    programme.add_child(instance=page)
    page.save_revision().publish()
    return page


@pytest.fixture
def later_session(block, edition1):
    start = timezone.now() + datetime.timedelta(days=10)
    return Session.objects.create(cohort=edition1, block=block, start=start,
                                  end=start + datetime.timedelta(hours=3), location="Utrecht")


def test_closed_block_shows_no_assignment_and_links_nothing(
    client, participant, facilitator, block, later_session
):
    client.force_login(participant)
    url = reverse("cases:create") + f"?blok={block.pk}"
    form = client.get(url).text
    assert PROMPT not in form
    assert "Het speelveld" in form  # she is told why: it opens later
    client.post(url, {**CASE_TEXT, "blok": block.pk})
    case = Case.objects.get(author=participant)
    assert case.block is None


def test_the_service_refuses_a_closed_block(participant, facilitator, edition1, block,
                                            later_session):
    with pytest.raises(ValidationError):
        services.case_create(author=participant, cohort=edition1, data=CASE_TEXT, block=block)
    assert not Case.objects.exists()


def test_an_early_opening_shows_the_assignment_and_links_the_case(
    client, participant, facilitator, edition1, block, later_session
):
    BlockRelease.objects.create(cohort=edition1, block=block, open_from=timezone.now())
    client.force_login(participant)
    url = reverse("cases:create") + f"?blok={block.pk}"
    assert PROMPT in client.get(url).text
    client.post(url, {**CASE_TEXT, "blok": block.pk})
    assert Case.objects.get(author=participant).block == block


def test_open_in_another_edition_is_not_open_in_hers(
    client, participant, outsider, facilitator, edition1, edition2, block, later_session
):
    BlockRelease.objects.create(cohort=edition2, block=block, open_from=timezone.now())
    client.force_login(participant)
    assert PROMPT not in client.get(reverse("cases:create") + f"?blok={block.pk}").text
    client.force_login(outsider)
    assert PROMPT in client.get(reverse("cases:create") + f"?blok={block.pk}").text


def test_a_withdrawn_early_opening_hides_the_assignment_again(
    client, participant, facilitator, edition1, block, later_session
):
    release = BlockRelease.objects.create(cohort=edition1, block=block, open_from=timezone.now())
    case = services.case_create(author=participant, cohort=edition1, data=CASE_TEXT, block=block)
    client.force_login(participant)
    assert PROMPT in client.get(reverse("cases:edit", args=[case.pk])).text
    release.delete()
    assert PROMPT not in client.get(reverse("cases:edit", args=[case.pk])).text
