"""Wagtail's page serving, with the route to each page kept in the cache.

Wagtail finds the page for a path by walking the tree on every request: the site, then at
each level the child by its slug and its specific type, two queries a level. A member's
block page sits four levels down. Here the site and the route (page id and type for a
site and path) are kept under the navigation's version (``cohort.navcache``, moved on by
every publish, move or delete and by a site saved), and the page is then read in one
query, on condition that it is still live at that very path: a stale entry can cost the
walk again, never serve another page. A routable page's own sub-routes (the blog's feed,
a series) keep the page and are resolved again from it, without the database. Page
privacy and every serve hook run as before.
"""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.http import Http404
from django.http.request import split_domain_port
from wagtail import views as wagtail_views
from wagtail.models import Page, Site
from wagtail.url_routing import RouteResult

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
    key = f"page-route:{version}:{site.pk}:{site.root_page_id}:{path}"
    components = [component for component in path.split("/") if component]
    entry = cache.get(key)
    if entry is not None and (result := _cached_route(request, entry, components)):
        request._wagtail_route_for_request = result
        return
    result = Page.route_for_request(request, path)
    if result is not None:
        page = result[0]
        # The walk started at the site's root (which it read): the path below the page is
        # what a routable page resolves itself.
        consumed = page.depth - site.root_page.depth
        cache.set(key, (page.pk, page.content_type_id, page.url_path, consumed),
                  settings.NAV_CACHE_SECONDS)


def _cached_route(request, entry, components) -> RouteResult | None:
    pk, content_type_id, url_path, consumed = entry
    try:
        model = ContentType.objects.get_for_id(content_type_id).model_class()
    except ContentType.DoesNotExist:  # a page type since removed: walk
        return None
    if model is None:
        return None
    page = _routed_queryset(model).filter(pk=pk, live=True, url_path=url_path).first()
    if page is None:
        return None
    try:
        # A plain page answers for itself; a routable one resolves its sub-route (and
        # notes it on the request, as the walk does).
        return page.route(request, components[consumed:])
    except Http404:
        return None


def _routed_queryset(model):
    """The page's own manager, with what its type says its serving reads along with it
    (``routed_related``: foreign keys, so one query still)."""
    queryset = model._default_manager.all()
    related = getattr(model, "routed_related", ())
    return queryset.select_related(*related) if related else queryset
