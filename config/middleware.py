from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.shortcuts import render, resolve_url
from django.utils import translation
from django.utils.cache import patch_cache_control


class AdminContentSecurityPolicyMiddleware:
    """Give the Wagtail admin its looser policy; the public site keeps the strict one.

    Sits inside Django's CSP middleware, which reads ``response._csp_config``
    (https://docs.djangoproject.com/en/6.1/ref/csp/).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith("/admin/"):
            response._csp_config = settings.ADMIN_CSP
        return response


class DutchFirstLocaleMiddleware(LocaleMiddleware):
    """Dutch unless the person chose another language with the switch.

    Django's LocaleMiddleware would follow the browser's Accept-Language; the
    product is Dutch first (DESIGN.md), so only the language cookie counts.
    """

    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        supported = {code for code, _name in settings.LANGUAGES}
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


class PrivateResponseMiddleware:
    """What a signed-in member is shown is theirs (names, cases, editions): no shared cache
    may keep it, and their browser keeps no copy. A response that set its own
    ``Cache-Control`` (images, calendar feeds) keeps it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not response.has_header(
            "Cache-Control"
        ):
            patch_cache_control(response, private=True, no_store=True)
        return response


class AdminForFacilitatorsMiddleware:
    """A signed-in member without admin access who opens ``/admin/`` is told what it is for.

    Wagtail would send them to the login page, which sends a signed-in person straight
    back: an endless loop of redirects.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from cohort import permissions

        user = getattr(request, "user", None)
        if (
            request.path.startswith("/admin/")
            and user is not None
            and user.is_authenticated
            and not permissions.can_access_admin(user)
        ):
            return render(request, "admin_forbidden.html", status=403,
                          context={"start_url": resolve_url(settings.LOGIN_REDIRECT_URL)})
        return self.get_response(request)


# URL arguments and query parameters through which the Wagtail admin names a page.
_PAGE_KWARGS = ("page_id", "parent_page_id", "page_to_move_id", "destination_id", "page_pk")
_PAGE_ID_LISTS = ("wagtail_bulk_action", "wagtailadmin_choose_page_chosen_multiple")


class AdminEditionGuardMiddleware:
    """Wagtail admin routes that name a page by id answer 404 for an edition the user does
    not facilitate (rule 7), before Wagtail's view runs.

    The permission policy and the page tester cover what the admin lists and allows; some
    views show a page's title, status and editor for any id under a page the user may
    explore (the explorer of a page, the chooser's parent row, bulk-action forms). Wagtail's
    reports list pages and log entries across sections: they are for superusers.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        from django.http import Http404

        from cohort.admin_permissions import restricted, unreachable_page_ids
        from cohort.converters import parse_id

        if not request.path.startswith("/admin/") or not restricted(request.user):
            return None
        match = request.resolver_match
        if match and match.namespace == "wagtailadmin_reports":
            raise Http404
        ids = [view_kwargs[name] for name in _PAGE_KWARGS if name in view_kwargs]
        if match and match.url_name in _PAGE_ID_LISTS:
            values = request.GET.getlist("id") + request.POST.getlist("id")
            parsed = [parse_id(value) for value in values if value != "all"]
            if None in parsed:
                raise Http404
            ids += parsed
        if ids and unreachable_page_ids(request.user, ids):
            raise Http404
        return None
