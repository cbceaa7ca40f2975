"""Concurrency through a real server (trust suite, item 8).

Fifty members post to one thread at the same moment, one of them clicks "Post" twice, and
a participant clicks "Save draft" on a new case five times at once (a double click and
then some), then "Submit the case" likewise. Every request goes
over HTTP, as a browser without JavaScript sends it (the form page first, its CSRF token,
then the POST), to gunicorn with two worker processes of eight threads each: the way
production serves the site, not threads inside pytest's transaction. It runs twice: on a
SQLite file database and on PostgreSQL.

Expected: 50/50 saved, numbered 1..N without gaps or duplicates, the thread's counters
right, one comment for the double click, exactly one case with one "submitted" entry in its
history (and one notification each), no 5xx and no 429, and nothing in the server's log that says "database is locked"
or shows a traceback.

The server runs ``config.settings.test``: production's settings need HTTPS cookies and a
collectstatic manifest, and their password hasher would make 51 logins take most of a
minute. What concurrency depends on is shared by every settings module (``base``): the
database options (SQLite: IMMEDIATE transactions, a 20 s busy timeout, WAL; PostgreSQL:
persistent connections), no ATOMIC_REQUESTS, the cache. With the suite's Redis (``make
test``) the server's cache and sessions are in Redis, shared by the workers as in production
(on a database number of its own); without it each worker has its own memory cache. Celery
tasks run in the request after commit either way (the test settings make them eager), so
notifications are written by the same requests and add to the contention.

Each client connects from a loopback address of its own (127.0.0.10, .11, …): allauth
allows 30 logins a minute per address, and 51 people behind one address is not what it
guards.
"""

import json
import os
import secrets
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import requests
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

ROOT = Path(__file__).resolve().parents[2]
POSTERS = 50
# Sends of one case form at once: a double click, and more (an impatient click, a retry), so
# that two of them meet inside the write far more often than a lone pair does.
CLICKS = 5
SETTINGS = "config.settings.test"
SERVER_START_TIMEOUT = 90  # seconds; two workers import Django and Wagtail at once
REQUEST_TIMEOUT = 120  # seconds for one request: longer than SQLite's 20 s busy timeout
# What the server must never write to its log during these tests.
ALARMS = ("database is locked", "Traceback", "Internal Server Error",
          "Error handling request", "WORKER TIMEOUT", "deadlock detected")


def _suite_on_postgresql() -> bool:
    from django.conf import settings

    return settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"


# --- The data: the same function fills the database of either variant ------------------


def build_world() -> dict:
    """An edition with a case author and 50 other members, and the author's submitted
    case. Needs a migrated database; returns what the clients need to know."""
    from cohort.cases import services as cases
    from tests.factories import PASSWORD, cohort_page, member, programme_page

    programme = programme_page(title="Drukte")
    edition = cohort_page(programme, title="Editie drukte")
    author = member(edition, first_name="Casus", last_name="Auteur",
                    email="auteur@example.org")
    posters = [member(edition, first_name=f"Lid{n:02d}", email=f"lid{n:02d}@example.org")
               for n in range(POSTERS)]
    case = cases.case_create(author=author, cohort=edition, data={
        "title": "Iedereen wil iets zeggen", "situation": "Een volle tafel.",
        "question": "Hoe houd ik het gesprek bij elkaar?", "audience": "edition"})
    cases.case_submit(user=author, case=case, audience="edition",
                      confidentiality_confirmed=True)
    return {"edition": edition.pk, "case": case.pk, "author": author.email,
            "posters": [person.email for person in posters], "password": PASSWORD}


def _prepare_sqlite_main():
    """``python -m tests.trust_tests.test_concurrency``: migrate the database that
    DATABASE_URL names and fill it (one process: Django starts once)."""
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0, skip_checks=True)
    print("WORLD " + json.dumps(build_world()), flush=True)


# --- Databases --------------------------------------------------------------------------


class SQLiteFile:
    def __init__(self, path: Path):
        self.path = path
        self.url = f"sqlite:///{path}"

    def rows(self, sql: str) -> list[tuple]:
        with sqlite3.connect(self.path, timeout=30) as con:
            return con.execute(sql).fetchall()


class PostgresCopy:
    """A database of its own on the suite's PostgreSQL server, a copy of the test database
    (CREATE DATABASE … TEMPLATE): migrated and filled without running the migrations
    again."""

    def __init__(self, settings_dict: dict):
        self.params = {"host": settings_dict["HOST"] or "127.0.0.1",
                       "port": settings_dict["PORT"] or 5432,
                       "user": settings_dict["USER"] or "postgres",
                       "password": settings_dict["PASSWORD"] or None}
        self.template = settings_dict["NAME"]
        self.name = f"leergang_concurrency_{secrets.token_hex(4)}"
        auth = self.params["user"] + (f":{self.params['password']}"
                                      if self.params["password"] else "")
        self.url = f"postgres://{auth}@{self.params['host']}:{self.params['port']}/{self.name}"

    def _admin(self):
        import psycopg

        return psycopg.connect(dbname="postgres", autocommit=True, connect_timeout=10,
                               **self.params)

    def create(self):
        import psycopg

        deadline = time.monotonic() + 20
        while True:
            try:
                with self._admin() as con:
                    con.execute(f'CREATE DATABASE "{self.name}" TEMPLATE "{self.template}"')
                return
            except psycopg.errors.ObjectInUse:  # a connection to the template still closing
                if time.monotonic() > deadline:
                    with self._admin() as con:
                        others = con.execute(
                            "SELECT pid, application_name, state, query FROM "
                            "pg_stat_activity WHERE datname = %s", [self.template]).fetchall()
                    pytest.fail(f"the test database is still in use, so it cannot be "
                                f"copied: {others}")
                time.sleep(0.3)

    def drop(self):
        with self._admin() as con:
            con.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')

    def rows(self, sql: str) -> list[tuple]:
        import psycopg

        with psycopg.connect(dbname=self.name, connect_timeout=10, **self.params) as con:
            return con.execute(sql).fetchall()


# --- The server -------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _child_env(database_url: str) -> dict:
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("PYTEST_", "DJANGO_"))}
    env.update(DJANGO_SETTINGS_MODULE=SETTINGS, DATABASE_URL=database_url,
               PYTHONUNBUFFERED="1", LOG_LEVEL="WARNING")
    env.pop("CACHE_URL", None)
    if env.get("REDIS_URL"):
        from config.env import redis_db

        env["CACHE_URL"] = redis_db(env["REDIS_URL"], 9)
    return env


class Server:
    def __init__(self, database_url: str, logs: Path):
        self.port = _free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.env = _child_env(database_url)
        self.log = logs / "server.log"
        self.access = logs / "access.log"
        self.process = None

    def start(self):
        with self.log.open("w") as err, self.access.open("w") as out:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "gunicorn", "config.wsgi:application",
                 "--bind", f"127.0.0.1:{self.port}", "--workers", "2", "--threads", "8",
                 "--worker-class", "gthread", "--timeout", "90", "--graceful-timeout", "5",
                 "--access-logfile", "-", "--error-logfile", "-", "--no-control-socket"],
                cwd=ROOT, env=self.env, stdout=out, stderr=err, start_new_session=True)
        deadline = time.monotonic() + SERVER_START_TIMEOUT
        while True:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {self.process.returncode}:\n"
                                   + self.text())
            try:
                if requests.get(self.base + "/healthz", timeout=5).status_code == 200:
                    return
            except requests.RequestException:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("gunicorn did not answer /healthz in time:\n" + self.text())
            time.sleep(0.25)

    def stop(self):
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGINT)  # gunicorn's quick shutdown
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:  # the master and its workers: a group of their own
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)

    def text(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""

    def alarms(self) -> list[str]:
        return [line for line in self.text().splitlines()
                if any(alarm in line for alarm in ALARMS)]


def _flush_server_cache(env: dict):
    if env.get("CACHE_URL"):
        import redis

        redis.Redis.from_url(env["CACHE_URL"], socket_timeout=5).flushdb()


# --- Browsers ---------------------------------------------------------------------------


class FromAddress(HTTPAdapter):
    """Connect from one loopback address: each client is somebody else."""

    def __init__(self, address: str, **kwargs):
        self.address = address
        super().__init__(**kwargs)

    def init_poolmanager(self, connections, maxsize, block=False, **kwargs):
        kwargs["source_address"] = (self.address, 0)
        super().init_poolmanager(connections, maxsize, block=block, **kwargs)


class Forms(HTMLParser):
    """The forms of a page, with the values a browser would send as they stand."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms, self._textarea = [], None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.forms.append({"attrs": attrs, "fields": []})
        elif not self.forms:
            return
        elif tag == "input" and attrs.get("name"):
            kind = attrs.get("type", "text")
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            if kind not in ("submit", "button", "file"):
                self.forms[-1]["fields"].append((attrs["name"], attrs.get("value", "")))
        elif tag == "textarea" and attrs.get("name"):
            self._textarea = [attrs["name"], ""]

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "textarea" and self._textarea is not None:
            self.forms[-1]["fields"].append(tuple(self._textarea))
            self._textarea = None


class Browser:
    def __init__(self, server: Server, address: str):
        self.server = server
        self.session = requests.Session()
        # A connection per request: a kept-alive one that the server closes just as the
        # next request goes out would fail that request, which is not what is tested here.
        self.session.headers["Connection"] = "close"
        self.session.mount("http://", FromAddress(address, max_retries=Retry(
            total=3, allowed_methods={"GET"}, backoff_factor=0.2, status_forcelist=())))

    def get(self, path: str) -> requests.Response:
        response = self.session.get(self.server.base + path, timeout=REQUEST_TIMEOUT)
        assert response.status_code == 200, f"GET {path}: {response.status_code}"
        return response

    def form(self, path: str, matches) -> tuple[str, dict]:
        """Open ``path`` and take the form a person would fill in (``matches`` its
        attributes; the header's logout form is a POST form too): (its action, values)."""
        parser = Forms()
        parser.feed(self.get(path).text)
        form = next((f for f in parser.forms if f["attrs"].get("method", "").lower() == "post"
                     and matches(f["attrs"])), None)
        assert form is not None, f"no such form on {path}"
        return form["attrs"].get("action") or path, dict(form["fields"])

    def post(self, action: str, data: dict, *, multipart=False) -> requests.Response:
        headers = {"Origin": self.server.base, "Referer": self.server.base + action}
        files = {"new_attachments": ("", b"", "application/octet-stream")} if multipart else None
        return self.session.post(self.server.base + action, data=data, files=files,
                                 headers=headers, allow_redirects=False,
                                 timeout=REQUEST_TIMEOUT)

    def log_in(self, email: str, password: str):
        action, data = self.form("/accounts/login/",
                                 lambda attrs: attrs.get("action") == "/accounts/login/")
        response = self.post(action, {**data, "login": email, "password": password})
        assert response.status_code == 302, f"login of {email}: {response.status_code}"


def _addresses(count: int) -> list[str]:
    return [f"127.0.0.{10 + n}" for n in range(count)]


def _can_bind(address: str) -> bool:
    try:
        with socket.socket() as sock:
            sock.bind((address, 0))
        return True
    except OSError:
        return False


def at_once(calls) -> list:
    """Run the calls in threads released together by one barrier; their results (or the
    exception each raised), in order."""
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait(timeout=60)
            results[index] = call()
        except Exception as error:  # reported by the caller, with the others
            results[index] = error

    threads = [threading.Thread(target=run, args=(n, call), daemon=True)
               for n, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=REQUEST_TIMEOUT + 60)
    assert not any(thread.is_alive() for thread in threads), "a request never came back"
    return results


def _status(result) -> str:
    return repr(result) if isinstance(result, Exception) else str(result.status_code)


# --- Fixtures ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sqlite_preparation(tmp_path_factory):
    """Migrating a fresh SQLite file takes half a minute: started once, in the background,
    as soon as the first test of this file asks (the PostgreSQL variant runs meanwhile)."""
    folder = tmp_path_factory.mktemp("concurrency-sqlite")
    database = SQLiteFile(folder / "leergang.sqlite3")
    output = folder / "prepare.log"
    with output.open("w") as handle:
        process = subprocess.Popen(
            [sys.executable, "-m", "tests.trust_tests.test_concurrency"], cwd=ROOT,
            env=_child_env(database.url), stdout=handle, stderr=subprocess.STDOUT,
            start_new_session=True)

    def ready() -> dict:
        try:
            process.wait(timeout=240)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            pytest.fail("migrating the SQLite database took over 4 minutes:\n"
                        + output.read_text())
        text = output.read_text()
        world = [line for line in text.splitlines() if line.startswith("WORLD ")]
        if process.returncode or not world:
            pytest.fail(f"preparing the SQLite database failed:\n{text}")
        return json.loads(world[-1][len("WORLD "):])

    yield database, ready
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


@pytest.fixture
def site(request, tmp_path, sqlite_preparation):
    """(server, database, world, browsers) for the variant, all 51 people logged in; the
    server is stopped and its database dropped afterwards, and its log shown when the test
    failed."""
    if not _can_bind("127.0.0.11"):
        pytest.skip("needs the loopback addresses 127.0.0.10 and up (Linux has them)")
    if request.param == "postgresql":
        from django.db import connection, connections

        database = PostgresCopy(connection.settings_dict)
        world = build_world()
        connections.close_all()  # a template must have no connections
        database.create()
    else:
        database, ready = sqlite_preparation
        world = ready()
    server = Server(database.url, tmp_path)
    try:
        server.start()
        people = [world["author"], *world["posters"]]
        browsers = dict(zip(people, (Browser(server, address)
                                     for address in _addresses(len(people))), strict=True))
        with ThreadPoolExecutor(max_workers=8) as pool:
            list(pool.map(lambda email: browsers[email].log_in(email, world["password"]),
                          people))
        yield server, database, world, browsers
    finally:
        server.stop()
        # pytest shows a fixture's output when its test failed, and keeps it quiet otherwise.
        print(f"\n--- gunicorn log ({request.param}) ---\n{server.text()}")
        _flush_server_cache(server.env)
        if request.param == "postgresql":
            database.drop()


# --- The tests --------------------------------------------------------------------------

# The PostgreSQL variant fills the suite's test database (with its initial data restored)
# and copies it. The SQLite variant does not touch it, but is marked transactional too:
# pytest-django orders tests by their database use, and so the two run one after the other
# and the SQLite file migrates while the PostgreSQL variant runs.
VARIANTS = [
    pytest.param("postgresql", id="postgresql", marks=[
        pytest.mark.skipif(not _suite_on_postgresql(),
                           reason="the suite runs on SQLite: the PostgreSQL variant needs "
                                  "DATABASE_URL=postgres://… (make test, "
                                  "scripts/with-services.sh)"),
        pytest.mark.django_db(transaction=True, serialized_rollback=True)]),
    pytest.param("sqlite", id="sqlite", marks=pytest.mark.django_db(transaction=True)),
]


def _tables():
    from cohort.cases.models import Case, CaseEvent
    from cohort.models import User
    from cohort.notifications.models import Notification, NotificationBatch
    from cohort.threads.models import Comment, Thread

    return {model.__name__: model._meta.db_table for model in
            (Case, CaseEvent, Comment, Notification, NotificationBatch, Thread, User)}


@pytest.mark.parametrize("site", VARIANTS, indirect=True)
def test_fifty_posts_at_once_and_a_double_submitted_case(site):
    server, database, world, browsers = site
    t = _tables()
    case_url = f"/casussen/{world['case']}/"
    author = browsers[world["author"]]
    comment_form = lambda attrs: attrs.get("action", "").endswith("/reageren/")  # noqa: E731
    own_form = lambda attrs: "action" not in attrs  # noqa: E731 - posts to its own page

    # The author opens the conversation: comment 1, which half of the others answer.
    action, data = author.form(case_url, comment_form)
    response = author.post(action, {**data, "body": "Wat herkennen jullie hierin?"})
    assert response.status_code == 302, response.status_code

    # Fifty members, each with the form as their own page gave it to them.
    def prepared(n, email):
        path = case_url + ("?antwoord=1" if n % 2 else "")
        action, data = browsers[email].form(path, comment_form)
        assert ("parent" in data) == bool(n % 2), data
        return email, action, {**data, "body": f"Bijdrage {n:02d}: wat mij opvalt is {n}."}

    with ThreadPoolExecutor(max_workers=8) as pool:
        posts = list(pool.map(lambda pair: prepared(*pair), enumerate(world["posters"])))
    started = time.monotonic()
    results = at_once([lambda e=email, a=action, d=data: browsers[e].post(a, d)
                       for email, action, data in posts])
    took = time.monotonic() - started

    statuses = [_status(result) for result in results]
    assert statuses == ["302"] * POSTERS, \
        f"not every post was accepted (all answered in {took:.1f} s): {statuses}"
    numbers = sorted(int(result.headers["Location"].rsplit("#reactie-", 1)[1])
                     for result in results)
    assert numbers == list(range(2, POSTERS + 2)), f"numbers handed out: {numbers}"

    thread_id, = database.rows(
        f"SELECT id FROM {t['Thread']} WHERE case_id = {world['case']}")[0]
    comments = database.rows(
        f"SELECT c.number, c.root_index, c.parent_id, u.email, c.body FROM {t['Comment']} c "
        f"JOIN {t['User']} u ON u.id = c.author_id WHERE c.thread_id = {thread_id} "
        f"ORDER BY c.number")
    total = POSTERS + 1
    assert [row[0] for row in comments] == list(range(1, total + 1)), "gaps or duplicates"
    assert sorted(row[3] for row in comments[1:]) == sorted(world["posters"]), \
        "someone's post is missing, or someone has two"
    roots = [row for row in comments if row[2] is None]
    assert sorted(row[1] for row in roots) == list(range(1, len(roots) + 1)), \
        "top-level comments do not page 1..N"
    assert len(roots) == 1 + POSTERS // 2
    assert all(row[1] == 1 for row in comments if row[2] is not None), \
        "a reply left the branch it answers"
    counters = database.rows(f"SELECT comment_count, last_number, root_count FROM "
                             f"{t['Thread']} WHERE id = {thread_id}")[0]
    assert counters == (total, total, len(roots)), f"counters {counters}"
    # Each response pointed its author at their own comment.
    by_email = {row[3]: row[0] for row in comments[1:]}
    for (email, _action, _data), result in zip(posts, results, strict=True):
        assert result.headers["Location"].endswith(f"#reactie-{by_email[email]}")

    # One member double-clicks "Post": one comment; the other click is told so (400).
    email, action, data = posts[0]
    _, fresh = browsers[email].form(case_url, comment_form)
    twice = {**fresh, "body": "Nog één ding: wie beslist er eigenlijk?"}
    results = at_once([lambda: browsers[email].post(action, twice)] * 2)
    assert sorted(_status(result) for result in results) == ["302", "400"], \
        [_status(result) for result in results]
    count, = database.rows(
        f"SELECT COUNT(*) FROM {t['Comment']} c JOIN {t['User']} u ON u.id = c.author_id "
        f"WHERE u.email = '{email}' AND c.body = '{twice['body']}'")[0]
    assert count == 1, f"the double click posted {count} comments"
    counters = database.rows(f"SELECT comment_count, last_number FROM {t['Thread']} "
                             f"WHERE id = {thread_id}")[0]
    assert counters == (total + 1, total + 1), f"counters after the double click {counters}"

    # A participant clicks "Save draft" on a new case several times at once, then "Submit
    # the case" likewise.
    title = "Twee keer geklikt"
    create = f"/casussen/nieuw/?editie={world['edition']}"
    action, data = author.form(create, own_form)
    data.update(title=title, situation="Het scherm bleef even hangen.",
                question="Komt mijn casus er nu twee keer in?")
    results = at_once([lambda: author.post(action, data, multipart=True)] * CLICKS)
    assert [_status(result) for result in results] == ["302"] * CLICKS, \
        f"saving the draft {CLICKS} times: {[_status(result) for result in results]}"
    cases = database.rows(
        f"SELECT c.id FROM {t['Case']} c JOIN {t['User']} u ON u.id = c.author_id "
        f"WHERE u.email = '{world['author']}' AND c.title = '{title}'")
    assert len(cases) == 1, f"{CLICKS} clicks on 'Save draft' made {len(cases)} cases"
    case_id = cases[0][0]
    assert {urlsplit(result.headers["Location"]).path for result in results} == {
        f"/casussen/{case_id}/"}, "every click should land on the one draft"

    action, data = author.form(f"/casussen/{case_id}/indienen/", own_form)
    data.update(audience="edition", confidential="on")
    results = at_once([lambda: author.post(action, data)] * CLICKS)
    assert [_status(result) for result in results] == ["302"] * CLICKS, \
        f"submitting {CLICKS} times: {[_status(result) for result in results]}"
    assert {urlsplit(result.headers["Location"]).path for result in results} == {
        f"/casussen/{case_id}/"}
    status, version = database.rows(
        f"SELECT status, version FROM {t['Case']} WHERE id = {case_id}")[0]
    assert status == "submitted"
    events = sorted(kind for kind, in database.rows(
        f"SELECT kind FROM {t['CaseEvent']} WHERE case_id = {case_id}"))
    assert events == ["created", "submitted"], f"the case's history: {events}"
    assert version == 2, f"version {version}: the submit was applied more than once"
    history = author.get(f"/casussen/{case_id}/").text.split('<ol class="history">')[1]
    assert history.split("</ol>")[0].count('<li id="geschiedenis-') == 2
    batches, = database.rows(
        f"SELECT COUNT(*) FROM {t['NotificationBatch']} WHERE kind = 'case_submitted' "
        f"AND event_key = 'case:{case_id}:submitted'")[0]
    assert batches == 1, f"the edition was told {batches} times of one submit"
    twice_told = database.rows(
        f"SELECT recipient_id FROM {t['Notification']} WHERE kind = 'case_submitted' "
        f"AND event_key = 'case:{case_id}:submitted' GROUP BY recipient_id HAVING COUNT(*) > 1")
    assert twice_told == [], "someone was told twice of one submit"

    assert server.alarms() == [], "the server logged errors:\n" + "\n".join(server.alarms())


# --- The same sends one after the other (the second click after the first committed) ----


@pytest.mark.django_db
def test_a_case_form_sent_again_saves_one_draft_and_submits_once(client, participant,
                                                                 edition1):
    from cohort.cases.models import Case, CaseEvent

    client.force_login(participant)
    create = f"/casussen/nieuw/?editie={edition1.pk}"
    parser = Forms()
    parser.feed(client.get(create).text)
    fields = dict(next(form for form in parser.forms if "action" not in form["attrs"]
                       and form["attrs"].get("method") == "post")["fields"])
    assert len(fields.get("form_token", "")) >= 16, "the form page names itself"
    data = {**fields, "title": "Nog een keer", "situation": "Eén keer bedoeld.",
            "question": "Staat hij er nu één keer in?"}
    first, second = client.post(create, data), client.post(create, data)
    case = Case.objects.get(author=participant)
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"] == case.get_absolute_url()
    # The same form page with other text is not a double click: a draft of its own.
    assert client.post(create, {**data, "title": "Toch iets anders"}).status_code == 302
    assert Case.objects.filter(author=participant).count() == 2

    submit = f"/casussen/{case.pk}/indienen/"
    answers = [client.post(submit, {"audience": "edition", "confidential": "on"})
               for _ in range(2)]
    assert [answer.status_code for answer in answers] == [302, 302]
    assert {answer["Location"] for answer in answers} == {case.get_absolute_url()}
    assert CaseEvent.objects.filter(case=case, kind="submitted").count() == 1
    assert client.get(submit).status_code == 404  # the page itself is for drafts only


if __name__ == "__main__":
    _prepare_sqlite_main()
