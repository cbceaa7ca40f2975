"""An id beyond what the database holds answers 404, never 500, wherever an id is read."""

import re

import pytest
from django.urls import get_resolver
from django.urls.resolvers import RoutePattern, URLPattern, URLResolver

pytestmark = pytest.mark.django_db

HUGE = "9" * 25  # beyond 64 bits
MAX = str(2**63 - 1)


def _our_routes(resolver=None, prefix=""):
    """Every route of our own apps (not Wagtail's or allauth's) with an id in it."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        pattern = entry.pattern
        text = str(pattern) if isinstance(pattern, RoutePattern) else None
        if isinstance(entry, URLResolver):
            if text is not None and entry.app_name in ("cohort", "programme", "cases"):
                yield from _our_routes(entry, prefix + text)
            elif text == "" and entry.app_name in ("cohort", "programme", "cases"):
                yield from _our_routes(entry, prefix)
            continue
        if isinstance(entry, URLPattern) and text and "<id:" in text:
            yield prefix + text


def test_every_id_route_uses_the_bounded_converter():
    routes = list(_our_routes())
    assert len(routes) >= 10
    for route in routes:
        assert "<int:" not in route


@pytest.mark.parametrize("value", [HUGE, MAX])
def test_huge_ids_in_paths_answer_404(client, participant, value):
    client.force_login(participant)
    for route in _our_routes():
        path = "/" + re.sub(r"<id:\w+>", value, route)
        path = re.sub(r"<str:\w+>", "x", path)
        response = client.get(path, follow=True)
        assert response.status_code in (404, 405), (path, response.status_code)


def test_huge_ids_in_query_strings_are_ignored(client, participant):
    client.force_login(participant)
    response = client.get(f"/casussen/nieuw/?blok={HUGE}&editie={HUGE}")
    assert response.status_code == 200
    response = client.get(f"/edities/{participant.memberships.get().cohort_id}/casussen/"
                          f"?blok={HUGE}&author={HUGE}")
    assert response.status_code == 200


def test_huge_ids_in_admin_filters_and_forms_are_invalid_choices(client, facilitator):
    client.force_login(facilitator)
    assert client.get(f"/admin/memberships/?cohort={HUGE}").status_code == 200
    response = client.post("/admin/memberships/new/", {"user": HUGE, "cohort": HUGE,
                                                       "role": "participant"})
    assert response.status_code == 200  # the form again, with its errors
    response = client.post("/admin/invitations/new/", {"cohort": HUGE, "email": "a@example.org",
                                                       "role": "participant"})
    assert response.status_code == 200
