"""Run the periodic tasks of CELERY_BEAT_SCHEDULE in this process, for ``make run``.

Without Redis there is no Celery beat, yet scheduled pages must still go live and
reminders and follow-ups still go out. Every task is idempotent, so running this
next to a real beat (or twice) does no harm.
"""

import time
from datetime import timedelta

from celery import current_app
from celery.schedules import schedule as every
from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone


def _schedules():
    entries = {}
    for name, entry in settings.CELERY_BEAT_SCHEDULE.items():
        spec = entry["schedule"]
        if isinstance(spec, (int, float)):
            spec = every(timedelta(seconds=spec))
        elif isinstance(spec, timedelta):
            spec = every(spec)
        entries[name] = (entry["task"], spec)
    return entries


class Command(BaseCommand):
    help = "Run the Celery beat schedule in-process (development without Redis)."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Run every task once and stop.")
        parser.add_argument("--tick", type=float, default=20.0, help="Seconds between checks.")

    def handle(self, *args, once=False, tick=20.0, **options):
        import config.celery  # noqa: F401  (registers the app and its tasks)

        current_app.loader.import_default_modules()
        entries = _schedules()
        last_run = {name: None for name in entries}
        while True:
            now = timezone.now()
            for name, (task_name, spec) in entries.items():
                due = once or last_run[name] is None or spec.is_due(last_run[name]).is_due
                if not due:
                    continue
                last_run[name] = now
                try:
                    current_app.tasks[task_name].apply()
                except Exception as exc:  # keep the loop alive; the next tick retries
                    self.stderr.write(f"{task_name} failed: {exc!r}")
            if once:
                return
            time.sleep(tick)
