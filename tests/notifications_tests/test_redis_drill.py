"""The Redis-down drill with a real Redis: stopped while a member writes, started again,
then every email goes out exactly once."""

import datetime
import shutil
import socket
import subprocess
import time

import pytest
from django.core import mail
from django.utils import timezone

from cohort.cases.models import CaseFeedback
from cohort.notifications import delivery, outbox, services
from cohort.notifications.models import Notification, NotificationBatch, OutgoingEmail
from config import redis_rest
from config.celery import app as celery_app
from tests.cases_tests.conftest import make_case

pytestmark = [pytest.mark.worker, pytest.mark.django_db]


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Redis:
    def __init__(self, tmp_path):
        self.port, self.dir = _free_port(), tmp_path

    def start(self):
        subprocess.run(["redis-server", "--port", str(self.port), "--bind", "127.0.0.1",
                        "--save", "", "--appendonly", "no", "--daemonize", "yes",
                        "--dir", str(self.dir)], check=True)
        for _ in range(50):
            if subprocess.run(["redis-cli", "-p", str(self.port), "ping"],
                              capture_output=True).returncode == 0:
                return
            time.sleep(0.1)
        pytest.fail("redis-server did not start")

    def stop(self):
        subprocess.run(["redis-cli", "-p", str(self.port), "shutdown", "nosave"],
                       capture_output=True)

    def queued(self):
        out = subprocess.run(["redis-cli", "-p", str(self.port), "llen", "celery"],
                             capture_output=True, text=True)
        return int(out.stdout.strip() or 0)


@pytest.fixture
def redis(tmp_path):
    if not shutil.which("redis-server"):
        pytest.fail("redis-server is needed: `make test` installs it.")
    server = Redis(tmp_path)
    server.start()
    conf = celery_app.conf
    saved = conf.broker_url, conf.task_always_eager
    conf.broker_url, conf.task_always_eager = f"redis://127.0.0.1:{server.port}/0", False
    celery_app._pool = celery_app.amqp._producer_pool = None  # this Redis, not a pooled one
    yield server
    server.stop()
    conf.broker_url, conf.task_always_eager = saved
    celery_app._pool = celery_app.amqp._producer_pool = None


def test_a_write_with_redis_down_is_kept_and_mailed_once_when_it_is_back(
    redis, client, participant, facilitator, edition1, django_capture_on_commit_callbacks,
    settings
):
    settings.NOTIFICATION_EMAIL_DELAY_MINUTES = 0
    case = make_case(participant, edition1, title="Tijdens de storing")
    redis.stop()
    client.force_login(facilitator)
    started = time.monotonic()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/casussen/{case.pk}/feedback/",
                               {"body": "Goed dat je dit inbrengt.", "visibility": "author"})
    assert response.status_code == 302  # the page answers normally …
    assert time.monotonic() - started < 10  # … and soon
    assert CaseFeedback.objects.filter(case=case).exists()  # … and the write is kept,
    batch = NotificationBatch.objects.get(kind="case_feedback")  # with its notification
    assert batch.expanded_at is None and batch.recipient_ids == [participant.pk]

    # Redis is back; the beat tasks run: the email goes out, once, however often they run.
    redis.start()
    redis_rest.clear()  # and this process's rest from it has run out (config/redis_rest.py)
    later = timezone.now() + datetime.timedelta(minutes=1)
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(2):
            services.batches_expand_pending(older_than_seconds=-60)
            delivery.send_due_emails(now=later)
    assert Notification.objects.get(kind="case_feedback").email == Notification.Email.SENT
    assert redis.queued() >= 1  # the tasks reach the broker again
    for _ in range(2):
        for email_id in outbox.email_pending_ids(older_than_seconds=0):
            outbox.email_send(email_id)
    assert [m.to for m in mail.outbox] == [[participant.email]]
    assert OutgoingEmail.objects.get().status == OutgoingEmail.Status.SENT
