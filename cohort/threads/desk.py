"""What threads add to the facilitator's desk: reflections shared and comments written
since her visit before this one, and each member's latest writing."""

from django.db.models import Max, Q
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cohort import permissions
from cohort.desk.registry import Section

LIMIT = 15


def news(user, cohorts, since):
    from cohort.threads.models import Reflection

    comment_q, reflection_q = Q(pk__in=[]), Q(pk__in=[])
    for cohort_id, moment in since.items():
        comment_q |= Q(thread__cohort_id=cohort_id, created_at__gt=moment)
        reflection_q |= Q(cohort_id=cohort_id, shared_at__gt=moment)
    comments = (permissions.visible_comments(user).filter(comment_q, deleted_at=None)
                .exclude(author=user)
                .select_related("author", "thread__cohort", "thread__case",
                                "thread__reflection__author", "thread__reflection__block"))
    reflections = (permissions.visible_reflections(user)
                   .filter(reflection_q, status=Reflection.Status.SHARED, deleted_at=None)
                   .exclude(author=user).select_related("author", "cohort", "block"))
    items = [{"kind": "comment", "when": c.created_at, "author": c.author,
              "subject": str(c.thread.subject), "url": c.get_absolute_url(),
              "cohort": c.thread.cohort} for c in comments.order_by("-created_at")[:LIMIT]]
    items += [{"kind": "reflection", "when": r.shared_at, "author": r.author,
               "subject": str(r), "url": r.get_absolute_url(), "cohort": r.cohort}
              for r in reflections.order_by("-shared_at")[:LIMIT]]
    items.sort(key=lambda item: item["when"], reverse=True)
    count = comments.count() + reflections.count()
    return Section(
        key="new", title=_("New since your last visit"), template="desk/news.html",
        items=items[:LIMIT], count=count,
        empty=_("Nothing new since your last visit."),
        summary=ngettext("%(count)d new reflection or comment",
                         "%(count)d new reflections and comments", count) % {"count": count},
    )


def writing_activity(user_ids, cohort_ids) -> dict:
    """When each member last commented or shared a reflection in these editions."""
    from cohort.threads.models import Comment, Reflection

    latest = {}
    for rows in (
        Comment.objects.filter(thread__cohort_id__in=cohort_ids, author_id__in=user_ids)
        .values("author_id").annotate(at=Max("created_at")),
        Reflection.objects.filter(cohort_id__in=cohort_ids, author_id__in=user_ids)
        .values("author_id").annotate(at=Max("updated_at")),
    ):
        for row in rows:
            if row["at"] and (row["author_id"] not in latest or row["at"] > latest[row["author_id"]]):
                latest[row["author_id"]] = row["at"]
    return latest
