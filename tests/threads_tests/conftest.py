import datetime

import pytest
from django.utils import timezone

from cohort.programme.models import BlockPage, BlockRelease
from cohort.threads import services
from tests.cases_tests.conftest import make_case  # noqa: F401  (re-exported for the tests)

POST_FIRST = "Wanneer nam jij werk over dat bij een partner hoorde?"
OPEN_QUESTION = "Welk belang heb je niet uitgesproken?"


@pytest.fixture
def block(programme, edition1, edition2):
    """Block 1 with two questions: one "post your own first", one open; open for both
    editions."""
    page = BlockPage(
        title="Jouw plek", slug="blok-1", number=1, theme="Rol",
        body=[
            ("paragraph", "<p>Over je rol.</p>"),
            ("reflection_prompt", {"question": POST_FIRST, "guidance": "",
                                   "post_before_seeing_peers": True}),
            ("reflection_prompt", {"question": OPEN_QUESTION, "guidance": "",
                                   "post_before_seeing_peers": False}),
        ],
    )
    programme.add_child(instance=page)
    page.save_revision().publish()
    for edition in (edition1, edition2):
        BlockRelease.objects.create(cohort=edition, block=page,
                                    open_from=timezone.now() - datetime.timedelta(hours=1))
    return BlockPage.objects.get(pk=page.pk)


@pytest.fixture
def prompts(block):
    """(post-first prompt id, open prompt id)."""
    gated, open_ = services.block_prompts(block)
    assert gated.post_first and not open_.post_first
    return gated.id, open_.id


def reflect(author, cohort, block, prompt_id, body="Mijn reflectie.", share=True):
    return services.reflection_save(author=author, cohort=cohort, block=block,
                                    prompt_id=prompt_id, body=body, share=share)


def fresh(user):
    """The same user without the per-object permission caches (a new request)."""
    return type(user).objects.get(pk=user.pk)


@pytest.fixture
def case(participant, edition1, facilitator):
    """Sanne's submitted case, for the whole edition (Marieke facilitates it)."""
    return make_case(participant, edition1)


@pytest.fixture
def thread(case):
    return services.thread_for_case(case)


def post(user, thread, body, parent=None):
    return services.comment_post(user=fresh(user), thread=thread, body=body, parent=parent)
