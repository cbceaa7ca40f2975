"""The facilitators' public blog: the index (with its routes), posts, series and authors.

Nothing members-only reaches the blog: a post names the programme blocks it draws on by
number and title only (as the public programme outline does), and links them for members
alone (``blog.selectors.post_block_links``).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from rest_framework.fields import Field as SerializerField
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.images import get_image_model_string
from wagtail.models import Orderable, Page
from wagtail.search import index

from blocks.streams import BlogStreamBlock
from blog.forms import BlogAuthorForm, BlogPostPageForm
from cohort.consent.admin_panels import QuoteConsentsPanel
from cohort.models import ViewRestrictionsInOneQueryMixin

# Paths the blog index answers itself (see BlogIndexPage); a post may not take them as slug.
RESERVED_SLUGS = frozenset({"tag", "serie", "feed", "aanmelden", "afmelden"})


class BlogAuthor(models.Model):
    """A public author profile: written for the blog, separate from the (private) member
    profile, so a facilitator decides what visitors read about them."""

    name = models.CharField(_("name"), max_length=150)
    role = models.CharField(
        _("role"), max_length=150, blank=True, help_text=_("For example: facilitator of the programme.")
    )
    bio = models.TextField(_("short profile"), blank=True, max_length=600)
    photo = models.ForeignKey(
        get_image_model_string(), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", verbose_name=_("photo"),
        help_text=_("Shown to every visitor: choose an image outside the course material."),
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="blog_author", verbose_name=_("account"),
        help_text=_("New posts by this account get this profile as their author."),
    )

    panels = [FieldPanel("name"), FieldPanel("role"), FieldPanel("bio"), FieldPanel("photo"),
              FieldPanel("user")]
    base_form_class = BlogAuthorForm

    class Meta:
        verbose_name = _("blog author")
        verbose_name_plural = _("blog authors")
        ordering = ["name"]

    def __str__(self):
        return self.name


class BlogSeries(models.Model):
    """A series of posts ("Op reis met de leergang …"), each post one numbered part."""

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=100, unique=True,
                            help_text=_("The last part of the series' web address."))
    introduction = models.TextField(_("introduction"), blank=True)

    panels = [FieldPanel("title"), FieldPanel("slug"), FieldPanel("introduction")]

    class Meta:
        verbose_name = pgettext_lazy("one", "blog series")
        verbose_name_plural = pgettext_lazy("several", "blog series")
        ordering = ["title"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        blog = BlogIndexPage.objects.live().public().order_by("path").first()
        return self.get_url_on(blog) if blog else ""

    def get_url_on(self, blog) -> str:
        """The series page on one blog index."""
        return blog.route_url("series", slug=self.slug)


class BlogIndexPage(ViewRestrictionsInOneQueryMixin, RoutablePageMixin, Page):
    """The facilitators' public blog. Its routes: tag listings, series pages, RSS and
    Atom feeds (whole blog, per series, per tag) and the email subscription."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = Page.search_fields + [index.SearchField("intro")]
    api_fields = [APIField("intro")]

    parent_page_types = ["programme.HomePage"]
    subpage_types = ["blog.BlogPostPage"]
    template = "blog/blog_index_page.html"

    class Meta:
        verbose_name = _("blog index")

    def get_absolute_url(self):
        return self.get_url()

    def route_url(self, name, **kwargs) -> str:
        """The (site-relative) URL of one of this page's routes."""
        base = self.url or ""
        if not base.endswith("/"):
            base += "/"
        return base + self.reverse_subpage(name, kwargs=kwargs)

    @property
    def subscribe_url(self) -> str:
        return self.route_url("subscribe")

    def get_sitemap_urls(self, request=None):
        from blog import selectors

        urls = super().get_sitemap_urls(request)
        base = self.get_full_url(request)
        for series in selectors.series_on(self):
            location = base + self.reverse_subpage("series", kwargs={"slug": series.slug})
            urls.append({"location": location})
        return urls

    # Routes. The views live in blog/views.py; these only bind them to the page.
    @path("", name="index")
    def index_route(self, request):
        from blog import views

        return views.post_list(self, request)

    @path("tag/<slug:tag>/", name="tag")
    def tag_route(self, request, tag):
        from blog import views

        return views.post_list(self, request, tag_slug=tag)

    @path("serie/<slug:slug>/", name="series")
    def series_route(self, request, slug):
        from blog import views

        return views.series_detail(self, request, slug)

    @path("feed/", name="feed")
    def feed_route(self, request):
        from blog import views

        return views.feed(self, request, "rss")

    @path("feed/atom/", name="atom")
    def atom_route(self, request):
        from blog import views

        return views.feed(self, request, "atom")

    @path("tag/<slug:tag>/feed/", name="tag_feed")
    def tag_feed_route(self, request, tag):
        from blog import views

        return views.feed(self, request, "rss", tag_slug=tag)

    @path("tag/<slug:tag>/feed/atom/", name="tag_atom")
    def tag_atom_route(self, request, tag):
        from blog import views

        return views.feed(self, request, "atom", tag_slug=tag)

    @path("serie/<slug:slug>/feed/", name="series_feed")
    def series_feed_route(self, request, slug):
        from blog import views

        return views.feed(self, request, "rss", series_slug=slug)

    @path("serie/<slug:slug>/feed/atom/", name="series_atom")
    def series_atom_route(self, request, slug):
        from blog import views

        return views.feed(self, request, "atom", series_slug=slug)

    @path("aanmelden/", name="subscribe")
    def subscribe_route(self, request):
        from blog import views

        return views.subscribe(self, request)

    @path("aanmelden/verstuurd/", name="subscribe_sent")
    def subscribe_sent_route(self, request):
        from blog import views

        return views.subscription_status(self, request, "sent")

    @path("aanmelden/bevestigen/<str:token>/", name="confirm")
    def confirm_route(self, request, token):
        from django.utils.cache import add_never_cache_headers

        from blog import views

        # A link with a token acts on GET: never answered from a cache (config.pagecache).
        response = views.subscription_confirm(self, request, token)
        add_never_cache_headers(response)
        return response

    @path("afmelden/<str:token>/", name="unsubscribe")
    def unsubscribe_route(self, request, token):
        from django.utils.cache import add_never_cache_headers

        from blog import views

        response = views.subscription_cancel(self, request, token)
        add_never_cache_headers(response)
        return response


class BlogPostTag(TaggedItemBase):
    content_object = ParentalKey(
        "blog.BlogPostPage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class QuotedBodyField(SerializerField):
    """A post's body in the API, with the post it belongs to in the blocks' context: a
    quote from the leergang is shown only in the post its consent is for."""

    def get_attribute(self, instance):
        return (instance.body, instance.pk)

    def to_representation(self, value):
        from cohort.consent.quotes import BLOCK_NAME

        stream, post_id = value
        items = stream.stream_block.get_api_representation(
            stream, {**self.context, "post_id": post_id})
        # A quote not shown leaves no trace, not even an empty item.
        return [item for item in items
                if not (item["type"] == BLOCK_NAME and item["value"] is None)]


class BlogPostPage(ViewRestrictionsInOneQueryMixin, Page):
    """One post. In a series it is a numbered part; it names the programme blocks it
    draws on. Drafts, review, scheduling and previews are Wagtail's own."""

    teaser = models.TextField(
        _("teaser"), max_length=400,
        help_text=_("Two or three sentences on the cards in the blog, in feeds and in emails."),
    )
    body = StreamField(BlogStreamBlock(), verbose_name=_("body"))
    hero_image = models.ForeignKey(
        get_image_model_string(), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", verbose_name=_("image"),
        help_text=_("Shown above the post and when it is shared. Every visitor sees it."),
    )
    hero_alt = models.CharField(
        _("alternative text"), max_length=250, blank=True,
        help_text=_("Describe what the image shows for people who cannot see it."),
    )
    author = models.ForeignKey(
        BlogAuthor, null=True, blank=True, on_delete=models.SET_NULL, related_name="posts",
        verbose_name=_("author"),
    )
    tags = ClusterTaggableManager(through=BlogPostTag, blank=True, verbose_name=_("tags"))
    series = models.ForeignKey(
        BlogSeries, null=True, blank=True, on_delete=models.SET_NULL, related_name="posts",
        verbose_name=_("series"),
    )
    part_number = models.PositiveSmallIntegerField(_("part"), null=True, blank=True)
    announce = models.BooleanField(
        _("announce in the series"), default=False,
        help_text=_(
            "Show this part's title in the series as “coming soon” before it is published. "
            "Its text stays hidden. A part scheduled for publication is always announced."
        ),
    )

    content_panels = Page.content_panels + [
        FieldPanel("teaser"),
        MultiFieldPanel(
            [FieldPanel("hero_image"), FieldPanel("hero_alt")], heading=_("Image")
        ),
        FieldPanel("body"),
        QuoteConsentsPanel(),
        FieldPanel("author"),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("series"), FieldPanel("part_number")]),
             FieldPanel("announce")],
            heading=_("Series"),
        ),
        InlinePanel(
            "block_links", label=_("Programme block"), heading=_("Draws on these programme blocks"),
            help_text=_("Members see a link to the block; visitors see its number and title only."),
        ),
        FieldPanel("tags"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("teaser"),
        index.SearchField("body"),
        index.RelatedFields("tags", [index.SearchField("name")]),
        index.RelatedFields("author", [index.SearchField("name")]),
        index.FilterField("series"),
    ]
    api_fields = [
        APIField("teaser"),
        APIField("first_published_at"),
        APIField("part_number"),
        APIField("body", serializer=QuotedBodyField()),
    ]

    # config.routing reads these with the page it serves: the post shows them all.
    routed_related = ("author", "series", "hero_image")

    base_form_class = BlogPostPageForm
    parent_page_types = ["blog.BlogIndexPage"]
    subpage_types = []
    template = "blog/blog_post_page.html"

    class Meta:
        verbose_name = _("blog post")
        verbose_name_plural = _("blog posts")

    def get_absolute_url(self):
        return self.get_url()

    @property
    def display_title(self) -> str:
        """"Part 1: Jouw plek" for a part of a series, the title otherwise."""
        if self.series_id and self.part_number:
            return _("Part %(number)s: %(title)s") % {"number": self.part_number, "title": self.title}
        return self.title

    @property
    def published_at(self):
        return self.first_published_at

    def save(self, *args, **kwargs):
        from blog import publishing

        if publishing.goes_live(self):
            if self.pk is None and publishing.refusals(self):
                # A copy kept live (or an alias) of a post with quotes: made, as a draft.
                self.live, self.has_unpublished_changes = False, True
            else:
                publishing.check(self)
        return super().save(*args, **kwargs)

    def publish(self, revision, *args, log_action=True, **kwargs):
        from blog import publishing

        if log_action == "wagtail.publish.scheduled" and publishing.hold_scheduled(
                revision.as_object(), revision):
            return None
        return super().publish(revision, *args, log_action=log_action, **kwargs)

    def clean(self):
        super().clean()
        errors = {}
        if self.slug in RESERVED_SLUGS:
            errors["slug"] = _("This address is used by the blog itself. Choose another one.")
        if self.hero_image_id and not self.hero_alt.strip():
            errors["hero_alt"] = _("Describe the image for people who cannot see it.")
        if self.hero_image_id and _is_restricted_image(self.hero_image):
            errors["hero_image"] = _(
                "This image is course material for members. Choose an image every visitor may see."
            )
        if self.series_id and not self.part_number:
            errors["part_number"] = _("Give the part number of this post in the series.")
        elif self.part_number and not self.series_id:
            errors["series"] = _("Choose the series this part belongs to.")
        elif self.series_id:
            taken = BlogPostPage.objects.filter(
                series_id=self.series_id, part_number=self.part_number
            ).exclude(pk=self.pk)
            if taken.exists():
                errors["part_number"] = _("Another post is already this part of the series.")
        if errors:
            raise ValidationError(errors)

    def get_context(self, request, *args, **kwargs):
        from django.db.models import prefetch_related_objects

        from blog import selectors
        from blog.metadata import post_metadata

        context = super().get_context(request, *args, **kwargs)
        # The parent is always the blog (parent_page_types): one query, not two.
        blog = BlogIndexPage.objects.get(path=self.path[:-self.steplen])
        prefetch_related_objects([self], "tags")  # the page and its metadata both list them
        context["blog"] = blog
        context["series_nav"] = selectors.series_navigation(self, blog, request)
        context["block_links"] = selectors.post_block_links(self, request.user)
        context["meta"] = post_metadata(self, request)
        context["feeds"] = selectors.feed_links(blog, series=self.series)
        context["subscribe_form"] = selectors.subscribe_form(blog, series=self.series)
        return context


class BlogPostBlockLink(Orderable):
    """A programme block a post draws on ("From block 1: Jouw plek")."""

    post = ParentalKey(BlogPostPage, on_delete=models.CASCADE, related_name="block_links")
    block = models.ForeignKey(
        "programme.BlockPage", on_delete=models.CASCADE, related_name="+", verbose_name=_("block")
    )

    panels = [FieldPanel("block")]

    class Meta(Orderable.Meta):
        verbose_name = _("programme block")
        verbose_name_plural = _("programme blocks")

    def __str__(self):
        return str(self.block)


def _is_restricted_image(image) -> bool:
    """Whether the image sits in (or below) a collection with a view restriction: course
    material, which the image view serves to members only."""
    from wagtail.models import CollectionViewRestriction

    return CollectionViewRestriction.objects.filter(
        collection__in=image.collection.get_ancestors(inclusive=True)
    ).exists()


from blog.subscriptions import BlogSubscription  # noqa: E402,F401 - a model of this app
