from django.core.management.base import BaseCommand

from cohort.notifications import delivery, outbox


class Command(BaseCommand):
    help = (
        "Send the leergangbrief of every member whose hour has come in this period "
        "(the hourly beat task does this). --now sends everyone's now, whatever their hour; "
        "a period is never sent twice."
    )

    def add_arguments(self, parser):
        parser.add_argument("--now", action="store_true",
                            help="Do not wait for each member's hour (still once per period).")

    def handle(self, *args, now=False, **options):
        count = delivery.send_digests(force=now)  # each member's in its own transaction
        # Without Redis the outbox sends after commit in this process; make sure it has.
        for email_id in outbox.email_pending_ids(older_than_seconds=0):
            outbox.email_send(email_id)
        self.stdout.write(f"{count} leergangbrief(s) sent.")
