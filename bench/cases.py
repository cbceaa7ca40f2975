"""Benchmark: the case list, a case page and Mijn leergang at growing numbers of cases.

Prints the time and query count per size and the ratio to the smallest size; the
query counts must stay flat (no N+1). Runs on the configured database inside a
transaction that is rolled back, so it leaves nothing behind:

    DJANGO_SETTINGS_MODULE=config.settings.dev .venv/bin/python bench/cases.py
"""

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")

import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

SIZES = (10, 100, 400)


class Rollback(Exception):
    pass


def _measure(client, url, repeat=5):
    # An execute wrapper, not CaptureQueriesContext: a request start resets the query log.
    queries = []

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    started = time.perf_counter()
    for _ in range(repeat):
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
    return (time.perf_counter() - started) / repeat * 1000, len(queries)


def main():
    from cohort.cases import services
    from cohort.cases.models import CaseEvent
    from cohort.models import Membership
    from tests.factories import cohort_page, member, programme_page

    rows = []
    try:
        with transaction.atomic():
            programme = programme_page(title="Benchmark")
            edition = cohort_page(programme, title="Benchmarkeditie")
            member(edition, role=Membership.Role.FACILITATOR)
            people = [member(edition) for _ in range(9)]
            client = Client(HTTP_HOST="localhost")
            client.force_login(people[0])
            made = 0
            first_case = None
            for size in SIZES:
                for n in range(made, size):
                    case = services.case_create(
                        author=people[n % 9], cohort=edition,
                        data={"title": f"Casus {n}", "situation": "x", "question": "y"},
                    )
                    services.case_submit(user=people[n % 9], case=case, audience="edition",
                                         confidentiality_confirmed=True)
                    first_case = first_case or case
                made = size
                CaseEvent.objects.filter(case__cohort=edition).count()
                for name, url in (
                    ("case list", reverse("cases:list", args=[edition.pk])),
                    ("case page", first_case.get_absolute_url()),
                    ("Mijn leergang", reverse("programme:my_leergang")),
                ):
                    ms, queries = _measure(client, url)
                    rows.append((name, size, ms, queries))
            raise Rollback
    except Rollback:
        pass
    base = {name: (ms, q) for name, size, ms, q in rows if size == SIZES[0]}
    print(f"{'view':<15}{'cases':>7}{'ms':>9}{'x time':>8}{'queries':>9}{'x queries':>11}")
    for name, size, ms, queries in rows:
        b_ms, b_q = base[name]
        print(f"{name:<15}{size:>7}{ms:>9.1f}{ms / b_ms:>8.2f}{queries:>9}{queries / b_q:>11.2f}")


if __name__ == "__main__":
    main()
