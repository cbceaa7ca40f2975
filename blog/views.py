"""The views behind ``BlogIndexPage``'s routes; thin: selectors read, services write."""

from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.utils.translation import get_language

from blog import selectors, services
from blog.feeds import BlogAtomFeed, BlogFeed
from config.client_ip import client_ip

SAFE = ("GET", "HEAD")


def _not_allowed(request, allowed=SAFE):
    """Route views get the page first, so Django's method decorators do not fit them."""
    if request.method not in allowed:
        return HttpResponseNotAllowed(allowed)
    return None


def _render(blog, request, template, context):
    """Render with the page's own context (page, self, request) plus ``context``."""
    return blog.render(request, template=template, context_overrides=context)


def post_list(blog, request, *, tag_slug=None):
    """The blog index, or the posts with one tag: newest first, paginated."""
    posts, tag = selectors.posts_for_listing(blog, tag_slug=tag_slug)
    page_obj = Paginator(posts, selectors.POSTS_PER_PAGE).get_page(request.GET.get("page"))
    canonical_url = request.build_absolute_uri(request.path)
    if page_obj.number > 1:
        canonical_url += f"?page={page_obj.number}"
    post_ids = selectors.public_post_ids(blog)
    form = selectors.subscribe_form(blog, series_choices=selectors.series_on(blog, post_ids))
    return _render(blog, request, "blog/blog_index_page.html", {
        "posts": page_obj.object_list,
        "page_obj": page_obj,
        "tag": tag,
        "tags": selectors.tags_on(blog, post_ids),
        "all_series": form.fields["series"].queryset,  # the form has read them already
        "feeds": selectors.feed_links(blog, tag=tag),
        "subscribe_form": form,
        "canonical_url": canonical_url,
    })


def series_detail(blog, request, slug):
    """A series: its introduction and its parts in order; announced parts show only their
    title and planned date."""
    series, parts = selectors.series_for_blog(blog, slug, request)
    return _render(blog, request, "blog/blog_series_page.html", {
        "series": series,
        "parts": parts,
        "feeds": selectors.feed_links(blog, series=series),
        "subscribe_form": selectors.subscribe_form(blog, series=series),
        "canonical_url": request.build_absolute_uri(series.get_url_on(blog)),
    })


def feed(blog, request, kind, *, series_slug=None, tag_slug=None):
    if refused := _not_allowed(request):
        return refused
    from taggit.models import Tag

    from blog.models import BlogSeries

    series = tag = None
    if series_slug is not None:
        series = BlogSeries.objects.filter(slug=series_slug).first()
        if series is None:
            raise Http404
    if tag_slug is not None:
        tag = Tag.objects.filter(slug=tag_slug).first()
        if tag is None:
            raise Http404
    feed_class = BlogAtomFeed if kind == "atom" else BlogFeed
    return feed_class(blog, series=series, tag=tag)(request)


def subscribe(blog, request):
    """GET: the form. POST: ask for a confirmation email. A valid address always gets the
    same answer, subscribed before or not (no one learns who reads the blog); only a flood
    from one client or to one mailbox is refused (429)."""
    if refused := _not_allowed(request, (*SAFE, "POST")):
        return refused
    form = selectors.subscribe_form(blog, data=request.POST if request.method == "POST" else None)
    status = 400 if form.is_bound else 200
    if request.method == "POST" and form.is_valid():
        refusal = services.subscription_throttle(client=client_ip(request))
        if refusal is None:
            services.subscription_request(
                blog=blog,
                email=form.cleaned_data["email"],
                series=form.cleaned_data["series"],
                language=get_language() or "",
            )
            return redirect(blog.route_url("subscribe_sent"))
        form.add_error(None, refusal)
        status = 429
    response = _render(blog, request, "blog/subscription.html", {
        "state": "form", "subscribe_form": form,
    })
    response.status_code = status
    return response


def subscription_status(blog, request, state):
    return _render(blog, request, "blog/subscription.html", {"state": state})


def subscription_confirm(blog, request, token):
    if refused := _not_allowed(request):
        return refused
    if request.method == "HEAD":  # link checkers in mail filters: look, do not touch
        return HttpResponse()
    subscription = services.subscription_confirm(blog=blog, token=token)
    state = "confirmed" if subscription else "invalid"
    response = _render(blog, request, "blog/subscription.html", {
        "state": state, "subscription": subscription,
    })
    if subscription is None:
        response.status_code = 404
    return response


def subscription_cancel(blog, request, token):
    """One click from any email; answers the same whether or not the link was still valid."""
    if refused := _not_allowed(request):
        return refused
    if request.method == "HEAD":  # link checkers in mail filters: look, do not touch
        return HttpResponse()
    services.subscription_cancel(blog=blog, token=token)
    return _render(blog, request, "blog/subscription.html", {"state": "unsubscribed"})
