"""The desk's own section: participants who have not been active for two weeks."""

import datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cohort.desk import registry

QUIET = datetime.timedelta(days=14)


def quiet_members(user, cohorts, since):
    """Participants (of at least two weeks) whose latest login and latest writing in the
    edition are older than two weeks; those never active first."""
    from cohort.models import Membership

    ids = [cohort.pk for cohort in cohorts]
    now = timezone.now()
    memberships = list(
        Membership.objects.filter(cohort_id__in=ids, role=Membership.Role.PARTICIPANT,
                                  user__is_active=True, created_at__lt=now - QUIET)
        .select_related("user", "cohort").order_by("user__first_name", "user__last_name"))
    latest = registry.latest_activity({m.user for m in memberships}, ids)
    items = [{"member": m.user, "cohort": m.cohort, "last": latest[(m.user_id, m.cohort_id)],
              "url": reverse("cohort:member", args=[m.user_id])}
             for m in memberships
             if latest[(m.user_id, m.cohort_id)] is None
             or latest[(m.user_id, m.cohort_id)] < now - QUIET]
    items.sort(key=lambda item: (item["last"] is not None, item["last"] or now))
    return registry.Section(
        key="quiet", title=_("Not active for two weeks"), template="desk/quiet.html",
        items=items, count=len(items),
        empty=_("Every participant was active in the last two weeks."),
        summary=ngettext("%(count)d participant not active for two weeks",
                         "%(count)d participants not active for two weeks",
                         len(items)) % {"count": len(items)},
    )


def register_own():
    registry.sections.register(name="quiet", order=50)(quiet_members)
