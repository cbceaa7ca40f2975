"""Focused blog data: pages through Wagtail's tree API, published the Wagtail way."""

import datetime
import itertools

from django.utils import timezone

from blog.models import BlogAuthor, BlogIndexPage, BlogPostBlockLink, BlogPostPage, BlogSeries
from tests.factories import home_page

_numbers = itertools.count(1)


def blog_index(title="Blog", slug="blog", **fields) -> BlogIndexPage:
    page = BlogIndexPage(title=title, slug=slug, intro="Wat we leren.", **fields)
    home_page().add_child(instance=page)
    page.save_revision().publish()
    return page


def series(title="Op reis met de leergang", slug="op-reis", **fields) -> BlogSeries:
    fields.setdefault("introduction", "Een serie over de leergang.")
    return BlogSeries.objects.create(title=title, slug=slug, **fields)


def author(name="Marieke van Dalen", **fields) -> BlogAuthor:
    fields.setdefault("role", "Begeleider")
    fields.setdefault("bio", "Begeleidt samenwerkingen.")
    return BlogAuthor.objects.create(name=name, **fields)


def post(blog, title="Jouw plek", *, state="live", tags=(), blocks=(), body_text=None,
         go_live_at=None, **fields) -> BlogPostPage:
    """A post in ``state`` "live" (published), "draft" or "scheduled" (approved for
    ``go_live_at``, a day ahead unless given)."""
    number = next(_numbers)
    fields.setdefault("teaser", f"Teaser van {title}.")
    page = BlogPostPage(
        title=title, slug=f"post-{number}",
        body=[("paragraph", f"<p>{body_text or f'Tekst van {title}.'}</p>")],
        live=False, **fields,
    )
    for block in blocks:
        page.block_links.add(BlogPostBlockLink(block=block))
    blog.add_child(instance=page)
    for tag in tags:
        page.tags.add(tag)
    if state == "scheduled":
        page.go_live_at = go_live_at or timezone.now() + datetime.timedelta(days=1)
    revision = page.save_revision()
    if state in ("live", "scheduled"):
        revision.publish()
    page.refresh_from_db()
    return page
