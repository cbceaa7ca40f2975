"""`make serve-prod` as production runs: scripts/serve-prod.sh starts the Procfile's processes
with honcho (the release step, two gunicorn web processes, a Celery worker and the beat) on
the production settings, against a database of its own on the suite's PostgreSQL server and
a redis-server this test owns.

A participant's journey goes through it over HTTP with each step on the other web process
than the one before (the form from one, its POST to the other: CSRF token, session and the
form's double-click token are nobody's in-process state): deelnemer1 logs in, opens Mijn
leergang, writes a case and submits it; deelnemer2 comments on it, mentioning deelnemer1,
and the real worker tells both at once. Then Redis stops, under a worker that holds tasks
due later (the email of a notification waits 10 minutes): deelnemer2 comments again and
deelnemer1 replies, and both writes must succeed at once. Redis starts again on its port,
empty (it keeps nothing on disk), and the worker, alive and connected again, and the beat
deliver what was written during the outage through the beat's sweep (batches older than
30 s, every 60 s). Each write is then in the database exactly once, and nobody was told
twice. Stopping the script stops every process it started.

The web processes serve plain HTTP, as on a developer's machine: the production settings'
Secure cookies are kept and sent back by browsers for http://127.0.0.1, and by this test's
cookie jar too (BrowserCookies).
"""

import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
from contextlib import contextmanager, suppress
from http.cookiejar import DefaultCookiePolicy
from itertools import cycle
from pathlib import Path

import pytest
import requests

from tests.notifications_tests.test_redis_drill import Redis
from tests.trust_tests.test_concurrency import Forms

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "serve-prod.sh"
PASSWORD = "leergang-demo"
AUTHOR, PEER = "deelnemer1@example.org", "deelnemer2@example.org"
UP_TIMEOUT = 240  # migrate (nothing to do), collectstatic, seed_demo, two gunicorns booting
REQUEST_TIMEOUT = 30
OUTAGE_ANSWER = 10  # seconds a page and its POST may take with Redis down (the settings
# aim at 3 s for one request)
# A batch written while Redis was down waits for the beat's sweep: every 60 s, of the batches
# older than 30 s. Written just after a sweep, it is told on the second one after it.
DELIVERY_TIMEOUT = 150
WORKER_TIMEOUT = 30  # for the worker to tell what was queued with Redis up
STOP_TIMEOUT = 40  # honcho gives its processes 5 s before SIGKILL; gunicorn needs less
LINGER = 20  # seconds a process may take to end after honcho has exited

pytestmark = [
    pytest.mark.worker,
    # The suite's test database with its migrated initial data only: copied as the template.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


# --- What the test needs: without it, it fails (never skips), as the other worker tests do


def _require_services():
    if not os.environ.get("REDIS_URL"):
        pytest.fail("This test needs REDIS_URL: run it through `make test`.")
    for command in ("redis-server", "redis-cli"):
        if not shutil.which(command):
            pytest.fail(f"{command} is needed: `make test` installs it.")
    if not (Path(sys.prefix) / "bin" / "honcho").exists():
        pytest.fail(f"honcho is missing from {sys.prefix}: run `make install-dev`.")


class Database:
    """A database of its own on the suite's PostgreSQL server: a copy of the test database
    (migrated, initial data only), so the script's migrate has nothing left to do."""

    def __init__(self):
        from django.db import connection

        db = connection.settings_dict
        if db["ENGINE"] != "django.db.backends.postgresql":
            pytest.fail("serve-prod runs on PostgreSQL: run this test through `make test`.")
        self.params = {"host": db["HOST"] or "127.0.0.1", "port": db["PORT"] or 5432,
                       "user": db["USER"] or "postgres", "password": db["PASSWORD"] or None}
        self.template = db["NAME"]
        self.name = f"leergang_serve_prod_{secrets.token_hex(4)}"
        auth = self.params["user"] + (f":{self.params['password']}"
                                      if self.params["password"] else "")
        self.url = f"postgres://{auth}@{self.params['host']}:{self.params['port']}/{self.name}"

    def _connect(self, name, **kwargs):
        import psycopg

        return psycopg.connect(dbname=name, connect_timeout=10, **self.params, **kwargs)

    def create(self):
        import psycopg
        from django.db import connections

        connections.close_all()  # a template must have no connections
        deadline = time.monotonic() + 20
        while True:
            try:
                with self._connect("postgres", autocommit=True) as con:
                    con.execute(f'CREATE DATABASE "{self.name}" TEMPLATE "{self.template}"')
                return
            except psycopg.errors.ObjectInUse:  # a connection to the template still closing
                if time.monotonic() > deadline:
                    pytest.fail("the test database stays in use, so it cannot be copied")
                time.sleep(0.3)

    def drop(self):
        with self._connect("postgres", autocommit=True) as con:
            con.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')

    def rows(self, sql: str, params=()) -> list[tuple]:
        with self._connect(self.name) as con:
            return con.execute(sql, params).fetchall()


def _free_port_pair() -> int:
    """A port p with p + 1 free too: honcho numbers web.1 and web.2 from one base port."""
    for _ in range(100):
        with socket.socket() as first:
            first.bind(("127.0.0.1", 0))
            port = first.getsockname()[1]
            if port >= 65000:
                continue
            with socket.socket() as second:
                try:
                    second.bind(("127.0.0.1", port + 1))
                except OSError:
                    continue
        return port
    pytest.fail("found no two free ports next to each other")


# --- The stack: scripts/serve-prod.sh ------------------------------------------------------

ACCESS_LINE = re.compile(
    r"^\S+ (web\.\d)\s*\| \S+ \S+ \S+ \[[^\]]+\] \"(\w+) (\S+) HTTP/[\d.]+\" (\d{3})")
STARTED = re.compile(r"^\S+ system\s*\| (\S+) started \(pid=(\d+)\)")


class Stack:
    def __init__(self, database: Database, redis: Redis, logs: Path):
        self.port = _free_port_pair()
        self.urls = {1: f"http://127.0.0.1:{self.port}", 2: f"http://127.0.0.1:{self.port + 1}"}
        self.log = logs / "serve-prod.log"
        self.trail = []  # (web, method, path, status) of every request the members made
        env = {key: value for key, value in os.environ.items()
               if not key.startswith(("PYTEST_", "DJANGO_"))}
        for name in ("SECRET_KEY", "ALLOWED_HOSTS", "SITE_URL", "CACHE_URL",
                     "CELERY_BROKER_URL", "GUNICORN_CMD_ARGS", "EMAIL_BACKEND", "PORT"):
            env.pop(name, None)
        env.update(DATABASE_URL=database.url, REDIS_URL=f"redis://127.0.0.1:{redis.port}",
                   SERVE_PROD_PORT=str(self.port), WEB_CONCURRENCY="2", VENV=sys.prefix,
                   LOG_LEVEL="INFO")
        self.env = env
        self.process = None
        self.stopped = None

    def start(self):
        with self.log.open("w") as out:
            self.process = subprocess.Popen(
                [str(SCRIPT), "--services-from-env"], cwd=ROOT, env=self.env, stdout=out,
                stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True)
        deadline = time.monotonic() + UP_TIMEOUT
        while "==> Leergang is up" not in self.text():
            if self.process.poll() is not None:
                pytest.fail(f"serve-prod.sh exited with {self.process.returncode}:\n"
                            + self.tail())
            if time.monotonic() > deadline:
                pytest.fail(f"serve-prod.sh was not up after {UP_TIMEOUT} s:\n" + self.tail())
            time.sleep(0.5)

    def children(self) -> dict[str, int]:
        """honcho's processes (each the leader of a session of its own): name → pid."""
        return {match[1]: int(match[2]) for match in map(STARTED.match, self.lines())
                if match}

    def alive(self, grace=0.0) -> list[str]:
        """honcho's processes with something of theirs still running after ``grace`` s (a
        Celery worker finishes its warm shutdown after its shell is gone)."""
        deadline = time.monotonic() + grace
        while True:
            left = []
            for name, pid in self.children().items():
                with suppress(ProcessLookupError):
                    os.killpg(pid, 0)
                    left.append(name)
            if not left or time.monotonic() >= deadline:
                return left
            time.sleep(0.2)

    def stop(self) -> bool:
        """SIGTERM to the script, as Ctrl-C would: True when everything stopped by itself.
        What did not is killed."""
        if self.process is None or self.stopped is not None:
            return self.stopped is not False
        clean = True
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                clean = False
        left = self.alive(grace=LINGER if clean else 0)
        for name in left:
            with suppress(ProcessLookupError):
                os.killpg(self.children()[name], signal.SIGKILL)
        if not clean:
            os.killpg(self.process.pid, signal.SIGKILL)  # the script and honcho
            self.process.wait(timeout=10)
        self.stopped = clean and not left
        return self.stopped

    def text(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""

    def lines(self) -> list[str]:
        return self.text().splitlines()

    def tail(self, count=150) -> str:
        return "\n".join(self.lines()[-count:])

    def casualties(self) -> list[str]:
        """The lines where one of honcho's processes stopped, and any fatal error before."""
        return [line for line in self.lines() if re.search(
            r"stopped \(rc=(?!0\))|CRITICAL|Unrecoverable error|Traceback", line)]

    def served(self) -> set[tuple]:
        """(process, method, path, status) of each request in the web processes' access logs."""
        return {(m[1], m[2], m[3], int(m[4])) for m in map(ACCESS_LINE.match, self.lines())
                if m}


# --- A member's browser --------------------------------------------------------------------


class BrowserCookies(DefaultCookiePolicy):
    """A browser's cookie rules for http://127.0.0.1: a secure origin, so Secure cookies are
    kept and sent back (Chromium, Firefox and curl do so; http.cookiejar does not)."""

    def __init__(self):
        super().__init__(secure_protocols=("https", "wss", "http"))


class BrowserSession(requests.Session):
    """requests copies the session's cookies into a jar of the default policy for each
    request; this one sends them by its own jar's policy."""

    def __init__(self):
        super().__init__()
        self.cookies.set_policy(BrowserCookies())

    def prepare_request(self, request):
        prepared = super().prepare_request(request)
        prepared.headers.pop("Cookie", None)
        prepared.prepare_cookies(self.cookies)
        return prepared


class Member:
    """One person: one cookie jar for both web processes, as behind a load balancer."""

    def __init__(self, stack: Stack, email: str):
        self.stack, self.email = stack, email
        self.session = BrowserSession()

    def _send(self, web: int, method: str, path: str, **kwargs) -> requests.Response:
        try:
            response = self.session.request(method, self.stack.urls[web] + path,
                                            allow_redirects=False, timeout=REQUEST_TIMEOUT,
                                            **kwargs)
        except requests.ConnectionError as error:
            refused = f"{self.email}: {method} {path} on web {web} found no server ({error})."
        else:
            self.stack.trail.append((web, method, path, response.status_code))
            return response
        pytest.fail(refused + " What stopped:\n" + "\n".join(self.stack.casualties()))

    def get(self, web: int, path: str) -> requests.Response:
        response = self._send(web, "GET", path)
        assert response.status_code == 200, (
            f"{self.email}: GET {path} on web {web}: {response.status_code} "
            f"{response.headers.get('Location', '')}")
        return response

    def form(self, web: int, path: str, matches) -> tuple[str, dict]:
        """The POST form of the page that ``matches`` (its attributes): (action, values)."""
        parser = Forms()
        parser.feed(self.get(web, path).text)
        form = next((f for f in parser.forms if f["attrs"].get("method", "").lower() == "post"
                     and matches(f["attrs"], dict(f["fields"]))), None)
        assert form is not None, f"no such form on {path} (web {web})"
        return form["attrs"].get("action") or path.split("#")[0], dict(form["fields"])

    def post(self, web: int, action: str, data: dict, *, multipart=False) -> requests.Response:
        # One site behind one proxy: the browser's Origin is the address it posts to.
        origin = self.stack.urls[web]
        files = {"new_attachments": ("", b"", "application/octet-stream")} if multipart else None
        return self._send(web, "POST", action, data=data, files=files,
                          headers={"Origin": origin, "Referer": origin + action})

    def log_in(self, form_web: int, post_web: int):
        action, data = self.form(form_web, "/accounts/login/",
                                 lambda attrs, _fields: attrs.get("action") == "/accounts/login/")
        response = self.post(post_web, action, {**data, "login": self.email,
                                                "password": PASSWORD})
        assert response.status_code == 302, f"login of {self.email}: {response.status_code}"
        assert response.headers["Location"] == "/mijn-leergang/"


def _redirected_to(response, pattern: str) -> re.Match:
    assert response.status_code == 302, (
        f"POST {response.request.url}: {response.status_code}\n{response.text[:2000]}")
    match = re.fullmatch(pattern, response.headers["Location"])
    assert match, f"POST {response.request.url} went to {response.headers['Location']}"
    return match


# --- Fixtures ------------------------------------------------------------------------------


@pytest.fixture
def redis_server(tmp_path):
    _require_services()
    folder = tmp_path / "redis"
    folder.mkdir()
    server = Redis(folder)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def database(redis_server):
    database = Database()
    database.create()
    yield database
    database.drop()


@pytest.fixture
def stack(database, redis_server, tmp_path):
    stack = Stack(database, redis_server, tmp_path)
    try:
        stack.start()
        yield stack
    finally:
        stack.stop()
        # pytest shows a fixture's output when its test failed, and keeps it quiet otherwise.
        print(f"\n--- serve-prod.sh, the last lines of {stack.log} ---\n{stack.tail(300)}")


# --- The test ------------------------------------------------------------------------------


def _tables() -> dict[str, str]:
    from cohort.cases.models import Case, CaseEvent
    from cohort.models import User
    from cohort.notifications.models import Notification, NotificationBatch
    from cohort.threads.models import Comment, Thread

    return {model.__name__: model._meta.db_table for model in
            (Case, CaseEvent, Comment, Notification, NotificationBatch, Thread, User)}


@contextmanager
def quickly(what: str):
    started = time.monotonic()
    yield
    took = time.monotonic() - started
    assert took < OUTAGE_ANSWER, f"{what} took {took:.1f} s with Redis down"


def _is_the_case_form(attrs, fields):
    return "action" not in attrs and "form_token" in fields


def _is_the_comment_form(case_id):
    return lambda attrs, fields: (attrs.get("action") == f"/casussen/{case_id}/reageren/"
                                  and "parent" not in fields)


def test_the_journey_alternates_between_web_processes_and_survives_a_redis_restart(
        stack, database, redis_server):
    t = _tables()
    stamp = secrets.token_hex(3)
    author, peer = Member(stack, AUTHOR), Member(stack, PEER)

    # deelnemer1 logs in on web 1; web 2 knows her session.
    author.log_in(1, 1)
    home = author.get(2, "/mijn-leergang/")
    (first_name, last_name), = database.rows(
        f"SELECT first_name, last_name FROM {t['User']} WHERE email = %s", [AUTHOR])
    assert first_name in home.text, "web 2 does not know who is logged in on web 1"

    # The case form from web 1, the draft saved by web 2; the submit form from web 1, sent to
    # web 2: CSRF and form tokens made by one process, checked by the other.
    title = f"Twee processen, één casus {stamp}"
    action, fields = author.form(1, "/casussen/nieuw/", _is_the_case_form)
    fields.update(title=title, situation="Twee partners wachten op elkaar.",
                  my_role="Ik ben de netwerkleider.", question="Wie zet de eerste stap?",
                  tried="Een gesprek met beide.", parties="Twee gemeenten.")
    draft = author.post(2, action, fields, multipart=True)
    case_id = int(_redirected_to(draft, r"/casussen/(\d+)/")[1])
    action, fields = author.form(1, f"/casussen/{case_id}/indienen/",
                                 lambda attrs, fields: "action" not in attrs)
    submitted = author.post(2, action, {**fields, "audience": "edition", "confidential": "on"})
    _redirected_to(submitted, rf"/casussen/{case_id}/")
    assert title in author.get(1, f"/casussen/{case_id}/").text

    # deelnemer2 (the login form from web 1, sent to web 2) comments on web 2 on the form
    # web 1 showed, mentioning deelnemer1 by the name the field suggests.
    peer.log_in(1, 2)
    names = json.loads(peer.get(2, f"/casussen/{case_id}/noemen/").text)["names"]
    full_name = f"{first_name} {last_name}"
    assert full_name in names, names
    mention = f"Herkenbaar, @{full_name}: wat deed jij daarna? ({stamp})"
    action, fields = peer.form(1, f"/casussen/{case_id}/", _is_the_comment_form(case_id))
    _redirected_to(peer.post(2, action, {**fields, "body": mention}), r"/.+")

    def comment(body):
        rows = database.rows(f"SELECT id, number FROM {t['Comment']} WHERE body = %s", [body])
        assert len(rows) == 1, f"{len(rows)} comments with the text {body!r}"
        return rows[0]

    mention_id, mention_number = comment(mention)

    webs = cycle([1, 2])

    def wait_until_told(expected: dict, timeout: float) -> dict:
        """Poll until each (member, event) of ``expected`` is in the database and on the
        member's notifications page (from either process); then what they were told."""
        keys = sorted({key for _who, key in expected})
        deadline = time.monotonic() + timeout
        while True:
            rows = database.rows(
                f"SELECT u.email, n.event_key, n.kind, n.id FROM {t['Notification']} n "
                f"JOIN {t['User']} u ON u.id = n.recipient_id "
                f"WHERE n.event_key = ANY(%s) AND u.email = ANY(%s)", [keys, [AUTHOR, PEER]])
            told = {(email, key): (kind, pk) for email, key, kind, pk in rows}
            pages = {AUTHOR: author.get(next(webs), "/meldingen/").text,
                     PEER: peer.get(next(webs), "/meldingen/").text}
            shown = {(email, key) for (email, key), (_kind, pk) in told.items()
                     if f'href="/meldingen/{pk}/"' in pages[email]}
            if shown >= set(expected):
                return {who: kind for who, (kind, _pk) in told.items()}
            if time.monotonic() > deadline:
                pending = database.rows(
                    f"SELECT event_key, kind, created_at FROM {t['NotificationBatch']} "
                    f"WHERE expanded_at IS NULL AND event_key = ANY(%s)", [keys])
                others, = database.rows(f"SELECT COUNT(*) FROM {t['NotificationBatch']} "
                                        f"WHERE expanded_at IS NULL")[0]
                pytest.fail(f"not told within {timeout} s: {sorted(set(expected) - shown)}; "
                            f"in the database: {told}; their batches still waiting: "
                            f"{pending} ({others} in all). What stopped:\n"
                            + "\n".join(stack.casualties()))
            time.sleep(1)

    # The worker tells at once what was written with Redis up (the beat is not due yet).
    before = {(AUTHOR, f"comment:{mention_id}"): "comment_mention",
              (PEER, f"case:{case_id}:submitted"): "case_submitted"}
    assert wait_until_told(before, WORKER_TIMEOUT) == before
    time.sleep(1)  # the worker is idle again, holding the email tasks due in 10 minutes

    # Redis stops. Pages still open, and both writes succeed at once.
    redis_server.stop()
    assert subprocess.run(["redis-cli", "-p", str(redis_server.port), "ping"],
                          capture_output=True).returncode != 0, "Redis is still up"
    during = f"Ik lees mee terwijl Redis weg is ({stamp})."
    reply = f"Ik heb eerst gewacht, en toen gebeld ({stamp})."
    with quickly("deelnemer2's comment"):
        action, fields = peer.form(1, f"/casussen/{case_id}/", _is_the_comment_form(case_id))
        _redirected_to(peer.post(2, action, {**fields, "body": during}), r"/.+")
    with quickly("deelnemer1's reply"):
        action, fields = author.form(2, f"/casussen/{case_id}/?antwoord={mention_number}",
                                     lambda attrs, fields: fields.get("parent") ==
                                     str(mention_number))
        _redirected_to(author.post(1, action, {**fields, "body": reply}), r"/.+")
    health = author._send(1, "GET", "/healthz")
    assert health.status_code == 503 and health.json()["redis"] != "ok", health.text
    redis_server.start()  # on its port again, and empty
    during_id, _ = comment(during)
    reply_id, _ = comment(reply)

    # What was written during the outage arrives too, through the beat's sweep and the same
    # worker; nobody is told of their own comment.
    expected = {**before,
                (AUTHOR, f"comment:{during_id}"): "comment_on_yours",
                (PEER, f"comment:{reply_id}"): "comment_reply"}
    keys = sorted({key for _who, key in expected})
    assert wait_until_told(expected, DELIVERY_TIMEOUT) == expected, \
        "someone was told of their own comment, or in the wrong way"

    # Each write exactly once, and each notification too.
    cases = database.rows(
        f"SELECT c.id, c.status, u.email FROM {t['Case']} c "
        f"JOIN {t['User']} u ON u.id = c.author_id WHERE c.title = %s", [title])
    assert cases == [(case_id, "submitted", AUTHOR)], cases
    events = sorted(kind for kind, in database.rows(
        f"SELECT kind FROM {t['CaseEvent']} WHERE case_id = %s", [case_id]))
    assert events == ["created", "submitted"], f"the case's history: {events}"
    thread_comments = database.rows(
        f"SELECT c.body, c.parent_id, u.email FROM {t['Comment']} c "
        f"JOIN {t['Thread']} th ON th.id = c.thread_id JOIN {t['User']} u ON u.id = c.author_id "
        f"WHERE th.case_id = %s ORDER BY c.id", [case_id])
    assert thread_comments == [(mention, None, PEER), (during, None, PEER),
                               (reply, mention_id, AUTHOR)], thread_comments
    twice = database.rows(
        f"SELECT recipient_id, event_key, COUNT(*) FROM {t['Notification']} "
        f"WHERE event_key = ANY(%s) GROUP BY recipient_id, event_key HAVING COUNT(*) > 1",
        [keys])
    assert twice == [], f"told twice of one event: {twice}"
    waiting = database.rows(
        f"SELECT event_key, kind FROM {t['NotificationBatch']} "
        f"WHERE event_key = ANY(%s) AND expanded_at IS NULL", [keys])
    assert waiting == [], f"batches never expanded: {waiting}"

    # Both sessions lived through the restart; the site sees Redis again.
    for web in (1, 2):
        health = author.get(web, "/healthz").json()
        assert health == {"status": "ok", "database": "ok", "redis": "ok"}, health

    # Every step went to the process it was meant for, and each process answered some.
    assert stack.stop(), f"processes left after SIGTERM: {stack.alive()}"
    served = stack.served()
    missing = [(web, method, path, status) for web, method, path, status in stack.trail
               if (f"web.{web}", method, path, status) not in served]
    assert missing == [], f"requests not in the access log of their web process: {missing}"
    assert {web for web, method, _path, _status in stack.trail if method == "POST"} == {1, 2}
