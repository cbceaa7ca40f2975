from django.urls import reverse
from django.utils.translation import gettext_lazy as _


def add_links(request, nav):
    """The programme (also the header's brand) and Mijn leergang."""
    from cohort.programme.models import ProgrammePage

    programme = ProgrammePage.objects.live().public().order_by("path").first()
    if programme is not None:
        nav.brand = programme.title
        nav.add(_("Programme"), programme.get_url(request), order=10)
    nav.add(_("My leergang"), reverse("programme:my_leergang"), order=20)
