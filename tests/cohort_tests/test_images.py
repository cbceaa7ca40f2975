"""Images are private media: stored privately, served by our view, restricted like documents."""

import datetime

import pytest
from django.core.files.storage import storages
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Collection, CollectionViewRestriction

from cohort.programme.models import BlockPage, Session
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

Image = get_image_model()


@pytest.fixture
def roots(settings, tmp_path):
    """Public media and the private storage both point into tmp_path during the test."""
    settings.MEDIA_ROOT = tmp_path / "media"
    storage = Image._meta.get_field("file").storage
    saved = storage._location
    storage._location = str(tmp_path / "private")
    storage.__dict__.pop("base_location", None)
    storage.__dict__.pop("location", None)
    yield {"media": tmp_path / "media", "private": tmp_path / "private"}
    storage._location = saved
    storage.__dict__.pop("base_location", None)
    storage.__dict__.pop("location", None)


@pytest.fixture
def material(db):
    """A restricted collection with a child: the restriction covers descendants too."""
    collection = Collection.get_first_root_node().add_child(name="Materiaal voor deelnemers")
    CollectionViewRestriction.objects.create(collection=collection, restriction_type="login")
    return collection.add_child(name="Blok 1")


@pytest.fixture
def private_image(roots, material):
    return Image.objects.create(
        title="Speelveld", file=get_test_image_file(filename="speelveld.png"), collection=material
    )


@pytest.fixture
def public_image(roots):
    return Image.objects.create(title="Logo", file=get_test_image_file(filename="logo.png"))


@pytest.fixture
def admin_user(db):
    return UserFactory(is_superuser=True, is_staff=True)


def _urls(image):
    return {
        "rendition": image.get_rendition("width-100").url,
        "original": image.file.url,
    }


@pytest.mark.parametrize("kind", ["rendition", "original"])
def test_visitor_is_sent_to_login(client, private_image, kind):
    url = _urls(private_image)[kind]
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")


@pytest.mark.parametrize("kind", ["rendition", "original"])
def test_signed_in_non_member_gets_404(client, private_image, stranger, kind):
    client.force_login(stranger)
    assert client.get(_urls(private_image)[kind]).status_code == 404


@pytest.mark.parametrize("who", ["participant", "outsider", "facilitator", "admin_user"])
@pytest.mark.parametrize("kind", ["rendition", "original"])
def test_members_and_admins_get_the_image(client, request, private_image, who, kind):
    client.force_login(request.getfixturevalue(who))
    response = client.get(_urls(private_image)[kind])
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"].startswith("private")
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")


@pytest.mark.parametrize("kind", ["rendition", "original"])
def test_public_image_is_served_to_a_visitor_with_a_long_cache(client, public_image, kind):
    response = client.get(_urls(public_image)[kind])
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"].startswith("public, max-age=")
    assert int(response["Cache-Control"].rsplit("=", 1)[1]) >= 86400


def test_urls_are_signed_and_tampering_is_404(client, public_image, private_image):
    url = _urls(public_image)["rendition"]
    assert url.startswith("/afbeeldingen/rendition/")
    prefix, pk, signature, filename = url.rsplit("/", 3)
    assert client.get(f"{prefix}/{pk}/{'0' * len(signature)}/{filename}").status_code == 404
    # Another row's id under this signature: no probing by counting.
    other = private_image.get_rendition("width-100").pk
    assert client.get(f"{prefix}/{other}/{signature}/{filename}").status_code == 404
    assert client.get(url.replace("/rendition/", "/thumbnail/")).status_code == 404
    assert client.post(url).status_code == 405


def test_moving_an_image_changes_its_url(public_image, material):
    before = _urls(public_image)
    public_image.collection = material
    public_image.save()
    after = _urls(Image.objects.get(pk=public_image.pk))
    assert before["original"] != after["original"]
    assert before["rendition"] != after["rendition"]


def test_files_are_written_to_private_storage_only(roots, private_image, public_image):
    storage = Image._meta.get_field("file").storage
    assert storage is storages["private"]
    assert Image.get_rendition_model()._meta.get_field("file").storage is storage
    for image in (private_image, public_image):
        image.get_rendition("width-100")
        image.get_rendition("fill-50x50")
    private_files = [path for path in roots["private"].rglob("*") if path.is_file()]
    assert len(private_files) == 6  # two originals, four renditions
    assert not roots["media"].exists() or not any(roots["media"].rglob("*"))


def test_block_page_html_has_no_public_media_url(client, programme, edition1, participant,
                                                  private_image):
    block = BlockPage(
        title="Jouw plek", slug="blok-1", number=1, theme="Rol", summary="Kort",
        body=[("image", {"image": private_image, "alt": "Een speelveld", "caption": ""})],
    )
    programme.add_child(instance=block)
    start = timezone.now() - datetime.timedelta(days=7)
    Session.objects.create(cohort=edition1, block=block, start=start,
                           end=start + datetime.timedelta(hours=3), location="Utrecht")
    client.force_login(participant)
    html = client.get(block.url).content.decode()
    assert 'alt="Een speelveld"' in html
    assert "/media/" not in html
    src = private_image.get_rendition("width-1200").url
    assert f'src="{src}"' in html
    assert client.get(src).status_code == 200


def test_admin_edit_view_links_the_original_through_our_view(client, admin_user, private_image):
    client.force_login(admin_user)
    html = client.get(reverse("wagtailimages:edit", args=[private_image.pk])).content.decode()
    assert "/media/" not in html
    assert "/afbeeldingen/rendition/" in html


def test_no_public_image_endpoints(client, public_image):
    assert client.get("/api/v2/images/").status_code == 404
    with pytest.raises(NoReverseMatch):
        reverse("wagtailimages_serve", args=["x", public_image.pk, "width-100"])


def test_serving_a_restricted_rendition_takes_few_queries(
    client, private_image, participant, django_assert_max_num_queries
):
    url = _urls(private_image)["rendition"]
    client.force_login(participant)
    # Session, user, rendition with image and collection, restriction, membership.
    with django_assert_max_num_queries(5):
        response = client.get(url)
    assert response.status_code == 200
