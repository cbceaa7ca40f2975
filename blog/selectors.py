"""Reads for the blog. Every listing starts from ``public_posts``: live, public posts only,
with what the cards need fetched up front (no N+1)."""

from dataclasses import dataclass

from django.db.models import CharField, Exists, OuterRef, Prefetch, Q
from django.db.models.functions import Cast
from django.http import Http404
from django.utils import timezone
from wagtail.images import get_image_model
from wagtail.models import Revision

from blog.models import BlogIndexPage, BlogPostPage, BlogSeries
from cohort import permissions
from cohort.selectors import public_children

CARD_IMAGE = "fill-800x450"
HERO_IMAGE = "width-1200"
SHARE_IMAGE = "fill-1200x630"
POSTS_PER_PAGE = 10
FEED_ITEMS = 20


def public_posts(blog: BlogIndexPage, *, with_images: bool = True):
    """Live, public posts of one blog, newest first; with their card images unless not needed."""
    posts = (
        public_children(BlogPostPage.objects.live(), blog)
        .select_related("author", "series")
        .prefetch_related("tags")
        .order_by("-first_published_at", "-pk")
    )
    if with_images:
        # The image in the posts' own query; its card rendition in one more (Wagtail's
        # ``prefetch_renditions`` shape, one level down).
        renditions = get_image_model().get_rendition_model().objects.filter(
            filter_spec=CARD_IMAGE)
        posts = posts.select_related("hero_image").prefetch_related(Prefetch(
            "hero_image__renditions", queryset=renditions, to_attr="prefetched_renditions"))
    return posts


def posts_for_listing(blog: BlogIndexPage, *, tag_slug: str | None = None):
    """The index or a tag's listing; a tag no public post carries is a 404."""
    posts = public_posts(blog)
    tag = None
    if tag_slug is not None:
        from taggit.models import Tag

        tag = Tag.objects.filter(slug=tag_slug).first()
        if tag is None:
            raise Http404
        posts = posts.filter(tags=tag)
        if not posts.exists():
            raise Http404
    return posts, tag


def public_post_ids(blog: BlogIndexPage):
    """A subquery of the blog's public post ids; build it once per request (``public()``
    reads the view restrictions when the queryset is made)."""
    return public_children(BlogPostPage.objects.live(), blog).values("pk")


def tags_on(blog: BlogIndexPage, post_ids=None):
    """Tags of the blog's public posts, for the topic navigation."""
    from taggit.models import Tag

    post_ids = public_post_ids(blog) if post_ids is None else post_ids
    return (
        Tag.objects.filter(blog_blogposttag_items__content_object__in=post_ids)
        .distinct().order_by("name")
    )


def series_on(blog: BlogIndexPage, post_ids=None):
    """Series with at least one public part on this blog."""
    post_ids = public_post_ids(blog) if post_ids is None else post_ids
    return BlogSeries.objects.filter(posts__in=post_ids).distinct().order_by("title")


@dataclass(frozen=True)
class Part:
    """One part of a series as listings show it: a published part has a URL, an
    announced one only its number, title and planned date (never its text)."""

    number: int
    title: str
    url: str = ""
    published_at: object = None
    planned_at: object = None
    teaser: str = ""
    pk: int | None = None

    @property
    def is_announced(self) -> bool:
        return not self.url


def _scheduled():
    """Pages with a revision approved for publication at a later moment (Wagtail's
    scheduled publishing: the beat task ``publish_scheduled`` makes them live)."""
    return Exists(
        Revision.page_revisions.filter(
            object_id=Cast(OuterRef("pk"), output_field=CharField()),
            approved_go_live_at__isnull=False,
        )
    )


def series_parts(series: BlogSeries, blog: BlogIndexPage, request=None) -> list[Part]:
    """Every part of the series on this blog in order: published parts and announced ones.

    A part is announced while it is not live when it is scheduled for publication, or when
    the facilitator ticked "announce" on the draft (a draft stays private otherwise).
    """
    posts = list(
        public_children(BlogPostPage.objects.all(), blog)
        .filter(series=series, part_number__isnull=False)
        .filter(Q(live=True) | Q(announce=True) | Q(_scheduled()))
    )
    parts = {
        post.part_number: Part(
            number=post.part_number, title=post.title, planned_at=_planned(post), pk=post.pk
        )
        for post in posts if not post.live
    }
    for post in posts:  # a live part wins over a draft that claims its number
        if post.live:
            parts[post.part_number] = Part(
                number=post.part_number, title=post.title, url=post.get_url(request),
                published_at=post.first_published_at, teaser=post.teaser, pk=post.pk,
            )
    return [parts[number] for number in sorted(parts)]


def _planned(post):
    if post.go_live_at and post.go_live_at > timezone.now():
        return post.go_live_at
    return None


@dataclass(frozen=True)
class SeriesNavigation:
    series: BlogSeries
    url: str
    parts: list
    current: Part | None
    previous: Part | None
    next: Part | None


def series_navigation(post: BlogPostPage, blog: BlogIndexPage, request=None):
    """The series box of a post: all parts, and the previous and next published ones (the
    next one may be an announced part, shown without a link)."""
    if not post.series_id or not post.part_number:
        return None
    parts = series_parts(post.series, blog, request)
    before = [p for p in parts if p.number < post.part_number and not p.is_announced]
    after = [p for p in parts if p.number > post.part_number]
    current = next((p for p in parts if p.number == post.part_number), None)
    return SeriesNavigation(
        series=post.series,
        url=post.series.get_url_on(blog),
        parts=parts,
        current=current,
        previous=before[-1] if before else None,
        next=after[0] if after else None,
    )


def series_for_blog(blog: BlogIndexPage, slug: str, request=None):
    """The series and its parts; a series without a published or announced part on this
    blog has no page here (404)."""
    series = BlogSeries.objects.filter(slug=slug).first()
    if series is None:
        raise Http404
    parts = series_parts(series, blog, request)
    if not parts:
        raise Http404
    return series, parts


@dataclass(frozen=True)
class BlockLink:
    number: int
    title: str
    url: str = ""


def post_block_links(post: BlogPostPage, user) -> list[BlockLink]:
    """"From block 1: Jouw plek": number and title for everyone (as in the public programme
    outline), a link only for whom ``permissions.can_view_block`` allows. Never the block's
    summary or body."""
    links = []
    for link in post.block_links.select_related("block").filter(block__live=True):
        block = link.block
        url = block.get_url() if permissions.can_view_block(user, block) else ""
        links.append(BlockLink(number=block.number, title=block.title, url=url))
    return links


@dataclass(frozen=True)
class FeedLink:
    title: str
    rss: str
    atom: str


def feed_links(blog: BlogIndexPage, *, series=None, tag=None) -> list[FeedLink]:
    """Feeds for ``<link rel="alternate">`` and the subscribe box: the most specific first."""
    from django.utils.translation import gettext as _

    links = []
    if tag is not None:
        links.append(FeedLink(
            title=_("%(blog)s: posts about %(tag)s") % {"blog": blog.title, "tag": tag.name},
            rss=blog.route_url("tag_feed", tag=tag.slug),
            atom=blog.route_url("tag_atom", tag=tag.slug),
        ))
    if series is not None:
        links.append(FeedLink(
            title=_("%(blog)s: %(series)s") % {"blog": blog.title, "series": series.title},
            rss=blog.route_url("series_feed", slug=series.slug),
            atom=blog.route_url("series_atom", slug=series.slug),
        ))
    links.append(FeedLink(
        title=blog.title, rss=blog.route_url("feed"), atom=blog.route_url("atom")
    ))
    return links


def subscribe_form(blog: BlogIndexPage, *, series=None, data=None, series_choices=None):
    """The subscription form; ``series_choices`` (a queryset of ``series_on``) when the
    caller has it already."""
    from blog.forms import SubscribeForm

    initial = {"series": series.pk} if series is not None else {}
    choices = series_on(blog) if series_choices is None else series_choices
    return SubscribeForm(data, series_choices=choices, initial=initial)


def feed_posts(blog: BlogIndexPage, *, series=None, tag=None):
    posts = public_posts(blog, with_images=False)
    if series is not None:
        posts = posts.filter(series=series)
    if tag is not None:
        posts = posts.filter(tags=tag)
    return posts[:FEED_ITEMS]
