"""Redis that accepts a connection and never answers (a hung server, a half-open link):
posting a comment and submitting a case still answer within 3 s, and both are saved. (What
was to be sent waits in the outbox for the beat: tests/notifications_tests/test_redis_drill.py
shows it arriving once when Redis is back.)"""

import contextlib
import socket
import threading
import time

import pytest
from django.urls import reverse

from config.celery import app
from tests.cases_tests.conftest import CASE_TEXT

pytestmark = pytest.mark.django_db


@pytest.fixture
def hung_redis(settings):
    """A server that accepts every connection and never says a word; the cache and the
    broker both point at it."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(50)
    held, stop = [], threading.Event()

    def accept():
        server.settimeout(0.2)
        while not stop.is_set():
            with contextlib.suppress(OSError):  # the accept timed out: look at stop again
                held.append(server.accept()[0])

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    url = f"redis://127.0.0.1:{server.getsockname()[1]}"
    settings.CACHES = {"default": {
        "BACKEND": "config.cache.ResilientRedisCache", "LOCATION": f"{url}/1",
        "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
    }}
    before = {key: app.conf[key] for key in ("broker_url", "task_always_eager")}
    _forget_connections()
    app.conf.update(broker_url=f"{url}/0", task_always_eager=False)
    try:
        yield
    finally:
        if app._pool is not None:
            app._pool.force_close_all()  # this server's pool only
        app.conf.update(**before)
        _forget_connections()  # later tests publish to the real Redis again
        stop.set()
        thread.join()
        for connection in held:
            connection.close()
        server.close()


def _forget_connections():
    """Celery keeps the pools it made for the broker URL of its first use (kombu keeps
    them per URL, open): let the next publish take the pools of the URL configured then."""
    app._pool = None
    if "amqp" in app.__dict__:
        app.__dict__["amqp"]._producer_pool = None


@pytest.fixture(autouse=True)
def _clean_cache():
    """The suite clears the cache around each test; this one's cache hangs on purpose."""
    from config import cache as resilient

    resilient._resting_until.clear()
    yield
    resilient._resting_until.clear()


def test_a_comment_and_a_case_are_saved_in_time_while_redis_hangs(
        client, participant, peer, facilitator, edition1, hung_redis,
        django_capture_on_commit_callbacks):
    from cohort.cases.models import Case
    from cohort.threads.models import Comment
    from tests.cases_tests.conftest import make_case

    case = make_case(peer, edition1)
    client.force_login(participant)
    timings = {}
    with django_capture_on_commit_callbacks(execute=True):
        start = time.monotonic()
        response = client.post(reverse("threads:case_comment", args=[case.pk]),
                               {"body": "Herkenbaar, dank je."})
        timings["comment"] = (response.status_code, time.monotonic() - start)
    with django_capture_on_commit_callbacks(execute=True):
        start = time.monotonic()
        response = client.post(reverse("cases:create"), {**CASE_TEXT, "submit": "1"})
        timings["case"] = (response.status_code, time.monotonic() - start)
    assert {name: status for name, (status, _s) in timings.items()} == {
        "comment": 302, "case": 302}
    slow = {name: round(seconds, 2) for name, (_c, seconds) in timings.items() if seconds > 3}
    assert slow == {}
    assert Comment.objects.filter(body="Herkenbaar, dank je.").exists()
    assert Case.objects.filter(author=participant).exists()
