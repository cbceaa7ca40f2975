"""The tables ``bench/run.py`` prints: the rows, then the speed targets (issue 15)."""

import os
import re
from collections import Counter

from django.conf import settings
from django.db import connection

from bench.measure import BARE_MEMBER, BARE_VISITOR

# Issue 15's targets.
PUBLIC_MAX_QUERIES, MEMBER_MAX_QUERIES, THREAD_MAX_QUERIES = 8, 12, 8
PUBLIC_MAX_RATIO, FACILITATOR_MAX_RATIO, THREAD_MAX_RATIO = 1.5, 1.3, 1.15


def _fmt(value, spec):
    return "–" if value is None or value != value else format(value, spec)


def report(rows, *, rounds, sql, setup, total):
    """Print the rows' table and the targets' table (and with ``sql`` the statements the
    rows over their query target repeat)."""
    by_name = {row.name: row for row in rows}
    bare = {BARE_VISITOR: rows[0], BARE_MEMBER: rows[1]}
    static = rows[2]
    vendor = connection.vendor
    print(f"Benchmark: {len(rows)} rows, medians over {rounds} interleaved rounds, "
          f"{vendor} ({settings.DATABASES['default']['NAME']}), "
          f"{os.environ['DJANGO_SETTINGS_MODULE']}, DEBUG={settings.DEBUG}, cache "
          f"{settings.CACHES['default']['BACKEND'].rsplit('.', 1)[-1]}; "
          f"set-up {setup:.0f} s, whole run {total:.0f} s.\n")
    print("| row | status | queries | bytes | median ms | × bare | × static |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for row in rows:
        status = "ERR" if row.error else row.status
        varied = "" if len(set(row.counts)) <= 1 else f" ({min(row.counts)}–{max(row.counts)})"
        base = bare[row.bare].ms if row.kind != "task" else None
        ratio = row.ms / base if base else None
        print(f"| {row.name} | {status} | {_fmt(row.queries, 'd')}{varied} | "
              f"{_fmt(row.size, ',d')} | {_fmt(row.ms, '.1f')} | {_fmt(ratio, '.2f')} | "
              f"{_fmt(row.ms / static.ms if static.times else None, '.1f')} |")
    print("\n“× bare”: against the bare view of the same kind (visitor or signed in). "
          "“rendered”: the visitor's page with the page cache skipped (`?bench=render`), as "
          "on a miss. Task rows run no request: their bytes column is the notifications made.")
    errors = [row for row in rows if row.error or (row.status != row.expect and row.times)]
    for row in errors:
        print(f"- {row.name}: {row.error or f'status {row.status}, expected {row.expect}'}")

    checks = _checks(rows, by_name, bare)
    print("\n| target | result |")
    print("| --- | --- |")
    for text, ok, detail in checks:
        verdict = "n/a" if ok is None else "PASS" if ok else "FAIL"
        print(f"| {text} | {verdict}{': ' + detail if detail else ''} |")
    if sql:
        _repeated_sql([row for row in rows if row.kind in ("public", "rendered", "member")
                       and row.queries and row.queries > (
                           MEMBER_MAX_QUERIES if row.kind == "member" else PUBLIC_MAX_QUERIES)])


def _checks(rows, by_name, bare):
    checks = []

    def named(prefix):
        return next((row for row in rows if row.name.startswith(prefix)), None)

    def ratio(a, b):
        return a.ms / b.ms if a and b and a.ok and b.ok else None

    labels = {"public": "public page (visitor)", "rendered": "public page rendered (page "
              "cache skipped)", "member": "member page"}
    for kind, limit in (("public", PUBLIC_MAX_QUERIES), ("rendered", PUBLIC_MAX_QUERIES),
                        ("member", MEMBER_MAX_QUERIES)):
        label = labels[kind]
        group = [row for row in rows if row.kind == kind]
        if not group:
            continue
        over = [f"{row.name} {row.queries}" if row.ok else f"{row.name} (status "
                f"{row.status if not row.error else 'ERR'})"
                for row in group if not row.ok or row.queries > limit]
        checks.append((f"every {label} ≤ {limit} queries", not over,
                       "; ".join(over) if over else f"most {max(r.queries for r in group)}"))
    for what in ("Mijn leergang", "desk"):
        pair = [row for row in rows if row.name.startswith(f"{what}, facilitator of")]
        if len(pair) == 2:
            small, large = sorted(pair, key=lambda r: int(r.name.rsplit(" ", 1)[-1]))
            value = ratio(large, small)
            checks.append((f"{what}: {large.name.rsplit(', ', 1)[-1]} within "
                           f"{FACILITATOR_MAX_RATIO}× of {small.name.rsplit(' ', 1)[-1]}",
                           None if value is None else value <= FACILITATOR_MAX_RATIO,
                           _fmt(value, ".3f") + "×"))
    # The pages the issue has served from the cache; search is rendered for every query.
    public = [row for row in rows if row.kind == "public" and not row.name.startswith("search")]
    if public:
        far = [(row, ratio(row, bare[BARE_VISITOR])) for row in public]
        over = [f"{row.name} {_fmt(value, '.1f')}×" for row, value in far
                if value is None or value > PUBLIC_MAX_RATIO]
        checks.append((f"every cached public page (visitor) within {PUBLIC_MAX_RATIO}× of the "
                       "bare view", not over, "; ".join(over) if over else
                       f"most {max(value for _row, value in far):.2f}×"))
    threads = [row for row in rows if row.name.startswith("thread ")]
    if threads:
        most = max(threads, key=lambda r: r.queries or 0)
        checks.append((f"thread page ≤ {THREAD_MAX_QUERIES} queries at every size",
                       all(r.ok and r.queries <= THREAD_MAX_QUERIES for r in threads),
                       f"most {most.queries} ({most.name})"))
        sizes = sorted({int(r.name.split()[1].rstrip(",")) for r in threads})
        small, large = sizes[0], sizes[-1]
        for which in ("first", "last"):
            value = ratio(named(f"thread {large}, {which}"), named(f"thread {small}, {which}"))
            checks.append((f"thread {large} within {THREAD_MAX_RATIO}× of {small}, {which} page",
                           None if value is None else value <= THREAD_MAX_RATIO,
                           _fmt(value, ".3f") + "×"))
        for size in sizes:
            value = ratio(named(f"thread {size}, last"), named(f"thread {size}, first"))
            checks.append((f"thread {size}: last page within {THREAD_MAX_RATIO}× of first",
                           None if value is None else value <= THREAD_MAX_RATIO,
                           _fmt(value, ".3f") + "×"))
    return checks


def _repeated_sql(rows):
    for row in rows:
        shapes = Counter(re.sub(r"\b\d+\b", "N", re.sub(
            r"^SELECT (DISTINCT )?.*? FROM ", r"SELECT \1… FROM ", " ".join(sql.split())))[:160]
            for sql in row.sql)
        repeated = [(n, shape) for shape, n in shapes.most_common(5) if n > 1]
        if repeated:
            print(f"\n{row.name} ({row.queries} queries), repeated statements:")
            for n, shape in repeated:
                print(f"  {n}× {shape}")
