"""Members edit their own profile; the photo is private media and checked on content."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

pytestmark = pytest.mark.django_db


def _image_bytes(fmt="JPEG", size=(1200, 900), exif=False):
    buffer = io.BytesIO()
    image = Image.new("RGB", size, (200, 80, 40))
    kwargs = {}
    if exif:
        data = Image.Exif()
        data[0x010F] = "SecretCamera"  # Make
        kwargs["exif"] = data
    image.save(buffer, format=fmt, **kwargs)
    return buffer.getvalue()


def _post(client, **extra):
    data = {
        "first_name": "Sanne",
        "last_name": "de Wit",
        "display_name": "",
        "organisation": "Gemeente",
        "role_name": "kwartiermaker",
        **extra,
    }
    return client.post("/accounts/profile/", data)


def test_profile_update(client, participant):
    client.force_login(participant)
    response = _post(client)
    assert response.status_code == 302
    participant.refresh_from_db()
    assert participant.role_name == "kwartiermaker"


def test_the_form_shows_the_photo_itself_and_removes_it_on_request(client, participant):
    client.force_login(participant)
    photo = SimpleUploadedFile("ik.jpg", _image_bytes(), content_type="image/jpeg")
    assert _post(client, photo=photo).status_code == 302
    participant.refresh_from_db()
    page = client.get("/accounts/profile/").content.decode()
    assert f'<img src="{participant.photo_url}"' in page
    assert participant.photo.name not in page and "/media/" not in page  # private, no name
    assert _post(client, **{"photo-clear": "on"}).status_code == 302
    participant.refresh_from_db()
    assert not participant.photo


def test_photo_is_reencoded_shrunk_and_served_privately(client, participant, peer, outsider):
    client.force_login(participant)
    photo = SimpleUploadedFile("ik.jpg", _image_bytes(exif=True), content_type="image/jpeg")
    assert _post(client, photo=photo).status_code == 302
    participant.refresh_from_db()
    assert participant.photo.name.startswith("photos/")
    assert "ik" not in participant.photo.name

    client.force_login(peer)
    response = client.get(participant.photo_url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["X-Content-Type-Options"] == "nosniff"
    served = Image.open(io.BytesIO(b"".join(response.streaming_content)))
    assert max(served.size) <= 800
    assert 0x010F not in served.getexif()

    client.force_login(outsider)
    assert client.get(participant.photo_url).status_code == 404
    client.logout()
    assert client.get(participant.photo_url).status_code == 302


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("foto.jpg", b"<html><script>alert(1)</script></html>"),
        ("foto.png", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'),
        ("foto.jpg", b""),
        ("foto.gif", _image_bytes("GIF", (10, 10))),
    ],
)
def test_bad_photo_is_refused_and_changes_nothing(client, participant, name, content):
    client.force_login(participant)
    upload = SimpleUploadedFile(name, content, content_type="image/jpeg")
    response = _post(client, photo=upload, organisation="Iets anders")
    assert response.status_code == 200
    assert "errorlist" in response.content.decode()
    participant.refresh_from_db()
    assert not participant.photo
    assert participant.organisation == "Testorganisatie"


def test_too_large_photo_is_refused(client, participant, settings):
    settings.PROFILE_PHOTO_MAX_BYTES = 1000
    client.force_login(participant)
    upload = SimpleUploadedFile("groot.jpg", _image_bytes(), content_type="image/jpeg")
    response = _post(client, photo=upload)
    assert response.status_code == 200
    assert "limiet" in response.content.decode()


def test_hostile_profile_text_is_escaped(client, participant, peer):
    client.force_login(participant)
    _post(
        client,
        display_name='<script>alert("x")</script>',
        organisation="<img src=x onerror=alert(1)>",
    )
    client.force_login(peer)
    content = client.get(participant.get_absolute_url()).content.decode()
    assert "<script>alert" not in content
    assert "<img src=x" not in content
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in content
    assert "&lt;img src=x onerror=alert(1)&gt;" in content
