"""Demo content for the blog, called by ``cohort.demo_seed.seed`` (idempotent)."""

from blog.models import BlogIndexPage
from cohort import demo


def seed_blog(*, home, facilitator, programme, blocks, child):
    """Build the blog under ``home``; ``child(parent, model, slug, **fields)`` finds or adds
    a published page. ``blocks`` maps block numbers to the programme's BlockPages."""
    return child(
        home, BlogIndexPage, demo.BLOG["slug"], title=demo.BLOG["title"], intro=demo.BLOG["intro"]
    )
