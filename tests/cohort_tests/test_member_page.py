"""A member's page: photo or initials, a short bio, and the member's cases the viewer may
read."""

import pytest
from django.urls import reverse

from tests.cases_tests.conftest import make_case

pytestmark = pytest.mark.django_db


def test_a_member_page_shows_bio_initials_and_readable_cases(client, participant, peer,
                                                             outsider, edition1, edition2):
    type(participant).objects.filter(pk=participant.pk).update(
        bio="Ik werk aan de regiotafel wonen en zorg.")
    shared = make_case(participant, edition1, title="Voor de hele groep")
    make_case(participant, edition1, title="Alleen de begeleiders", audience="facilitators")
    make_case(participant, edition1, title="Nog een concept", status="draft")
    client.force_login(peer)
    page = client.get(reverse("cohort:member", args=[participant.pk])).content.decode()
    assert "Ik werk aan de regiotafel" in page and "avatar--initials" in page
    assert shared.title in page
    assert "Alleen de begeleiders" not in page and "Nog een concept" not in page
    client.force_login(outsider)
    assert client.get(reverse("cohort:member", args=[participant.pk])).status_code == 404


def test_the_profile_form_takes_a_bio_of_at_most_600_characters(client, participant):
    client.force_login(participant)
    data = {"first_name": "Sanne", "last_name": "de Wit", "display_name": "",
            "organisation": "", "role_name": "", "bio": "x" * 601}
    response = client.post(reverse("cohort:profile"), data)
    assert response.status_code in (200, 400)
    participant.refresh_from_db()
    assert participant.bio == ""
    client.post(reverse("cohort:profile"), {**data, "bio": "Netwerkleider in Zuidwaard."})
    participant.refresh_from_db()
    assert participant.bio == "Netwerkleider in Zuidwaard."
