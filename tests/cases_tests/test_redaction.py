"""An author (or a facilitator) removes a name written by mistake from the history too."""

import io
import zipfile

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from cohort.cases import services
from cohort.cases.models import CaseEvent
from tests.cases_tests.conftest import make_case

pytestmark = pytest.mark.django_db

NAME = "Jan Jansen van de gemeente"


@pytest.fixture
def edited(participant, facilitator, edition1):
    case = make_case(participant, edition1)
    services.case_update(user=participant, case=case, expected_version=case.version,
                         data={"situation": f"Het overleg met {NAME} liep vast."})
    case.refresh_from_db()
    services.case_update(user=participant, case=case, expected_version=case.version,
                         data={"situation": "Het overleg met de gemeente liep vast."})
    case.refresh_from_db()
    return case


def test_the_author_removes_the_text_and_the_removal_is_kept(client, participant, peer,
                                                             edited):
    events = list(edited.events.filter(kind="edited").order_by("pk"))
    client.force_login(peer)
    assert NAME in client.get(edited.get_absolute_url()).text
    client.force_login(participant)
    url = reverse("cases:event_redact", args=[edited.pk, events[0].pk])
    assert client.get(url).status_code == 200
    assert client.post(url, {"veld": ["situation"]}).status_code == 302
    # The next edit's "before" held the same text: it went too, so nothing is left there.
    assert client.get(reverse("cases:event_redact", args=[edited.pk, events[1].pk])
                      ).status_code == 404
    for who in (participant, peer):
        client.force_login(who)
        page = client.get(edited.get_absolute_url()).text
        assert NAME not in page
        assert "Tekst verwijderd door" in page
    for event in events:
        event.refresh_from_db()
        assert NAME not in str(event.changes) and event.redacted_by == participant
    assert CaseEvent.objects.filter(case=edited, kind="redacted").count() == 1
    client.force_login(participant)
    archive = zipfile.ZipFile(io.BytesIO(b"".join(client.get(reverse("cases:export_own"))
                                                  .streaming_content)))
    assert not any(NAME in archive.read(name).decode(errors="ignore")
                   for name in archive.namelist())


def test_peers_cannot_redact_and_nothing_twice(client, peer, participant, facilitator, edited):
    event = edited.events.filter(kind="edited").first()
    url = reverse("cases:event_redact", args=[edited.pk, event.pk])
    client.force_login(peer)
    assert client.post(url).status_code == 404
    with pytest.raises(PermissionDenied):
        services.case_event_redact(user=peer, event=event)
    event.refresh_from_db()
    assert NAME in str(event.changes) or event.redacted_at is None
    services.case_event_redact(user=facilitator, event=event)
    client.force_login(participant)
    assert client.post(url).status_code == 404  # already redacted


def test_an_entry_without_text_cannot_be_redacted(client, participant, edited):
    submitted = edited.events.get(kind="submitted")
    client.force_login(participant)
    url = reverse("cases:event_redact", args=[edited.pk, submitted.pk])
    assert client.get(url).status_code == 404


def test_another_edition_cannot_reach_it(client, outsider, edited):
    event = edited.events.filter(kind="edited").first()
    client.force_login(outsider)
    url = reverse("cases:event_redact", args=[edited.pk, event.pk])
    assert client.get(url).status_code == 404


def test_redacting_one_entry_removes_the_text_wherever_the_history_holds_it(
    client, participant, peer, edited
):
    """The first edit added the name, the second removed it: its "before" held the name too."""
    first = edited.events.filter(kind="edited").order_by("pk").first()
    services.case_event_redact(user=participant, event=first)
    client.force_login(peer)
    assert NAME not in client.get(edited.get_absolute_url()).text
    for event in edited.events.filter(kind="edited"):
        assert NAME not in str(event.changes)


def test_only_the_chosen_field_goes(participant, facilitator, edition1):
    case = make_case(participant, edition1)
    services.case_update(user=participant, case=case, expected_version=case.version,
                         data={"situation": f"Met {NAME}.", "question": "Een nieuwe vraag?"})
    event = case.events.get(kind="edited")
    services.case_event_redact(user=participant, event=event, fields=["situation"])
    event.refresh_from_db()
    assert NAME not in str(event.changes)
    from cohort.cases.models import Case

    question = Case._meta.get_field("question").verbose_name
    assert [label for label, old, new in event.changed_fields()] == [question]
    assert event.can_be_redacted  # the question can still be removed


def test_an_attachment_name_can_be_removed(client, participant, peer, facilitator, edition1):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from cohort.cases.models import CaseAttachment
    from tests.cases_tests.conftest import PDF

    case = make_case(participant, edition1)
    services.case_update(user=participant, case=case, expected_version=case.version, data={},
                         files=[SimpleUploadedFile("verslag Jan Jansen.pdf", PDF)])
    services.case_attachment_remove(user=participant, attachment=CaseAttachment.objects.get())
    added = case.events.get(kind="attachment_added")
    services.case_event_redact(user=participant, event=added)
    client.force_login(peer)
    assert "Jan Jansen" not in client.get(case.get_absolute_url()).text
    assert not any("Jan" in str(event.changes) for event in case.events.all())
