"""Rule 5: an accepted write is never lost; mail leaves after commit, once."""

import pytest
from django.core import mail
from django.db import transaction
from kombu.exceptions import OperationalError

from cohort import services, tasks
from cohort.models import OutgoingEmail

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
