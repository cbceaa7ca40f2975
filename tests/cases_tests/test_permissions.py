"""The permission matrix: who × which case × which channel (DESIGN.md rules 1 and 2)."""

import io
import zipfile

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

# viewer → (draft, submitted, facilitators-only): may they see it?
MATRIX = {
    "participant": (True, True, True),  # the author
    "peer": (False, True, False),
    "outsider": (False, False, False),
    "facilitator": (False, True, True),
    "other_facilitator": (False, False, False),
    "stranger": (False, False, False),
}


def _login(client, user):
    client.logout()
    client.force_login(user)


def _channels(client, case):
    """Status codes of every way to reach a case."""
    attachment = case.attachments.first()
    codes = {
        "page": client.get(case.get_absolute_url()).status_code,
        "edit": client.get(reverse("cases:edit", args=[case.pk])).status_code,
    }
    if attachment:
        codes["attachment"] = client.get(attachment.get_absolute_url()).status_code
    listing = client.get(reverse("cases:list", args=[case.cohort_id]), {"q": case.title})
    link = f'href="{case.get_absolute_url()}"'
    codes["list"] = 200 if listing.status_code == 200 and link in listing.text else 404
    return codes


@pytest.mark.parametrize("viewer", MATRIX)
def test_case_matrix(client, request, viewer, draft, submitted, facilitators_only,
                     other_facilitator):
    user = request.getfixturevalue(viewer)
    _login(client, user)
    for case, allowed in zip((draft, submitted, facilitators_only), MATRIX[viewer], strict=True):
        codes = _channels(client, case)
        expected = 200 if allowed else 404
        assert codes["page"] == expected, (viewer, case.title, codes)
        assert codes["list"] == expected, (viewer, case.title, codes)
        if "attachment" in codes:
            assert codes["attachment"] == expected, (viewer, case.title, codes)
        # Revisions are on the page: no other way in. Editing: author and facilitators only.
        may_edit = allowed and viewer in ("participant", "facilitator")
        assert codes["edit"] == (200 if may_edit else 404), (viewer, case.title, codes)


def test_visitor_is_sent_to_login_everywhere(client, submitted):
    for url in (submitted.get_absolute_url(), submitted.attachments.first().get_absolute_url(),
                reverse("cases:list", args=[submitted.cohort_id]),
                reverse("cases:export_own"),
                reverse("cases:export_cohort", args=[submitted.cohort_id])):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], url


def _zip_names(response):
    """The archive's file names and all its text, decompressed (the raw bytes of a
    deflated ZIP never contain a title, whatever the archive holds)."""
    content = b"".join(response.streaming_content)
    archive = zipfile.ZipFile(io.BytesIO(content))
    text = "\n".join(archive.read(name).decode("utf-8", errors="replace")
                     for name in archive.namelist())
    return archive.namelist(), text


def test_own_export_has_own_cases_only(client, participant, peer, draft, submitted, edition1):
    from tests.cases_tests.conftest import make_case

    make_case(peer, edition1, title="Casus van een ander", situation="Tekst van een ander")
    _login(client, participant)
    response = client.get(reverse("cases:export_own"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["X-Content-Type-Options"] == "nosniff"
    names, content = _zip_names(response)
    assert f"{draft.pk}-vastgelopen-regiotafel/casus.txt" in names
    assert f"{submitted.pk}-vastgelopen-regiotafel/bijlagen/verslag.pdf" in names
    assert "Vastgelopen regiotafel" in content  # the text is read, so the check below counts
    assert "Casus van een ander" not in content and "Tekst van een ander" not in content


def test_cohort_export_for_its_facilitators_only(client, participant, peer, facilitator,
                                                 other_facilitator, draft, submitted,
                                                 facilitators_only):
    url = reverse("cases:export_cohort", args=[submitted.cohort_id])
    for user in (participant, peer, other_facilitator):
        _login(client, user)
        assert client.get(url).status_code == 404
    _login(client, facilitator)
    response = client.get(url)
    assert response.status_code == 200
    names, content = _zip_names(response)
    folders = {name.split("/")[0] for name in names}
    assert folders == {f"{submitted.pk}-vastgelopen-regiotafel",
                       f"{facilitators_only.pk}-alleen-voor-de-begeleiders"}
    assert "Alleen voor de begeleiders" in content
    assert f"{draft.pk}-" not in " ".join(names)


def test_search_hits_are_scoped(client, peer, outsider, submitted, facilitators_only):
    _login(client, outsider)
    response = client.get(reverse("cases:list", args=[submitted.cohort_id]), {"q": "regiotafel"})
    assert response.status_code == 404  # not even the edition's list
    _login(client, peer)
    response = client.get(reverse("cases:list", args=[submitted.cohort_id]), {"q": "begeleiders"})
    assert "Alleen voor de begeleiders" not in response.text


def test_notifications_reach_the_audience_only(participant, peer, outsider, facilitator,
                                               edition1, django_capture_on_commit_callbacks):
    from cohort.notifications.models import Notification
    from tests.cases_tests.conftest import make_case

    with django_capture_on_commit_callbacks(execute=True):
        make_case(participant, edition1, audience="facilitators", title="Vertrouwelijk")
    told = set(Notification.objects.values_list("recipient__email", flat=True))
    assert told == {facilitator.email}
    Notification.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        make_case(participant, edition1, title="Voor iedereen")
    told = set(Notification.objects.values_list("recipient__email", flat=True))
    assert told == {facilitator.email, peer.email}
    assert outsider.email not in told and participant.email not in told
