"""Nothing members-only reaches the public blog: not a block's body or summary, not an
edition, not a member, in any channel (pages, feeds, API, sitemap, search, metadata, mail)."""

import pytest
from django.core import mail
from django.utils import timezone
from wagtail.models import Page

from blog.models import BlogSubscription
from tests.blog_tests import factories
from tests.blog_tests.conftest import (
    BLOCK_BODY_MARKER,
    BLOCK_SUMMARY_MARKER,
    COHORT_MARKER,
    MEMBER_MARKER,
)

pytestmark = pytest.mark.django_db

MARKERS = (BLOCK_BODY_MARKER, BLOCK_SUMMARY_MARKER, COHORT_MARKER, MEMBER_MARKER)


@pytest.fixture
def post(blog, series, author, block, secret_cohort, django_capture_on_commit_callbacks):
    BlogSubscription.objects.create(
        blog=blog, email="lezer@example.org", confirmed_at=timezone.now()
    )
    with django_capture_on_commit_callbacks(execute=True):
        return factories.post(blog, "Jouw plek", series=series, part_number=1, author=author,
                              tags=["rol"], blocks=[block])


def _public_channels(client, blog, post):
    urls = [
        blog.url, blog.url + "?page=1", blog.url + "tag/rol/", post.url,
        blog.url + "serie/op-reis/", blog.url + "aanmelden/",
        "/sitemap.xml",
        "/api/v2/pages/?type=blog.BlogPostPage&fields=*",
        f"/api/v2/pages/{post.pk}/",
        "/api/v2/pages/?search=Jouw",
    ]
    for feed in ("feed/", "serie/op-reis/feed/", "tag/rol/feed/"):
        urls += [blog.url + feed, blog.url + feed + "atom/"]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        yield url, response.content.decode()


@pytest.mark.parametrize("who", ["visitor", "participant"])
def test_no_members_only_text_in_any_public_channel(client, request, blog, post, block, who):
    if who == "participant":
        client.force_login(request.getfixturevalue("participant"))
    seen = 0
    for url, content in _public_channels(client, blog, post):
        for marker in MARKERS:
            assert marker not in content, (marker, url)
        seen += 1
    assert seen == 16
    # The block is named (as in the public programme outline), never quoted.
    assert block.title in client.get(post.url).content.decode()


def test_no_members_only_text_in_search_or_mail(post):
    for marker in MARKERS:
        assert not Page.objects.live().public().search(marker)
    assert post.pk in {page.pk for page in Page.objects.live().public().search("Jouw plek")}
    assert len(mail.outbox) == 1
    for marker in MARKERS:
        assert marker not in mail.outbox[0].body and marker not in mail.outbox[0].subject


def test_search_finds_posts_by_their_text(blog):
    page = factories.post(blog, "Over contracteren", body_text="Een woord als speelveldkaart.")
    hits = {hit.pk for hit in Page.objects.live().public().search("speelveldkaart")}
    assert page.pk in hits


RESTRICTED_MARKER = "Besloten-deel-met-eigen-woorden"


@pytest.fixture
def restricted_post(blog, series, post):
    """A live post in the same series and tag, with a Wagtail login restriction."""
    from wagtail.models import PageViewRestriction

    page = factories.post(blog, RESTRICTED_MARKER, series=series, part_number=2, tags=["rol"],
                          teaser=f"Teaser {RESTRICTED_MARKER}.")
    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)
    return page


def test_a_privacy_restricted_post_is_in_no_listing_feed_or_index(
    client, blog, post, restricted_post
):
    assert restricted_post.live
    seen = 0
    for url, content in _public_channels(client, blog, post):
        assert RESTRICTED_MARKER not in content, url
        seen += 1
    assert seen == 16
    assert post.title in client.get(blog.url).content.decode()  # the public one is listed
    assert restricted_post.pk not in {
        page.pk for page in Page.objects.live().public().search(RESTRICTED_MARKER)
    }
    response = client.get(restricted_post.url)
    assert response.status_code == 302 and RESTRICTED_MARKER not in response.content.decode()


def test_a_members_only_image_cannot_be_a_posts_hero(blog, private_image_for_blog):
    from django.core.exceptions import ValidationError

    post = factories.post(blog, "Met beeld", state="draft")
    post.hero_image, post.hero_alt = private_image_for_blog, "Een schets"
    with pytest.raises(ValidationError) as error:
        post.full_clean()
    assert "hero_image" in error.value.message_dict


@pytest.fixture
def private_image_for_blog(db):
    import io

    from django.core.files.images import ImageFile
    from PIL import Image as PILImage
    from wagtail.images import get_image_model
    from wagtail.models import Collection, CollectionViewRestriction

    collection = Collection.get_first_root_node().add_child(name="Materiaal")
    CollectionViewRestriction.objects.create(collection=collection, restriction_type="login")
    buffer = io.BytesIO()
    PILImage.new("RGB", (40, 30), (1, 2, 3)).save(buffer, format="PNG")
    return get_image_model().objects.create(
        title="Alleen leden", file=ImageFile(buffer, name="leden.png"), collection=collection
    )
