"""Demo content for the blog, called by ``cohort.demo_seed.seed`` (idempotent: what exists
is left alone, so a second run changes nothing)."""

import datetime
import io
from zoneinfo import ZoneInfo

from django.utils import timezone

from blog import demo
from blog.models import (
    BlogAuthor,
    BlogIndexPage,
    BlogPostBlockLink,
    BlogPostPage,
    BlogPostTag,
    BlogSeries,
)
from blog.services import facilitators_blog_permissions_ensure
from cohort import demo as cohort_demo

BRAND = (29, 53, 87)
ACCENT = (231, 111, 81)
LINE = (160, 170, 180)
PAPER = (244, 246, 248)


def seed_blog(*, home, facilitator, programme, blocks, child):
    """Build the blog under ``home``; ``child(parent, model, slug, **fields)`` finds or adds
    a published page. ``blocks`` maps block numbers to the programme's BlockPages.

    The series "Op reis met de leergang …": part 1 published, part 2 scheduled the Wagtail
    way (a revision approved for a later go-live moment), so the beat task
    ``publish_scheduled`` publishes it on its date and its subscribers are mailed then.
    """
    facilitators_blog_permissions_ensure()
    blog = child(
        home, BlogIndexPage, cohort_demo.BLOG["slug"],
        title=cohort_demo.BLOG["title"], intro=cohort_demo.BLOG["intro"],
    )
    author = _author(facilitator)
    series = BlogSeries.objects.get_or_create(
        slug=demo.SERIES["slug"],
        defaults={"title": demo.SERIES["title"], "introduction": demo.SERIES["introduction"]},
    )[0]
    _post(child, blog, demo.PART_1, author=author, series=series, block=blocks.get(1),
          image=_image("Netwerk met jouw plek (blog)", _draw_network))
    _post(child, blog, demo.PART_2, author=author, series=series, block=blocks.get(2),
          image=_image("Het speelveld (blog)", _draw_table),
          live=False, go_live_at=_four_weeks_ahead())
    return blog


def _post(child, blog, spec, *, author, series, block, image, **extra):
    from taggit.models import Tag

    if blog.get_children().filter(slug=spec["slug"]).exists():
        return blog.get_children().get(slug=spec["slug"]).specific
    tags = [Tag.objects.get_or_create(name=name)[0] for name in spec["tags"]]
    return child(
        blog, BlogPostPage, spec["slug"],
        title=spec["title"], teaser=spec["teaser"], body=spec["body"],
        hero_image=image, hero_alt=spec["hero_alt"], author=author,
        series=series, part_number=spec["part_number"],
        tagged_items=[BlogPostTag(tag=tag) for tag in tags],
        block_links=[BlogPostBlockLink(block=block)] if block else [],
        **extra,
    )


def _four_weeks_ahead():
    """A moment ahead of every seed run on the day it runs: four weeks on, 09:00."""
    day = timezone.localdate() + datetime.timedelta(weeks=4)
    return datetime.datetime.combine(day, datetime.time(9, 0), ZoneInfo("Europe/Amsterdam"))


def _author(facilitator):
    author = BlogAuthor.objects.filter(user=facilitator).first()
    if author is not None:
        return author
    return BlogAuthor.objects.create(
        user=facilitator, name=facilitator.get_full_name() or facilitator.get_display_name(),
        role=demo.AUTHOR["role"], bio=demo.AUTHOR["bio"],
        photo=_image("Portret Marieke (blog)", _draw_portrait, size=(480, 480)),
    )


# --- Generated illustrations (nothing shipped or fetched) ---------------------------


def _image(title, draw, size=(1600, 900)):
    """A public image (root collection) drawn by ``draw``; found by title on later runs."""
    from django.core.files.images import ImageFile
    from PIL import Image as PILImage
    from PIL import ImageDraw
    from wagtail.images import get_image_model
    from wagtail.models import Collection

    Image = get_image_model()
    existing = Image.objects.filter(title=title).first()
    if existing:
        return existing
    canvas = PILImage.new("RGB", size, PAPER)
    draw(ImageDraw.Draw(canvas), size)
    buffer = io.BytesIO()
    canvas.save(buffer, format="PNG")
    name = title.lower().split(" (")[0].replace(" ", "-") + ".png"
    return Image.objects.create(
        title=title, file=ImageFile(buffer, name=name),
        collection=Collection.get_first_root_node(),
    )


def _draw_network(draw, size):
    w, h = size
    nodes = [(0.2, 0.3), (0.45, 0.18), (0.75, 0.28), (0.62, 0.68), (0.3, 0.72)]
    points = [(int(x * w), int(y * h)) for x, y in nodes]
    for a in points:
        for b in points:
            draw.line([a, b], fill=LINE, width=4)
    for x, y in points:
        draw.ellipse([x - 70, y - 70, x + 70, y + 70], fill=BRAND)
    x, y = int(0.9 * w), int(0.55 * h)  # the network leader, at the edge
    draw.line([(x, y), points[2]], fill=ACCENT, width=6)
    draw.line([(x, y), points[3]], fill=ACCENT, width=6)
    draw.ellipse([x - 55, y - 55, x + 55, y + 55], fill=ACCENT)


def _draw_table(draw, size):
    import math

    w, h = size
    cx, cy, r = w // 2, h // 2, int(h * 0.28)
    draw.ellipse([cx - r, cy - r, cx + r, cy + r], outline=BRAND, width=8)
    for i in range(6):
        angle = 2 * math.pi * i / 6
        x, y = cx + int((r + 80) * math.cos(angle)), cy + int((r + 80) * math.sin(angle))
        draw.ellipse([x - 45, y - 45, x + 45, y + 45], fill=BRAND)
    for x, y in ((int(0.1 * w), int(0.2 * h)), (int(0.88 * w), int(0.82 * h))):
        draw.ellipse([x - 40, y - 40, x + 40, y + 40], fill=ACCENT)
        draw.line([(x, y), (cx, cy)], fill=LINE, width=3)


def _draw_portrait(draw, size):
    w, h = size
    draw.rectangle([0, 0, w, h], fill=BRAND)
    draw.ellipse([w * 0.3, h * 0.16, w * 0.7, h * 0.56], fill=PAPER)
    draw.ellipse([w * 0.14, h * 0.6, w * 0.86, h * 1.3], fill=PAPER)
