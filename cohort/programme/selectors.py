"""Reads for the programme: block states, outlines and Mijn leergang, in few queries."""

from dataclasses import dataclass, field
from datetime import datetime

from django.utils import timezone

from cohort import permissions
from cohort import selectors as cohort_selectors
from cohort.models import CohortPage, Membership
from cohort.programme import panels
from cohort.programme.models import BlockCompletion, BlockPage, BlockRelease, Session


@dataclass
class BlockState:
    """A block as one edition sees it: when it opens and whether it is open now."""

    block: BlockPage
    cohort: CohortPage | None
    opens_at: datetime | None
    is_open: bool
    session: Session | None = None
    done: bool = False
    tasks: list = field(default_factory=list)
    editions: list = field(default_factory=list)  # every edition's state (block_state_for)

    @property
    def opens_later(self) -> bool:
        return not self.is_open and self.opens_at is not None


def _opening(block_id, sessions, releases):
    candidates = [s.start for s in sessions if s.block_id == block_id]
    candidates += [r.open_from for r in releases if r.block_id == block_id]
    return min(candidates) if candidates else None


def programme_blocks(programme):
    return list(BlockPage.objects.child_of(programme).live().order_by("number", "path"))


def cohort_block_states(cohort, user, now=None, blocks=None, sessions=None, releases=None,
                        done=None) -> list[BlockState]:
    """Every block of the edition's programme with its state for that edition.

    Four queries whatever the number of blocks: blocks, sessions, early
    openings and the user's completions (fewer for what the caller passes).
    """
    now = now or timezone.now()
    if blocks is None:
        blocks = programme_blocks(cohort.get_parent())
    if sessions is None:
        sessions = list(Session.objects.filter(cohort=cohort).order_by("start"))
    if releases is None:
        releases = list(BlockRelease.objects.filter(cohort=cohort))
    if done is None:
        done = set()
        if user.is_authenticated:
            done = set(
                BlockCompletion.objects.filter(user=user, block__in=blocks).values_list(
                    "block_id", flat=True
                )
            )
    facilitating = permissions.is_facilitator_of(user, cohort)
    states = []
    for block in blocks:
        opens_at = _opening(block.pk, sessions, releases)
        block_sessions = [s for s in sessions if s.block_id == block.pk]
        upcoming = [s for s in block_sessions if s.end >= now]
        session = upcoming[0] if upcoming else (block_sessions[-1] if block_sessions else None)
        states.append(
            BlockState(
                block=block,
                cohort=cohort,
                opens_at=opens_at,
                is_open=facilitating or (opens_at is not None and opens_at <= now),
                session=session,
                done=block.pk in done,
                tasks=block.get_tasks(),
            )
        )
    return states


def block_open_for(block, cohort, user, now=None) -> bool:
    """Whether the block belongs to the edition's programme and is open for that edition
    (its session started, or the facilitator opened it early)."""
    if block is None or cohort is None or (
            block.path[: -block.steplen] != cohort.path[: -cohort.steplen]):
        return False
    return cohort_block_states(cohort, user, now, blocks=[block])[0].is_open


def block_state_for(block, user, now=None, prefer=None) -> BlockState:
    """The block's state for this user: open if it is open in any of their editions; with
    ``prefer`` (an edition id of theirs, from ``?editie=``), as that edition sees it when
    it is open there. ``state.editions`` holds every edition's state, newest first."""
    now = now or timezone.now()
    if user.is_superuser and prefer is None:
        return BlockState(block=block, cohort=None, opens_at=None, is_open=True)
    cohorts = permissions.block_cohorts(user, block)
    cohort_ids = [cohort.pk for cohort in cohorts]
    # The block's sessions and openings in all her editions at once: a member of many
    # editions opens a block as fast as a member of one.
    sessions = list(Session.objects.filter(cohort_id__in=cohort_ids, block=block)
                    .order_by("start"))
    releases = list(BlockRelease.objects.filter(cohort_id__in=cohort_ids, block=block))
    done = set()
    if cohorts and permissions.can_mark_block_done(user, block):
        done = set(BlockCompletion.objects.filter(user=user, block=block)
                   .values_list("block_id", flat=True))
    states = [cohort_block_states(
        c, user, now, blocks=[block],
        sessions=[s for s in sessions if s.cohort_id == c.pk],
        releases=[r for r in releases if r.cohort_id == c.pk], done=done)[0]
        for c in cohorts]
    if not states:
        if user.is_superuser:
            return BlockState(block=block, cohort=None, opens_at=None, is_open=True)
        return BlockState(block=block, cohort=None, opens_at=None, is_open=False)
    state = _pick_state(states, prefer)
    if user.is_superuser and not state.is_open:  # a superuser reads every block
        state = BlockState(block=block, cohort=None, opens_at=None, is_open=True)
    state.editions = states
    return state


def block_open_for_participant(block, user, now=None) -> bool:
    """Whether the block is open in an edition where the user is a participant."""
    taking_part = permissions.participant_cohort_ids(user)
    if not taking_part:
        return False
    # ``prefer`` also takes a superuser past her shortcut to every edition's state.
    state = block_state_for(block, user, now=now, prefer=min(taking_part))
    return any(s.is_open for s in getattr(state, "editions", [])
               if s.cohort is not None and s.cohort.pk in taking_part)


def _pick_state(states, prefer):
    preferred = [s for s in states if s.cohort and s.cohort.pk == prefer]
    if preferred and preferred[0].is_open:
        return preferred[0]
    open_states = [s for s in states if s.is_open]
    if open_states:
        return open_states[0]
    dated = [s for s in states if s.opens_at]
    return min(dated, key=lambda s: s.opens_at) if dated else states[0]


def programme_outline(programme, user) -> list[dict]:
    """The blocks in outline for the public programme page: links for members only."""
    may_view = user.is_authenticated and (
        user.is_superuser or bool(permissions.programme_cohort_ids(user, programme))
    )
    return [
        {
            "number": block.number,
            "title": block.title,
            "theme": block.theme,
            "summary": block.summary,
            "url": block.get_url() if may_view else "",
        }
        for block in programme_blocks(programme)
    ]


# Mijn leergang shows this many editions in full, most recent first (a member seldom has
# more running at once); the others are folded into a list (a facilitator of 50 editions reads the page as fast as one of 2).
MY_LEERGANG_OPEN = 2
TASK_TYPES = ("case_assignment", "reflection_prompt")


@dataclass
class BlockLine:
    """A block on Mijn leergang: plain data (its page part is cached with the navigation)."""

    number: int
    title: str
    url: str
    task_count: int
    is_open: bool = False
    opens_at: datetime | None = None
    done: bool = False


@dataclass
class EditionOverview:
    membership: Membership
    cohort: CohortPage
    url: str
    next_session: Session | None
    blocks: list
    members: list
    panels: list = field(default_factory=list)


@dataclass
class FoldedEdition:
    membership: Membership
    cohort: CohortPage
    next_start: datetime | None


@dataclass
class MyLeergang:
    editions: list  # EditionOverview, shown in full
    folded: list  # FoldedEdition


def _programme_path(cohort) -> str:
    return cohort.path[: -CohortPage.steplen]


def _programme_block_lines(request, programme_path) -> tuple:
    """(pk, number, title, url, task count) of the programme's live blocks, from the
    navigation cache (a publish, unpublish or move purges it). URLs without the request:
    with it Wagtail looks the site up, a query for a link that is relative anyway."""
    from cohort import navcache

    def compute():
        blocks = (BlockPage.objects.live()
                  .filter(path__startswith=programme_path,
                          depth=len(programme_path) // BlockPage.steplen + 1)
                  .order_by("number", "path"))
        # raw_data: counting the tasks must not load the body's documents and images.
        return tuple(
            (block.pk, block.number, block.title, block.get_url(),
             sum(1 for child in block.body.raw_data if child["type"] in TASK_TYPES))
            for block in blocks
        )

    return navcache.cached(request, f"programme-blocks:{programme_path}", compute)


def my_leergang(request, now=None, open_pk=None) -> MyLeergang:
    """Mijn leergang: the most recent editions in full (next session, blocks, members and
    the apps' panels), ``open_pk`` among them when it is one of the member's, the rest
    folded. The same number of queries for a member of 1 edition or of 50."""
    from django.db.models import OuterRef, Subquery

    user = request.user
    now = now or timezone.now()
    if not user.is_authenticated:
        return MyLeergang(editions=[], folded=[])
    next_start = (Session.objects.filter(cohort_id=OuterRef("cohort_id"), end__gte=now)
                  .order_by("start").values("start")[:1])
    memberships = list(cohort_selectors.memberships_of(user)
                       .annotate(next_start=Subquery(next_start)))
    # The role of every edition is known now: the permission checks below reuse it.
    user._cohort_roles_cache = {m.cohort_id: m.role for m in memberships}
    shown = memberships[:MY_LEERGANG_OPEN]
    chosen = [m for m in memberships[MY_LEERGANG_OPEN:] if m.cohort_id == open_pk]
    shown = chosen + shown
    folded = [FoldedEdition(membership=m, cohort=m.cohort, next_start=m.next_start)
              for m in memberships if m not in shown]
    if not shown:
        return MyLeergang(editions=[], folded=folded)

    cohorts = [m.cohort for m in shown]
    ids = [c.pk for c in cohorts]
    sessions = list(Session.objects.filter(cohort_id__in=ids).select_related("block")
                    .defer("block__body").order_by("start"))
    releases = list(BlockRelease.objects.filter(cohort_id__in=ids))
    lines = {path: _programme_block_lines(request, path)
             for path in {_programme_path(c) for c in cohorts}}
    block_ids = {line[0] for programme in lines.values() for line in programme}
    done = set(BlockCompletion.objects.filter(user=user, block_id__in=block_ids)
               .values_list("block_id", flat=True))
    members = cohort_selectors.memberships_by_cohort(ids)
    cohort_panels = panels.panels_for(user, cohorts)

    editions = []
    for membership in shown:
        cohort = membership.cohort
        own_sessions = [s for s in sessions if s.cohort_id == cohort.pk]
        own_releases = [r for r in releases if r.cohort_id == cohort.pk]
        upcoming = [s for s in own_sessions if s.end >= now]
        facilitating = user.is_superuser or membership.role == Membership.Role.FACILITATOR
        blocks = []
        for pk, number, title, url, task_count in lines[_programme_path(cohort)]:
            opens_at = _opening(pk, own_sessions, own_releases)
            blocks.append(BlockLine(
                number=number, title=title, url=url, task_count=task_count,
                is_open=facilitating or (opens_at is not None and opens_at <= now),
                opens_at=opens_at, done=pk in done))
        editions.append(EditionOverview(
            membership=membership, cohort=cohort, url=cohort.get_url(),
            next_session=upcoming[0] if upcoming else None, blocks=blocks,
            members=members[cohort.pk], panels=cohort_panels[cohort.pk]))
    return MyLeergang(editions=editions, folded=folded)


def cohort_progress(cohort):
    """Participants × blocks: who marked which block done (for the facilitator)."""
    programme = cohort.get_parent()
    blocks = programme_blocks(programme)
    participants = [
        m.user
        for m in cohort_selectors.cohort_memberships(cohort)
        if m.role == Membership.Role.PARTICIPANT
    ]
    done = set(
        BlockCompletion.objects.filter(user__in=participants, block__in=blocks).values_list(
            "user_id", "block_id"
        )
    )
    from cohort.programme import panels

    user_ids = [person.pk for person in participants]
    marks = panels.progress_marks(cohort, user_ids, [block.pk for block in blocks])
    columns = panels.progress_columns(cohort, user_ids)
    last_active = _last_active(participants, cohort)
    rows = [
        {"user": person,
         "cells": [(block, (person.pk, block.pk) in done, marks.get((person.pk, block.pk), []))
                   for block in blocks],
         "values": [values.get(person.pk, 0) for _label, values in columns],
         "last_active": last_active.get(person.pk)}
        for person in participants
    ]
    return {"blocks": blocks, "rows": rows, "columns": [label for label, _v in columns],
            "tables": panels.progress_tables(cohort, participants)}


def _last_active(people, cohort) -> dict:
    from cohort.desk.registry import latest_activity

    return {user_id: moment
            for (user_id, _cohort), moment in latest_activity(people, [cohort.pk]).items()}


def next_sessions_by_cohort(cohort_ids) -> dict:
    """{edition id: its next session (not yet over)}, for many editions in one query."""
    first = {}
    for session in (Session.objects.filter(cohort_id__in=list(cohort_ids),
                                           end__gte=timezone.now())
                    .select_related("cohort", "block").order_by("cohort_id", "start")):
        first.setdefault(session.cohort_id, session)
    return first


def next_sessions_of(cohorts) -> dict:
    """``next_sessions_by_cohort`` for these edition objects, kept on them: the desk's
    sections that both show the next session ask once."""
    missing = [c for c in cohorts if not hasattr(c, "_next_session_cache")]
    if missing:
        found = next_sessions_by_cohort([c.pk for c in missing])
        for cohort in missing:
            cohort._next_session_cache = found.get(cohort.pk)
    return {c.pk: c._next_session_cache for c in cohorts if c._next_session_cache is not None}
