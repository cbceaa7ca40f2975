"""Reads for the cohort app; every listing starts from a permission-scoped queryset."""

from django.db.models import F, Q, QuerySet, Window
from django.db.models.functions import RowNumber

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


def memberships_by_cohort(cohort_ids) -> dict[int, list]:
    """``cohort_memberships`` for many editions in one query: {edition id: memberships}."""
    role_order = {Membership.Role.FACILITATOR: 0, Membership.Role.PARTICIPANT: 1}
    grouped: dict[int, list] = {pk: [] for pk in cohort_ids}
    for membership in (Membership.objects.filter(cohort_id__in=list(cohort_ids),
                                                 user__is_active=True)
                       .select_related("user")
                       .order_by("user__first_name", "user__last_name", "user__email")):
        grouped[membership.cohort_id].append(membership)
    return {pk: sorted(rows, key=lambda m: role_order.get(m.role, 2))
            for pk, rows in grouped.items()}


def first_per(queryset: QuerySet, partition: str, order_by: list, limit: int) -> QuerySet:
    """The first ``limit`` rows of each ``partition`` group, in one query (a window), so a
    page listing a few items per edition costs the same for 2 editions or 50."""
    ordering = [F(field[1:]).desc() if field.startswith("-") else F(field).asc()
                for field in order_by]
    return (queryset.annotate(_rank=Window(RowNumber(), partition_by=F(partition),
                                           order_by=ordering))
            .filter(_rank__lte=limit).order_by(*order_by))


def memberships_of(user):
    """The user's own memberships with their editions and programmes (Mijn leergang)."""
    if not user.is_authenticated:
        return Membership.objects.none()
    # Every membership is of an edition the member may open (visible_cohorts): no
    # subquery needed for that.
    return (
        Membership.objects.filter(user=user)
        .select_related("cohort")
        .order_by(F("cohort__start_date").desc(nulls_last=True), "-cohort_id")
    )


def public_children(queryset: QuerySet, parent) -> QuerySet:
    """``queryset.child_of(parent)`` without the pages a view restriction keeps private.

    Wagtail's ``.public()`` reads every restriction of the site and adds a clause for each;
    every edition and block page has one, so its cost grew with the editions. A child is
    private only through a restriction on itself or on one of its ancestors: only those
    are read, the same for 2 editions or 50, and kept under the navigation's version (a
    restriction saved or deleted, a page moved or published moves it on).
    """
    from wagtail.models import PageViewRestriction

    from cohort import navcache
    from cohort.models import tree_paths

    ancestors = tree_paths(parent)
    restricted = navcache.remembered(f"restricted-under:{parent.path}", lambda: list(
        PageViewRestriction.objects.filter(
            Q(page__path__in=ancestors)
            | Q(page__path__startswith=parent.path, page__depth=parent.depth + 1)
        ).values_list("page__path", flat=True)
    ), navcache.PRIVACY_SECONDS)
    children = queryset.child_of(parent)
    if any(path in ancestors for path in restricted):
        return children.none()
    return children.exclude(path__in=restricted) if restricted else children
