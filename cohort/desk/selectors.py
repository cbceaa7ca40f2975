"""The facilitator's desk: the sections the apps register, for one edition or all of hers,
and the visit that tells what is new."""

import datetime

from django.db.models import OuterRef, Subquery
from django.utils import timezone

from cohort import permissions
from cohort.desk import registry
from cohort.desk.models import DeskVisit

# A visit within this time of the one before is the same visit (a reload, a click back).
VISIT_GAP = datetime.timedelta(minutes=30)
# What counts as new when she has not opened the desk for an edition before.
FIRST_VISIT = datetime.timedelta(days=7)
VISIT_FIELDS = ("id", "seen_at", "previous_seen_at")


def desk_cohorts(user, pk=None, *, waiting=False):
    """The live editions she facilitates (one, when ``pk`` is given), most recent first;
    with ``waiting`` each gets ``waiting``: a line per app that has work for her there."""
    ids = permissions.facilitated_cohort_ids(user)
    if pk is not None:
        ids = ids & {pk}
    counts = [(f"waiting_{n}", *entry.fn(user))
              for n, entry in enumerate(registry.waiting)] if waiting else []
    # Her visit of each edition in the same query (what is new on the desk starts there).
    visit = DeskVisit.objects.filter(user=user, cohort=OuterRef("pk"))
    cohorts = list(permissions.visible_cohorts(user).live().filter(pk__in=ids)
                   .annotate(**{name: expression for name, expression, _text in counts})
                   .annotate(**{f"visit_{field}": Subquery(visit.values(field)[:1])
                                for field in VISIT_FIELDS})
                   .order_by("-start_date", "-pk"))
    for cohort in cohorts:
        cohort.waiting = [text(getattr(cohort, name)) for name, _expression, text in counts
                          if getattr(cohort, name)]
    return cohorts


def desk_sections(user, cohorts, *, record=True):
    """The sections for ``cohorts`` (from ``desk_cohorts``); with ``record`` this counts as
    her visit."""
    now = timezone.now()
    ids = [cohort.pk for cohort in cohorts]
    visits = _visits(user, cohorts)
    since = {}
    for pk in ids:
        visit = visits.get(pk)
        if visit is None:
            moment = None
        elif now - visit.seen_at < VISIT_GAP:
            moment = visit.previous_seen_at
        else:
            moment = visit.seen_at
        since[pk] = moment or now - FIRST_VISIT
    sections = [section for entry in registry.sections
                if (section := entry.fn(user, cohorts, since)) is not None]
    if record:
        _record(user, ids, visits, now)
    return sections


def _visits(user, cohorts) -> dict:
    """Her visits, as ``desk_cohorts`` read them with the editions."""
    return {cohort.pk: DeskVisit(user=user, cohort_id=cohort.pk, **{
                field: getattr(cohort, f"visit_{field}") for field in VISIT_FIELDS})
            for cohort in cohorts if cohort.visit_id is not None}


def _record(user, ids, visits, now):
    moved = []
    for visit in visits.values():
        if now - visit.seen_at >= VISIT_GAP:
            visit.previous_seen_at, visit.seen_at = visit.seen_at, now
            moved.append(visit)
    if moved:
        DeskVisit.objects.bulk_update(moved, ["previous_seen_at", "seen_at"])
    new = [DeskVisit(user=user, cohort_id=pk, seen_at=now) for pk in ids if pk not in visits]
    if new:
        DeskVisit.objects.bulk_create(new, ignore_conflicts=True)
