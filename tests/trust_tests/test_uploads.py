"""Uploads that try something: each refused with a translated error that names the file,
and nothing stored; a file exactly at the limit is taken, one byte over is not."""

import io
import random

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from cohort.cases.attachments import check_upload
from cohort.cases.models import Case, CaseAttachment
from tests.cases_tests.conftest import CASE_TEXT, PDF, png_bytes

pytestmark = pytest.mark.django_db

# name, content, the check's code
TRICKS = {
    "png-html-polyglot": ("foto.png", png_bytes() + b"<html><script>alert(1)</script></html>",
                          "polyglot"),
    "png-trailing-data": ("foto.png", png_bytes() + b"\x00" * 64, "polyglot"),
    "png-fake-iend-after": ("foto.png", png_bytes() + b"<html>IEND\x00\x00\x00\x00", "polyglot"),
    "double-extension-exe": ("rapport.pdf.exe", PDF, "name"),
    "extension-with-space": ("rapport.exe ", PDF, "name"),
    "html-named-pdf": ("rapport.html.pdf", b"<html><body>hoi</body></html>", "type"),
    "script-in-svg-named-pdf": ("tekening.pdf",
                                b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)'
                                b"</script></svg>", "type"),
}


def _post(client, name, content):
    return client.post(reverse("cases:create"), {
        **CASE_TEXT, "new_attachments": [SimpleUploadedFile(name, content)],
    })


@pytest.mark.parametrize("trick", TRICKS)
def test_a_trick_upload_is_refused_and_nothing_stored(client, participant, facilitator,
                                                      trick):
    name, content, code = TRICKS[trick]
    with pytest.raises(ValidationError) as refused:
        check_upload(SimpleUploadedFile(name, content))
    assert refused.value.code == code  # refused for the reason the trick is about
    client.force_login(participant)
    response = _post(client, name, content)
    assert response.status_code == 200, response.status_code
    assert not Case.objects.exists() and not CaseAttachment.objects.exists()
    assert "kan niet worden bijgevoegd" in response.text  # a translated reason, naming it


@pytest.mark.parametrize("name", ["../../etc/rapport.pdf", "rapport\x00.pdf", "..\\rapport.pdf"])
def test_a_folder_or_nul_in_the_name_never_reaches_storage(client, participant, facilitator,
                                                           name):
    """Django's upload parser keeps a file's own name only (no folder, no invisible
    character) before any view sees it; what is stored is a random name under the case's
    folder, and the name shown is plain."""
    client.force_login(participant)
    assert _post(client, name, PDF).status_code == 302
    attachment = CaseAttachment.objects.get()
    assert attachment.original_name == "rapport.pdf"
    assert ".." not in attachment.file.name and "\x00" not in attachment.file.name
    assert "rapport" not in attachment.file.name  # stored under a random name


@pytest.mark.parametrize("name", ["../rapport.pdf", "rapport\x00.pdf", "map\\rapport.pdf"])
def test_the_check_itself_refuses_such_a_name_from_any_caller(name):
    upload = SimpleUploadedFile("x.pdf", PDF)
    upload.file, upload._name = io.BytesIO(PDF), name  # as a caller other than Django's parser
    with pytest.raises(ValidationError) as refused:
        check_upload(upload)
    assert refused.value.code == "name"


def test_exactly_at_the_limit_is_taken_one_byte_over_is_not(client, participant, facilitator,
                                                            settings):
    limit = 4096
    settings.CASE_ATTACHMENT_MAX_BYTES = limit
    client.force_login(participant)
    over = PDF + b"%" * (limit + 1 - len(PDF))
    assert _post(client, "groot.pdf", over).status_code == 200
    assert not CaseAttachment.objects.exists()
    at = PDF + b"%" * (limit - len(PDF))
    assert _post(client, "precies.pdf", at).status_code == 302
    assert CaseAttachment.objects.count() == 1


def _noise(kind, size=900):
    """A photo-like image: noise compresses to bytes that look random, where any short
    string turns up by chance."""
    rng = random.Random(kind)
    image = Image.frombytes("RGB", (size, size), bytes(rng.getrandbits(8)
                                                         for _ in range(size * size * 3)))
    buffer = io.BytesIO()
    image.save(buffer, kind)
    return buffer.getvalue()


@pytest.mark.parametrize("kind, name", [("PNG", "foto.png"), ("JPEG", "foto.jpg"),
                                        ("WEBP", "foto.webp"), ("GIF", "foto.gif")])
def test_real_large_images_and_names_with_dots_are_taken(kind, name):
    checked = check_upload(SimpleUploadedFile(name, _noise(kind)))
    assert checked.content_type.startswith("image/")
    for ordinary in ("factuur bol.com.pdf", "notulen www.gemeente.nl.pdf", "v1.2 plan.pdf"):
        assert check_upload(SimpleUploadedFile(ordinary, PDF)).name == ordinary
