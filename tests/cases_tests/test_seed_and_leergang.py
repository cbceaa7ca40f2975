"""The demo cases, and the cases on Mijn leergang (own cases, recent activity, isolation)."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from cohort.cases.models import Case
from cohort.models import User
from tests.cases_tests.conftest import make_case

pytestmark = pytest.mark.django_db


def test_seed_demo_adds_the_cases_once():
    call_command("seed_demo", password="pw-for-tests")
    call_command("seed_demo", password="pw-for-tests")
    edition1 = Case.objects.filter(cohort__slug="editie-1")
    assert edition1.count() == 5
    assert set(edition1.values_list("status", flat=True)) == {"draft", "submitted", "discussed"}
    discussed = edition1.get(status="discussed")
    assert discussed.follow_up and discussed.follow_up_prompted_at and discussed.discussed_session
    assert discussed.attachments.get().content_type == "application/pdf"
    assert edition1.filter(audience="facilitators").count() == 1
    assert Case.objects.filter(cohort__slug="editie-2").count() == 1


def test_demo_flow_deelnemer2_sees_the_pdf_and_edition2_does_not(client):
    call_command("seed_demo", password="pw-for-tests")
    case = Case.objects.get(status="discussed")
    attachment = case.attachments.get()
    client.force_login(User.objects.get(email="deelnemer2@example.org"))
    assert client.get(case.get_absolute_url()).status_code == 200
    assert client.get(attachment.get_absolute_url()).status_code == 200
    client.force_login(User.objects.get(email="editie2-deelnemer1@example.org"))
    assert client.get(case.get_absolute_url()).status_code == 404
    assert client.get(attachment.get_absolute_url()).status_code == 404


def test_mijn_leergang_shows_own_cases_and_activity_of_the_own_edition_only(
    client, participant, peer, outsider, facilitator, edition1, edition2
):
    mine = make_case(participant, edition1, title="Mijn eigen casus", status="draft")
    shared = make_case(peer, edition1, title="Gedeelde casus van een collega")
    other = make_case(outsider, edition2, title="Casus uit editie 2")
    client.force_login(participant)
    text = client.get(reverse("programme:my_leergang")).text
    assert mine.get_absolute_url() in text
    assert shared.get_absolute_url() in text  # in recent activity
    assert other.title not in text
    client.force_login(peer)
    text = client.get(reverse("programme:my_leergang")).text
    assert mine.title not in text  # someone else's draft is nobody's activity


def test_mijn_leergang_query_count(client, participant, peer, facilitator, edition1,
                                   django_assert_max_num_queries):
    for n in range(5):
        make_case(peer, edition1, title=f"Casus {n}")
    client.force_login(participant)
    with django_assert_max_num_queries(40):
        assert client.get(reverse("programme:my_leergang")).status_code == 200


def test_case_assignment_links_to_the_form_with_its_block(client, participant, facilitator,
                                                         programme, edition1):
    from cohort.programme.models import BlockPage, BlockRelease

    block = BlockPage(
        title="Jouw plek", slug="blok-1", number=1, theme="Rol", summary="Kort",
        body=[("case_assignment", {"title": "Breng een casus mee",
                                   "what_to_bring": "<p>Een vastgelopen samenwerking.</p>",
                                   "due_session": 1})],
    )
    programme.add_child(instance=block)
    block.save_revision().publish()
    from django.utils import timezone

    BlockRelease.objects.create(cohort=edition1, block=block, open_from=timezone.now())
    client.force_login(participant)
    text = client.get(block.get_url()).text
    url = reverse("cases:create") + f"?blok={block.pk}"
    assert url in text
    form = client.get(url).text
    assert "Een vastgelopen samenwerking." in form
    client.post(url, {"title": "Casus bij blok 1", "blok": block.pk})
    assert Case.objects.get(title="Casus bij blok 1").block == block
