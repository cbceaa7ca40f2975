from django.urls import reverse
from django.utils.translation import gettext_lazy as _


def add_links(request, nav):
    """The programme (also the header's brand) and Mijn leergang."""
    from cohort import navcache
    from cohort.programme.models import ProgrammePage

    def first_programme():
        programme = ProgrammePage.objects.live().public().order_by("path").first()
        return (programme.title, programme.get_url(request)) if programme else None

    found = navcache.cached(request, "programme", first_programme)
    if found is not None:
        nav.brand, url = found
        nav.add(_("Programme"), url, order=10)
    nav.add(_("My programme"), reverse("programme:my_leergang"), order=20)
