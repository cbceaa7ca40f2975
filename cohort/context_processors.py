from django.utils.functional import SimpleLazyObject
from wagtail.models import Site

from cohort import navcache, permissions, registry


def _site_name(request) -> str:
    site = Site.find_for_request(request)
    return site.site_name if site and site.site_name else "Leergang"


def _navigation(request) -> registry.Navigation:
    site_name = navcache.cached(request, "site", lambda: _site_name(request))
    nav = registry.Navigation(site_name=site_name, brand=site_name)
    # Only superusers and facilitators edit pages: participants' pages skip the user bar
    # and its two permission queries (the roles are usually read already).
    user = getattr(request, "user", None)
    nav.admin_bar = bool(user and user.is_authenticated and (
        user.is_superuser or permissions.facilitated_cohort_ids(user)))
    for entry in registry.navigation:
        entry.fn(request, nav)
    return nav


def navigation(request):
    """Header and navigation data for base.html, computed only when a template uses it
    (the Wagtail admin renders with this processor too). The links come from the apps
    that registered one (``cohort.registry.navigation``)."""
    return {"nav": SimpleLazyObject(lambda: _navigation(request))}
