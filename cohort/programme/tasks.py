from celery import shared_task

from cohort.programme import services


@shared_task(name="programme.tasks.send_session_reminders", ignore_result=True)
def send_session_reminders() -> int:
    """Beat task: remind members the day before a session (idempotent)."""
    return services.session_reminders_queue()
