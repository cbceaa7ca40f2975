"""Hostile HTML in every field a member writes is shown escaped on every page that shows it.

Each field carries its own payload, and each check asserts both that the escaped payload is
on the page (so the field is really shown there) and that the raw one is not."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.html import escape

from cohort.cases import services
from tests.cases_tests.conftest import PDF, make_case

pytestmark = pytest.mark.django_db


def payload(field):
    return f'<img src=x onerror="alert(\'{field}\')"><b>{field}</b>'


CASE_FIELDS = ("title", "situation", "my_role", "question", "tried", "parties")
PROFILE_FIELDS = ("display_name", "organisation", "role_name")
ATTACHMENT = "<svg onload=alert(1)>schema & 'plan'.pdf"


def assert_escaped(html, field, where):
    raw = payload(field)
    assert raw not in html, f"{field} unescaped on {where}"
    assert escape(raw) in html, f"{field} not shown on {where}: the check would prove nothing"


@pytest.fixture
def hostile(participant, peer, facilitator, edition1):
    for name in PROFILE_FIELDS:
        setattr(participant, name, payload(name))
    participant.save()
    case = make_case(participant, edition1, **{name: payload(name) for name in CASE_FIELDS},
                     files=[SimpleUploadedFile(ATTACHMENT, PDF)])
    services.case_update(user=participant, case=case, expected_version=case.version,
                         data={"tried": payload("tried-edit")})
    services.case_feedback_add(user=facilitator, case=case, body=payload("feedback"),
                               visibility="audience")
    services.case_mark_discussed(user=facilitator, case=case)
    case.refresh_from_db()
    services.case_follow_up_answer(user=participant, case=case, text=payload("follow_up"))
    case.refresh_from_db()
    return case


def test_case_page_escapes_every_field(client, peer, hostile):
    client.force_login(peer)
    html = client.get(hostile.get_absolute_url()).text
    for field in (*CASE_FIELDS, "tried-edit", "feedback", "follow_up", "display_name"):
        assert_escaped(html, field, "the case page")
    # The attachment's name loses < > " when stored (attachments.clean_name), and what is
    # left is escaped on the page.
    assert escape("svg onload=alert(1)schema & 'plan'.pdf") in html
    assert "<svg" not in html


def test_history_escapes_old_and_new_values(client, peer, hostile):
    client.force_login(peer)
    html = client.get(hostile.get_absolute_url()).text
    history = html[html.index('id="history-title"'):]
    assert_escaped(history, "tried", "the history (old value)")
    assert_escaped(history, "tried-edit", "the history (new value)")


def test_case_list_escapes_title_and_author(client, peer, hostile, edition1):
    client.force_login(peer)
    html = client.get(reverse("cases:list", args=[edition1.pk])).text
    assert_escaped(html, "title", "the case list")
    assert_escaped(html, "display_name", "the case list")


def test_edit_form_escapes_the_texts(client, participant, facilitator, edition1):
    case = make_case(participant, edition1, status="draft",
                     **{name: payload(name) for name in CASE_FIELDS})
    client.force_login(participant)
    html = client.get(reverse("cases:edit", args=[case.pk])).text
    for field in CASE_FIELDS:
        assert_escaped(html, field, "the edit form")


def test_mijn_leergang_escapes_titles_and_names(client, participant, peer, hostile):
    client.force_login(peer)
    html = client.get(reverse("programme:my_leergang")).text
    assert_escaped(html, "title", "Mijn leergang (activity)")
    assert_escaped(html, "display_name", "Mijn leergang (members)")


def test_member_and_edition_pages_escape_the_profile(client, participant, peer, hostile,
                                                     edition1):
    client.force_login(peer)
    html = client.get(participant.get_absolute_url()).text
    for field in PROFILE_FIELDS:
        assert_escaped(html, field, "the member page")
    html = client.get(edition1.url).text
    assert_escaped(html, "display_name", "the edition page")


def test_progress_page_escapes_names(client, facilitator, hostile, edition1):
    client.force_login(facilitator)
    html = client.get(reverse("programme:cohort_progress", args=[edition1.pk])).text
    assert_escaped(html, "display_name", "the progress page")
