"""The facilitator's side: Wagtail's admin for posts and the blog snippets, and previews."""

import pytest

from blog.models import BlogPostPage
from tests.blog_tests import factories

pytestmark = pytest.mark.django_db


def test_facilitator_gets_their_author_profile_on_a_new_post(client, blog, facilitator):
    factories.author(name="Marieke", user=facilitator)
    client.force_login(facilitator)
    response = client.get(f"/admin/pages/add/blog/blogpostpage/{blog.pk}/")
    assert response.status_code == 200
    assert response.context["form"].initial["author"] == facilitator.blog_author.pk


def test_facilitator_manages_series_and_authors(client, facilitator, series, author):
    assert facilitator.has_perm("blog.add_blogseries")
    assert facilitator.has_perm("blog.change_blogauthor")
    client.force_login(facilitator)
    for url in ("/admin/snippets/blog/blogseries/", "/admin/snippets/blog/blogauthor/",
                f"/admin/snippets/blog/blogseries/edit/{series.pk}/"):
        assert client.get(url).status_code == 200, url


def test_facilitator_edits_a_post_in_the_admin(client, blog, facilitator, series):
    page = factories.post(blog, "Jouw plek", series=series, part_number=1, tags=["rol"])
    client.force_login(facilitator)
    assert client.get(f"/admin/pages/{page.pk}/edit/").status_code == 200


@pytest.mark.parametrize("state", ["draft", "scheduled", "live"])
def test_previews_render(blog, series, author, state):
    page = factories.post(blog, "Voorbeeld", state=state, series=series, part_number=1,
                          author=author)
    response = page.make_preview_request()
    assert response.status_code == 200
    assert "Tekst van Voorbeeld." in response.render().content.decode()


def test_preview_of_a_post_being_created(blog):
    # As Wagtail's preview-on-create does: a realistic path, the page not yet saved.
    page = BlogPostPage(title="Nieuw", slug="nieuw", teaser="Kort.",
                        body=[("paragraph", "<p>Nog niet opgeslagen.</p>")])
    page.depth = blog.depth + 1
    page.path = page._get_path(blog.path, page.depth, 1)
    page.set_url_path(blog)
    response = page.make_preview_request()
    assert response.status_code == 200
    assert "Nog niet opgeslagen." in response.render().content.decode()


def test_preview_with_unsaved_block_links(blog, block):
    """The editor's form holds block links in memory (modelcluster) until it is saved."""
    from blog.models import BlogPostBlockLink

    page = factories.post(blog, "Concept", state="draft")
    page.block_links.add(BlogPostBlockLink(block=block))
    response = page.make_preview_request()
    assert response.status_code == 200
    assert "Jouw plek" in response.render().content.decode()
