"""What threads add to the facilitator's desk: reflections shared and comments written
since her visit before this one, and each member's latest writing."""

from django.db.models import F, Max, Q
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cohort import permissions
from cohort.desk.registry import Section, first_and_total

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
    from cohort.desk.registry import first_and_total

    # The latest of each and how many there are, one query apiece (a window count).
    latest_comments, comment_count = first_and_total(comments.order_by("-created_at"), LIMIT)
    latest_reflections, reflection_count = first_and_total(reflections.order_by("-shared_at"),
                                                           LIMIT)
    items = [{"kind": "comment", "when": c.created_at, "author": c.author,
              "subject": str(c.thread.subject), "url": c.get_absolute_url(),
              "cohort": c.thread.cohort} for c in latest_comments]
    items += [{"kind": "reflection", "when": r.shared_at, "author": r.author,
               "subject": str(r), "url": r.get_absolute_url(), "cohort": r.cohort}
              for r in latest_reflections]
    items.sort(key=lambda item: item["when"], reverse=True)
    count = comment_count + reflection_count
    return Section(
        key="new", title=_("New since your last visit"), template="desk/news.html",
        items=items[:LIMIT], count=count,
        empty=_("Nothing new since your last visit."),
        summary=ngettext("%(count)d new reflection or comment",
                         "%(count)d new reflections and comments", count) % {"count": count},
    )


def writing_activity(user_ids, cohort_ids) -> dict:
    """{(member, edition): when they last commented or shared a reflection there} (a draft
    reflection is its author's alone, and does not count)."""
    from cohort.threads.models import Comment, Reflection

    latest = {}
    for rows in (
        Comment.objects.filter(thread__cohort_id__in=cohort_ids, author_id__in=user_ids)
        .values("author_id", cohort_id=F("thread__cohort_id")).annotate(at=Max("created_at")),
        Reflection.objects.filter(cohort_id__in=cohort_ids, author_id__in=user_ids,
                                  shared_at__isnull=False)
        .values("author_id", "cohort_id").annotate(at=Max("shared_at")),
    ):
        for row in rows:
            key = (row["author_id"], row["cohort_id"])
            if row["at"] and (key not in latest or row["at"] > latest[key]):
                latest[key] = row["at"]
    return latest


def progress_marks(cohort, user_ids, block_ids) -> dict:
    """A shared reflection in the block (on one of its questions or on the whole)."""
    from cohort.threads.models import Reflection

    rows = (Reflection.objects.filter(cohort=cohort, author_id__in=user_ids,
                                      block_id__in=block_ids, deleted_at=None,
                                      status=Reflection.Status.SHARED)
            .values_list("author_id", "block_id").order_by().distinct())
    return {(author_id, block_id): _("reflection") for author_id, block_id in rows}


def _answers(cohort):
    """(commenter, author of what they answered, count): comments on others' cases and
    reflections in the edition, removed ones left out."""
    from django.db.models import Count

    from cohort.threads.models import Comment

    comments = Comment.objects.filter(thread__cohort=cohort, deleted_at=None,
                                      author__isnull=False)
    for subject_author in ("thread__case__author_id", "thread__reflection__author_id"):
        rows = (comments.filter(**{f"{subject_author}__isnull": False})
                .values_list("author_id", subject_author).annotate(n=Count("pk")))
        for giver, receiver, n in rows:
            if giver != receiver:
                yield giver, receiver, n


def progress_columns(cohort, user_ids) -> list:
    given, received = {}, {}
    for giver, receiver, n in _answers(cohort):
        given[giver] = given.get(giver, 0) + n
        received[receiver] = received.get(receiver, 0) + n
    return [(_("comments given"), given), (_("comments received"), received)]


def progress_table(cohort, people):
    """Who answered whose cases and reflections: rows answer columns."""
    counts = {(giver, receiver): n for giver, receiver, n in _answers(cohort)}
    if not people:
        return None
    rows = [{"user": giver, "cells": [(receiver, counts.get((giver.pk, receiver.pk), 0))
                                      for receiver in people]} for giver in people]
    return "threads/progress_matrix.html", {"people": people, "matrix": rows}


def questions(user, cohorts, since):
    """Comments in her editions that mention her and that she has not answered in their
    thread since (one query, the answer checked in it)."""
    from django.db.models import Exists, OuterRef

    from cohort.threads.models import Comment

    answered = Comment.objects.filter(thread_id=OuterRef("thread_id"), author=user,
                                      number__gt=OuterRef("number"))
    asked = (permissions.visible_comments(user)
             .filter(thread__cohort_id__in=[cohort.pk for cohort in cohorts], mentions=user,
                     deleted_at=None, hidden_at=None)
             .exclude(author=user).filter(~Exists(answered))
             .select_related("author", "thread__cohort", "thread__case",
                             "thread__reflection__author", "thread__reflection__block")
             .order_by("created_at", "pk"))
    rows, count = first_and_total(asked, LIMIT)
    items = [{"kind": "comment", "when": c.created_at, "author": c.author,
              "subject": str(c.thread.subject), "url": c.get_absolute_url(),
              "cohort": c.thread.cohort} for c in rows]
    return Section(
        key="questions", title=_("Addressed to you"), template="desk/news.html",
        items=items, count=count,
        empty=_("Nobody is waiting for an answer from you in a thread."),
        summary=ngettext("%(count)d comment addressed to you, not answered yet",
                         "%(count)d comments addressed to you, not answered yet",
                         count) % {"count": count},
    )
