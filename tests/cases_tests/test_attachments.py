"""Attachments: checked on their content, private, served with safe headers."""

import io
import zipfile

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cohort.cases.models import Case, CaseAttachment
from tests.cases_tests.conftest import CASE_TEXT, PDF, make_case, pdf_upload, png_bytes

pytestmark = pytest.mark.django_db


def _docx():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


HOSTILE = {
    "html-as-pdf": ("rapport.pdf", b"<!DOCTYPE html><html><script>alert(1)</script></html>"),
    "svg-as-png": ("logo.png", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'),
    "svg": ("logo.svg", b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>'),
    "empty": ("leeg.pdf", b""),
    "zip-as-docx": ("notities.docx", b"PK\x03\x04" + b"\x00" * 40),
    "plain-zip": ("archief.docx", None),
    "truncated-png": ("kapot.png", png_bytes()[:20]),
    "exe": ("programma.pdf", b"MZ\x90\x00\x03" + b"\x00" * 100),
}


def _plain_zip():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("index.html", "<script>alert(1)</script>")
    return buffer.getvalue()


@pytest.mark.parametrize("kind", HOSTILE)
def test_hostile_upload_is_refused_and_the_form_kept(client, participant, facilitator, kind):
    name, content = HOSTILE[kind]
    if content is None:
        content = _plain_zip()
    client.force_login(participant)
    response = client.post(reverse("cases:create"), {
        **CASE_TEXT, "new_attachments": [SimpleUploadedFile(name, content)],
    })
    assert response.status_code == 200
    assert not Case.objects.exists() and not CaseAttachment.objects.exists()
    assert CASE_TEXT["situation"] in response.text  # the rest of the form is kept
    assert name in response.text  # the error names the file


def test_too_large_is_refused(client, participant, facilitator, settings):
    settings.CASE_ATTACHMENT_MAX_BYTES = 1024
    client.force_login(participant)
    big = pdf_upload(content=PDF + b"0" * 2048)
    response = client.post(reverse("cases:create"), {**CASE_TEXT, "new_attachments": [big]})
    assert response.status_code == 200 and not Case.objects.exists()
    assert "at most 1,0\xa0KB" in response.text or "hoogstens 1,0\xa0KB" in response.text


def test_at_most_five_per_case(client, participant, facilitator, edition1):
    case = make_case(participant, edition1, status="draft",
                     files=[pdf_upload(f"{n}.pdf") for n in range(4)])
    client.force_login(participant)
    response = client.post(reverse("cases:edit", args=[case.pk]), {
        **CASE_TEXT, "version": case.version,
        "new_attachments": [pdf_upload("vijf.pdf"), pdf_upload("zes.pdf")],
    })
    assert response.status_code == 200
    assert case.attachments.count() == 4
    response = client.post(reverse("cases:edit", args=[case.pk]), {
        **CASE_TEXT, "version": case.version, "new_attachments": [pdf_upload("vijf.pdf")],
    })
    assert response.status_code == 302 and case.attachments.count() == 5


def test_accepted_types_are_named_by_their_content(participant, facilitator, edition1):
    case = make_case(participant, edition1, status="draft", files=[
        SimpleUploadedFile("plan.docx", _docx()),
        SimpleUploadedFile("foto.pdf", png_bytes()),  # an image with the wrong name
        pdf_upload("verslag"),
    ])
    kinds = {a.original_name: a.content_type for a in case.attachments.all()}
    assert kinds == {
        "plan.docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "foto.png": "image/png",
        "verslag.pdf": "application/pdf",
    }


def test_files_are_private_and_served_with_safe_headers(client, participant, peer, facilitator,
                                                        edition1):
    case = make_case(participant, edition1, files=[pdf_upload("verslag.pdf"),
                                                   SimpleUploadedFile("plan.docx", _docx())])
    pdf, docx = case.attachments.order_by("pk")
    # Stored in private storage under a random name, not the user's name, not under MEDIA_ROOT.
    assert pdf.file.storage.location == str(settings.PRIVATE_MEDIA_ROOT)
    assert "verslag" not in pdf.file.name
    client.force_login(peer)
    response = client.get(pdf.get_absolute_url())
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith('inline; filename="verslag.pdf"')
    assert "sandbox" in response["Content-Security-Policy"]
    assert "private" in response["Cache-Control"]
    assert b"".join(response.streaming_content) == PDF
    response = client.get(docx.get_absolute_url())
    assert response["Content-Disposition"].startswith('attachment; filename="plan.docx"')


def test_attachment_of_another_case_id_is_404(client, participant, peer, facilitator, edition1):
    mine = make_case(participant, edition1, files=[pdf_upload()])
    other = make_case(peer, edition1, status="draft", files=[pdf_upload("geheim.pdf")])
    client.force_login(participant)
    secret = other.attachments.get()
    # The attachment id of someone's draft, under the url of a case I can see.
    response = client.get(reverse("cases:attachment", args=[mine.pk, secret.pk]))
    assert response.status_code == 404


def test_removing_an_attachment_is_in_the_history(client, participant, peer, facilitator,
                                                  edition1, django_capture_on_commit_callbacks):
    case = make_case(participant, edition1, files=[pdf_upload("weg.pdf")])
    attachment = case.attachments.get()
    name = attachment.file.name
    storage = attachment.file.storage
    client.force_login(peer)
    url = reverse("cases:attachment_remove", args=[case.pk, attachment.pk])
    assert client.post(url).status_code == 404
    client.force_login(participant)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url).status_code == 302
    assert not case.attachments.exists() and not storage.exists(name)
    assert case.events.filter(kind="attachment_removed", changes__name="weg.pdf").exists()
