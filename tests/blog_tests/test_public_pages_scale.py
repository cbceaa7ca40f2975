"""The public pages cost the same whatever the number of editions and posts: the same
queries, and no clause per private edition or block (rendered, not from the cache)."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from cohort.programme.models import BlockPage
from tests.factories import cohort_page, home_page, programme_page

from . import factories

pytestmark = pytest.mark.django_db


def _grow(programme, editions, blog, posts, series, author):
    start = programme.get_children().count()
    for n in range(start, start + editions):
        cohort_page(programme, title=f"Editie {n}")
        block = BlockPage(title=f"Blok {n}", slug=f"blok-{n}", number=n + 1, theme="Rol",
                          body=[("paragraph", "<p>Alleen voor leden.</p>")])
        programme.add_child(instance=block)
        block.save_revision().publish()
    first = blog.get_children().count()
    for n in range(first, first + posts):
        factories.post(blog, f"Deel {n}", series=series, part_number=n + 1, author=author,
                       tags=["rol"])


def _measure(paths):
    counts = {}
    for path in paths:
        Client().get(path)  # the navigation comes from its cache, as in production
        with CaptureQueriesContext(connection) as queries:
            response = Client().get(path)
        assert response.status_code == 200, path
        counts[path] = (len(queries), sum(len(q["sql"]) for q in queries))
    return counts


def test_public_pages_do_not_grow_with_editions_and_posts(settings, blog, series, author):
    settings.PAGE_CACHE_SECONDS = 0  # what the first visitor after a publish costs
    programme = programme_page(title="Leergang")
    _grow(programme, 2, blog, 2, series, author)
    newest = blog.get_children().live().order_by("-path").first()
    paths = ["/", programme.url, blog.url, f"{blog.url}feed/", f"{blog.url}tag/rol/",
             f"{blog.url}serie/{series.slug}/", newest.url]
    small = _measure(paths)
    _grow(programme, 10, blog, 10, series, author)
    assert PageViewRestriction.objects.count() >= 24  # each edition and block is private
    big = _measure(paths)
    for path in paths:
        queries_small, sql_small = small[path]
        queries_big, sql_big = big[path]
        assert queries_big == queries_small, (path, small[path], big[path])
        assert queries_big <= 8, (path, queries_big)  # issue 15: every public page
        # No clause per restricted page: the SQL stays the same length (give or take ids).
        assert sql_big <= sql_small * 1.05, (path, sql_small, sql_big)


def test_a_private_programme_and_post_stay_off_the_public_listings(client, blog, author):
    public = programme_page(title="Open leergang")
    hidden = programme_page(title="Besloten leergang")
    PageViewRestriction.objects.create(page=hidden, restriction_type="login")
    shown_post = factories.post(blog, "Zichtbaar deel", author=author)
    private_post = factories.post(blog, "Besloten deel", author=author)
    PageViewRestriction.objects.create(page=private_post, restriction_type="login")
    home = client.get(home_page().url).content.decode()
    assert public.title in home and hidden.title not in home
    listing = client.get(blog.url).content.decode()
    feed = client.get(f"{blog.url}feed/").content.decode()
    for text in (listing, feed):
        assert shown_post.title in text and private_post.title not in text
    # A restriction above the blog makes the whole listing private.
    PageViewRestriction.objects.create(page=home_page(), restriction_type="login")
    from blog.selectors import public_posts

    assert list(public_posts(blog)) == []
