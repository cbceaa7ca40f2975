"""What cases add to the facilitator's desk: submitted cases still without feedback."""

from django.db.models import Count, Exists, IntegerField, Max, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cohort import permissions
from cohort.desk.registry import Section, first_and_total

LIMIT = 20


def edition_link(cohort_id):
    from django.urls import reverse

    return _("Cases"), reverse("cases:list", args=[cohort_id])


def waiting_cases(user, cohorts, since):
    """Submitted, and no feedback from a facilitator yet: the longest waiting first."""
    waiting = (_waiting(user).filter(cohort_id__in=[cohort.pk for cohort in cohorts])
               .select_related("author", "cohort").order_by("submitted_at", "pk"))
    items, count = first_and_total(waiting, LIMIT)
    return Section(
        key="feedback", title=_("Cases waiting for your feedback"),
        template="desk/cases.html", items=items, count=count,
        empty=_("Every submitted case has feedback."),
        summary=ngettext("%(count)d case waits for feedback",
                         "%(count)d cases wait for feedback", count) % {"count": count},
    )


def _waiting(user):
    from cohort.cases.models import Case, CaseFeedback

    return (permissions.visible_cases(user).filter(status=Case.Status.SUBMITTED)
            .filter(~Exists(CaseFeedback.objects.filter(case=OuterRef("pk"), removed_at=None))))


def waiting_count(user):
    """Per edition, how many of its cases wait for feedback: for the editions the desk folds."""
    count = Subquery(_waiting(user).filter(cohort_id=OuterRef("pk")).order_by()
                     .values("cohort_id").annotate(n=Count("pk")).values("n"),
                     output_field=IntegerField())

    def text(n):
        return ngettext("%(count)d case waits for feedback",
                        "%(count)d cases wait for feedback", n) % {"count": n}

    return Coalesce(count, 0), text


def case_activity(user_ids, cohort_ids) -> dict:
    """{(member, edition): when they last submitted a case there}. Drafts are their
    author's alone (rule 2): writing one is nobody's business, not even as a date."""
    from cohort.cases.models import Case

    rows = (Case.objects.filter(cohort_id__in=cohort_ids, author_id__in=user_ids,
                                submitted_at__isnull=False)
            .values("author_id", "cohort_id").annotate(at=Max("submitted_at")))
    return {(row["author_id"], row["cohort_id"]): row["at"] for row in rows}


def progress_marks(cohort, user_ids, block_ids) -> dict:
    """A submitted case for the block's assignment (drafts are their author's alone)."""
    from cohort.cases.models import Case

    rows = (Case.objects.filter(cohort=cohort, author_id__in=user_ids, block_id__in=block_ids)
            .exclude(status=Case.Status.DRAFT).values_list("author_id", "block_id").order_by().distinct())
    return {(author_id, block_id): _("case") for author_id, block_id in rows}


def session_agenda(user, cohorts, since):
    """Each edition's next session with the cases chosen to discuss there (two queries)."""
    from cohort.cases.models import Case
    from cohort.programme.selectors import next_sessions_of

    first = next_sessions_of(cohorts)
    planned = {}
    for case in (Case.objects.filter(planned_session__in=list(first.values()),
                                     status=Case.Status.SUBMITTED)
                 .select_related("author").order_by("submitted_at")):
        planned.setdefault(case.planned_session_id, []).append(case)
    items = [{"session": session, "cases": planned.get(session.pk, [])}
             for session in sorted(first.values(), key=lambda s: s.start)]
    count = sum(len(item["cases"]) for item in items)
    return Section(
        key="agenda", title=_("On the agenda of the next session"),
        template="desk/agenda.html", items=items, count=count,
        empty=_("No session is planned."),
        summary=ngettext("%(count)d case on the next session's agenda",
                         "%(count)d cases on the next session's agenda", count) % {"count": count},
    )
