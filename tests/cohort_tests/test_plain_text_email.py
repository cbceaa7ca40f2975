"""Email is plain text: what people typed arrives as they typed it, never HTML-escaped."""

import pytest

from cohort.notifications.models import OutgoingEmail
from cohort.programme import services as programme_services
from tests.cases_tests.conftest import make_case

pytestmark = pytest.mark.django_db

TITLE = "Zorg & welzijn <samen> \"rond\" 't Gooi"


def test_case_mail_subject_and_body_are_not_escaped(participant, peer, facilitator, edition1,
                                                    settings):
    from cohort.cases import services
    from cohort.notifications import delivery

    settings.NOTIFICATION_EMAIL_DELAY_MINUTES = 0
    case = make_case(participant, edition1, title=TITLE)
    services.case_mark_discussed(user=facilitator, case=case)
    from tests.factories import expand_notifications

    expand_notifications()
    delivery.send_due_emails()
    discussed = OutgoingEmail.objects.filter(to=[participant.email]).get()
    assert TITLE in discussed.subject and TITLE in discussed.body
    assert "&amp;" not in discussed.subject + discussed.body and "&lt;" not in discussed.subject


def test_invitation_subject_carries_the_edition_title_as_written(facilitator, edition1):
    edition1.title = "Editie 1 — zorg & onderwijs"
    edition1.save()
    programme_services.invitation_create(cohort=edition1, email="nieuw@example.org",
                                         invited_by=facilitator)
    email = OutgoingEmail.objects.get(to=["nieuw@example.org"])
    assert "zorg & onderwijs" in email.subject and "&amp;" not in email.subject


def test_a_subject_is_one_line(participant, peer, facilitator, edition1):
    make_case(participant, edition1, title="Eerste regel\r\nBcc: kwaad@example.org")
    for email in OutgoingEmail.objects.all():
        assert "\n" not in email.subject and "\r" not in email.subject
