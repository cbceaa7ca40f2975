"""Invitations: happy path, expired, revoked, reused, re-sent; admin and the accept page."""

import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone

from cohort.models import Membership, User
from cohort.notifications.models import OutgoingEmail
from cohort.programme import services
from cohort.programme.invitations import Invitation

pytestmark = pytest.mark.django_db

PASSWORD = "een-goed-wachtwoord-2026"


@pytest.fixture
def send(django_capture_on_commit_callbacks):
    def make(cohort, email="nieuw@example.org", **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return services.invitation_create(cohort=cohort, email=email, **kwargs)

    return make


def _accept(client, invitation, **overrides):
    data = {"first_name": "Nina", "last_name": "Nieuw", "password1": PASSWORD,
            "password2": PASSWORD, **overrides}
    return client.post(invitation.get_absolute_url(), data)


def test_invitation_email_links_to_the_accept_page(send, edition1, facilitator):
    invitation = send(edition1, invited_by=facilitator)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["nieuw@example.org"]
    assert edition1.title in message.subject
    assert invitation.get_absolute_url() in message.body
    assert facilitator.get_display_name() in message.body


def test_happy_path_creates_account_membership_and_logs_in(client, send, edition1):
    invitation = send(edition1)
    assert client.get(invitation.get_absolute_url()).status_code == 200
    response = _accept(client, invitation)
    assert response.status_code == 302
    assert response["Location"] == "/accounts/profile/"  # asked to complete the profile
    assert "Vertel de groep wie je bent" in client.get(response["Location"]).content.decode()
    user = User.objects.get(email="nieuw@example.org")
    assert user.check_password(PASSWORD)
    assert Membership.objects.get(user=user).cohort == edition1
    invitation.refresh_from_db()
    assert invitation.accepted_by == user
    assert client.session["_auth_user_id"] == str(user.pk)


def test_reused_link_is_refused(client, send, edition1):
    invitation = send(edition1)
    _accept(client, invitation)
    client.logout()
    response = _accept(client, invitation, first_name="Indringer")
    assert response.status_code == 410
    assert "al gebruikt" in response.content.decode()
    assert User.objects.filter(email="nieuw@example.org").count() == 1


def test_expired_link_is_refused_and_can_be_resent(client, send, edition1):
    invitation = send(edition1)
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    response = _accept(client, invitation)
    assert response.status_code == 410
    assert "verlopen" in response.content.decode()
    assert not User.objects.filter(email="nieuw@example.org").exists()

    invitation.refresh_from_db()
    services.invitation_resend(invitation)
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.PENDING
    assert invitation.sent_count == 2
    assert OutgoingEmail.objects.filter(to=["nieuw@example.org"]).count() == 2
    assert _accept(client, invitation).status_code == 302


def test_revoked_link_is_refused(client, send, edition1):
    invitation = send(edition1)
    services.invitation_revoke(invitation)
    response = _accept(client, invitation)
    assert response.status_code == 410
    assert "ingetrokken" in response.content.decode()
    with pytest.raises(services.InvitationError):
        services.invitation_resend(invitation)


def test_unknown_token_is_404(client):
    assert client.get("/uitnodiging/bestaat-niet/").status_code == 404


def test_bad_input_is_refused_and_changes_nothing(client, send, edition1):
    invitation = send(edition1)
    response = _accept(client, invitation, password2="iets-anders-2026")
    assert response.status_code == 200
    assert "niet hetzelfde" in response.content.decode()
    response = _accept(client, invitation, password1="12345", password2="12345")
    assert response.status_code == 200
    assert not User.objects.filter(email="nieuw@example.org").exists()
    invitation.refresh_from_db()
    assert invitation.accepted_at is None


def test_existing_account_logs_in_to_accept(client, send, edition2, participant):
    invitation = send(edition2, email=participant.email)
    content = client.get(invitation.get_absolute_url()).content.decode()
    assert "Log in" in content or "Inloggen" in content
    client.force_login(participant)
    response = client.post(invitation.get_absolute_url())
    assert response.status_code == 302
    assert Membership.objects.filter(user=participant, cohort=edition2).exists()


def test_invitation_for_someone_else_is_refused(client, send, edition2, participant, peer):
    invitation = send(edition2, email=participant.email)
    client.force_login(peer)
    response = client.post(invitation.get_absolute_url())
    assert response.status_code == 400
    assert not Membership.objects.filter(user=peer, cohort=edition2).exists()


def test_hostile_name_is_stored_as_text(client, send, edition1, participant):
    invitation = send(edition1)
    _accept(client, invitation, first_name="<script>alert(1)</script>")
    client.force_login(participant)
    content = client.get(edition1.url).content.decode()
    assert "<script>alert(1)</script>" not in content
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in content  # the name is shown, as text


def test_admin_invites_and_refuses_duplicates(client, facilitator, edition1, participant,
                                              django_capture_on_commit_callbacks):
    client.force_login(facilitator)
    data = {"cohort": edition1.pk, "email": "Gast@Example.org", "role": "participant"}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/admin/invitations/new/", data)
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert invitation.email == "gast@example.org"
    assert invitation.invited_by == facilitator
    assert len(mail.outbox) == 1

    again = client.post("/admin/invitations/new/", data)
    assert again.status_code == 200
    assert Invitation.objects.count() == 1
    member = client.post("/admin/invitations/new/", {**data, "email": participant.email})
    assert member.status_code == 200
    assert Invitation.objects.count() == 1

    listing = client.get("/admin/invitations/").content.decode()
    assert "gast@example.org" in listing
    assert re.search(rf"/admin/invitations/{invitation.pk}/resend/", listing)

    client.post(f"/admin/invitations/{invitation.pk}/revoke/")
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.REVOKED


def test_participant_cannot_invite(client, participant, edition1):
    client.force_login(participant)
    response = client.post(
        "/admin/invitations/new/", {"cohort": edition1.pk, "email": "x@example.org"}
    )
    assert response.status_code in (302, 403)
    assert not Invitation.objects.exists()
