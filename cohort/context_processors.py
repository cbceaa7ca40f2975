from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from wagtail.models import Site


def _navigation(request):
    from blog.models import BlogIndexPage
    from cohort.programme.models import ProgrammePage

    site = Site.find_for_request(request)
    site_name = site.site_name if site and site.site_name else "Leergang"
    programme = ProgrammePage.objects.live().public().order_by("path").first()
    blog = BlogIndexPage.objects.live().public().order_by("path").first()
    return {
        "site_name": site_name,
        "programme_url": programme.get_url(request) if programme else "",
        "programme_title": programme.title if programme else site_name,
        "blog_url": blog.get_url(request) if blog else "",
        "my_url": reverse("programme:my_leergang"),
    }


def navigation(request):
    """Header and navigation data for base.html, computed only when a template uses it
    (the Wagtail admin renders with this processor too)."""
    return {"nav": SimpleLazyObject(lambda: _navigation(request))}
