"""The Redis drill, both ways Redis fails: the test's own redis-server stopped, and a socket
that accepts and never answers. Members comment, submit a case and a facilitator asks
consent to quote: every request answers within 3 s without a 5xx and every write is kept.
When Redis is back and the beat runs (twice, as a retry would), each notification and each
email exists exactly once. A write rolled back after its save queues nothing."""

import contextlib
import datetime
import socket
import threading
import time
from collections import Counter

import pytest
from django.core import mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from cohort.cases.models import Case
from cohort.consent.models import QuoteConsent
from cohort.notifications import delivery, outbox, services
from cohort.notifications.models import Notification, NotificationBatch, OutgoingEmail
from cohort.threads import services as threads
from cohort.threads.models import Comment
from config import redis_rest
from config.celery import app
from tests.blog_tests.factories import blog_index, post
from tests.cases_tests.conftest import make_case
from tests.notifications_tests.test_redis_drill import Redis
from tests.threads_tests.conftest import fresh, reflect

pytestmark = [pytest.mark.worker, pytest.mark.django_db]


@contextlib.contextmanager
def blackhole():
    """A server that accepts every connection and never says a word; yields its URL."""
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
    try:
        yield f"redis://127.0.0.1:{server.getsockname()[1]}"
    finally:
        stop.set()
        thread.join()
        for connection in held:
            connection.close()
        server.close()


@contextlib.contextmanager
def redis_at(settings, url):
    """Point the cache and Celery's broker at ``url`` for the block."""
    settings.CACHES = {"default": {
        "BACKEND": "config.cache.ResilientRedisCache", "LOCATION": f"{url}/1",
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
    }}
    before = {key: app.conf[key] for key in ("broker_url", "task_always_eager")}
    _forget_connections()
    app.conf.update(broker_url=f"{url}/0", task_always_eager=False)
    try:
        yield
    finally:
        if app._pool is not None:
            app._pool.force_close_all()  # this URL's pool only
        app.conf.update(**before)
        _forget_connections()  # later tests publish to the real Redis again


def _forget_connections():
    """Celery keeps the pools it made for the broker URL of its first use (kombu keeps
    them per URL, open): let the next publish take the pools of the URL configured then."""
    app._pool = None
    if "amqp" in app.__dict__:
        app.__dict__["amqp"]._producer_pool = None


@pytest.fixture(autouse=True)
def _clean_cache():
    redis_rest.clear()
    yield
    redis_rest.clear()


@pytest.fixture
def redis_server(tmp_path, settings):
    """The test's own redis-server, the cache and the broker on it."""
    server = Redis(tmp_path)
    server.start()
    with redis_at(settings, f"redis://127.0.0.1:{server.port}"):
        yield server
    server.stop()


@contextlib.contextmanager
def outage(how, server, settings):
    """Redis fails ``how`` for the block, then ``server`` answers again."""
    if how == "stopped":
        server.stop()
        yield
        server.start()
    else:
        with blackhole() as url, redis_at(settings, url):
            yield


@pytest.mark.parametrize("how", ["stopped", "hung"])
def test_writes_during_an_outage_are_kept_and_told_exactly_once(
        how, redis_server, settings, client, participant, peer, facilitator, edition1, block, prompts,
        django_capture_on_commit_callbacks):
    settings.NOTIFICATION_EMAIL_DELAY_MINUTES = 0
    case = make_case(peer, edition1, title="Wie neemt het voortouw")
    reflection = reflect(peer, edition1, block, prompts[1],
                         body="Ik liet de stilte vallen en wachtte op de partners.")
    draft = make_case(participant, edition1, status="draft")
    blog_post = post(blog_index(), title="Deel 3: Wachten", state="draft")
    comment_text = f"Herkenbaar, @{facilitator.first_name}: wat deed jij toen?"
    requests = {
        "comment": (participant, reverse("threads:case_comment", args=[case.pk]),
                    {"body": comment_text}),
        "case": (participant, reverse("cases:submit", args=[draft.pk]),
                 {"audience": "edition", "confidential": "on"}),
        "consent": (facilitator, reverse("consent:request"), {
            "reflectie": reflection.pk, "excerpt": "wachtte op de partners",
            "post": blog_post.pk, "note": "Past bij deel 3."}),
    }
    NotificationBatch.objects.all().delete()  # what the setup told is not this drill's
    Notification.objects.all().delete()
    answers = {}
    with outage(how, redis_server, settings):
        for name, (user, url, data) in requests.items():
            client.force_login(user)
            redis_rest.clear()  # each request meets the outage afresh, as a new process would
            start = time.monotonic()
            with django_capture_on_commit_callbacks(execute=True):  # as a commit runs them
                response = client.post(url, data)
            answers[name] = (response.status_code, round(time.monotonic() - start, 2))
    assert {name: status for name, (status, _s) in answers.items()} == {
        "comment": 302, "case": 302, "consent": 302}
    assert {name: s for name, (_c, s) in answers.items() if s >= 3} == {}
    assert Comment.objects.filter(body=comment_text).count() == 1
    assert Case.objects.filter(author=participant, status=Case.Status.SUBMITTED).count() == 1
    assert QuoteConsent.objects.filter(author=peer).count() == 1
    assert NotificationBatch.objects.filter(expanded_at__isnull=True).exists()  # still to do

    # Redis is back and this process's rest from it has run out (config/redis_rest.py); the
    # beat's tasks run twice, as a retry after a lost answer would.
    redis_rest.clear()
    later = timezone.now() + datetime.timedelta(minutes=1)
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            services.batches_expand_pending(older_than_seconds=-60)
            delivery.send_due_emails(now=later)
        for email_id in outbox.email_pending_ids(older_than_seconds=-60):
            outbox.email_send(email_id)
    told = Counter(Notification.objects.values_list("recipient__email", "kind"))
    assert told == {
        (peer.email, "comment_on_yours"): 1,
        (facilitator.email, "comment_mention"): 1,
        (facilitator.email, "case_submitted"): 1,
        (peer.email, "case_submitted"): 1,
        (peer.email, "consent_requested"): 1,
    }
    assert NotificationBatch.objects.filter(expanded_at__isnull=True).count() == 0
    sent = Counter((tuple(message.to), message.subject) for message in mail.outbox)
    assert sent and set(sent.values()) == {1}, sent
    assert {to for (to,), _subject in sent} >= {peer.email}
    assert len(mail.outbox) == OutgoingEmail.objects.filter(
        status=OutgoingEmail.Status.SENT).count()
    assert not OutgoingEmail.objects.exclude(status=OutgoingEmail.Status.SENT).exists()
    assert redis_server.queued() >= 1  # the tasks reach the broker again


def test_a_write_rolled_back_after_its_save_queues_nothing(
        redis_server, participant, peer, edition1, django_capture_on_commit_callbacks):
    case = make_case(peer, edition1)
    thread = threads.thread_for_case(case)
    batches = NotificationBatch.objects.count()
    with (django_capture_on_commit_callbacks(execute=True) as callbacks,
          contextlib.suppress(RuntimeError), transaction.atomic()):
            threads.comment_post(user=fresh(participant), thread=thread, body="Weggegooid.")
            assert Comment.objects.filter(body="Weggegooid.").exists()  # it was saved …
            raise RuntimeError("the request failed after the save")
    assert not Comment.objects.filter(body="Weggegooid.").exists()  # … and rolled back
    assert callbacks == []
    assert NotificationBatch.objects.count() == batches
    assert not OutgoingEmail.objects.exists() and redis_server.queued() == 0
