"""Reads for notifications: what a member may still see of what they were told.

A notification is shown (and mailed) only while its recipient is a member of its edition
and may open its subject: a member removed from an edition stops seeing and getting
anything about it at once, also what was already waiting (rule 1).
"""

from collections import OrderedDict

from django.db.models import Count, Exists, OuterRef, Q

from cohort import permissions
from cohort.notifications import registry
from cohort.notifications.models import Notification


def _in_own_editions(user):
    from cohort.models import Membership

    return Q(cohort__isnull=True) | Exists(
        Membership.objects.filter(user=user, cohort_id=OuterRef("cohort_id"))
    )


def unread_count(user) -> int:
    """The header's count: one query on the unread index, whatever the numbers (once per
    request: kept on the user object until something is marked read)."""
    if not user.is_authenticated:
        return 0
    cached = getattr(user, "_unread_notifications", None)
    if cached is None:
        cached = Notification.objects.filter(recipient=user, read_at__isnull=True).filter(
            _in_own_editions(user)
        ).count()
        user._unread_notifications = cached
    return cached


def unread_count_about(user, subject_key: str) -> tuple[int, int, int]:
    """The header's count and, in the same query, how many unread are about one subject:
    all of them, and those the header counts (``services.subject_read``: nothing to write
    when none is)."""
    own, about = _in_own_editions(user), Q(subject_key=subject_key)
    unread = Notification.objects.filter(recipient=user, read_at__isnull=True).aggregate(
        total=Count("pk", filter=own), about=Count("pk", filter=about),
        about_counted=Count("pk", filter=own & about))
    user._unread_notifications = unread["total"]
    return unread["total"], unread["about"], unread["about_counted"]


def visible(user, notifications) -> list[Notification]:
    """Those of ``notifications`` the user may still open: their edition, their subject
    (one question per subject prefix)."""
    notifications = list(notifications)
    cohorts = permissions.cohort_ids_for(user)
    candidates = [n for n in notifications if n.cohort_id is None or n.cohort_id in cohorts
                  or user.is_superuser]
    by_prefix = {}
    for notification in candidates:
        prefix, _, value = notification.subject_key.partition(":")
        by_prefix.setdefault(prefix, set()).add(value)
    allowed = {
        prefix: registry.visible_subject_ids(user, prefix, values)
        for prefix, values in by_prefix.items()
    }
    return [
        n for n in candidates
        if n.subject_key.partition(":")[2] in allowed[n.subject_key.partition(":")[0]]
    ]


def listing(user, limit=100):
    """The notifications page: newest first, grouped by edition (in order of their newest).

    Unread notifications the member can no longer open are marked read here, so the
    header's count (one query, by edition only) catches up with what they may see.
    """
    from django.utils import timezone

    recent = list(
        Notification.objects.filter(recipient=user).filter(_in_own_editions(user))
        .select_related("actor", "cohort").order_by("-created_at", "-pk")[:limit]
    )
    shown = visible(user, recent)
    hidden = [n.pk for n in recent if n not in shown and n.read_at is None]
    if hidden:
        Notification.objects.filter(pk__in=hidden).update(read_at=timezone.now())
    groups = OrderedDict()
    for notification in shown:
        groups.setdefault(notification.cohort, []).append(notification)
    return list(groups.items())


def for_user(user, pk) -> Notification:
    """One of the user's notifications they may still open, or Notification.DoesNotExist."""
    notification = Notification.objects.select_related("cohort").get(recipient=user, pk=pk)
    if not visible(user, [notification]):
        raise Notification.DoesNotExist
    return notification


def watch_level(user, subject_key) -> str:
    from cohort.notifications.models import SubjectWatch

    level = SubjectWatch.objects.filter(user=user, subject_key=subject_key).values_list(
        "level", flat=True).first()
    return level or SubjectWatch.Level.NORMAL
