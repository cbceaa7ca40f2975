"""Wagtail's page serving, with the route to each page kept in the cache.

Wagtail finds the page for a path by walking the tree on every request: the site, then at
each level the child by its slug and its specific type, two queries a level. A member's
block page sits four levels down. Here the site and the route (page id and type for a
site and path) are kept under the navigation's version (``cohort.navcache``, moved on by
every publish, move or delete and by a site saved), and the page is then read in one
query, on condition that it is still live at that very path: a stale entry can cost the
walk again, never serve another page. Entries are kept per page, under its own path: a
routable page's sub-routes (the blog's feed, a series, a link with a token) are resolved
again from the cached page, and a path below a cached page is walked from there. Page
privacy and every serve hook run as before.
"""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.http import Http404
from django.http.request import split_domain_port
from wagtail import views as wagtail_views
from wagtail.models import Page, Site

from cohort import navcache


def serve(request, path):
    _prime(request, path)
    return wagtail_views.serve(request, path)


def _site(request, version):
    # The host as Wagtail matches it (lower case, no port), so one entry per site and port.
    host = split_domain_port(request._get_raw_host())[0]
    key = f"route-site:{version}:{host}:{request.get_port()}"
    site = cache.get(key)
    if site is None:
        site = Site.find_for_request(request)
        if site is not None:
            cache.set(key, site, settings.NAV_CACHE_SECONDS)
    return site


def _prime(request, path) -> None:
    """Give Wagtail the site and the route it would find (``Page.route_for_request`` and
    ``Site.find_for_request`` keep theirs on the request), from the cache when it has them."""
    if hasattr(request, "_wagtail_route_for_request"):
        return
    version = navcache.request_version(request)
    site = getattr(request, "_wagtail_site", None) or _site(request, version)
    request._wagtail_site = site
    if site is None:
        return
    components = [component for component in path.split("/") if component]
    # An entry per page, under the page's own path (never one per URL asked: a sub-route's
    # arguments, a token in a link, stay out of the cache). The walk starts at the deepest
    # page of the path that has one: all of it, for a page asked before.
    keys = {depth: _key(version, site, components[:depth])
            for depth in range(len(components), -1, -1)}
    found = cache.get_many(list(keys.values()))
    for depth, key in keys.items():
        if key in found:
            page = _cached_page(found[key])
            if page is not None:
                _route_from(request, site, version, page, depth, components)
                return
            break  # stale: walk from the top
    result = Page.route_for_request(request, path)
    if result is not None:
        # The walk started at the site's root (which it read).
        _remember(version, site, result[0], components, result[0].depth - site.root_page.depth)


def _key(version, site, components) -> str:
    return f"page-route:{version}:{site.pk}:{site.root_page_id}:{'/'.join(components)}"


def _cached_page(entry):
    pk, content_type_id, url_path = entry
    try:
        model = ContentType.objects.get_for_id(content_type_id).model_class()
    except ContentType.DoesNotExist:  # a page type since removed: walk
        return None
    if model is None:
        return None
    return _routed_queryset(model).filter(pk=pk, live=True, url_path=url_path).first()


def _route_from(request, site, version, page, depth, components) -> None:
    """Wagtail's walk from ``page`` on: the page itself, a routable page's sub-route (which
    it notes on the request, as the walk does), or a child further down. What it answers
    is what the walk from the root would: the cached page is live at that very path."""
    try:
        result = page.route(request, components[depth:])
    except Http404:
        result = None
    request._wagtail_route_for_request = result
    if result is not None and result[0].pk != page.pk:
        _remember(version, site, result[0], components, depth + result[0].depth - page.depth)


def _remember(version, site, page, components, depth) -> None:
    cache.set(_key(version, site, components[:depth]),
              (page.pk, page.content_type_id, page.url_path), settings.NAV_CACHE_SECONDS)


def _routed_queryset(model):
    """The page's own manager, with what its type says its serving reads along with it
    (``routed_related``: foreign keys, so one query still)."""
    queryset = model._default_manager.all()
    related = getattr(model, "routed_related", ())
    return queryset.select_related(*related) if related else queryset
