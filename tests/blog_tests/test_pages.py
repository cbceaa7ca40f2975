"""Blog pages: page-type rules, validation, the index, a post, its block links, sharing
metadata and query counts."""

import json
import re

import pytest
from django.core.exceptions import ValidationError

from blog.models import BlogIndexPage, BlogPostPage
from cohort.programme.models import HomePage, ProgrammePage
from tests.blog_tests import factories

pytestmark = pytest.mark.django_db


def test_page_type_rules():
    assert BlogIndexPage.can_create_at(HomePage())
    assert BlogPostPage.can_create_at(BlogIndexPage())
    assert not BlogPostPage.can_create_at(HomePage())
    assert not BlogPostPage.can_create_at(ProgrammePage())
    assert not BlogIndexPage.can_create_at(BlogIndexPage())
    assert BlogIndexPage.allowed_subpage_models() == [BlogPostPage]
    assert BlogPostPage.allowed_subpage_models() == []


def test_validation(blog, series):
    factories.post(blog, "Eerste", series=series, part_number=1)
    cases = [
        ({"slug": "feed"}, "slug"),
        ({"series": series}, "part_number"),
        ({"part_number": 3}, "series"),
        ({"series": series, "part_number": 1}, "part_number"),
    ]
    for fields, field in cases:
        page = BlogPostPage(title="Nieuw", slug=fields.pop("slug", "nieuw"), teaser="t",
                            body=[("paragraph", "<p>x</p>")], **fields)
        with pytest.raises(ValidationError) as error:
            page.clean()
        assert field in error.value.message_dict


def test_index_lists_newest_first_with_teaser_and_read_more(client, blog, author):
    old = factories.post(blog, "Oud bericht", author=author)
    new = factories.post(blog, "Nieuw bericht", author=author)
    factories.post(blog, "Concept", state="draft")
    content = client.get(blog.url).content.decode()
    assert content.index(new.title) < content.index(old.title)
    assert "Concept" not in content
    assert new.teaser in content and author.name in content
    assert f'href="{new.url}"' in content
    assert content.count("<h1") == 1
    assert '<link rel="alternate" type="application/rss+xml"' in content
    assert '<link rel="alternate" type="application/atom+xml"' in content


def test_index_paginates(client, blog):
    for n in range(12):
        factories.post(blog, f"Bericht {n:02d}")
    first = client.get(blog.url).content.decode()
    second = client.get(blog.url + "?page=2").content.decode()
    assert "Bericht 11" in first and "Bericht 00" not in first
    assert "Bericht 00" in second and "Bericht 11" not in second
    assert 'rel="next"' in first and 'rel="prev"' in second


def test_tag_listing_filters_and_unknown_tag_is_404(client, blog):
    factories.post(blog, "Over rollen", tags=["rol"])
    factories.post(blog, "Over belangen", tags=["belangen"])
    content = client.get(blog.url + "tag/rol/").content.decode()
    assert "Over rollen" in content and "Over belangen" not in content
    assert 'href="/blog/tag/rol/feed/"' in content
    assert client.get(blog.url + "tag/bestaat-niet/").status_code == 404


def test_post_page(client, blog, author, series):
    page = factories.post(blog, "Jouw plek", author=author, series=series, part_number=1,
                          tags=["rol"])
    response = client.get(page.url)
    content = response.content.decode()
    assert response.status_code == 200
    assert content.count("<h1") == 1
    assert "Tekst van Jouw plek." in content
    assert author.bio in content
    assert series.title in content
    assert 'href="/blog/serie/op-reis/feed/"' in content
    assert 'href="/blog/feed/"' in content
    assert 'href="/blog/tag/rol/"' in content
    assert '<main id="main"' in content


def test_block_link_for_members_only(client, blog, block, participant, stranger):
    page = factories.post(blog, "Uit de praktijk", blocks=[block])
    link = f'href="{block.url}"'

    visitor = client.get(page.url).content.decode()
    assert block.title in visitor and link not in visitor

    client.force_login(stranger)
    assert link not in client.get(page.url).content.decode()

    client.force_login(participant)
    assert link in client.get(page.url).content.decode()


def _json_ld(content):
    scripts = re.findall(r'<script type="application/ld\+json">(.*?)</script>', content, re.S)
    assert len(scripts) == 1
    return json.loads(scripts[0])


def test_sharing_metadata(client, blog, author, series):
    page = factories.post(blog, "Jouw plek", author=author, series=series, part_number=1,
                          tags=["rol"])
    content = client.get(page.url).content.decode()
    full_url = page.get_full_url()
    assert f'<link rel="canonical" href="{full_url}">' in content
    for prop in ("og:title", "og:description", "og:url", "article:published_time"):
        assert f'property="{prop}"' in content
    assert 'name="twitter:card"' in content
    data = _json_ld(content)
    assert data["@type"] == "BlogPosting"
    assert data["url"] == full_url
    assert data["author"]["name"] == author.name
    assert data["isPartOf"]["name"] == series.title
    assert data["datePublished"].endswith("+01:00") or data["datePublished"].endswith("+02:00")


def test_json_ld_cannot_close_its_script(client, blog):
    hostile = "Titel</script><script>alert(1)</script>"
    page = factories.post(blog, hostile, teaser="<!-- & </script>", body_text="Veilig.")
    content = client.get(page.url).content.decode()
    assert "<script>alert(1)" not in content
    data = _json_ld(content)
    assert data["headline"] == hostile
    assert data["description"] == "<!-- & </script>"


def test_query_counts_do_not_grow_with_posts(client, blog, author, series, block,
                                             django_assert_max_num_queries):
    for n in range(8):
        factories.post(blog, f"Bericht {n}", author=author, series=series, part_number=n + 1,
                       tags=["rol", f"thema-{n}"], blocks=[block])
    client.get(blog.url)  # renditions are made on the first view
    with django_assert_max_num_queries(20):
        assert client.get(blog.url).status_code == 200
    page = BlogPostPage.objects.get(title="Bericht 4")
    client.get(page.url)
    with django_assert_max_num_queries(25):
        assert client.get(page.url).status_code == 200


def test_draft_and_scheduled_posts_are_not_served(client, blog):
    draft = factories.post(blog, "Concept", state="draft")
    scheduled = factories.post(blog, "Later", state="scheduled")
    assert client.get(draft.url).status_code == 404
    assert client.get(scheduled.url).status_code == 404


def test_index_links_the_series(client, blog, series):
    factories.post(blog, "Eerste", series=series, part_number=1)
    content = client.get(blog.url).content.decode()
    assert 'href="/blog/serie/op-reis/"' in content
