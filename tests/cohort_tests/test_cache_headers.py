"""Pages with confidential text answer ``Cache-Control: private, no-store``; public pages for
visitors stay cacheable, and files that set their own caching keep it."""

import pytest
from django.utils.cache import get_max_age

from tests.cases_tests.conftest import make_case

pytestmark = pytest.mark.django_db


def _no_store(response):
    value = response.get("Cache-Control", "")
    return "no-store" in value and "private" in value


def test_confidential_pages_are_not_stored(client, participant, peer, facilitator, edition1):
    case = make_case(peer, edition1, title="Geheime casus")
    client.force_login(participant)
    for url in (
        case.get_absolute_url(),
        f"/edities/{edition1.pk}/casussen/",
        peer.get_absolute_url(),
        "/mijn-leergang/",
        "/accounts/profile/",
        edition1.url,
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert _no_store(response), (url, response.get("Cache-Control"))
    assert "Geheime casus" in client.get(case.get_absolute_url()).text


def test_public_pages_for_visitors_carry_no_such_header(client, programme):
    response = client.get(programme.url)
    assert response.status_code == 200 and not _no_store(response)


def test_a_response_with_its_own_caching_keeps_it(client, participant):
    client.force_login(participant)
    membership = participant.memberships.get()
    response = client.get(membership.get_calendar_url())
    assert get_max_age(response) == 900
