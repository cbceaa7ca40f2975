"""Reads for cases; every one starts from ``permissions.visible_cases``."""

from dataclasses import dataclass

from django.db.models import Count, Max, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce, Greatest

from cohort import permissions
from cohort.cases.models import Case, CaseEvent, CaseFeedback


def feedback_filter(user, prefix="") -> Q:
    """Feedback the user may read: shared with the audience, or theirs as author or facilitator.

    With ``prefix="feedback__"`` the filter is written from the case's side (for annotations).
    """
    case = "" if prefix else "case__"
    return (
        Q(**{f"{prefix}visibility": CaseFeedback.Visibility.AUDIENCE})
        | Q(**{f"{case}author": user})
        | Q(**{f"{case}cohort_id__in": permissions.facilitated_cohort_ids(user)})
    )


def case_for(user, pk) -> Case:
    """One case the user may open, or Case.DoesNotExist (the view answers 404); with the
    number of its edition's participants, for ``audience_line``."""
    from cohort.models import Membership

    participants = (Membership.objects.filter(
        cohort_id=OuterRef("cohort_id"), role=Membership.Role.PARTICIPANT, user__is_active=True)
        .order_by().values("cohort_id").annotate(n=Count("pk")).values("n"))
    return (
        permissions.visible_cases(user)
        # The sessions' titles fall back on their block's.
        .select_related("author", "cohort", "block", "discussed_session__block",
                        "planned_session__block")
        .defer("discussed_session__block__body", "planned_session__block__body")
        .annotate(participant_count=Coalesce(Subquery(participants), 0))
        .get(pk=pk)
    )


@dataclass
class CaseFilters:
    block: int | None = None
    status: str | None = None
    author: int | None = None
    q: str = ""


def cohort_cases(user, cohort, filters: CaseFilters | None = None) -> QuerySet:
    """The edition's cases the user may see, latest activity first, with reply counts.

    ``activity_at`` is the latest activity this reader may see: the shared activity, or
    feedback meant for them (author, facilitators) when that is newer.
    """
    filters = filters or CaseFilters()
    cases = permissions.visible_cases(user).filter(cohort=cohort)
    if filters.block:
        cases = cases.filter(block_id=filters.block)
    if filters.status:
        cases = cases.filter(status=filters.status)
    if filters.author:
        cases = cases.filter(author_id=filters.author)
    if filters.q:
        words = Q()
        for field in ("title", "situation", "my_role", "question", "tried", "parties"):
            words |= Q(**{f"{field}__icontains": filters.q})
        cases = cases.filter(words)
    return (
        cases.select_related("author", "block", "planned_session")
        .annotate(
            reply_count=Count("feedback", filter=feedback_filter(user, "feedback__")
                              & Q(feedback__removed_at__isnull=True), distinct=True),
            attachment_count=Count("attachments", distinct=True),
            activity_at=Greatest(
                "last_activity_at",
                Coalesce(Max("feedback__created_at", filter=feedback_filter(user, "feedback__")),
                         "last_activity_at"),
            ),
        )
        .order_by("-activity_at", "-pk")
    )


def own_cases(user) -> QuerySet:
    return (
        permissions.visible_cases(user).filter(author=user)
        .select_related("cohort", "block").order_by("-last_activity_at", "-pk")
    )


def case_feedback(user, case) -> QuerySet:
    return (case.feedback.filter(feedback_filter(user)).select_related("author")
            .prefetch_related("revisions"))


def case_history(case) -> QuerySet:
    # A session's title falls back on its block's: read with it, not once per event.
    return (case.events.select_related("actor", "session__block")
            .defer("session__block__body").order_by("created_at", "pk"))


def case_authors(user, cohort) -> QuerySet:
    """Authors in the filter: people with a case the user can see in this edition."""
    from cohort.models import User

    return User.objects.filter(
        pk__in=permissions.visible_cases(user).filter(cohort=cohort).values("author_id")
    ).order_by("first_name", "last_name")


def export_cases(user, cases: QuerySet) -> QuerySet:
    """The cases an export holds, with everything the user may see of them, in few queries."""
    return cases.select_related("author", "cohort", "block").prefetch_related(
        "attachments",
        Prefetch("events", queryset=CaseEvent.objects.select_related("actor", "session__block")
                 .defer("session__block__body")),
        # Removed feedback keeps its place on the page ("removed"), never its words here.
        Prefetch("feedback", queryset=CaseFeedback.objects.filter(feedback_filter(user))
                 .filter(removed_at__isnull=True).select_related("author"),
                 to_attr="visible_feedback"),
    )


def audience_line(case) -> str:
    """Who can see the case, in words, shown on its page (issue: "Zichtbaar voor: …"); the
    case as ``case_for`` reads it, with ``participant_count``."""
    from django.utils.translation import gettext as _
    from django.utils.translation import ngettext

    if case.is_draft:
        return _("Visible to: you alone, until you submit it.")
    if case.audience == Case.Audience.FACILITATORS:
        return _("Visible to: the author and the facilitators of %(cohort)s.") % {
            "cohort": case.cohort.title}
    participants = case.participant_count
    return ngettext(
        "Visible to: %(cohort)s — %(count)d participant and the facilitators.",
        "Visible to: %(cohort)s — %(count)d participants and the facilitators.",
        participants,
    ) % {"cohort": case.cohort.title, "count": participants}


def my_leergang_panel(user, cohorts) -> dict:
    """The cases section of Mijn leergang for each edition: my own cases and what happened
    lately, two queries for all the editions together."""
    from cohort.models import Membership
    from cohort.selectors import first_per

    ids = [cohort.pk for cohort in cohorts]
    mine = first_per(own_cases(user).filter(cohort_id__in=ids), "cohort_id",
                     ["-last_activity_at", "-pk"], 5)
    kinds = [CaseEvent.Kind.SUBMITTED, CaseEvent.Kind.DISCUSSED, CaseEvent.Kind.CLOSED,
             CaseEvent.Kind.FOLLOW_UP, CaseEvent.Kind.EDITED]
    visible = permissions.visible_cases(user).filter(cohort_id__in=ids).exclude(
        status=Case.Status.DRAFT)
    events = first_per(CaseEvent.objects.filter(case__in=visible, kind__in=kinds)
                       .select_related("case", "actor"),
                       "case__cohort_id", ["-created_at", "-pk"], 8)
    panels = {pk: {"own_cases": [], "activity": []} for pk in ids}
    for case in mine:
        panels[case.cohort_id]["own_cases"].append(case)
    for event in events:
        panels[event.case.cohort_id]["activity"].append(event)
    return {cohort.pk: ("cases/my_leergang_panel.html", {
        "cohort": cohort, **panels[cohort.pk],
        "can_write": permissions.role_in(user, cohort) == Membership.Role.PARTICIPANT,
    }) for cohort in cohorts}
