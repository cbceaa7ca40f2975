"""Benchmark: notifications at growing numbers of members and notifications.

Prints, side by side in one run, the time and query count of a case submit with 10, 100
and 1,000 edition members (the request: it stores one batch row); the task after commit
that turns a batch into 1,000 notifications; the header's unread count for a member with
0 and 5,000 notifications; and the digest task for 1,000 members, each with news. Targets: the submit at 1,000
members within 1.1x the time of the submit at 10 and the same query count; the header
count one query whatever the number. Runs on the configured database inside a
transaction that is rolled back, so it leaves nothing behind:

    DJANGO_SETTINGS_MODULE=config.settings.dev .venv/bin/python bench/notifications.py
"""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")

import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402

ROUNDS = 5


class Rollback(Exception):
    pass


def _measured(fn):
    """(median ms over ROUNDS, queries of one run) of ``fn(round)``."""
    queries = []

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    times = []
    for round_ in range(ROUNDS):
        queries.clear()
        with connection.execute_wrapper(count):
            started = time.perf_counter()
            fn(round_)
            times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), len(queries)


def _members(edition, n, prefix):
    from cohort.models import Membership, User

    users = User.objects.bulk_create(
        [User(email=f"{prefix}{i}@bench.example", first_name=f"B{i}") for i in range(n)]
    )
    Membership.objects.bulk_create([Membership(user=u, cohort=edition) for u in users])
    return users


def main():
    from cohort.cases import services as cases
    from cohort.notifications import delivery, selectors
    from cohort.notifications.models import Notification, NotificationPreference
    from tests.factories import cohort_page, programme_page

    rows = []
    try:
        with transaction.atomic():
            programme = programme_page(title="Benchmark")
            for size in (10, 100, 1000):
                edition = cohort_page(programme, title=f"Editie {size}")
                people = _members(edition, size, f"m{size}-")
                author = people[0]

                def submit(round_, edition=edition, author=author, size=size):
                    case = cases.case_create(
                        author=author, cohort=edition,
                        data={"title": f"Casus {size}-{round_}", "situation": "x",
                              "question": "y"},
                    )
                    cases.case_submit(user=author, case=case, audience="edition",
                                      confidentiality_confirmed=True)

                rows.append((f"case submit, {size} members", *_measured(submit)))

            edition = cohort_page(programme, title="Telling")
            quiet, busy = _members(edition, 2, "count-")
            Notification.objects.bulk_create([
                Notification(recipient=busy, kind="case_submitted", subject_key="case:1",
                             cohort=edition, title="T", url="/", event_key=f"b{n}")
                for n in range(5000)
            ])
            for label, person in (("header count, 0 notifications", quiet),
                                  ("header count, 5000 notifications", busy)):
                rows.append((label, *_measured(lambda _r, p=person: selectors.unread_count(p))))

            edition = cohort_page(programme, title="Brief")
            readers = _members(edition, 1000, "digest-")
            NotificationPreference.objects.bulk_create(
                [NotificationPreference(user=u, digest="daily", digest_hour=0) for u in readers],
                ignore_conflicts=True,
            )

            def digest(round_):
                NotificationPreference.objects.update(last_digest_period="")
                Notification.objects.filter(cohort=edition).update(digested_at=None)
                delivery.send_digests(force=True)

            from cohort.cases import services as case_services

            case = case_services.case_create(author=readers[0], cohort=edition,
                                             data={"title": "Voor de brief", "situation": "x",
                                                   "question": "y"})
            case_services.case_submit(user=readers[0], case=case, audience="edition",
                                      confidentiality_confirmed=True)
            from cohort.notifications.models import NotificationBatch
            from cohort.notifications.services import batch_expand

            batch = NotificationBatch.objects.filter(cohort=edition).latest("pk")

            def fan_out(round_):
                NotificationBatch.objects.filter(pk=batch.pk).update(expanded_at=None)
                Notification.objects.filter(cohort=edition).delete()
                batch_expand(batch.pk)

            rows.append(("fan-out task, 1000 members", *_measured(fan_out)))
            rows.append(("digest task, 1000 members", *_measured(digest)))
            raise Rollback
    except Rollback:
        pass
    print(f"{'measure':<36}{'median ms':>11}{'queries':>9}{'x time':>8}")
    reference = {"case submit": rows[0][1], "header count": rows[3][1]}
    for name, ms, queries in rows:
        key = name.split(",")[0]
        ratio = ms / reference[key] if key in reference else float("nan")
        print(f"{name:<36}{ms:>11.1f}{queries:>9}{ratio:>8.2f}")


if __name__ == "__main__":
    main()
