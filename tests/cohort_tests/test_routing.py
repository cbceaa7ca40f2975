"""Wagtail's route to a page comes from the cache (config.routing): fewer queries for every
page it serves, and never another page, a draft or a private page for the wrong reader."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page

pytestmark = pytest.mark.django_db


def _without_tokens(response):
    # A form's CSRF token (and any nonce) differs per response; the page must not.
    return re.sub(rb'(value|nonce)="[^"]*"', b"", response.content)


def _count(client, path):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    return response, len(queries)


def test_a_members_second_visit_skips_the_walk_down_the_tree(client, participant, edition1,
                                                             monkeypatch):
    from config import routing

    client.force_login(participant)
    prime = routing._prime
    monkeypatch.setattr(routing, "_prime", lambda request, path: None)
    client.get(edition1.url)  # warm: the session, content types, the header's cache
    first, walked = _count(client, edition1.url)  # Wagtail's own walk
    monkeypatch.setattr(routing, "_prime", prime)
    client.get(edition1.url)  # stores the route
    second, cached = _count(client, edition1.url)
    assert first.status_code == second.status_code == 200
    assert edition1.title in second.text
    # The site and two levels of the tree, each level its page and its specific type.
    assert cached <= walked - 4, (walked, cached)


def test_a_stale_route_never_serves_an_unpublished_or_moved_page(client, participant,
                                                                edition1):
    client.force_login(participant)
    old_url = edition1.url
    assert client.get(old_url).status_code == 200
    # Changed behind the signals' back, so the navigation's version stays where it was:
    # the cached route itself must notice.
    Page.objects.filter(pk=edition1.pk).update(live=False)
    assert client.get(old_url).status_code == 404
    Page.objects.filter(pk=edition1.pk).update(live=True)
    assert client.get(old_url).status_code == 200
    Page.objects.filter(pk=edition1.pk).update(
        slug="verhuisd", url_path=edition1.url_path.rsplit("/", 2)[0] + "/verhuisd/")
    assert client.get(old_url).status_code == 404
    assert edition1.title in client.get(old_url.rsplit("/", 2)[0] + "/verhuisd/").text


def test_a_route_a_member_cached_keeps_the_page_private_for_others(client, participant,
                                                                   outsider, edition1):
    from django.test import Client

    client.force_login(participant)
    assert client.get(edition1.url).status_code == 200
    visitor = Client().get(edition1.url)
    assert visitor.status_code == 302 and "/accounts/login/" in visitor["Location"]
    other = Client()
    other.force_login(outsider)  # a member of edition 2
    assert other.get(edition1.url).status_code in (403, 404)


def test_a_routable_pages_own_routes_are_resolved_again_from_the_cached_page(
        client, settings, participant, monkeypatch):
    from config import routing
    from tests.blog_tests import factories

    prime = routing._prime

    settings.PAGE_CACHE_SECONDS = 0  # the route, not a visitor's stored copy
    client.force_login(participant)
    blog = factories.blog_index()
    series = factories.series()
    factories.post(blog, "Deel 1", series=series, part_number=1, tags=["rol"])
    client.get(blog.url)  # warm: the session, content types, the header's cache
    for path, kind in [(blog.url + "feed/", "application/rss+xml"),
                       (blog.url + "feed/atom/", "application/atom+xml"),
                       (blog.url + f"serie/{series.slug}/", "text/html"),
                       (blog.url + "tag/rol/", "text/html")]:
        monkeypatch.setattr(routing, "_prime", lambda request, path: None)
        first, walked = _count(client, path)  # Wagtail's own walk
        monkeypatch.setattr(routing, "_prime", prime)
        client.get(path)
        second, cached = _count(client, path)
        assert first.status_code == second.status_code == 200, path
        assert kind in second["Content-Type"], path
        assert _without_tokens(first) == _without_tokens(second), path
        assert cached < walked, (path, walked, cached)
    # A sub-route the page does not have stays a 404 from the cache too.
    assert client.get(blog.url + "tag/onbekend/").status_code == 404
    assert client.get(blog.url + "tag/onbekend/").status_code == 404
    assert client.get(blog.url + "bestaat-niet/").status_code == 404
    assert client.get(blog.url + "bestaat-niet/").status_code == 404


def test_routes_are_kept_per_page_never_per_address_asked(client, settings, monkeypatch):
    from config import routing
    from tests.blog_tests import factories

    settings.PAGE_CACHE_SECONDS = 0
    stored = set()
    store = routing.cache.set

    def spy(key, *args, **kwargs):  # whichever cache backs it (Redis in make test)
        stored.add(key)
        return store(key, *args, **kwargs)

    monkeypatch.setattr(routing.cache, "set", spy)
    blog = factories.blog_index()
    post = factories.post(blog, "Deel 1", tags=["rol"])
    asked = [blog.url + f"tag/onbekend-{n}/" for n in range(5)] + [
        blog.url + f"afmelden/geheim-token-{n}/" for n in range(5)] + [
        blog.url + "feed/", blog.url + "tag/rol/", post.url]
    for path in asked * 2:
        client.get(path)
    keys = [key for key in stored if key.startswith("page-route:")]
    # The blog and the post, each under its own path: no token, tag or feed in a key.
    assert len(keys) == 2, keys
    assert not [key for key in keys if "token" in key or "tag" in key or "feed" in key]
    assert client.get(blog.url + "tag/onbekend-9/").status_code == 404
    assert client.get(post.url).status_code == 200


def test_a_page_below_a_cached_one_is_walked_from_there(client, settings, participant):
    from tests.blog_tests import factories

    settings.PAGE_CACHE_SECONDS = 0
    client.force_login(participant)
    blog = factories.blog_index()
    first = factories.post(blog, "Deel 1")
    second = factories.post(blog, "Deel 2")
    client.get(first.url)  # warm: the session, content types, the header's cache
    client.get(blog.url)  # the blog's route is kept
    below, walked_from_blog = _count(client, second.url)
    again, cached = _count(client, second.url)
    assert below.status_code == again.status_code == 200
    assert "Deel 2" in again.text
    assert cached < walked_from_blog
