"""Admin for the blog's snippets (https://docs.wagtail.org/en/stable/topics/snippets/)."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from blog.models import BlogAuthor, BlogSeries


class BlogSeriesViewSet(SnippetViewSet):
    model = BlogSeries
    icon = "list-ol"
    menu_label = _("Series")
    list_display = ["title", "slug"]
    search_fields = ["title", "introduction"]


class BlogAuthorViewSet(SnippetViewSet):
    model = BlogAuthor
    icon = "user"
    menu_label = _("Authors")
    list_display = ["name", "role"]
    search_fields = ["name", "role", "bio"]


class BlogViewSetGroup(SnippetViewSetGroup):
    items = (BlogSeriesViewSet, BlogAuthorViewSet)
    menu_icon = "doc-full-inverse"
    menu_label = _("Blog")
    menu_name = "blog"


register_snippet(BlogViewSetGroup)
