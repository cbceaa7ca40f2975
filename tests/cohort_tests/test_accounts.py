"""Login by email, closed sign-up, translated errors, slowed guessing, mails via the outbox."""

import pytest
from django.core import mail
from django.urls import reverse
from wagtail.models import Site

from cohort.models import User
from cohort.notifications.models import OutgoingEmail
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"


def _login(client, email, password, **extra):
    return client.post(LOGIN, {"login": email, "password": password}, **extra)


def test_login_by_email_is_case_insensitive(client, participant):
    response = _login(client, "SANNE@example.org", PASSWORD)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(participant.pk)


def test_wrong_password_gives_a_dutch_error_and_no_session(client, participant):
    response = _login(client, participant.email, "wrong-password")
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    content = response.content.decode()
    assert "niet correct" in content  # allauth's Dutch catalogue
    assert 'role="alert"' in content


def test_wrong_password_error_in_english(client, participant):
    client.cookies["leergang_language"] = "en"
    response = _login(client, participant.email, "wrong-password")
    assert "not correct" in response.content.decode()


def test_repeated_failures_from_one_client_are_locked_out(client, participant, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, participant.email, "wrong-password", REMOTE_ADDR="203.0.113.7")
    response = _login(client, participant.email, PASSWORD, REMOTE_ADDR="203.0.113.7")
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    assert "Te veel" in response.content.decode()


def test_lockout_does_not_lock_the_account_for_others(client, participant, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT + 2):
        _login(client, participant.email, "wrong-password", REMOTE_ADDR="203.0.113.7")
    # The real owner, from their own connection, still gets in.
    response = _login(client, participant.email, PASSWORD, REMOTE_ADDR="198.51.100.20")
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(participant.pk)


def test_signup_is_closed(client):
    response = client.get("/accounts/signup/")
    assert "uitnodiging" in response.content.decode()
    client.post(
        "/accounts/signup/",
        {
            "email": "new@example.org",
            "password1": "a-long-pass-123",
            "password2": "a-long-pass-123",
        },
    )
    assert not User.objects.filter(email="new@example.org").exists()


def test_password_reset_mail_goes_through_outbox_after_commit(
    client, participant, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/accounts/password/reset/", {"email": participant.email})
    assert response.status_code == 302
    stored = OutgoingEmail.objects.get()
    assert stored.status == OutgoingEmail.Status.SENT
    assert stored.to == [participant.email]
    assert len(mail.outbox) == 1
    assert "/accounts/password/reset/key/" in mail.outbox[0].body
    # Our own words, with the site's name filled in (allauth's gave "Hallo van !").
    body, subject = mail.outbox[0].body, mail.outbox[0].subject
    site = Site.objects.get(is_default_site=True).site_name or "Leergang"
    assert "Hallo," in body and f"— {site}" in body and "{{" not in body, body
    assert subject == f"[{site}] Kies een nieuw wachtwoord", subject


def test_password_reset_answers_the_same_for_unknown_addresses(client, participant):
    known = client.post("/accounts/password/reset/", {"email": participant.email})
    unknown = client.post("/accounts/password/reset/", {"email": "nobody@example.org"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]


def test_password_reset_with_malformed_address_changes_nothing(client):
    response = client.post("/accounts/password/reset/", {"email": "not-an-address"})
    assert response.status_code == 200
    assert not OutgoingEmail.objects.exists()


def test_password_change_requires_login(client, participant):
    response = client.get("/accounts/password/change/")
    assert response.status_code == 302
    client.force_login(participant)
    response = client.post(
        "/accounts/password/change/",
        {
            "oldpassword": PASSWORD,
            "password1": "new-pass-2026-xyz",
            "password2": "new-pass-2026-xyz",
        },
    )
    assert response.status_code == 302
    participant.refresh_from_db()
    assert participant.check_password("new-pass-2026-xyz")


def test_logout_needs_post(client, participant):
    client.force_login(participant)
    client.get(reverse("account_logout"))  # a link or an image tag cannot log anyone out
    assert client.session.get("_auth_user_id") == str(participant.pk)
    assert client.get("/mijn-leergang/").status_code == 200
    client.post(reverse("account_logout"))
    assert "_auth_user_id" not in client.session


def test_email_is_unique_regardless_of_case(participant):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create_user(email="Sanne@Example.org".upper(), password="x")
