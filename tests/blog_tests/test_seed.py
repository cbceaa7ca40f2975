"""seed_demo builds the blog series: part 1 live and linked to block 1, part 2 scheduled."""

import pytest
from django.core.management import call_command
from wagtail.models import Revision

from blog.models import BlogAuthor, BlogIndexPage, BlogPostPage, BlogSeries, BlogSubscription

pytestmark = pytest.mark.django_db


def _snapshot():
    return {
        "posts": list(BlogPostPage.objects.order_by("path").values_list(
            "title", "live", "part_number", "go_live_at", "latest_revision_id")),
        "series": list(BlogSeries.objects.values_list("slug", "title")),
        "authors": list(BlogAuthor.objects.values_list("name", "user__email")),
        "revisions": Revision.objects.count(),
    }


def test_seed_demo_builds_the_series(client):
    call_command("seed_demo")
    first = _snapshot()
    call_command("seed_demo")
    assert _snapshot() == first

    blog = BlogIndexPage.objects.get()
    series = BlogSeries.objects.get()
    assert series.title.startswith("Op reis met de leergang")
    part1, part2 = BlogPostPage.objects.child_of(blog).order_by("part_number")
    assert (part1.title, part1.part_number, part1.live) == ("Jouw plek", 1, True)
    assert part2.part_number == 2 and not part2.live
    scheduled = Revision.page_revisions.get(object_id=str(part2.pk),
                                            approved_go_live_at__isnull=False)
    assert scheduled.approved_go_live_at == part2.go_live_at
    assert part1.author.user.email == "begeleider@example.org"
    assert part1.author.photo and part1.hero_image and part1.hero_alt
    assert [link.block.number for link in part1.block_links.all()] == [1]
    assert len(part1.body) >= 8 and set(part1.tags.names())
    assert not BlogSubscription.objects.exists()

    content = client.get(blog.url + "serie/" + series.slug + "/").content.decode()
    assert f'href="{part1.url}"' in content
    assert part2.title in content and "badge--soon" in content
    assert part2.teaser not in content
    assert client.get(part1.url).status_code == 200
    assert client.get(part2.url).status_code == 404
