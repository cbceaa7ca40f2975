import logging
from contextlib import contextmanager

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction

from cohort import demo
from cohort.demo_seed import seed


class Command(BaseCommand):
    help = "Build (or complete) the demo programme, editions and accounts. Safe to run again."

    def add_arguments(self, parser):
        parser.add_argument(
            "--password",
            default="leergang-demo",
            help="Password for every demo account (default: leergang-demo).",
        )

    def handle(self, *args, password, **options):
        # The in-process tasks (no Redis) log a line each: not what a newcomer needs to read.
        with _quiet("celery", "kombu"), transaction.atomic():
            summary = seed(password=password)
        site = settings.SITE_URL
        self.stdout.write(self.style.SUCCESS("Demo ready."))
        self.stdout.write(f"  Site:          {summary.home_url}")
        self.stdout.write(
            f"  Facilitator:   {demo.FACILITATOR['email']} (Wagtail admin at {site}/admin/,"
            f" her desk at {site}/begeleiden/)"
        )
        self.stdout.write("  Edition 1:     deelnemer1@example.org … deelnemer9@example.org")
        self.stdout.write(
            "  Edition 2:     editie2-deelnemer1@example.org … editie2-deelnemer3@example.org"
        )
        self.stdout.write(f"  Password:      {password}")
        self.stdout.write("  To try:        log in as deelnemer2 and reply to Sanne's case with @San;"
                          " as begeleider, open Begeleiden; the README walks through each role.")


@contextmanager
def _quiet(*names):
    loggers = [logging.getLogger(name) for name in names]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)
