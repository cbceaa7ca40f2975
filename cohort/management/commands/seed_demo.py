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
        with transaction.atomic():
            summary = seed(password=password)
        self.stdout.write(self.style.SUCCESS("Demo ready."))
        self.stdout.write(f"  Site:          {summary.home_url}")
        self.stdout.write(
            f"  Facilitator:   {demo.FACILITATOR['email']} (Wagtail admin at /admin/)"
        )
        self.stdout.write("  Edition 1:     deelnemer1@example.org … deelnemer9@example.org")
        self.stdout.write(
            "  Edition 2:     editie2-deelnemer1@example.org … editie2-deelnemer3@example.org"
        )
        self.stdout.write(f"  Password:      {password}")
