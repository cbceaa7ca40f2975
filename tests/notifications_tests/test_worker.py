"""A real Celery worker process against the test Redis and the test database."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

from cohort.notifications import outbox as services
from cohort.notifications.models import OutgoingEmail
from config.celery import app as celery_app

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [
    pytest.mark.worker,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _require_redis():
    if not os.environ.get("REDIS_URL"):
        pytest.fail("This test needs REDIS_URL: run it through `make test`.")


def _database_url():
    db = connection.settings_dict
    if db["ENGINE"] != "django.db.backends.postgresql":
        pytest.fail("The worker test shares the database with another process: use PostgreSQL.")
    user = db["USER"] or "postgres"
    return f"postgres://{user}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


def _child_env(**extra):
    env = dict(os.environ)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings.worker_test",
            "DATABASE_URL": _database_url(),
            **extra,
        }
    )
    return env


@pytest.fixture
def broker_mode():
    """Publish to Redis for real instead of running tasks in-process."""
    _require_redis()
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = False
    yield
    celery_app.conf.task_always_eager = previous


@pytest.fixture
def worker(broker_mode, tmp_path):
    log = tmp_path / "worker.log"
    with log.open("w") as handle:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "config",
                "worker",
                "--pool=solo",
                "--concurrency=1",
                "--loglevel=INFO",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
            ],
            cwd=ROOT,
            env=_child_env(),
            stdout=handle,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 60
        while "ready" not in log.read_text():
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail("Celery worker did not start:\n" + log.read_text())
            time.sleep(0.2)
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()


def _wait_for(predicate, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return False


def test_queued_task_runs_in_a_real_worker(worker):
    email = services.email_queue(to=["worker@example.org"], subject="Via de worker", body="Hallo")
    # Outside an atomic block on_commit runs at once: the task is on Redis now.
    assert _wait_for(
        lambda: OutgoingEmail.objects.get(pk=email.pk).status == OutgoingEmail.Status.SENT
    ), "the worker did not send the email"
    assert OutgoingEmail.objects.get(pk=email.pk).attempts == 1


def test_write_succeeds_when_redis_refuses(tmp_path):
    """A process whose broker is down still stores the email, quickly, and pending."""
    _require_redis()
    script = (
        "import django, time; django.setup();"
        "from cohort.notifications import outbox as services;"
        "from django.db import transaction;"
        "t = time.monotonic();"
        "e = transaction.atomic()(lambda: services.email_queue("
        "to=['down@example.org'], subject='Redis weg', body='x'))();"
        "print('ELAPSED', time.monotonic() - t)"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=_child_env(REDIS_URL="redis://127.0.0.1:9"),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    elapsed = float(result.stdout.split("ELAPSED")[1])
    assert elapsed < 15, f"queueing blocked for {elapsed:.1f}s with the broker down"
    email = OutgoingEmail.objects.get(to=["down@example.org"])
    assert email.status == OutgoingEmail.Status.PENDING
