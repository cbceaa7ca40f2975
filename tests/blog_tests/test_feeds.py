"""RSS and Atom feeds per blog, series and tag: valid, time zones on every date."""

import re

import feedparser
import pytest

from tests.blog_tests import factories

pytestmark = pytest.mark.django_db

OFFSET = re.compile(r"([+-]\d{2}:?\d{2}|Z)$")


@pytest.fixture
def posts(blog, series, author):
    return [
        factories.post(blog, "Jouw plek", series=series, part_number=1, author=author,
                       tags=["rol"]),
        factories.post(blog, "Losse gedachte", tags=["belangen"]),
        factories.post(blog, "Nog niet", state="scheduled", series=series, part_number=2),
    ]


FEEDS = {
    "feed/": ({"Jouw plek", "Losse gedachte"}, "application/rss+xml"),
    "feed/atom/": ({"Jouw plek", "Losse gedachte"}, "application/atom+xml"),
    "serie/op-reis/feed/": ({"Jouw plek"}, "application/rss+xml"),
    "serie/op-reis/feed/atom/": ({"Jouw plek"}, "application/atom+xml"),
    "tag/belangen/feed/": ({"Losse gedachte"}, "application/rss+xml"),
    "tag/belangen/feed/atom/": ({"Losse gedachte"}, "application/atom+xml"),
}


@pytest.mark.parametrize("path", FEEDS)
def test_feed_is_valid_with_time_zones(client, blog, posts, path):
    expected, content_type = FEEDS[path]
    response = client.get(blog.url + path)
    assert response.status_code == 200
    assert response["Content-Type"].startswith(content_type)
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.feed.title
    assert {entry.title.split(": ", 1)[-1] for entry in parsed.entries} == expected
    for entry in parsed.entries:
        raw_date = entry.get("published") or entry.get("updated")
        assert OFFSET.search(raw_date.replace(" ", "")), raw_date
        assert entry.link.startswith("http://testserver/blog/post-")
        assert entry.summary


def test_feed_items_carry_author_and_tags(client, blog, posts, author):
    parsed = feedparser.parse(client.get(blog.url + "feed/atom/").content)
    entry = next(e for e in parsed.entries if "Jouw plek" in e.title)
    assert entry.author == author.name
    assert "rol" in {tag.term for tag in entry.tags}


def test_pages_link_their_feeds(client, blog, posts):
    for url in (blog.url, posts[0].url, blog.url + "serie/op-reis/", blog.url + "tag/rol/"):
        content = client.get(url).content.decode()
        assert '<link rel="alternate" type="application/rss+xml"' in content
        assert '<link rel="alternate" type="application/atom+xml"' in content


def test_unknown_series_or_tag_feed_is_404(client, blog, posts):
    assert client.get(blog.url + "serie/onbekend/feed/").status_code == 404
    assert client.get(blog.url + "tag/onbekend/feed/atom/").status_code == 404
    assert client.post(blog.url + "feed/").status_code == 405
