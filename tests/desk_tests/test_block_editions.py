"""A block page shows the viewer's own edition: a member of several editions sees each
edition's session and chooses which one the page (and its reflections) is for."""

import datetime

import pytest
from django.utils import timezone

from cohort.programme.models import Session
from tests.threads_tests.conftest import reflect

pytestmark = pytest.mark.django_db


def test_a_facilitator_of_two_editions_chooses_the_edition(client, facilitator, participant,
                                                           outsider, edition1, edition2,
                                                           block, prompts):
    start = timezone.now() + datetime.timedelta(days=2)
    for edition, place in ((edition1, "Utrecht"), (edition2, "Zwolle")):
        Session.objects.create(cohort=edition, block=block, start=start,
                               end=start + datetime.timedelta(hours=3), location=place)
    reflect(participant, edition1, block, prompts[1], body="Reflectie uit editie een.")
    reflect(outsider, edition2, block, prompts[1], body="Reflectie uit editie twee.")
    client.force_login(facilitator)
    one = client.get(f"{block.url}?editie={edition1.pk}").content.decode()
    two = client.get(f"{block.url}?editie={edition2.pk}").content.decode()
    assert "Utrecht" in one and "Zwolle" in one  # each edition's date
    sanne, lotte = (f"Reflectie van {person.get_display_name()}"
                    for person in (participant, outsider))
    assert sanne in one and lotte not in one
    assert lotte in two and sanne not in two
    # An edition that is not hers is ignored: the page is for one of her own.
    client.force_login(participant)
    page = client.get(f"{block.url}?editie={edition2.pk}").content.decode()
    assert "Lotte" not in page and "Zwolle" not in page
    assert "Utrecht" in page


def test_mijn_leergang_links_each_block_for_its_edition(client, participant, edition1, block):
    client.force_login(participant)
    page = client.get("/mijn-leergang/").content.decode()
    assert f"{block.url}?editie={edition1.pk}" in page
