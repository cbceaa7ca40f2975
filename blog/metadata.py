"""Sharing metadata of a post: canonical URL, OpenGraph, Twitter card and schema.org
``BlogPosting`` (https://schema.org/BlogPosting, https://ogp.me/).

Built from public fields only (title, teaser, image, author profile, tags, series):
never a programme block's summary or body, a cohort or a member.
"""

from dataclasses import dataclass, field
from urllib.parse import urljoin

from django.conf import settings
from django.utils import timezone

from blog.selectors import SHARE_IMAGE


@dataclass
class PostMetadata:
    url: str
    title: str
    description: str
    site_name: str
    published: str = ""
    modified: str = ""
    author: str = ""
    image_url: str = ""
    image_alt: str = ""
    image_width: int = 0
    image_height: int = 0
    tags: list = field(default_factory=list)
    structured_data: dict = field(default_factory=dict)


def _iso(value) -> str:
    return timezone.localtime(value).isoformat() if value else ""


def post_metadata(post, request) -> PostMetadata:
    from wagtail.models import Site

    # The site that serves the request is known already (Wagtail keeps it on the request).
    site = Site.find_for_request(request) if request is not None else post.get_site()
    meta = PostMetadata(
        url=post.get_full_url(request),
        title=post.seo_title or str(post.display_title),
        description=post.search_description or post.teaser,
        site_name=(site.site_name if site and site.site_name else "Leergang"),
        published=_iso(post.first_published_at),
        modified=_iso(post.last_published_at or post.first_published_at),
        author=post.author.name if post.author_id else "",
        tags=[tag.name for tag in post.tags.all()],
    )
    if post.hero_image_id:
        rendition = post.hero_image.get_rendition(SHARE_IMAGE)
        # On the host of the canonical URL (the rendition's own full_url uses SITE_URL).
        meta.image_url = urljoin(meta.url, rendition.url)
        meta.image_alt = post.hero_alt
        meta.image_width, meta.image_height = rendition.width, rendition.height
    meta.structured_data = _blog_posting(post, meta)
    return meta


def _blog_posting(post, meta: PostMetadata) -> dict:
    data = {
        "@context": "https://schema.org",
        "@type": "BlogPosting",
        "headline": meta.title[:110],
        "description": meta.description,
        "url": meta.url,
        "mainEntityOfPage": {"@type": "WebPage", "@id": meta.url},
        "inLanguage": settings.LANGUAGE_CODE,
        "publisher": {"@type": "Organization", "name": meta.site_name},
    }
    if meta.published:
        data["datePublished"] = meta.published
        data["dateModified"] = meta.modified
    if meta.author:
        data["author"] = {"@type": "Person", "name": meta.author}
    if meta.image_url:
        data["image"] = {
            "@type": "ImageObject", "url": meta.image_url,
            "width": meta.image_width, "height": meta.image_height,
        }
    if meta.tags:
        data["keywords"] = ", ".join(meta.tags)
    if post.series_id:
        data["isPartOf"] = {"@type": "CreativeWorkSeries", "name": post.series.title}
        if post.part_number:
            data["position"] = post.part_number
    return data
