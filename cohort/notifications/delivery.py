"""Email out of notifications: the direct kinds one by one after a short delay, everything
else in the digest ("de leergangbrief"), daily or weekly at the member's hour.

Both run as beat tasks (and the direct emails also as a task queued after the event);
both are safe to run twice or in parallel: a notification is claimed by a conditional
UPDATE before its email is queued, a digest period by another, and the outbox key
stores each email once. Whether the member may still see it is checked again here.
"""

import datetime
import logging
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from cohort.emails import absolute_url, render_subject, render_text
from cohort.notifications import registry, selectors
from cohort.notifications.models import Notification, NotificationPreference, OutgoingEmail
from cohort.notifications.outbox import email_queue

BATCH = 500
logger = logging.getLogger(__name__)


def _domain() -> str:
    return urlsplit(settings.SITE_URL).hostname or "localhost"


def mail_headers(preference, *, message_id: str, thread: str | None = None) -> dict:
    """One-click unsubscribe (RFC 8058) and ids that let mail clients group one subject."""
    unsubscribe = absolute_url(reverse("notifications:unsubscribe", args=[preference.token]))
    headers = {
        "List-Unsubscribe": f"<{unsubscribe}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        "Message-ID": f"<{message_id}@{_domain()}>",
    }
    if thread:
        headers["References"] = headers["In-Reply-To"] = f"<{thread}@{_domain()}>"
    return headers


def _links(preference) -> dict:
    return {
        "settings_url": absolute_url(reverse("notifications:preferences")),
        "unsubscribe_url": absolute_url(reverse("notifications:unsubscribe", args=[preference.token])),
        "notifications_url": absolute_url(reverse("notifications:list")),
    }


def sentence(notification) -> str:
    """The notification in words; its title alone for a kind no longer registered."""
    from django.utils.translation import gettext as _

    try:
        spec = registry.kind(notification.kind)
    except LookupError:
        return notification.title
    actor = notification.actor.get_display_name() if notification.actor else _("Someone")
    return spec.sentence % {"actor": actor, "title": notification.title}


# --- Direct kinds -----------------------------------------------------------------------


def _skip_reason(notification, preference) -> str | None:
    if notification.read_at is not None:
        return "read"
    if not preference.emails_enabled:
        return "preference"
    if not selectors.visible(notification.recipient, [notification]):
        return "no longer visible"
    return None


def send_due_emails(now=None) -> int:
    """Email the direct notifications whose delay has passed; returns how many."""
    now = now or timezone.now()
    due = list(
        Notification.objects.filter(email=Notification.Email.PENDING, email_due_at__lte=now)
        .select_related("recipient", "actor", "cohort").order_by("email_due_at", "pk")[:BATCH]
    )
    if not due:
        return 0
    from cohort.notifications.services import preferences_ensure

    preferences_ensure({n.recipient_id for n in due})
    preferences = {p.user_id: p for p in NotificationPreference.objects.filter(
        user_id__in={n.recipient_id for n in due})}
    sent = 0
    for notification in due:
        try:
            sent += _send_one(notification, preferences[notification.recipient_id], now)
        except Exception:  # one broken notification must not hold up the others
            logger.exception("Notification %s could not be emailed.", notification.pk)
    return sent


@transaction.atomic
def _send_one(notification, preference, now) -> bool:
    reason = _skip_reason(notification, preference)
    pending = Notification.objects.filter(pk=notification.pk, email=Notification.Email.PENDING)
    if not reason and not preference.immediate_email:
        # No email at once: it joins the member's leergangbrief instead.
        pending.update(email=Notification.Email.NONE)
        return False
    if reason:
        pending.update(email=Notification.Email.SKIPPED)
        return False
    # Claimed only if still unread and pending: a read in the meantime skips it.
    if not pending.filter(read_at__isnull=True).update(email=Notification.Email.SENT,
                                                        emailed_at=now):
        pending.update(email=Notification.Email.SKIPPED)
        return False
    person = notification.recipient
    with translation.override(preference.language or settings.LANGUAGE_CODE):
        context = {
            "person": person, "notification": notification,
            "sentence": sentence(notification), "url": absolute_url(notification.get_absolute_url()),
            "excerpt": notification.excerpt if preference.show_excerpts else "",
            **_links(preference),
        }
        email_queue(
            to=[person.email],
            subject=render_subject("notifications/email/notification_subject.txt", context),
            body=render_text("notifications/email/notification.txt", context),
            html_body=render_to_string("notifications/email/notification.html", context),
            key=f"notification:{notification.pk}",
            notification_ids=[notification.pk],
            headers=mail_headers(
                preference, message_id=f"notification-{notification.pk}",
                thread=f"{notification.subject_key.replace(':', '-')}.{person.pk}",
            ),
        )
    return True


# --- The digest ("de leergangbrief") ------------------------------------------------------


def digest_period(preference, now) -> tuple[str, datetime.datetime]:
    """The period ``now`` falls in for this member and the moment its digest is due, both
    in Dutch local time: daylight saving moves neither (a day is a date, a week an ISO
    week), so a digest is never sent twice for one period, nor skipped."""
    zone = ZoneInfo(settings.TIME_ZONE)
    local = timezone.localtime(now, zone)
    at = datetime.time(preference.digest_hour)
    if preference.digest == NotificationPreference.Digest.DAILY:
        return f"d{local.date().isoformat()}", datetime.datetime.combine(local.date(), at, zone)
    year, week, _ = local.isocalendar()
    monday = local.date() - datetime.timedelta(days=local.weekday())
    day = monday + datetime.timedelta(days=preference.digest_weekday)
    return f"w{year}-{week:02d}", datetime.datetime.combine(day, at, zone)


def send_digests(now=None, *, force=False) -> int:
    """Beat task body (hourly): the digest of every member whose moment has come in this
    period; ``force`` sends them now whatever the hour (still once per period)."""
    now = now or timezone.now()
    preferences = NotificationPreference.objects.filter(emails_enabled=True).exclude(
        digest=NotificationPreference.Digest.OFF
    ).select_related("user")
    sent = 0
    for preference in preferences:
        try:
            sent += send_digest(preference, now, force=force)
        except Exception:  # one member's digest must not hold up the others'
            logger.exception("The leergangbrief of member %s failed.", preference.user_id)
    return sent


def send_digest(preference, now, *, force=False) -> int:
    period, due_at = digest_period(preference, now)
    if preference.last_digest_period == period or (not force and now < due_at):
        return 0
    with transaction.atomic():
        claimed = NotificationPreference.objects.filter(pk=preference.pk).exclude(
            last_digest_period=period
        ).update(last_digest_period=period)
        if not claimed:
            return 0  # another run took this period
        person = preference.user
        key = f"digest:{person.pk}:{period}"
        if OutgoingEmail.objects.filter(key=key).exists():
            return 0  # this period was mailed before (the cadence was switched back)
        waiting = (
            Notification.objects.filter(recipient=person, email=Notification.Email.NONE,
                                        digested_at__isnull=True, read_at__isnull=True)
            .select_related("actor", "cohort").order_by("cohort__title", "created_at", "pk")
        )
        items = selectors.visible(person, waiting)
        if not items:
            return 0  # nothing new: no mail
        Notification.objects.filter(pk__in=[n.pk for n in items]).update(digested_at=now)
        # Every line in the member's language, the sentences too.
        with translation.override(preference.language or settings.LANGUAGE_CODE):
            groups = {}
            for notification in items:
                groups.setdefault(notification.cohort, []).append(
                    {"sentence": sentence(notification),
                     "url": absolute_url(notification.get_absolute_url()),
                     "excerpt": notification.excerpt if preference.show_excerpts else ""}
                )
            context = {"person": person, "groups": list(groups.items()), "count": len(items),
                       "period": period, "preference": preference, **_links(preference)}
            email_queue(
                to=[person.email],
                subject=render_subject("notifications/email/digest_subject.txt", context),
                body=render_text("notifications/email/digest.txt", context),
                html_body=render_to_string("notifications/email/digest.html", context),
                key=key,
                notification_ids=[n.pk for n in items],
                headers=mail_headers(preference, message_id=f"digest-{person.pk}-{period}"),
            )
        return 1
