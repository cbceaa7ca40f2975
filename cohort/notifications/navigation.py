from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext


def add_links(request, nav):
    """"Meldingen" with the unread count, for signed-in members (one indexed query)."""
    from cohort.notifications import selectors

    if not request.user.is_authenticated:
        return
    count = selectors.unread_count(request.user)
    nav.add(_("Notifications"), reverse("notifications:list"), order=25, badge=count or None,
            badge_label=ngettext("%(count)d unread", "%(count)d unread", count) % {"count": count})
