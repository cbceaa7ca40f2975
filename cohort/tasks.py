"""Celery tasks take ids, load, and call a service; they are safe to run twice."""

from celery import shared_task


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
