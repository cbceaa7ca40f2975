from celery import shared_task

from cohort.cases import services


@shared_task(name="cases.tasks.send_case_follow_ups", ignore_result=True)
def send_case_follow_ups() -> int:
    """Beat task: ask authors what happened since their case was discussed (once per case)."""
    return services.case_follow_ups_queue()
