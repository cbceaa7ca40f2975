"""Admin for the blog's snippets (https://docs.wagtail.org/en/stable/topics/snippets/)."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from blog.models import BlogAuthor, BlogSeries


class BlogSeriesViewSet(SnippetViewSet):
    model = BlogSeries
    icon = "list-ol"
    menu_label = pgettext_lazy("several", "Series")
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


# --- Publishing a post with quotes from the leergang (blog.publishing) ---------------------

from django.contrib import messages  # noqa: E402
from django.shortcuts import redirect  # noqa: E402
from wagtail import hooks  # noqa: E402


@hooks.register("before_publish_page")
def refuse_publishing_without_consent(request, page):
    """Edit and create views: the draft is saved, the publication (or schedule) is not."""
    from blog import publishing

    lines = publishing.refusals(page)
    if lines:
        messages.error(request, publishing.message(page, lines))
        return redirect("wagtailadmin_pages:edit", page.pk)
    return None


@hooks.register("before_bulk_action")
def refuse_bulk_publishing_without_consent(request, action_type, objects, action_view):
    """The bulk "publish" of the page explorer: all or nothing, with the reasons."""
    if action_type != "publish":
        return None
    from blog import publishing
    from blog.models import BlogPostPage

    pages = list(objects)
    if request.POST.get("include_descendants"):
        for page in objects:
            pages += list(page.get_descendants().not_live().type(BlogPostPage))
    refused = []
    for page in pages:
        page = page.specific
        if not isinstance(page, BlogPostPage):
            continue
        latest = page.get_latest_revision_as_object()
        lines = publishing.refusals(latest)
        if lines:
            refused.append(publishing.message(latest, lines))
    if refused:
        for text in refused:
            messages.error(request, text)
        return redirect(action_view.next_url)
    return None


@hooks.register("register_log_actions")
def register_publish_held(actions):
    actions.register_action(
        "blog.publish_held", _("Publication held back"),
        _("Not published at its scheduled moment: a quote lacks consent"))
