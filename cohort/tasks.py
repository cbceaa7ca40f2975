"""Celery tasks take ids, load, and call a service; they are safe to run twice."""

from celery import shared_task

from cohort import services


@shared_task(name="cohort.tasks.send_email", ignore_result=True)
def send_email(email_id: int) -> bool:
    return services.email_send(email_id)


@shared_task(name="cohort.tasks.resend_pending_email", ignore_result=True)
def resend_pending_email() -> int:
    """Beat task: send what a down broker or worker left pending."""
    sent = 0
    for email_id in services.email_pending_ids():
        sent += services.email_send(email_id)
    return sent


@shared_task(name="cohort.tasks.publish_scheduled", ignore_result=True)
def publish_scheduled() -> None:
    """Beat task: publish (and unpublish) what facilitators scheduled in Wagtail."""
    from django.core.management import call_command

    call_command("publish_scheduled", verbosity=0)


@shared_task(name="cohort.tasks.purge_request_counts", ignore_result=True)
def purge_request_counts() -> int:
    """Beat task: forget request counters of windows long past."""
    from cohort import throttle

    return throttle.purge()
