"""Public pages for visitors come from the cache (config.pagecache): never for a member,
each reader with their own CSRF token, and a publish, unpublish or move shows at once."""

import re

import pytest
from django.test import Client

from tests.factories import programme_page

pytestmark = pytest.mark.django_db


def _get(client, path, **extra):
    response = client.get(path, **extra)
    return response, response.get("X-Page-Cache")


def test_a_visitors_second_request_costs_no_query(client, programme,
                                                  django_assert_num_queries):
    first, state = _get(client, programme.url)
    assert first.status_code == 200 and state == "miss"
    with django_assert_num_queries(0):
        second, state = _get(Client(), programme.url)  # another visitor
    assert state == "hit"
    assert second.content.count(programme.title.encode()) == first.content.count(
        programme.title.encode()) > 0
    # The policy and language still come with the copy, from the middleware above.
    assert "script-src" in second["Content-Security-Policy"]
    assert second["Content-Language"] == "nl"


def _token(response) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.text).group(1)


def test_each_visitor_gets_a_token_of_their_own_that_works(programme):
    from tests.blog_tests.factories import blog_index

    blog = blog_index()  # its subscribe form carries a token
    first = Client(enforce_csrf_checks=True)
    page_a, _state = _get(first, blog.url)
    second = Client(enforce_csrf_checks=True)
    page_b, state = _get(second, blog.url)
    assert state == "hit"
    assert _token(page_a) != _token(page_b)
    assert "\x00" not in page_b.text
    # The token from the copy works for this visitor...
    switched = second.post("/i18n/setlang/", {"language": "en", "next": programme.url,
                                              "csrfmiddlewaretoken": _token(page_b)})
    assert switched.status_code == 302
    # ... and the page then comes in English, not the Dutch copy.
    english, _state = _get(second, programme.url)
    assert english["Content-Language"] == "en"
    assert 'lang="en"' in english.text
    # Someone else's token (from the first visitor's page) is refused, as without a cache.
    third = Client(enforce_csrf_checks=True)
    _get(third, blog.url)
    refused = third.post("/i18n/setlang/", {"language": "en", "next": "/",
                                            "csrfmiddlewaretoken": _token(page_a)})
    assert refused.status_code == 403


def test_a_page_without_a_form_sets_no_cookie_and_its_language_link_works(programme):
    reader = Client()
    for _ in range(2):  # rendered, then the copy
        page, _state = _get(reader, programme.url)
        assert not page.cookies and "csrfmiddlewaretoken" not in page.text
    link = re.search(r'href="(/taal/en/\?next=[^"]+)"', page.text).group(1)
    assert link == f"/taal/en/?next={programme.url}"
    switched = reader.get(link.replace("&amp;", "&"))
    assert switched.status_code == 302 and switched["Location"] == programme.url
    assert switched.cookies["leergang_language"].value == "en"
    assert "no-cache" in switched["Cache-Control"] or "max-age=0" in switched["Cache-Control"]
    english, _state = _get(reader, programme.url)
    assert english["Content-Language"] == "en" and 'href="/taal/nl/' in english.text


@pytest.mark.parametrize("next_url", ["https://elders.example/", "//elders.example/",
                                      "javascript:alert(1)", ""])
def test_the_language_link_only_goes_back_to_this_site(client, next_url):
    response = client.get("/taal/en/", {"next": next_url})
    assert response.status_code == 302 and response["Location"] == "/"


def test_an_unknown_language_or_a_post_changes_nothing(client):
    assert client.get("/taal/xx/", {"next": "/"}).status_code == 404
    assert client.post("/taal/en/", {"next": "/"}).status_code == 405
    assert "leergang_language" not in client.cookies


def test_a_member_is_never_served_a_copy_and_leaves_none(client, programme, participant):
    member = Client()
    member.force_login(participant)
    own, state = _get(member, programme.url)
    assert state is None and "Uitloggen" in own.text
    visitor, state = _get(client, programme.url)
    assert state == "miss"  # the member's page was not stored
    assert "Uitloggen" not in visitor.text
    _get(client, programme.url)
    again, state = _get(member, programme.url)  # a copy exists now: still not for her
    assert state is None and "Uitloggen" in again.text
    assert "no-store" in again["Cache-Control"]


@pytest.mark.parametrize("extra", [
    {"QUERY_STRING": "q=iets"},
    {"HTTP_HX_REQUEST": "true"},
    {"HTTP_COOKIE": "sessionid=abc"},
    {"HTTP_COOKIE": "messages=abc"},
])
def test_other_requests_are_rendered_each_time(client, programme, extra):
    path = programme.url
    if "QUERY_STRING" in extra:
        path += "?" + extra.pop("QUERY_STRING")
    for _round in range(2):
        response, state = _get(Client(), path, **extra)
        assert response.status_code == 200 and state is None


def test_private_and_missing_pages_are_not_kept(client, edition1):
    for _round in range(2):
        private, state = _get(Client(), edition1.url)
        assert private.status_code == 302 and state is None
        missing, state = _get(Client(), "/bestaat-niet/")
        assert missing.status_code == 404 and state is None


def test_a_publish_shows_at_once(client, programme):
    _get(client, programme.url)
    assert _get(client, programme.url)[1] == "hit"
    programme.title = "Een nieuwe titel voor de leergang"
    programme.save_revision().publish()
    page, state = _get(client, programme.url)
    assert state == "miss" and "Een nieuwe titel voor de leergang" in page.text


def test_an_unpublish_and_a_move_show_at_once(client, programme):
    url = programme.url
    _get(client, url)
    assert _get(client, url)[1] == "hit"
    other = programme_page(title="Tweede leergang")
    programme.move(other, pos="last-child")
    programme.refresh_from_db()
    moved, _state = _get(client, url)  # Wagtail leaves a redirect to where it went
    assert moved.status_code == 301 and moved.url == programme.url != url
    assert _get(client, programme.url)[0].status_code == 200
    programme.unpublish()
    assert _get(client, programme.url)[0].status_code == 404


def test_with_the_cache_off_nothing_is_kept(client, programme, settings):
    settings.PAGE_CACHE_SECONDS = 0
    for _round in range(2):
        assert _get(client, programme.url)[1] is None


def test_a_page_made_private_is_not_served_from_a_copy(client, programme):
    from wagtail.models import PageViewRestriction

    _get(client, programme.url)
    assert _get(client, programme.url)[1] == "hit"
    restriction = PageViewRestriction.objects.create(page=programme, restriction_type="login")
    assert _get(client, programme.url)[0].status_code == 302
    restriction.delete()
    assert _get(client, programme.url)[0].status_code == 200


def test_a_purge_is_not_skipped_while_this_process_rests_on_redis(client, programme):
    """A process that saw Redis fail leaves it alone for a while, but not for a purge: the
    other processes read the copies Redis still holds (with REDIS_URL, as in make test)."""
    from django.core.cache import caches

    from config import redis_rest

    _get(client, programme.url)
    assert _get(client, programme.url)[1] == "hit"
    backend = caches["default"]
    where = getattr(backend, "_servers", ["locmem"])[0]
    redis_rest.rest(where)
    programme.title = "Titel van tijdens de rust"
    programme.save_revision().publish()
    redis_rest.clear()  # another process, or this one 15 s later
    page, state = _get(client, programme.url)
    assert state == "miss" and "Titel van tijdens de rust" in page.text


@pytest.mark.parametrize("query", ["page=01", "page=0", "page=1000", "pagina=007"])
def test_odd_page_numbers_are_not_kept(client, programme, query):
    for _round in range(2):
        assert _get(Client(), f"{programme.url}?{query}")[1] is None


def test_a_host_in_capitals_or_with_a_port_shares_the_copy(client, programme, settings):
    settings.ALLOWED_HOSTS = ["testserver", "localhost"]
    _get(client, programme.url, HTTP_HOST="localhost")
    for host in ("LOCALHOST", "localhost:80"):
        assert _get(Client(), programme.url, HTTP_HOST=host)[1] == "hit", host
