"""The header's public part comes from the cache, and a publish, unpublish, move or
delete shows in the next page at once."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.blog_tests.factories import blog_index
from tests.factories import programme_page

pytestmark = pytest.mark.django_db


def header(client):
    html = client.get("/zoeken/").content.decode()
    return html[html.index('<header class="site-header">'):html.index("</header>")]


def test_the_header_is_cached_and_purged_by_publishing(client, settings):
    settings.NAV_CACHE_SECONDS = 3600
    programme = programme_page(title="Eerste leergang")
    assert "Eerste leergang" in header(client)
    with CaptureQueriesContext(connection) as warm:
        header(client)
    assert not [q for q in warm.captured_queries if "programme_programmepage" in q["sql"]]
    # A title changed and published: the next page has it.
    programme.title = "Hernoemde leergang"
    programme.save_revision().publish()
    assert "Hernoemde leergang" in header(client)
    # Unpublished: gone from the header at once.
    programme.unpublish()
    assert "Hernoemde leergang" not in header(client)


def test_the_blog_link_follows_its_page(client):
    assert ">Blog<" not in header(client)
    blog = blog_index()
    assert ">Blog<" in header(client) and blog.url in header(client)
    blog.delete()
    assert ">Blog<" not in header(client)


def test_with_the_cache_down_the_header_is_worked_out_every_time(client, monkeypatch):
    from django.core.cache.backends.dummy import DummyCache

    from cohort import navcache

    monkeypatch.setattr(navcache, "cache", DummyCache("down", {}))  # stores nothing
    programme = programme_page(title="Zonder cache")
    assert "Zonder cache" in header(client)
    programme.unpublish()
    assert "Zonder cache" not in header(client)
