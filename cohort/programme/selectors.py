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


def cohort_block_states(cohort, user, now=None, blocks=None, sessions=None) -> list[BlockState]:
    """Every block of the edition's programme with its state for that edition.

    Four queries whatever the number of blocks: blocks, sessions, early
    openings and the user's completions.
    """
    now = now or timezone.now()
    programme = cohort.get_parent()
    blocks = blocks if blocks is not None else programme_blocks(programme)
    if sessions is None:
        sessions = list(Session.objects.filter(cohort=cohort).order_by("start"))
    releases = list(BlockRelease.objects.filter(cohort=cohort))
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
    if block is None or cohort is None or block.get_parent().pk != cohort.get_parent().pk:
        return False
    return cohort_block_states(cohort, user, now, blocks=[block])[0].is_open


def block_state_for(block, user, now=None, prefer=None) -> BlockState:
    """The block's state for this user: open if it is open in any of their editions; with
    ``prefer`` (an edition id of theirs, from ``?editie=``), as that edition sees it when
    it is open there. ``state.editions`` holds every edition's state, newest first."""
    now = now or timezone.now()
    programme = block.get_parent()
    if user.is_superuser and prefer is None:
        return BlockState(block=block, cohort=None, opens_at=None, is_open=True)
    cohort_ids = permissions.programme_cohort_ids(user, programme)
    cohorts = CohortPage.objects.filter(pk__in=cohort_ids).order_by("-start_date")
    states = [cohort_block_states(c, user, now, blocks=[block])[0] for c in cohorts]
    if not states:
        if user.is_superuser:
            return BlockState(block=block, cohort=None, opens_at=None, is_open=True)
        return BlockState(block=block, cohort=None, opens_at=None, is_open=False)
    state = _pick_state(states, prefer)
    if user.is_superuser and not state.is_open:  # a superuser reads every block
        state = BlockState(block=block, cohort=None, opens_at=None, is_open=True)
    state.editions = states
    return state


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


@dataclass
class EditionOverview:
    membership: Membership
    cohort: CohortPage
    next_session: Session | None
    blocks: list
    members: list
    panels: list = field(default_factory=list)


def my_leergang(user, now=None) -> list[EditionOverview]:
    """Mijn leergang: per edition the next session, the blocks and the members."""
    now = now or timezone.now()
    overviews = []
    for membership in cohort_selectors.memberships_of(user):
        cohort = membership.cohort
        # One query serves both the next session and the blocks' opening dates.
        sessions = list(
            Session.objects.filter(cohort=cohort).select_related("block").order_by("start")
        )
        upcoming = [session for session in sessions if session.end >= now]
        overviews.append(
            EditionOverview(
                membership=membership,
                cohort=cohort,
                next_session=upcoming[0] if upcoming else None,
                blocks=cohort_block_states(cohort, user, now, sessions=sessions),
                members=cohort_selectors.cohort_memberships(cohort),
                panels=panels.panels_for(user, cohort),
            )
        )
    return overviews


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
