"""Public pages for visitors, from the cache (Redis in production, shared by every process).

Only what every visitor is shown alike is kept: a GET by someone not signed in, with no
session or pending message, answered 200 by a Wagtail page (programme, blog, series, tag
and feed routes) with no ``Cache-Control`` of its own. A signed-in member is never served
from it and nothing shown to one is stored. Each reader gets their own CSRF token: the
stored page holds a placeholder where the forms carry it.

The key holds the navigation's version (``cohort.navcache``): a publish, unpublish, move or
delete, a site saved, a series edited or a quote's consent withdrawn moves it on, which
leaves every stored page behind at once; each also expires after ``PAGE_CACHE_SECONDS``.
With Redis down the cache answers nothing and pages are rendered as before.
"""

import re

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.http.request import split_domain_port
from django.middleware.csrf import get_token

from cohort import navcache

# Query strings a cached page may carry: a page number below 1000 without leading zeros
# (anything else is rendered, so nobody fills the cache with ?page=01, ?page=001, …).
_QUERY = re.compile(r"\A(?:(?:page|pagina)=[1-9]\d{0,2})?\Z")
_TOKEN = re.compile(rb'(name="csrfmiddlewaretoken" value=")[^"]*(")')
_PLACEHOLDER = b"\x00csrf\x00"
_KEEP_HEADERS = ("Content-Type", "Link", "X-Robots-Tag")


def _candidate(request) -> bool:
    return (
        settings.PAGE_CACHE_SECONDS > 0
        and request.method == "GET"
        and not request.user.is_authenticated
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
        and "HTTP_HX_REQUEST" not in request.META
        and _QUERY.match(request.META.get("QUERY_STRING", "")) is not None
    )


def _key(request) -> str:
    version = navcache.request_version(request)
    # The host as ALLOWED_HOSTS matched it (no port, lower case): one key per page.
    host, _port = split_domain_port(request.get_host())
    return ":".join(["page", str(version), request.scheme, host.lower(),
                     request.LANGUAGE_CODE, request.get_full_path()])


def _storable(request, response) -> bool:
    match = getattr(request, "resolver_match", None)
    return (
        response.status_code == 200
        and not response.streaming
        and match is not None and match.url_name == "wagtail_serve"
        and not response.has_header("Cache-Control")
        and not request.user.is_authenticated
        and set(response.cookies) <= {settings.CSRF_COOKIE_NAME}
        # Written for this visitor alone: a session started or a message waiting.
        and not getattr(getattr(request, "session", None), "modified", False)
        and not len(getattr(request, "_messages", ()))
        # A page that used the script nonce carries it: it cannot be shared.
        and not bool(getattr(request, "_csp_nonce", None))
    )


class PublicPageCacheMiddleware:
    """Sits below the CSRF, locale and CSP middleware: they still add the reader's cookie,
    language header and policy to a page that came from the cache."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _candidate(request):
            return self.get_response(request)
        key = _key(request)
        stored = cache.get(key)
        if stored is not None:
            return self._replay(request, stored)
        response = self.get_response(request)
        if _storable(request, response):
            content = _TOKEN.sub(rb"\1" + _PLACEHOLDER + rb"\2", response.content)
            headers = {name: response[name] for name in _KEEP_HEADERS if response.has_header(name)}
            cache.set(key, (response.status_code, headers, content),
                      settings.PAGE_CACHE_SECONDS)
            response["X-Page-Cache"] = "miss"
        return response

    def _replay(self, request, stored) -> HttpResponse:
        status, headers, content = stored
        if _PLACEHOLDER in content:
            content = content.replace(_PLACEHOLDER, get_token(request).encode())
        response = HttpResponse(content, status=status, headers=headers)
        response["X-Page-Cache"] = "hit"
        return response
