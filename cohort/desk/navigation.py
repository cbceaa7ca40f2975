from django.urls import reverse
from django.utils.translation import gettext as _


def add_links(request, nav):
    """"Begeleiden" for the facilitators of an edition."""
    from cohort import permissions

    if permissions.facilitated_cohort_ids(request.user):
        nav.add(_("Desk"), reverse("desk:all"), order=25)
