"""A block page costs the same however many members, reflections, comments and editions
there are, for a participant before and after sharing, and for the facilitator with
Wagtail's userbar: at most 12 queries (issue 15). Only participants mark a block done."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from cohort.models import Membership
from cohort.programme.models import BlockCompletion, BlockPage, BlockRelease, Session
from cohort.threads import services
from tests.factories import cohort_page, member
from tests.queries import page_queries as _count

pytestmark = pytest.mark.django_db

BLOCK_PAGE_MAX = 12


@pytest.fixture
def block(programme, edition1):
    page = BlockPage(
        title="Jouw plek", slug="blok-1", number=1, theme="Rol",
        body=[("paragraph", "<p>Over je rol.</p>"),
              ("reflection_prompt", {"question": "Wat nam je over?", "guidance": "",
                                     "post_before_seeing_peers": True}),
              ("reflection_prompt", {"question": "Wat liet je liggen?", "guidance": "",
                                     "post_before_seeing_peers": False})],
    )
    programme.add_child(instance=page)
    page.save_revision().publish()
    BlockRelease.objects.create(cohort=edition1, block=page,
                                open_from=timezone.now() - datetime.timedelta(hours=1))
    return BlockPage.objects.get(pk=page.pk)


def _grow(block, programme, edition, facilitator, start, n):
    """``n`` more members who share on both prompts and comment on each other, and ``n``
    more editions she facilitates, each with a session of the block."""
    gated, open_ = services.block_prompts(block)
    for number in range(start, start + n):
        author = member(edition, first_name=f"Lid{number}", email=f"lid{number}@example.org")
        for prompt in (gated, open_):
            reflection = services.reflection_save(
                author=author, cohort=edition, block=block, prompt_id=prompt.id,
                body=f"Reflectie {number} op {prompt.id}.", share=True)
            services.comment_post(user=facilitator, thread=reflection.thread,
                                  body=f"Reactie {number} op {prompt.id}.")
        other = cohort_page(programme, title=f"Editie {number}")
        Membership.objects.create(user=facilitator, cohort=other,
                                  role=Membership.Role.FACILITATOR)
        when = timezone.now() - datetime.timedelta(days=number)
        Session.objects.create(cohort=other, block=block, start=when,
                               end=when + datetime.timedelta(hours=3))


def test_a_block_page_does_not_grow_with_members_reflections_and_editions(
        client, programme, edition1, block, participant, peer, facilitator):
    gated, _open = services.block_prompts(block)
    services.reflection_save(author=peer, cohort=edition1, block=block, prompt_id=gated.id,
                             body="Ik deelde al.", share=True)
    readers = (participant, peer, facilitator)  # participant: still to share (gated)
    url = f"{block.url}?editie={edition1.pk}"  # she facilitates more editions
    _grow(block, programme, edition1, facilitator, 1, 1)
    small = {user.pk: _count(client, user, url)[0] for user in readers}
    _grow(block, programme, edition1, facilitator, 2, 4)
    for user in readers:
        count, text = _count(client, user, url)
        assert count == small[user.pk] and count <= BLOCK_PAGE_MAX, (user.email, small, count)
        if user == participant:  # what was counted shows
            assert "6 mededeelnemers hebben hier een reflectie gedeeld" in text
        else:
            assert text.count("Reflectie van Lid") >= 10
    assert "<wagtail-userbar" in _count(client, facilitator, url)[1]  # hers counted


def test_a_participant_marks_progress_and_the_facilitator_follows_it(
        client, block, edition1, participant, facilitator):
    done_url = reverse("programme:block_done", args=[block.pk])
    progress_url = reverse("programme:cohort_progress", args=[edition1.pk])
    client.force_login(participant)
    page = client.get(block.url).text
    assert f'action="{done_url}"' in page and progress_url not in page
    client.post(done_url, {"done": "1"})
    assert BlockCompletion.objects.filter(user=participant, block=block).exists()

    client.force_login(facilitator)
    page = client.get(f"{block.url}?editie={edition1.pk}").text  # she has two editions
    assert f'action="{done_url}"' not in page and f'href="{progress_url}"' in page
    response = client.post(done_url, {"done": "1"}, follow=True)
    assert not BlockCompletion.objects.filter(user=facilitator).exists()
    assert "Alleen deelnemers markeren een blok als klaar" in response.text


def test_facilitating_one_edition_does_not_open_the_block_in_the_one_she_takes_part_in(
        client, programme, block, edition1, facilitator):
    """She facilitates edition 1 (where every block is open to her) and takes part in
    edition 2, whose session of the block is still to come."""
    edition2 = cohort_page(programme, title="Editie waar zij deelneemt")
    Membership.objects.create(user=facilitator, cohort=edition2)
    when = timezone.now() + datetime.timedelta(days=10)
    session = Session.objects.create(cohort=edition2, block=block, start=when,
                                     end=when + datetime.timedelta(hours=3))
    done_url = reverse("programme:block_done", args=[block.pk])
    client.force_login(facilitator)
    page = client.get(f"{block.url}?editie={edition1.pk}").text
    assert page.count('id="done-heading"') <= 1 and page.count('id="progress-heading"') == 1
    client.post(done_url, {"done": "1"})
    assert not BlockCompletion.objects.filter(user=facilitator).exists()
    session.start, session.end = (timezone.now() - datetime.timedelta(days=1),
                                  timezone.now() - datetime.timedelta(hours=20))
    session.save()
    client.post(done_url, {"done": "1"})
    assert BlockCompletion.objects.filter(user=facilitator, block=block).exists()


def test_marks_left_by_non_participants_are_removed_by_the_migration(
        block, edition1, participant, facilitator):
    from importlib import import_module

    from django.apps import apps

    from tests.factories import programme_page

    migration = import_module("cohort.programme.migrations.0006_completions_are_participants_own")
    elsewhere = member(cohort_page(programme_page(title="Andere leergang"), title="Elders"),
                       email="elders@example.org")  # takes part, but in another programme
    observer = member(edition1, role=Membership.Role.OBSERVER, email="kijker@example.org")
    kept = [BlockCompletion.objects.create(user=participant, block=block),
            BlockCompletion.objects.create(user=elsewhere, block=block)]  # none here: kept
    BlockCompletion.objects.create(user=facilitator, block=block)
    BlockCompletion.objects.create(user=observer, block=block)
    migration.forwards(apps, None)
    assert sorted(BlockCompletion.objects.values_list("pk", flat=True)) == \
        sorted(c.pk for c in kept)


def test_mijn_leergang_shows_a_facilitator_no_tasks_or_marks(client, block, edition1,
                                                              facilitator):
    client.force_login(facilitator)
    page = client.get(reverse("programme:my_leergang")).text
    assert block.title in page
    assert "te doen" not in page and "badge--done" not in page


def test_a_superuser_who_takes_part_marks_an_open_block_done(client, block, edition1):
    from tests.factories import UserFactory

    admin = UserFactory(email="beheer@example.org", is_superuser=True, is_staff=True)
    Membership.objects.create(user=admin, cohort=edition1)
    client.force_login(admin)
    client.post(reverse("programme:block_done", args=[block.pk]), {"done": "1"})
    assert BlockCompletion.objects.filter(user=admin, block=block).exists()
