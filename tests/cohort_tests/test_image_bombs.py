"""A small file that claims a huge canvas is refused before anything decodes it
(profile photos, case attachments and Wagtail image uploads alike)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image
from wagtail.images import get_image_model

from cohort.cases.models import Case, CaseAttachment
from tests.cases_tests.conftest import CASE_TEXT
from tests.factories import png_bomb

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def bomb():
    data = png_bomb()
    assert len(data) < 100_000  # small on disk …
    return data


@pytest.fixture
def no_decoding(monkeypatch):
    """Fail loudly if anything decodes the bomb's pixels during the request (Pillow's
    ``load`` does the decoding; ``open`` and ``verify`` read headers and checksums)."""
    from PIL import ImageFile

    original = ImageFile.ImageFile.load

    def guarded(self, *args, **kwargs):
        if self.size[0] * self.size[1] > 100_000_000:
            raise AssertionError(f"decoded a {self.size} image")
        return original(self, *args, **kwargs)

    monkeypatch.setattr(ImageFile.ImageFile, "load", guarded)


def test_the_bomb_is_a_real_image_of_169_million_pixels(bomb, tmp_path):
    path = tmp_path / "bomb.png"
    path.write_bytes(bomb)
    with Image.open(path) as image:
        assert image.size == (13_000, 13_000) and image.format == "PNG"


def test_profile_photo_bomb_is_refused_unread(client, participant, bomb, no_decoding):
    client.force_login(participant)
    response = client.post("/accounts/profile/", {
        "first_name": "Sanne", "last_name": "", "display_name": "", "organisation": "",
        "role_name": "", "photo": SimpleUploadedFile("portret.png", bomb),
    })
    assert response.status_code == 200
    assert "13000 × 13000" in response.text and "50 miljoen pixels" in response.text
    participant.refresh_from_db()
    assert not participant.photo


def test_case_attachment_bomb_is_refused_unread(client, participant, facilitator, bomb,
                                                no_decoding):
    client.force_login(participant)
    response = client.post(reverse("cases:create"), {
        **CASE_TEXT, "new_attachments": [SimpleUploadedFile("schema.png", bomb)],
    })
    assert response.status_code == 200
    assert "“schema.png” is 13000 × 13000 pixels" in response.text
    assert not Case.objects.exists() and not CaseAttachment.objects.exists()


def test_wagtail_image_upload_bomb_is_refused(client, facilitator, bomb):
    client.force_login(facilitator)
    response = client.post("/admin/images/add/", {
        "title": "Bom", "file": SimpleUploadedFile("bom.png", bomb), "tags": "",
        "collection": "1",
    })
    assert response.status_code == 200
    assert "pixels" in response.text  # Wagtail's own (translated) pixel limit message
    assert not get_image_model().objects.exists()


def test_an_image_under_the_limit_still_passes(client, participant, settings):
    import io

    buffer = io.BytesIO()
    Image.new("RGB", (900, 600), (10, 20, 30)).save(buffer, format="PNG")
    client.force_login(participant)
    client.post("/accounts/profile/", {
        "first_name": "Sanne", "last_name": "", "display_name": "", "organisation": "",
        "role_name": "", "photo": SimpleUploadedFile("portret.png", buffer.getvalue()),
    })
    participant.refresh_from_db()
    assert participant.photo
