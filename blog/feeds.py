"""RSS 2.0 and Atom feeds of a blog, one of its series or one of its tags.

Built with ``django.contrib.syndication`` and served from the routes of
``BlogIndexPage`` (https://docs.djangoproject.com/en/stable/ref/contrib/syndication/).
An item carries the post's public fields only: title, teaser, author profile, tags and
series; never a programme block, a cohort or a member. Dates are aware (``USE_TZ``).
"""

from django.contrib.syndication.views import Feed
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.translation import gettext as _
from wagtail.models import Site

from blog import selectors


class BlogFeed(Feed):
    """RSS 2.0; ``BlogAtomFeed`` is the same feed in Atom. One instance per request."""

    feed_type = Rss201rev2Feed
    route = "feed"

    def __init__(self, blog, *, series=None, tag=None):
        super().__init__()
        self.blog = blog
        self.series = series
        self.tag = tag
        self.request = None

    def __call__(self, request, *args, **kwargs):
        self.request = request
        return super().__call__(request, *args, **kwargs)

    def title(self):
        if self.series is not None:
            return f"{self.series.title} · {self.blog.title}"
        if self.tag is not None:
            return _("%(blog)s: posts about %(tag)s") % {"blog": self.blog.title, "tag": self.tag.name}
        return self.blog.title

    def link(self):
        if self.series is not None:
            return self.series.get_url_on(self.blog)
        if self.tag is not None:
            return self.blog.route_url("tag", tag=self.tag.slug)
        return self.blog.url

    def description(self):
        if self.series is not None and self.series.introduction:
            return self.series.introduction
        return self.blog.intro or _("New posts on %(blog)s.") % {"blog": self.blog.title}

    def feed_url(self):
        return self.request.path if self.request else None

    def author_name(self):
        # The request's site (the route found it) rather than asking for the blog's own.
        site = Site.find_for_request(self.request) if self.request else self.blog.get_site()
        return (site.site_name if site else "") or self.blog.title

    def items(self):
        return selectors.feed_posts(self.blog, series=self.series, tag=self.tag)

    def item_title(self, item):
        return str(item.display_title)

    def item_description(self, item):
        return item.teaser

    def item_link(self, item):
        return item.get_url(self.request)

    def item_guid(self, item):
        # The page id keeps the guid stable when a post's slug changes.
        return f"{self.request.build_absolute_uri(self.blog.url)}#post-{item.pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        return timezone.localtime(item.first_published_at)

    def item_updateddate(self, item):
        return timezone.localtime(item.last_published_at or item.first_published_at)

    def item_author_name(self, item):
        return item.author.name if item.author_id else None

    def item_categories(self, item):
        categories = [tag.name for tag in item.tags.all()]
        if item.series_id:
            categories.append(item.series.title)
        return categories


class BlogAtomFeed(BlogFeed):
    feed_type = Atom1Feed
    route = "atom"

    def subtitle(self):
        return self.description()
