"""Series: parts in order, previous and next, announced parts without their text,
scheduled publishing."""

import datetime

import pytest
from django.utils import timezone

from blog import selectors
from tests.blog_tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def parts(blog, series):
    """Part 1 and 2 live, 3 scheduled, 4 a plain draft, 5 a draft the facilitator announces.
    Created out of order: the series orders by part number, not by date."""
    created = {}
    for number, state, extra in [
        (2, "live", {}),
        (1, "live", {}),
        (3, "scheduled", {}),
        (4, "draft", {}),
        (5, "draft", {"announce": True}),
    ]:
        created[number] = factories.post(
            blog, f"Titel deel {number}", state=state, series=series, part_number=number,
            body_text=f"Verborgen-tekst-deel-{number}", teaser=f"Teaser-deel-{number}", **extra,
        )
    return created


def test_series_page_lists_parts_in_order(client, blog, series, parts):
    response = client.get(blog.url + "serie/op-reis/")
    content = response.content.decode()
    assert response.status_code == 200
    assert content.count("<h1") == 1 and series.title in content
    positions = [content.index(f"Titel deel {n}") for n in (1, 2, 3, 5)]
    assert positions == sorted(positions)
    assert f'href="{parts[1].url}"' in content and f'href="{parts[2].url}"' in content


def test_announced_parts_show_title_and_coming_soon_but_never_their_text(
    client, blog, parts
):
    content = client.get(blog.url + "serie/op-reis/").content.decode()
    assert content.count("badge--soon") == 2  # parts 3 and 5
    for n in (3, 5):
        assert f"Titel deel {n}" in content
        assert f'href="{parts[n].url}"' not in content
    planned = timezone.localtime(parts[3].go_live_at)
    assert f"{planned.day} " in content  # part 3 shows its planned date
    assert "Titel deel 4" not in content  # a draft that is not announced stays private
    pages = [
        content,
        client.get(parts[2].url).content.decode(),
        client.get(blog.url).content.decode(),
        client.get(blog.url + "feed/").content.decode(),
        client.get(blog.url + "serie/op-reis/feed/atom/").content.decode(),
    ]
    for page in pages:
        for n in (3, 4, 5):
            assert f"Verborgen-tekst-deel-{n}" not in page
            assert f"Teaser-deel-{n}" not in page


def test_previous_and_next(blog, parts):
    first = selectors.series_navigation(parts[1], blog)
    assert first.previous is None
    assert first.next.url == parts[2].url
    second = selectors.series_navigation(parts[2], blog)
    assert second.previous.url == parts[1].url
    assert second.next.number == 3 and second.next.is_announced and not second.next.url
    assert [p.number for p in second.parts] == [1, 2, 3, 5]


def test_post_page_shows_the_series_box(client, parts):
    content = client.get(parts[2].url).content.decode()
    assert 'aria-current="page"' in content
    assert f'href="{parts[1].url}" rel="prev"' in content
    assert 'rel="next"' not in content  # the next part is announced, not yet a link
    assert "Titel deel 3" in content


def test_unknown_or_empty_series_is_404(client, blog):
    assert client.get(blog.url + "serie/bestaat-niet/").status_code == 404
    factories.series(title="Leeg", slug="leeg")
    assert client.get(blog.url + "serie/leeg/").status_code == 404


def test_scheduled_part_goes_live_on_its_date_without_anyone_acting(
    client, blog, series, parts, monkeypatch
):
    from cohort.tasks import publish_scheduled

    publish_scheduled()
    parts[3].refresh_from_db()
    assert not parts[3].live

    later = timezone.now() + datetime.timedelta(days=2)
    monkeypatch.setattr(timezone, "now", lambda: later)
    publish_scheduled()
    parts[3].refresh_from_db()
    assert parts[3].live
    assert client.get(parts[3].url).status_code == 200
    content = client.get(blog.url + "serie/op-reis/").content.decode()
    assert f'href="{parts[3].url}"' in content
    assert content.count("badge--soon") == 1  # part 5 only
