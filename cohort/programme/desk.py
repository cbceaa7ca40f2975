"""What the programme adds to the facilitator's desk: each edition's next session, and the
invitations nobody has answered yet."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cohort.desk.registry import Section, first_and_total
from cohort.templatetags.leergang import short

LIMIT = 20


def progress_link(cohort_id):
    return _("Progress"), reverse("programme:cohort_progress", args=[cohort_id])


def invite_link(cohort_id):
    return _("Invite a group"), reverse("programme:cohort_invite", args=[cohort_id])


def next_sessions(user, cohorts, since):
    """The next session of each edition (one query for all of them)."""
    from cohort.programme.selectors import next_sessions_of

    first = next_sessions_of(cohorts)
    items = sorted(first.values(), key=lambda session: session.start)
    return Section(
        key="session", title=_("Next session"), template="desk/sessions.html",
        items=items, count=len(items), empty=_("No session is planned."),
        summary=(_("Next session: %(date)s") % {
            "date": short(items[0].start, "time")}
            if items else _("No session is planned.")),
    )


def open_invitations(user, cohorts, since):
    from cohort.programme.invitations import Invitation

    pending = (Invitation.objects.filter(cohort_id__in=[cohort.pk for cohort in cohorts],
                                         accepted_at=None, revoked_at=None,
                                         expires_at__gt=timezone.now())
               .select_related("cohort").order_by("created_at", "pk"))
    items, count = first_and_total(pending, LIMIT)
    return Section(
        key="invitations", title=_("Invitations not yet accepted"),
        template="desk/invitations.html", items=items, count=count,
        empty=_("Every invitation has been answered."),
        summary=ngettext("%(count)d invitation open", "%(count)d invitations open",
                         count) % {"count": count},
        more_url=reverse("invitations:index"),
    )
