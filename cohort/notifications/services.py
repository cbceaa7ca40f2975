"""Writes for notifications (HackSoft style: <entity>_<action>).

``notify`` is what every capability calls: recipients, a kind, a subject key and what to
show. It stores one row with the caller's write and queues one task after commit, which
expands it in one bulk insert, whatever the number of recipients; no email is sent inside
the request (rule 5). Nobody is told about their own action, or
twice about one event (rule 10).
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from cohort.emails import one_line
from cohort.notifications import registry
from cohort.notifications.models import (
    Notification,
    NotificationBatch,
    NotificationPreference,
    SubjectWatch,
)

logger = logging.getLogger(__name__)

EXCERPT_CHARS = 280


def _id(user_or_id):
    return getattr(user_or_id, "pk", user_or_id)


def excerpt_of(text: str) -> str:
    """The first lines of a text, for members who want them in their emails."""
    text = one_line(text)
    return text if len(text) <= EXCERPT_CHARS else text[: EXCERPT_CHARS - 1].rstrip() + "…"


def preferences_ensure(user_ids) -> None:
    """Settings rows for these members, with the defaults of their role: a weekly
    leergangbrief for participants, a daily one for facilitators (two queries)."""
    from cohort.models import Membership

    user_ids = set(user_ids)
    have = set(NotificationPreference.objects.filter(user_id__in=user_ids)
               .values_list("user_id", flat=True))
    missing = user_ids - have
    if not missing:
        return
    facilitators = set(
        Membership.objects.filter(user_id__in=missing, role=Membership.Role.FACILITATOR)
        .values_list("user_id", flat=True)
    )
    NotificationPreference.objects.bulk_create(
        [
            NotificationPreference(
                user_id=user_id,
                digest=NotificationPreference.Digest.DAILY if user_id in facilitators
                else NotificationPreference.Digest.WEEKLY,
            )
            for user_id in missing
        ],
        ignore_conflicts=True,
    )


def preference_for(user) -> NotificationPreference:
    preferences_ensure([user.pk])
    return NotificationPreference.objects.get(user=user)


def _watchers(subject_key, cohort, exclude):
    """Members watching the subject who are in its edition and may open it (a fixed
    number of queries, however many watch)."""
    from cohort.models import Membership

    ids = set(
        SubjectWatch.objects.filter(subject_key=subject_key, level=SubjectWatch.Level.WATCHING)
        .values_list("user_id", flat=True)
    ) - exclude
    if not ids:
        return set()
    if cohort is not None:
        ids &= set(Membership.objects.filter(cohort=cohort, user_id__in=ids)
                   .values_list("user_id", flat=True))
    prefix, _, value = subject_key.partition(":")
    return _active(ids) & registry.subject_viewer_ids(prefix, value, ids)


def notify(*, kind: str, subject_key: str, title: str, url: str, event_key: str,
           recipients=(), audience_roles=None, cohort=None, actor=None, excerpt: str = "",
           watchers: bool = True, watcher_kind: str | None = None):
    """Tell ``recipients`` (users or ids), and with ``audience_roles`` the members of
    ``cohort`` in those roles (``[]``: all), about one event.

    Stores one batch row with the caller's write and queues one task after commit
    (``batch_expand``), whatever the number of recipients; returns the batch, or None
    when there is nobody to tell.
    """
    registry.kind(kind)
    registry.kind(watcher_kind or kind)  # an unknown kind fails here, not when shown
    actor_id = _id(actor)
    ids = sorted({_id(person) for person in recipients} - {actor_id, None})
    if audience_roles is not None and cohort is None:
        raise ValueError("An audience needs its edition.")
    if not url.startswith("/") or url.startswith("//"):
        raise ValueError("A notification points into this site: a path, not a full URL.")
    if not ids and audience_roles is None and not watchers:
        return None
    batch = NotificationBatch.objects.create(
        kind=kind, watcher_kind=watcher_kind or kind, subject_key=subject_key, cohort=cohort,
        # One line: a title is shown inside sentences and plain-text emails.
        actor_id=actor_id, title=one_line(title)[:255], url=url,
        excerpt=excerpt_of(excerpt),
        event_key=event_key[:150], recipient_ids=ids, watchers=watchers,
        audience_roles=None if audience_roles is None else list(audience_roles),
    )
    transaction.on_commit(lambda: _enqueue_expand(batch.pk))
    return batch


def _enqueue_expand(batch_id: int) -> None:
    from cohort.notifications.tasks import enqueue, expand_batch

    enqueue(expand_batch, batch_id)  # broker down: the beat sweep expands it later


@transaction.atomic
def batch_expand(batch_id: int) -> int:
    """One notification per recipient of the batch, in one bulk insert; returns how many.

    The actor is never told about their own action; a member who muted the subject is
    told nothing; members watching it are told too, as the batch's watcher kind (in their
    digest). A direct kind is emailed after ``NOTIFICATION_EMAIL_DELAY_MINUTES`` unless
    read in the site by then. Runs once per batch (claimed by a conditional UPDATE).
    """
    now = timezone.now()
    if not NotificationBatch.objects.filter(pk=batch_id, expanded_at__isnull=True).update(
        expanded_at=now
    ):
        return 0
    batch = NotificationBatch.objects.select_related("cohort").get(pk=batch_id)
    spec = registry.kind(batch.kind)
    direct = _active(set(batch.recipient_ids)) | _audience(batch)
    direct -= {batch.actor_id, None}
    muted = set(
        SubjectWatch.objects.filter(subject_key=batch.subject_key,
                                    level=SubjectWatch.Level.MUTED)
        .values_list("user_id", flat=True)
    )
    direct -= muted
    extra = (_watchers(batch.subject_key, batch.cohort, direct | muted | {batch.actor_id})
             if batch.watchers else set())
    everyone = direct | extra
    if not everyone:
        return 0
    preferences_ensure(everyone)
    due = now + timedelta(minutes=settings.NOTIFICATION_EMAIL_DELAY_MINUTES)
    emailed = direct if spec.direct else set()
    Notification.objects.bulk_create(
        [
            Notification(
                recipient_id=user_id, kind=batch.kind if user_id in direct else batch.watcher_kind,
                actor_id=batch.actor_id, subject_key=batch.subject_key, cohort=batch.cohort,
                title=batch.title, url=batch.url, excerpt=batch.excerpt,
                event_key=batch.event_key,
                email=Notification.Email.PENDING if user_id in emailed else Notification.Email.NONE,
                email_due_at=due if user_id in emailed else None,
            )
            for user_id in sorted(everyone)
        ],
        ignore_conflicts=True,  # the same event again stores nothing (rule 10)
    )
    if emailed:
        delay = settings.NOTIFICATION_EMAIL_DELAY_MINUTES * 60
        transaction.on_commit(lambda: _enqueue_due_emails(countdown=delay + 5))
    return len(everyone)


def _active(user_ids) -> set[int]:
    """Of these ids, the members that (still) exist and are active."""
    from cohort.models import User

    if not user_ids:
        return set()
    return set(User.objects.filter(pk__in=user_ids, is_active=True).values_list("pk", flat=True))


def _audience(batch) -> set[int]:
    from cohort.models import Membership

    if batch.audience_roles is None or batch.cohort_id is None:
        return set()
    members = Membership.objects.filter(cohort_id=batch.cohort_id, user__is_active=True)
    if batch.audience_roles:
        members = members.filter(role__in=batch.audience_roles)
    return set(members.values_list("user_id", flat=True))


def batches_expand_pending(older_than_seconds: int = 30) -> int:
    """Beat task body: expand what a down broker or worker left."""
    cutoff = timezone.now() - timedelta(seconds=older_than_seconds)
    ids = list(NotificationBatch.objects.filter(expanded_at__isnull=True, created_at__lte=cutoff)
               .order_by("pk").values_list("pk", flat=True)[:500])
    told = 0
    for batch_id in ids:
        try:
            told += batch_expand(batch_id)
        except Exception:  # one broken batch must not hold up the others
            logger.exception("Notification batch %s could not be expanded.", batch_id)
    return told


def _enqueue_due_emails(countdown: int) -> None:
    """One task for the whole event; never raises (the beat sweep sends what this misses)."""
    from cohort.notifications.tasks import enqueue, send_due_emails

    if send_due_emails.app.conf.task_always_eager:
        return  # in-process (no Redis): nothing is due yet; the in-process beat sends it
    enqueue(send_due_emails, countdown=countdown)


def notification_open(*, user, notification: Notification) -> None:
    """Opening a notification reads it (and so its email, if still waiting, is skipped)."""
    if notification.read_at is None:
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(
            read_at=timezone.now()
        )
        user._unread_notifications = None


def notifications_read_all(*, user, cohort_id=None) -> int:
    unread = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if cohort_id is not None:
        unread = unread.filter(cohort_id=cohort_id)
    user._unread_notifications = None
    return unread.update(read_at=timezone.now())


def subject_read(*, user, subject_key: str) -> int:
    """Opening the subject itself (the case page) reads what was about it. The header's
    count (asked anyway) says in the same query whether anything is: if not, nothing is
    written."""
    from cohort.notifications.selectors import unread_count_about

    if not user.is_authenticated:
        return 0
    total, about, counted = unread_count_about(user, subject_key)
    if not about:
        return 0
    updated = Notification.objects.filter(
        recipient=user, subject_key=subject_key, read_at__isnull=True
    ).update(read_at=timezone.now())
    user._unread_notifications = max(total - counted, 0)  # what the header shows now
    return updated


def watch_set(*, user, subject_key: str, level: str) -> SubjectWatch | None:
    """Watching, normal or muted for one subject the user may open (the caller checked)."""
    if level not in SubjectWatch.Level.values:
        raise ValueError(level)
    if level == SubjectWatch.Level.NORMAL:
        SubjectWatch.objects.filter(user=user, subject_key=subject_key).delete()
        return None
    watch, _ = SubjectWatch.objects.update_or_create(
        user=user, subject_key=subject_key, defaults={"level": level}
    )
    return watch


def emails_unsubscribe(*, token: str) -> NotificationPreference | None:
    """The one-click unsubscribe of every notification email: no more email (the site
    still shows what is new). Answers the same for an unknown token."""
    preference = NotificationPreference.objects.filter(token=token).first()
    if preference is not None and preference.emails_enabled:
        preference.emails_enabled = False
        preference.save(update_fields=["emails_enabled"])
    return preference


def emails_resubscribe(*, token: str) -> NotificationPreference | None:
    preference = NotificationPreference.objects.filter(token=token).first()
    if preference is not None and not preference.emails_enabled:
        preference.emails_enabled = True
        preference.save(update_fields=["emails_enabled"])
    return preference


def subject_forget(*, subject_key: str) -> None:
    """The subject is gone (a case deleted): so is everything said about it."""
    Notification.objects.filter(subject_key=subject_key).delete()
    SubjectWatch.objects.filter(subject_key=subject_key).delete()


def subject_retitle(*, subject_key: str, title: str) -> int:
    """The subject's title changed (an edit, a name removed): notifications show the new one."""
    return Notification.objects.filter(subject_key=subject_key).update(
        title=one_line(title)[:255]
    )


def _event_keys(key):
    from django.db.models import Q

    return Q(event_key=key) | Q(event_key__startswith=f"{key}:")


def notifications_forget(key, *, keep=False):
    """What was told of an event (``key`` and the keys under it), queued or stored, with
    its text: gone (``keep``: the notification stays, without the excerpt, e.g. for a hidden
    comment or a removed feedback)."""
    if keep:
        Notification.objects.filter(_event_keys(key)).update(excerpt="")
        NotificationBatch.objects.filter(_event_keys(key)).update(excerpt="")
    else:
        Notification.objects.filter(_event_keys(key)).delete()
        NotificationBatch.objects.filter(_event_keys(key)).delete()


def notifications_retell(key, body):
    """An edited text: what was told of it, and not yet read, quotes the new version."""
    Notification.objects.filter(_event_keys(key), read_at__isnull=True).update(
        excerpt=excerpt_of(body))
    NotificationBatch.objects.filter(_event_keys(key), expanded_at__isnull=True).update(
        excerpt=excerpt_of(body))
