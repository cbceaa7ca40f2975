"""One benchmark of the whole site on the ``seed_scale`` data: every page kind a visitor,
a participant, a member of every edition, a facilitator of 2 and of 50 editions and a
superuser open, a comment posted before a growing number of followers, and the checks of
the speed targets (issue 15).

Run it on a database that holds the scale data (``manage.py seed_scale``), or pass
``--seed`` to migrate and seed the configured database first:

    DATABASE_URL=sqlite:////tmp/scale.sqlite3 .venv/bin/python manage.py migrate
    DATABASE_URL=sqlite:////tmp/scale.sqlite3 .venv/bin/python manage.py seed_scale
    DATABASE_URL=sqlite:////tmp/scale.sqlite3 .venv/bin/python bench/run.py

Options: ``--rounds N`` (21), ``--only TEXT`` (rows whose name holds TEXT, besides the
baselines), ``--profile TEXT`` (where the first such row spends its time, instead of the
tables), ``--sql`` (the statements a row repeats, for rows over their query target),
``--settings MODULE`` (``config.settings.dev`` by default, with ``DEBUG`` off unless the
environment says otherwise: production settings refuse to start without a secret and
Redis; with ``REDIS_URL`` set, dev uses Redis for the cache like production),
``--gc-default`` (Python's default collector thresholds; by default the run tunes the
collector after its warm-up as ``config/wsgi.py`` does for the web processes).

How it measures (as ``bench/threads.py``): each row is one request through the whole
middleware with Django's test client, counted by an execute wrapper; medians over ROUNDS
interleaved rounds (each round requests every row once, in the reverse order of the round
before), after one warm-up pass. "× bare" is the time over that of a bare view mounted for
the run on the root urlconf (``clear_url_caches``): a plain view answering "ok" for the
visitor's rows, a ``login_required`` one for signed-in rows, with the same client. "×
static" is the time over that of a static file served by WhiteNoise through the same
middleware (``WHITENOISE_USE_FINDERS`` on for the run, as no ``collectstatic`` is needed).

Everything the benchmark adds (a superuser, two draft programmes of 10 and 100 editions for
the admin's page explorer, a draft edition of 1,004 members for the posting rows, watches)
lives in one transaction that is rolled back at the end; each post is rolled back at once
(a savepoint), so the rounds read the same data. The notifications' fan-out after a post
does not run in the request (Celery, after commit); the "fan-out task" rows time it apart.
"""

import argparse
import os
import sys
import time
from math import ceil
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def _arguments(argv=None):
    parser = argparse.ArgumentParser(description="Benchmark the site on the seed_scale data.")
    parser.add_argument("--rounds", type=int, default=21)
    parser.add_argument("--only", default="", help="Only rows whose name contains this.")
    parser.add_argument("--profile", default="", metavar="NAME",
                        help="Profile the first row whose name contains NAME instead.")
    parser.add_argument("--sql", action="store_true",
                        help="Print the statements repeated by rows over their query target.")
    parser.add_argument("--seed", action="store_true",
                        help="Migrate and run seed_scale on the configured database first.")
    parser.add_argument("--settings", default="", help="Django settings module.")
    parser.add_argument("--gc-default", action="store_true",
                        help="Keep Python's default collector thresholds (the web processes "
                             "run with config/gc_tuning.py).")
    return parser.parse_args(argv)


ARGS = _arguments()
if ARGS.settings:
    os.environ["DJANGO_SETTINGS_MODULE"] = ARGS.settings
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
# Dev settings read DEBUG from the environment: off, as in production (no query log, no
# debug context, no DEBUG-only URLs).
os.environ.setdefault("DEBUG", "false")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import transaction  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.urls import clear_url_caches  # noqa: E402
from django.utils import timezone  # noqa: E402

from bench.measure import (  # noqa: E402
    BARE_MEMBER,
    BARE_VISITOR,
    STATIC_FILE,
    STATIC_VIEW,
    Row,
    fan_out_task,
    request_get,
    request_post,
)
from bench.report import report  # noqa: E402

WATCHERS = (1, 100, 1000)
EXPLORER_SIZES = (10, 100)


class Rollback(Exception):
    pass


def _mount():
    """The bare views (and a view returning the static file's bytes, in case WhiteNoise
    is not reachable) on the root urlconf; returns the function that removes them."""
    from importlib import import_module

    from django.contrib.auth.decorators import login_required
    from django.contrib.staticfiles import finders
    from django.http import HttpResponse
    from django.urls import path

    def bare(request):
        return HttpResponse("ok")

    static_bytes = Path(finders.find(STATIC_FILE)).read_bytes()

    def static_view(request):
        return HttpResponse(static_bytes, content_type="text/css")

    urlconf = import_module(settings.ROOT_URLCONF)
    patterns = [path(BARE_VISITOR, bare), path(BARE_MEMBER, login_required(bare)),
                path(STATIC_VIEW, static_view)]
    urlconf.urlpatterns[:0] = patterns
    clear_url_caches()

    def unmount():
        for pattern in patterns:
            urlconf.urlpatterns.remove(pattern)
        clear_url_caches()
    return unmount


def _host():
    hosts = [h for h in settings.ALLOWED_HOSTS if h and "*" not in h and not h.startswith(".")]
    return "localhost" if "localhost" in hosts or not hosts else hosts[0]


def _client(user=None):
    extra = {"wsgi.url_scheme": "https"} if getattr(settings, "SECURE_SSL_REDIRECT", False) else {}
    client = Client(HTTP_HOST=_host(), **extra)
    if user is not None:
        client.force_login(user)
    return client


# --- What the benchmark adds, rolled back at the end -------------------------------------


def _draft(parent, page):
    """A page made the Wagtail way and kept a draft: off the public site and its menus."""
    page.live = False
    parent.add_child(instance=page)
    page.save_revision()
    return page


def _explorer_programme(home, editions):
    from cohort.models import CohortPage
    from cohort.programme.models import ProgrammePage

    programme = _draft(home, ProgrammePage(title=f"Verkenner met {editions} edities",
                                           slug=f"bench-verkenner-{editions}",
                                           intro="Voor de paginaverkenner."))
    today = timezone.localdate()
    for number in range(1, editions + 1):
        _draft(programme, CohortPage(title=f"Verkennereditie {number}", slug=f"editie-{number}",
                                     start_date=today, intro=""))
    return programme


def _followers(home):
    """A draft edition of 1,004 participants: three of them shared a reflection on an open
    question, followed by 1, 100 and 1,000 of the others; the fourth posts."""
    import datetime

    from cohort.models import CohortPage, Membership, User
    from cohort.notifications.models import SubjectWatch
    from cohort.programme.models import BlockPage, BlockRelease, ProgrammePage
    from cohort.threads import services

    programme = _draft(home, ProgrammePage(title="Volgers", slug="bench-volgers",
                                           intro="Voor de benchmark."))
    edition = _draft(programme, CohortPage(title="Volgerseditie", slug="volgers",
                                           start_date=timezone.localdate()))
    block = _draft(programme, BlockPage(
        title="Volgblok", slug="volgblok", number=1, body=[("reflection_prompt", {
            "question": "Wat viel je op?", "guidance": "", "post_before_seeing_peers": False})]))
    block = BlockPage.objects.get(pk=block.pk)
    BlockRelease.objects.create(cohort=edition, block=block,
                                open_from=timezone.now() - datetime.timedelta(hours=1))
    people = User.objects.bulk_create([
        User(email=f"bench-volger-{i}@example.org", first_name=f"Volger{i}", last_name="Bench")
        for i in range(max(WATCHERS) + len(WATCHERS) + 1)])
    Membership.objects.bulk_create([Membership(user=u, cohort=edition) for u in people])
    poster, crowd = people[-1], people[:-1]
    prompt = services.block_prompts(block)[0]
    reflections = {}
    for i, count in enumerate(WATCHERS):
        author = User.objects.get(pk=crowd[i].pk)
        reflection = services.reflection_save(author=author, cohort=edition, block=block,
                                              prompt_id=prompt.id, share=True,
                                              body=f"Wat {author.first_name} opviel.")
        SubjectWatch.objects.bulk_create([
            SubjectWatch(user=u, subject_key=f"reflection:{reflection.pk}",
                         level=SubjectWatch.Level.WATCHING)
            for u in [u for u in crowd if u.pk != author.pk][:count]])
        reflections[count] = reflection
    return User.objects.get(pk=poster.pk), reflections


# --- The rows ------------------------------------------------------------------------------


def _rows():
    from django.urls import reverse

    from bench import scale_seed
    from blog.models import BlogIndexPage, BlogPostPage
    from cohort.cases.models import Case
    from cohort.models import CohortPage, User
    from cohort.programme.models import BlockPage, HomePage

    programme = scale_seed.existing_programme()
    if programme is None:
        sys.exit("No scale data on this database: run manage.py seed_scale, or pass --seed.")
    editions = list(CohortPage.objects.child_of(programme).order_by("path"))
    first = editions[0]
    block = BlockPage.objects.child_of(programme).order_by("number").first()
    blog = BlogIndexPage.objects.get(slug=scale_seed.BLOG_SLUG)
    parts = list(BlogPostPage.objects.child_of(blog).live().filter(series__isnull=False)
                 .order_by("part_number"))
    post = parts[len(parts) // 2] if parts else BlogPostPage.objects.child_of(blog).first()
    case = Case.objects.filter(cohort=first, status="discussed").order_by("pk").first()
    long = [r.thread for r in scale_seed.long_thread_reflections(first)]

    people = {email: User.objects.get(email=email) for email in (
        scale_seed.participant_email(1, 1), scale_seed.MANY_EMAIL,
        scale_seed.FACILITATOR_EMAIL, scale_seed.FACILITATOR2_EMAIL)}
    participant, many = people[scale_seed.participant_email(1, 1)], people[scale_seed.MANY_EMAIL]
    facilitator, facilitator2 = (people[scale_seed.FACILITATOR_EMAIL],
                                 people[scale_seed.FACILITATOR2_EMAIL])
    n_many = len(editions)
    n_fac = facilitator.memberships.filter(role="facilitator").count()
    n_fac2 = facilitator2.memberships.filter(role="facilitator").count()

    home = HomePage.objects.first()
    admin = User.objects.filter(email="bench-beheer@example.org").first() or \
        User.objects.create_superuser(email="bench-beheer@example.org", first_name="Beheer")
    explorers = {size: _explorer_programme(home, size) for size in EXPLORER_SIZES}
    explorers[len(editions)] = programme
    poster, followed = _followers(home)

    visitor, member = _client(), _client(participant)
    clients = {"many": _client(many), "fac": _client(facilitator),
               "fac2": _client(facilitator2), "admin": _client(admin), "poster": _client(poster)}
    rows = [
        Row("bare view, visitor", request_get(visitor, "/" + BARE_VISITOR), kind="baseline",
            visitor=True),
        Row("bare view, member", request_get(member, "/" + BARE_MEMBER), kind="baseline"),
        Row(f"static file ({STATIC_FILE})",
            request_get(visitor, settings.STATIC_URL + STATIC_FILE), kind="baseline",
            visitor=True),
        Row("home", request_get(visitor, home.url), kind="public"),
        Row("programme page", request_get(visitor, programme.url), kind="public"),
        Row("block page (participant)", request_get(member, block.url), kind="member"),
        Row(f"block page, schaal-veel ({n_many} editions)",
            request_get(clients["many"], block.url), kind="member"),
        Row("edition page (participant)", request_get(member, first.url), kind="member"),
        Row(f"block page, facilitator of {n_fac} (Wagtail's userbar)",
            request_get(clients["fac"], block.url), kind="member"),
        Row(f"blog index ({BlogPostPage.objects.child_of(blog).live().count()} posts)",
            request_get(visitor, blog.url), kind="public"),
        Row("blog post (a part of the series)", request_get(visitor, post.url), kind="public"),
        Row(f"series page ({len(parts)} parts)", request_get(
            visitor, blog.route_url("series", slug=scale_seed.SERIES_SLUG)), kind="public"),
        Row("RSS feed", request_get(visitor, blog.route_url("feed")), kind="public"),
        Row("search, visitor", request_get(visitor, "/zoeken/?q=partners"), kind="public"),
        Row("search, member", request_get(member, "/zoeken/?q=partners"), kind="member"),
        Row("Mijn leergang, participant (1 edition)",
            request_get(member, reverse("programme:my_leergang")), kind="member"),
        Row(f"Mijn leergang, schaal-veel ({n_many} editions)",
            request_get(clients["many"], reverse("programme:my_leergang")), kind="member"),
        Row(f"Mijn leergang, facilitator of {n_fac2}",
            request_get(clients["fac2"], reverse("programme:my_leergang")), kind="member"),
        Row(f"Mijn leergang, facilitator of {n_fac}",
            request_get(clients["fac"], reverse("programme:my_leergang")), kind="member"),
        Row(f"notifications, schaal-veel ({many.notifications.count()})",
            request_get(clients["many"], reverse("notifications:list")), kind="member"),
        Row(f"case list (edition 1, {first.cases.count()} cases)",
            request_get(member, reverse("cases:list", args=[first.pk])), kind="member"),
        Row("case page (discussed, feedback, thread)",
            request_get(member, case.get_absolute_url()), kind="member"),
        Row(f"case page, facilitator of {n_fac}",
            request_get(clients["fac"], case.get_absolute_url()), kind="member"),
    ]
    # The same public pages rendered: a query string the page cache does not keep
    # (config/pagecache.py) is what a visitor gets on a miss, after a publish, say.
    for row in [r for r in rows if r.kind == "public" and not r.name.startswith("search")]:
        url = row.fn.url + ("&" if "?" in row.fn.url else "?") + "bench=render"
        rows.append(Row(f"{row.name}, rendered", request_get(visitor, url), kind="rendered"))
    for thread in long:
        url = reverse("threads:reflection", args=[thread.reflection_id])
        pages = max(1, ceil(thread.root_count / settings.THREAD_PAGE_SIZE))
        for which, page in (("first", 1), ("last", pages)):
            rows.append(Row(f"thread {thread.comment_count}, {which} page ({page}/{pages})",
                            request_get(member, f"{url}?pagina={page}" if page > 1 else url),
                            kind="member"))
    for count, reflection in followed.items():
        url = reverse("threads:reflection_comment", args=[reflection.pk])
        rows.append(Row(f"post comment, {count} follower{'s' * (count > 1)}",
                        request_post(clients["poster"], url, count), kind="write", expect=302))
    for count, reflection in followed.items():
        rows.append(Row(f"fan-out task, {count} follower{'s' * (count > 1)}",
                        fan_out_task(poster.pk, reflection.pk, count), kind="task",
                        expect="task"))
    rows += [
        Row(f"desk, facilitator of {n_fac2}", request_get(clients["fac2"], reverse("desk:all")),
            kind="member"),
        Row(f"desk, facilitator of {n_fac}", request_get(clients["fac"], reverse("desk:all")),
            kind="member"),
    ]
    for size in sorted(explorers):
        rows.append(Row(f"admin page explorer, {size} editions (superuser)",
                        request_get(clients["admin"], f"/admin/pages/{explorers[size].pk}/"),
                        kind="admin"))
    return rows


# --- Running and reporting -------------------------------------------------------------


def _profile(row, runs=20):
    import cProfile
    import pstats

    row.run(-1, record=False)
    profiler = cProfile.Profile()
    profiler.enable()
    for i in range(runs):
        row.run(i, record=False)
    profiler.disable()
    print(f"{row.name}, {runs} runs:")
    stats = pstats.Stats(profiler)
    stats.sort_stats("tottime").print_stats(25)
    stats.sort_stats("cumulative").print_stats("cohort|blog|templatetags|template/loader", 40)


def main():
    from django.core.management import call_command

    if ARGS.seed:
        call_command("migrate", interactive=False, verbosity=0)
        call_command("seed_scale")
    started = time.perf_counter()
    unmount = _mount()
    rows = []
    try:
        with override_settings(DEBUG=False, WHITENOISE_USE_FINDERS=True,
                               THREAD_POST_LIMIT=1_000_000), transaction.atomic():
            rows = _rows()
            setup = time.perf_counter() - started
            static = rows[2]
            static.run(-1, record=False)
            if static.status != 200:  # WhiteNoise did not answer: the file through a view
                static.name = f"static file ({STATIC_FILE}, by a view: WhiteNoise did not serve)"
                static.fn, static.error = request_get(_client(), "/" + STATIC_VIEW), None
            baselines = [r for r in rows if r.kind == "baseline"]
            chosen = [r for r in rows if r.kind != "baseline" and (
                ARGS.only.lower() in r.name.lower())]
            if ARGS.profile:
                target = next((r for r in rows if ARGS.profile.lower() in r.name.lower()), None)
                if target is None:
                    sys.exit(f"No row matches {ARGS.profile!r}.")
                _profile(target)
                raise Rollback
            measured = baselines + chosen
            for row in measured:  # warm up: read positions, desk visits, caches, templates
                row.run(-1, record=False)
                row.calibrate()
            if not ARGS.gc_default:  # the collector as the web processes run it
                from config import gc_tuning

                print("collector thresholds (config/gc_tuning.py):", gc_tuning.tune())
            for round_ in range(ARGS.rounds):
                for row in measured if round_ % 2 == 0 else reversed(measured):
                    row.run(round_)
            raise Rollback
    except Rollback:
        pass
    finally:
        unmount()
    if not ARGS.profile:
        report(baselines + chosen, rounds=ARGS.rounds, sql=ARGS.sql, setup=setup,
               total=time.perf_counter() - started)


if __name__ == "__main__":
    main()
