import pytest

from cohort.programme.models import BlockPage
from tests.blog_tests import factories
from tests.factories import cohort_page, member

# Members-only text: none of it may reach a public channel of the blog.
BLOCK_BODY_MARKER = "Blokinhoud-alleen-voor-leden-7431"
BLOCK_SUMMARY_MARKER = "Bloksamenvatting-alleen-voor-leden-5120"
COHORT_MARKER = "Editie Vertrouwelijk 2026"
MEMBER_MARKER = "Zwaantje Verborgenhuis"


@pytest.fixture
def blog(db):
    return factories.blog_index()


@pytest.fixture
def series(db):
    return factories.series()


@pytest.fixture
def author(db):
    return factories.author()


@pytest.fixture
def block(programme):
    page = BlockPage(
        title="Jouw plek", slug="blok-1", number=1, theme="Rol",
        summary=BLOCK_SUMMARY_MARKER, body=[("paragraph", f"<p>{BLOCK_BODY_MARKER}</p>")],
    )
    programme.add_child(instance=page)
    page.save_revision().publish()
    return page


@pytest.fixture
def secret_cohort(programme):
    edition = cohort_page(programme, title=COHORT_MARKER)
    first, last = MEMBER_MARKER.split(" ", 1)
    member(edition, first_name=first, last_name=last, email="zwaantje@example.org")
    return edition
