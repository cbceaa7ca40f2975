"""Celery tasks take ids, load, and call a service; they are safe to run twice."""

import logging

from celery import shared_task

from cohort.notifications import outbox
from config import redis_rest

logger = logging.getLogger(__name__)


def enqueue(task, *args, countdown=None) -> bool:
    """Hand a task to Celery after commit; never raises. With the broker down (or not
    answering) the row the task is about stays pending and a beat task picks it up."""
    broker = task.app.conf.broker_url or ""
    if not task.app.conf.task_always_eager and redis_rest.resting(broker):
        logger.info("Not queueing %s%r: the broker failed just now.", task.name, args)
        return False
    try:
        if countdown is None:
            task.delay(*args)
        else:
            task.apply_async(args=args, countdown=countdown)
    except Exception:
        redis_rest.rest(broker)
        logger.warning("Could not queue %s%r; a beat task will pick it up.", task.name, args)
        return False
    return True


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


@shared_task(name="notifications.tasks.send_due_emails", ignore_result=True)
def send_due_emails() -> int:
    """After an event (with a countdown) and every minute: email what is due."""
    from cohort.notifications import delivery

    return delivery.send_due_emails()


@shared_task(name="notifications.tasks.send_digests", ignore_result=True)
def send_digests() -> int:
    """Hourly: the leergangbrief of every member whose hour has come."""
    from cohort.notifications import delivery

    return delivery.send_digests()


@shared_task(name="notifications.tasks.expand_batch", ignore_result=True)
def expand_batch(batch_id: int) -> int:
    from cohort.notifications import services

    return services.batch_expand(batch_id)


@shared_task(name="notifications.tasks.expand_pending_batches", ignore_result=True)
def expand_pending_batches() -> int:
    """Beat task: expand the batches a down broker or worker left."""
    from cohort.notifications import services

    return services.batches_expand_pending()
