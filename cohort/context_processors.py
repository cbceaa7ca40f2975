from django.utils.functional import SimpleLazyObject
from wagtail.models import Site

from cohort import registry


def _navigation(request) -> registry.Navigation:
    site = Site.find_for_request(request)
    site_name = site.site_name if site and site.site_name else "Leergang"
    nav = registry.Navigation(site_name=site_name, brand=site_name)
    for entry in registry.navigation:
        entry.fn(request, nav)
    return nav


def navigation(request):
    """Header and navigation data for base.html, computed only when a template uses it
    (the Wagtail admin renders with this processor too). The links come from the apps
    that registered one (``cohort.registry.navigation``)."""
    return {"nav": SimpleLazyObject(lambda: _navigation(request))}
