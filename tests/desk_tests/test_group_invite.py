"""Inviting a group: one line a person, a preview of each line and of the email, then all
or nothing; for the edition's facilitators only."""

import pytest
from django.core import mail
from django.urls import reverse

from cohort.programme.invitations import Invitation
from tests.factories import member

pytestmark = pytest.mark.django_db

LIST = """Joris Jansen <joris@example.org>
  lies@example.org
SANNE@example.org
lies@example.org
"""


def url(edition):
    return reverse("programme:cohort_invite", args=[edition.pk])


def test_the_preview_says_what_each_line_will_do_and_stores_nothing(client, facilitator,
                                                                   participant, edition1):
    client.force_login(facilitator)
    response = client.post(url(edition1), {"lines": LIST, "message": "Welkom in de groep!",
                                           "role": "participant", "preview": "1"})
    page = response.content.decode()
    assert response.status_code == 200
    assert page.count("wordt uitgenodigd") == 2  # Joris and Lies
    assert "al lid" in page  # Sanne (participant), whatever the case of the address
    assert "twee keer in de lijst" in page
    assert "Hallo Joris Jansen," in page and "Welkom in de groep!" in page  # the email
    assert not Invitation.objects.exists() and not mail.outbox


def test_the_preview_shows_the_email_in_the_language_it_is_sent_in(client, facilitator,
                                                                   edition1):
    client.force_login(facilitator)
    client.cookies["leergang_language"] = "en"
    page = client.post(url(edition1), {"lines": LIST, "message": "Welkom!",
                                       "role": "participant", "preview": "1"}).content.decode()
    assert "will be invited" in page  # the page follows her language…
    assert "Hallo Joris Jansen," in page and "(persoonlijke link)" in page  # …the email not


def test_the_emails_preview_escapes_the_message(client, facilitator, edition1):
    client.force_login(facilitator)
    page = client.post(url(edition1), {
        "lines": "joris@example.org", "message": "Hoi <i onmouseover=alert(2)>daar</i>",
        "role": "participant", "preview": "1"}).content.decode()
    assert 'class="email-preview"' in page
    assert "Hoi &lt;i onmouseover=alert(2)&gt;daar&lt;/i&gt;" in page  # text, escaped
    assert "<i onmouseover" not in page


def test_sending_invites_the_new_lines_with_the_message(client, facilitator, participant,
                                                        edition1, django_capture_on_commit_callbacks):
    client.force_login(facilitator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url(edition1), {"lines": LIST, "message": "Welkom!",
                                               "role": "participant", "send": "1"})
    assert response.status_code == 200
    assert sorted(Invitation.objects.values_list("email", "name")) == [
        ("joris@example.org", "Joris Jansen"), ("lies@example.org", "")]
    # Sent again: both are now "already invited", nobody is invited twice.
    page = client.post(url(edition1), {"lines": LIST, "role": "participant",
                                       "preview": "1"}).content.decode()
    assert page.count("al uitgenodigd") == 2
    invitation = Invitation.objects.get(email="joris@example.org")
    client.logout()
    accept = client.get(invitation.get_absolute_url()).content.decode()
    assert 'value="Joris"' in accept and 'value="Jansen"' in accept


def test_an_invalid_line_invites_nobody(client, facilitator, edition1):
    client.force_login(facilitator)
    response = client.post(url(edition1), {
        "lines": "goed@example.org\nniet-een-adres\n<script>alert(1)</script>",
        "role": "participant", "send": "1"})
    page = response.content.decode()
    assert response.status_code == 400
    assert "Niemand is uitgenodigd" in page and page.count("ongeldig adres") == 2
    assert "<script>alert(1)</script>" not in page
    assert not Invitation.objects.exists()
    too_many = "\n".join(f"p{i}@example.org" for i in range(101))
    response = client.post(url(edition1), {"lines": too_many, "role": "participant",
                                           "send": "1"})
    assert response.status_code == 400 and not Invitation.objects.exists()


def test_only_the_editions_facilitators_invite(client, participant, edition1, edition2):
    other = member(edition2, role="facilitator", first_name="Pieter", email="p@example.org")
    for user in (participant, other):
        client.force_login(user)
        assert client.get(url(edition1)).status_code == 404
        assert client.post(url(edition1), {"lines": "x@example.org", "role": "participant",
                                           "send": "1"}).status_code == 404
    assert not Invitation.objects.exists()


def test_an_invitation_flood_is_refused_whole_with_429(client, facilitator, edition1, settings,
                                                       django_capture_on_commit_callbacks):
    settings.INVITATIONS_PER_DAY = 3
    client.force_login(facilitator)
    lines = "\n".join(f"lid{n}@example.org" for n in range(2))
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url(edition1), {"lines": lines, "role": "participant",
                                           "send": "1"}).status_code == 200
    more = "\n".join(f"nieuw{n}@example.org" for n in range(2))  # 2 + 2 > 3
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url(edition1), {"lines": more, "role": "participant",
                                                "send": "1"})
    assert response.status_code == 429
    assert "hoogstens 3 uitnodigingen per dag" in response.content.decode()
    assert Invitation.objects.count() == 2 and len(mail.outbox) == 2  # nothing of the second
    # The admin's one-by-one form counts against the same day.
    client.post("/admin/invitations/new/", {"cohort": edition1.pk, "email": "een@example.org",
                                            "role": "participant"})
    response = client.post("/admin/invitations/new/", {"cohort": edition1.pk,
                                                       "email": "twee@example.org",
                                                       "role": "participant"})
    assert "hoogstens 3 uitnodigingen per dag" in response.content.decode()
    assert sorted(Invitation.objects.values_list("email", flat=True)) == [
        "een@example.org", "lid0@example.org", "lid1@example.org"]
