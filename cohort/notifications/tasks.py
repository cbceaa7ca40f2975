"""Celery tasks take ids, load, and call a service; they are safe to run twice."""

from celery import shared_task

from cohort.notifications import outbox


@shared_task(name="notifications.tasks.send_email", ignore_result=True)
def send_email(email_id: int) -> bool:
    return outbox.email_send(email_id)


@shared_task(name="notifications.tasks.resend_pending_email", ignore_result=True)
def resend_pending_email() -> int:
    """Beat task: send what a down broker or worker left pending."""
    sent = 0
    for email_id in outbox.email_pending_ids():
        sent += outbox.email_send(email_id)
    return sent
