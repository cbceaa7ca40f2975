"""Reads for the cohort app; every listing starts from a permission-scoped queryset."""

from cohort import permissions
from cohort.models import Membership


def cohort_memberships(cohort):
    """The members of one edition, facilitators first, with their user rows in one query."""
    role_order = {Membership.Role.FACILITATOR: 0, Membership.Role.PARTICIPANT: 1}
    memberships = list(
        Membership.objects.filter(cohort=cohort, user__is_active=True)
        .select_related("user")
        .order_by("user__first_name", "user__last_name", "user__email")
    )
    return sorted(memberships, key=lambda m: role_order.get(m.role, 2))


def memberships_of(user):
    """The user's own memberships with their editions and programmes (Mijn leergang)."""
    if not user.is_authenticated:
        return Membership.objects.none()
    return (
        Membership.objects.filter(cohort__in=permissions.visible_cohorts(user), user=user)
        .select_related("cohort")
        .order_by("-cohort__start_date")
    )
