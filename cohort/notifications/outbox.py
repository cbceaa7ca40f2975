"""The outbox: every email the site sends is stored with the write that caused it and
sent by Celery after commit, once (DESIGN.md, rule 5)."""

import logging
from datetime import timedelta

from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.utils import timezone

from cohort.emails import one_line
from cohort.notifications.models import OutgoingEmail

logger = logging.getLogger(__name__)

MAX_EMAIL_ATTEMPTS = 8


def email_queue(
    *,
    to: list[str],
    subject: str,
    body: str,
    html_body: str = "",
    from_email: str = "",
    key: str | None = None,
    headers: dict | None = None,
    notification_ids=(),
) -> OutgoingEmail:
    """Store an email and have it sent after the surrounding transaction commits.

    With ``key`` the same email is stored once only: queueing it again returns
    the existing row. If the broker is down the row stays pending and the
    beat task ``resend_pending_email`` sends it later (DESIGN.md, rule 5).
    """
    if key:
        existing = OutgoingEmail.objects.filter(key=key).first()
        if existing:
            return existing
    try:
        with transaction.atomic():
            email = OutgoingEmail.objects.create(
                to=list(to),
                # One line of plain text: a line break would end the header.
                subject=one_line(subject)[:255],
                body=body,
                html_body=html_body,
                from_email=from_email,
                key=key,
                headers=dict(headers or {}),
                notification_ids=list(notification_ids),
            )
    except IntegrityError:
        # A concurrent request stored the same key first.
        return OutgoingEmail.objects.get(key=key)
    transaction.on_commit(lambda: email_enqueue(email.pk))
    return email


def email_queue_message(message: EmailMultiAlternatives, key: str | None = None) -> OutgoingEmail:
    """Queue a rendered Django email message (as allauth renders them)."""
    html = ""
    for content, mimetype in getattr(message, "alternatives", []) or []:
        if mimetype == "text/html":
            html = content
    return email_queue(
        to=list(message.to),
        subject=message.subject,
        body=message.body,
        html_body=html,
        from_email=message.from_email or "",
        key=key,
    )


def email_enqueue(email_id: int) -> bool:
    """Hand the email to Celery; never raises (the outbox retries what fails here)."""
    from cohort.notifications.tasks import enqueue, send_email

    return enqueue(send_email, email_id)


def email_send(email_id: int) -> bool:
    """Send one stored email once. Returns True when it was sent by this call."""
    with transaction.atomic():
        email = (
            OutgoingEmail.objects.select_for_update(skip_locked=True)
            .filter(pk=email_id, status=OutgoingEmail.Status.PENDING)
            .first()
        )
        if email is None:
            return False  # already sent, given up, or another worker holds it
        if email.notification_ids and not _still_visible(email):
            email.status = OutgoingEmail.Status.CANCELLED
            email.save(update_fields=["status"])
            logger.info("Email %s cancelled: its recipient may no longer see it.", email_id)
            return False
        message = EmailMultiAlternatives(
            subject=email.subject,
            body=email.body,
            from_email=email.from_email or None,
            to=email.to,
            headers=email.headers or None,
        )
        if email.html_body:
            message.attach_alternative(email.html_body, "text/html")
        email.attempts += 1
        try:
            message.send()
        except Exception as exc:
            email.last_error = f"{type(exc).__name__}: {exc}"[:2000]
            if email.attempts >= MAX_EMAIL_ATTEMPTS:
                email.status = OutgoingEmail.Status.FAILED
            email.save(update_fields=["attempts", "last_error", "status"])
            logger.warning("Sending email %s failed: %s", email_id, email.last_error)
            return False
        email.status = OutgoingEmail.Status.SENT
        email.sent_at = timezone.now()
        email.last_error = ""
        email.save(update_fields=["attempts", "status", "sent_at", "last_error"])
        return True


def _still_visible(email) -> bool:
    """Every notification the email is about is still the recipient's to see. If not, the
    email is cancelled and what is still visible waits for the next digest."""
    from cohort.notifications import selectors
    from cohort.notifications.models import Notification

    notifications = list(
        Notification.objects.filter(pk__in=email.notification_ids).select_related("recipient")
    )
    if not notifications:
        return False
    recipient = notifications[0].recipient
    visible = selectors.visible(recipient, notifications)
    if len(visible) == len(email.notification_ids):
        return True
    Notification.objects.filter(pk__in=[n.pk for n in visible]).update(digested_at=None)
    Notification.objects.filter(
        pk__in=email.notification_ids, email=Notification.Email.SENT
    ).update(email=Notification.Email.SKIPPED)
    return False


def email_pending_ids(older_than_seconds: int = 60) -> list[int]:
    cutoff = timezone.now() - timedelta(seconds=older_than_seconds)
    return list(
        OutgoingEmail.objects.filter(status=OutgoingEmail.Status.PENDING, created_at__lte=cutoff)
        .order_by("created_at")
        .values_list("pk", flat=True)[:500]
    )
