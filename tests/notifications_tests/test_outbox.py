"""Rule 5: an accepted write is never lost; mail leaves after commit, once."""

import pytest
from django.core import mail
from django.db import transaction
from kombu.exceptions import OperationalError

from cohort.notifications import outbox as services
from cohort.notifications import tasks
from cohort.notifications.models import OutgoingEmail

pytestmark = pytest.mark.django_db


def _queue(**overrides):
    fields = {"to": ["a@example.org"], "subject": "Onderwerp", "body": "Tekst"}
    return services.email_queue(**{**fields, **overrides})


def test_nothing_is_sent_before_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        email = _queue()
    assert len(callbacks) == 1
    assert mail.outbox == []
    callbacks[0]()
    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.SENT
    assert len(mail.outbox) == 1


def test_rolled_back_write_sends_nothing(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                _queue()
                raise RuntimeError("the request failed after queueing")
        except RuntimeError:
            pass
    assert mail.outbox == []
    assert not OutgoingEmail.objects.exists()


def test_broker_down_keeps_the_email_pending_then_beat_sends_it(
    monkeypatch, django_capture_on_commit_callbacks
):
    def broker_down(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6399. Connection refused.")

    monkeypatch.setattr(tasks.send_email, "delay", broker_down)
    with django_capture_on_commit_callbacks(execute=True):
        email = _queue()
    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.PENDING
    assert mail.outbox == []

    OutgoingEmail.objects.filter(pk=email.pk).update(
        created_at=email.created_at - services.timedelta(minutes=5)
    )
    assert tasks.resend_pending_email() == 1
    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.SENT
    assert len(mail.outbox) == 1


def test_sending_twice_delivers_once():
    email = _queue()
    assert services.email_send(email.pk) is True
    assert services.email_send(email.pk) is False
    assert len(mail.outbox) == 1


def test_same_key_is_stored_once():
    first = _queue(key="invite-42")
    second = _queue(key="invite-42")
    assert first.pk == second.pk
    assert OutgoingEmail.objects.count() == 1


def test_failed_send_is_recorded_and_retried_later(monkeypatch):
    email = _queue()

    def smtp_down(self, *args, **kwargs):
        raise ConnectionRefusedError("smtp down")

    monkeypatch.setattr("django.core.mail.EmailMultiAlternatives.send", smtp_down)
    assert services.email_send(email.pk) is False
    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.PENDING
    assert email.attempts == 1
    assert "smtp down" in email.last_error
    monkeypatch.undo()
    assert services.email_send(email.pk) is True


def test_gives_up_after_max_attempts(monkeypatch):
    email = _queue()
    OutgoingEmail.objects.filter(pk=email.pk).update(attempts=services.MAX_EMAIL_ATTEMPTS - 1)
    monkeypatch.setattr(
        "django.core.mail.EmailMultiAlternatives.send",
        lambda self, *a, **k: (_ for _ in ()).throw(OSError("still down")),
    )
    services.email_send(email.pk)
    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.FAILED


def test_the_database_refuses_a_second_row_with_one_key():
    from django.db import IntegrityError

    OutgoingEmail.objects.create(to=["a@example.org"], subject="s", body="b", key="eenmalig")
    with pytest.raises(IntegrityError), transaction.atomic():
        OutgoingEmail.objects.create(to=["a@example.org"], subject="s", body="b", key="eenmalig")


@pytest.mark.skipif(
    not __import__("os").environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="needs row-level locking: runs on PostgreSQL (make test, CI); SQLite's test "
           "database locks whole tables",
)
# serialized_rollback: the flush after a transactional test re-runs post_migrate, which
# would recreate the facilitators' group under a new id for the tests that follow.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_concurrent_queueings_of_one_key_store_one_email():
    """The second request does not see the first one's row yet (not committed), so only the
    unique index can stop it: it waits for the first to commit, then takes that row."""
    import threading
    import time

    from django.db import connection

    inserted, started = threading.Event(), threading.Event()
    results, errors = {}, []

    def first():
        try:
            with transaction.atomic():
                results["first"] = _queue(key="gelijktijdig").pk
                inserted.set()
                started.wait(10)
                time.sleep(0.3)  # the second is inside its own transaction by now
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connection.close()

    def second():
        try:
            inserted.wait(10)
            with transaction.atomic():
                started.set()
                results["second"] = _queue(key="gelijktijdig").pk
        except Exception as exc:  # noqa: BLE001
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert errors == []
    assert OutgoingEmail.objects.filter(key="gelijktijdig").count() == 1
    assert results["first"] == results["second"]
