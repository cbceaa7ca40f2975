"""Benchmark: the thread page at 10, 200 and 2,000 comments, posting a comment, the
edition's reflection list and Mijn leergang.

Prints, side by side in one run, the query count and the median time over ROUNDS
interleaved rounds (each round measures every row once, in the opposite order of the
round before), and that time as a ratio to a bare view: a throwaway ``login_required``
view answering "ok", mounted for the run on the root urlconf and requested through the
same middleware, client and login. Targets: the thread page at most 8 queries at every
size; 2,000 comments within 1.15x the time of 10; the last page within 1.15x of the first.
With ``--profile`` it prints where the longest thread's first page spends its time
instead; ``--rounds N`` sets the rounds (101); ``--gc-default`` keeps Python's default
collector thresholds (by default the collector is tuned after the warm-up, as
``config/wsgi.py`` tunes it for the web processes). Comments are made with bulk_create (not the service), in threads under shared reflections
on the block's open prompt. Runs on the configured database inside a transaction that is
rolled back, so it leaves nothing behind; use a throwaway SQLite file:

    DATABASE_URL=sqlite:////tmp/bench-threads.sqlite3 .venv/bin/python manage.py migrate
    DATABASE_URL=sqlite:////tmp/bench-threads.sqlite3 \\
        DJANGO_SETTINGS_MODULE=config.settings.dev .venv/bin/python bench/threads.py
"""

import datetime
import os
import random
import re
import statistics
import sys
import time
from math import ceil
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.urls import clear_url_caches, reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

# Each round takes well under a second: many rounds keep the medians steady on a noisy machine.
ROUNDS = 101
if "--rounds" in sys.argv:
    try:
        ROUNDS = max(2, int(sys.argv[sys.argv.index("--rounds") + 1]))
    except (IndexError, ValueError):
        sys.exit("--rounds takes a number of rounds (at least 2).")
SIZES = (10, 200, 2000)
WATCHERS = (1, 100)
MAX_QUERIES = 8
MAX_RATIO = 1.15
BARE_PATH = "__bench-bare__/"
OPEN_QUESTION = "Welk belang heb je niet uitgesproken?"


class Rollback(Exception):
    pass


class Row:
    """One measured thing: ``fn(round_)`` makes the request and checks its status."""

    def __init__(self, name, fn):
        self.name, self.fn = name, fn
        self.times, self.counts, self.sql = [], [], []

    def run(self, round_, record=True):
        queries = []

        def count(execute, sql, params, many, context):
            queries.append(sql)
            return execute(sql, params, many, context)

        # An execute wrapper, not CaptureQueriesContext: a request start resets the query log.
        with connection.execute_wrapper(count):
            started = time.perf_counter()
            self.fn(round_)
            elapsed = (time.perf_counter() - started) * 1000
        if record:
            self.times.append(elapsed)
            self.counts.append(len(queries))
            self.sql = queries

    @property
    def ms(self):
        return statistics.median(self.times)

    @property
    def queries(self):
        return self.counts[-1]


def _get(client, url):
    def fn(_round):
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
    return fn


def _post(client, url, label):
    def fn(round_):
        body = f"Reactie {label} in ronde {round_}: wat zie jij hier gebeuren?"
        response = client.post(url, {"body": body})
        assert response.status_code == 302, (url, response.status_code)
    return fn


def _block(programme, editions):
    """Block 1 with two questions, one "post your own first", one open (the
    ``block`` fixture of tests/threads_tests/conftest.py); open for the editions."""
    from cohort.programme.models import BlockPage, BlockRelease

    page = BlockPage(
        title="Jouw plek", slug="blok-1", number=1, theme="Rol",
        body=[
            ("paragraph", "<p>Over je rol.</p>"),
            ("reflection_prompt", {"question": "Wanneer nam jij werk over dat bij een "
                                               "partner hoorde?",
                                   "guidance": "", "post_before_seeing_peers": True}),
            ("reflection_prompt", {"question": OPEN_QUESTION, "guidance": "",
                                   "post_before_seeing_peers": False}),
        ],
    )
    programme.add_child(instance=page)
    page.save_revision().publish()
    for edition in editions:
        BlockRelease.objects.create(cohort=edition, block=page,
                                    open_from=timezone.now() - datetime.timedelta(hours=1))
    return BlockPage.objects.get(pk=page.pk)


def _comments(thread, n, people, rng):
    """``n`` comments in ``thread``: about one in three a reply to a recent top-level one."""
    from cohort.threads.models import Comment

    now = timezone.now()
    roots, replies = [], []  # replies: (number, root_index)
    for number in range(1, n + 1):
        if number % 3 == 0:
            replies.append((number, max(1, len(roots) - rng.randrange(3))))
        else:
            roots.append(number)

    def comment(number, root_index, parent_id=None):
        body = f"Reactie {number}: dat herken ik, vooral waar het over de rol gaat."
        return Comment(thread=thread, number=number, root_index=root_index,
                       parent_id=parent_id, author=people[number % len(people)], body=body,
                       body_html=f"<p>{body}</p>",
                       created_at=now - datetime.timedelta(minutes=n - number))

    Comment.objects.bulk_create([comment(number, i) for i, number in enumerate(roots, 1)])
    root_pks = dict(Comment.objects.filter(thread=thread, parent=None)
                    .values_list("root_index", "pk"))
    Comment.objects.bulk_create([comment(number, root_index, root_pks[root_index])
                                 for number, root_index in replies])
    type(thread).objects.filter(pk=thread.pk).update(
        last_number=n, comment_count=n, root_count=len(roots), last_comment_at=now)
    thread.refresh_from_db()
    return thread


def _shown(thread, page):
    """How many comments page ``page`` of the thread shows (its branches, replies included)."""
    size = settings.THREAD_PAGE_SIZE
    return thread.comments.filter(root_index__range=((page - 1) * size + 1, page * size)).count()


def _reactions(thread, people):
    from cohort.threads.models import Comment, Reaction

    kinds = [choice for choice, _ in Reaction.Kind.choices]
    pks = list(Comment.objects.filter(thread=thread).order_by("number")
               .values_list("pk", flat=True))
    Reaction.objects.bulk_create([
        Reaction(comment_id=pk, user=people[(i + k) % len(people)], kind=kinds[(i + k) % 3])
        for i, pk in enumerate(pks[::4]) for k in range(1 + i % 3)
    ], ignore_conflicts=True)


def _bare_view():
    """Mount a trivial view on the root urlconf; returns the function that removes it."""
    from importlib import import_module

    from django.contrib.auth.decorators import login_required
    from django.http import HttpResponse
    from django.urls import path

    @login_required
    def bare(request):
        return HttpResponse("ok")

    urlconf = import_module(settings.ROOT_URLCONF)
    pattern = path(BARE_PATH, bare, name="bench_bare")
    urlconf.urlpatterns.insert(0, pattern)
    clear_url_caches()

    def unmount():
        urlconf.urlpatterns.remove(pattern)
        clear_url_caches()
    return unmount


def main():
    from cohort.models import Membership, User
    from cohort.notifications.models import SubjectWatch
    from cohort.threads import services
    from tests.factories import cohort_page, member, programme_page

    rng = random.Random(1)
    rows, threads = [], {}
    unmount = _bare_view()
    try:
        with override_settings(THREAD_POST_LIMIT=1_000_000), transaction.atomic():
            programme = programme_page(title="Benchmark gesprekken")
            # The reading edition has the usual size; the posting one 100 more members
            # to watch (one edition for both post rows).
            edition = cohort_page(programme, title="Benchmarkeditie")
            posting = cohort_page(programme, title="Benchmarkeditie posten")
            block = _block(programme, [edition, posting])
            prompt_id = next(p.id for p in services.block_prompts(block) if not p.post_first)
            member(edition, role=Membership.Role.FACILITATOR, first_name="Begeleider",
                   email="begeleider@bench.example")
            people = [member(edition, first_name=f"Deelnemer{i}", email=f"d{i}@bench.example")
                      for i in range(8)]
            viewer = people[0]

            def share(author, cohort):
                return services.reflection_save(
                    author=author, cohort=cohort, block=block, prompt_id=prompt_id,
                    body=f"Wat ik merkte, schrijft {author.first_name}.", share=True)

            share(viewer, edition)
            for author, size in zip(people[1:], SIZES, strict=False):
                reflection = share(author, edition)
                _comments(reflection.thread, size, people, rng)
                _reactions(reflection.thread, people)
                threads[size] = reflection
            for author in people[len(SIZES) + 1:]:
                share(author, edition)

            poster = member(posting, first_name="Schrijver", email="poster@bench.example")
            crowd = User.objects.bulk_create([
                User(email=f"w{i}@bench.example", first_name=f"Lezer{i}")
                for i in range(max(WATCHERS) + len(WATCHERS))
            ])
            Membership.objects.bulk_create([Membership(user=u, cohort=posting) for u in crowd])
            watched = {}
            for i, count in enumerate(WATCHERS):
                reflection = share(crowd[i], posting)
                watchers = [u for u in crowd if u != crowd[i]][:count]
                SubjectWatch.objects.bulk_create([
                    SubjectWatch(user=u, subject_key=f"reflection:{reflection.pk}",
                                 level=SubjectWatch.Level.WATCHING) for u in watchers
                ])
                watched[count] = reflection

            client = Client(HTTP_HOST="localhost")
            client.force_login(viewer)
            poster_client = Client(HTTP_HOST="localhost")
            poster_client.force_login(poster)

            rows.append(Row("bare view", _get(client, "/" + BARE_PATH)))
            for size, reflection in threads.items():
                url = reverse("threads:reflection", args=[reflection.pk])
                pages = max(1, ceil(reflection.thread.root_count / settings.THREAD_PAGE_SIZE))
                for which, page in (("first", 1), ("last", pages)):
                    shown = _shown(reflection.thread, page)
                    rows.append(Row(f"thread {size}, {which} page ({page}/{pages}, {shown} shown)",
                                    _get(client, f"{url}?pagina={page}" if page > 1 else url)))
            for count, reflection in watched.items():
                url = reverse("threads:reflection_comment", args=[reflection.pk])
                rows.append(Row(f"post comment, {count} watcher{'s' * (count > 1)}",
                                _post(poster_client, url, count)))
            rows.append(Row("reflection list", _get(
                client, reverse("threads:reflections", args=[edition.pk]))))
            rows.append(Row("Mijn leergang", _get(client, reverse("programme:my_leergang"))))

            for row in rows:  # warm up: read positions, the poster's own watch, caches
                row.run(-1, record=False)
            if "--gc-default" not in sys.argv:  # the collector as the web processes run it
                from config import gc_tuning

                print("collector thresholds (config/gc_tuning.py):", gc_tuning.tune())
            if "--profile" in sys.argv:  # where the longest thread's first page spends time
                _profile(next(r for r in rows if r.name.startswith(f"thread {max(SIZES)}, first")))
                raise Rollback
            for round_ in range(ROUNDS):
                for row in rows if round_ % 2 == 0 else reversed(rows):
                    row.run(round_)
            raise Rollback
    except Rollback:
        pass
    finally:
        unmount()
    if "--profile" not in sys.argv:
        _report(rows)


def _profile(row, runs=40):
    import cProfile
    import pstats

    profiler = cProfile.Profile()
    profiler.enable()
    for i in range(runs):
        row.run(i, record=False)
    profiler.disable()
    print(f"{row.name}, {runs} requests:")
    stats = pstats.Stats(profiler)
    stats.sort_stats("tottime").print_stats(30)
    stats.sort_stats("cumulative").print_stats("cohort|templatetags|template/loader", 40)


def _report(rows):
    by_name = {row.name.split(" (")[0]: row for row in rows}
    bare = by_name["bare view"].ms
    print(f"{'measure':<45}{'queries':>8}{'median ms':>11}{'x bare':>8}{'quartiles ms':>15}")
    for row in rows:
        varied = "" if len(set(row.counts)) == 1 else f"  (queries varied: {sorted(set(row.counts))})"
        low, _median, high = statistics.quantiles(row.times, n=4)
        print(f"{row.name:<45}{row.queries:>8}{row.ms:>11.1f}{row.ms / bare:>8.2f}"
              f"{f'{low:.1f}–{high:.1f}':>15}{varied}")

    print(f"\nTargets ({ROUNDS} rounds, medians):")
    checks = []
    thread_rows = [row for row in rows if row.name.startswith("thread ")]
    most = max(thread_rows, key=lambda row: row.queries)
    checks.append((f"thread page <= {MAX_QUERIES} queries at every size "
                   f"(most: {most.queries}, {most.name})", most.queries <= MAX_QUERIES))
    small, large = SIZES[0], SIZES[-1]
    for which in ("first", "last"):
        a, b = by_name[f"thread {small}, {which} page"], by_name[f"thread {large}, {which} page"]
        ratio = b.ms / a.ms
        checks.append((f"{large} comments within {MAX_RATIO}x of {small}, {which} page "
                       f"({ratio:.2f}x)", ratio <= MAX_RATIO))
    for size in SIZES:
        a, b = by_name[f"thread {size}, first page"], by_name[f"thread {size}, last page"]
        ratio = b.ms / a.ms
        checks.append((f"last page within {MAX_RATIO}x of first, {size} comments "
                       f"({ratio:.2f}x)", ratio <= MAX_RATIO))
    for text, ok in checks:
        print(f"  {'PASS' if ok else 'FAIL'}  {text}")
    middle = SIZES[-2]
    ratio = by_name[f"thread {large}, first page"].ms / by_name[f"thread {middle}, first page"].ms
    print(f"  info  {large} comments against {middle}, first page (both show a full page): "
          f"{ratio:.2f}x")

    over = [row for row in thread_rows if row.queries > MAX_QUERIES]
    if over:
        row = max(over, key=lambda r: r.queries)
        print(f"\nSQL of '{row.name}' ({row.queries} queries, shortened):")
        for n, sql in enumerate(row.sql, 1):
            print(f"  {n:>2}. {_short(sql)}")


def _short(sql, width=200):
    """The statement without its column list, cut at ``width``."""
    sql = re.sub(r"^SELECT (DISTINCT )?.*? FROM ", r"SELECT \1… FROM ", " ".join(sql.split()))
    return sql if len(sql) <= width else sql[:width] + "…"


if __name__ == "__main__":
    main()
