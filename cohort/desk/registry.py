"""What the apps add to the facilitator's desk, without the desk importing them.

A section provider takes ``(user, cohorts, since)``: the user, the editions shown (her
editions, or one) and ``{edition id: the moment of her visit before this one, or None}``;
it returns a ``Section`` or None. It must cost the same few queries whatever the number of
editions (one query over all of them, not one per edition).

An edition link takes an edition id and returns ``(label, url)``: the pages of an edition
a facilitator works from (its cases, its progress, the group invite), beside each edition
on the desk and in the admin's "Desk" menu.

A waiting count takes the user and returns ``(expression, text)``: a subquery counting,
for the edition ``OuterRef("pk")``, what waits for her there, and ``text(count)`` that says
it. The desk annotates every edition with it, so the editions it folds show what waits in
each at no extra query.

An activity source takes ``(user_ids, cohort_ids)`` and returns ``{(user id, edition id):
the latest moment that member wrote something (not a draft) in that edition}``.
"""

from dataclasses import dataclass, field

from cohort.registry import Registry

sections = Registry("desk sections")
activity = Registry("member activity")
edition_links = Registry("desk edition links")
waiting = Registry("desk waiting counts")


def links_for(cohort_id) -> list[tuple[str, str]]:
    return [entry.fn(cohort_id) for entry in edition_links]


@dataclass
class Section:
    key: str
    title: str
    template: str
    items: list = field(default_factory=list)
    count: int = 0            # all of them; ``items`` may show fewer
    empty: str = ""           # what to say when there is nothing
    summary: str = ""         # one line for the admin dashboard ("3 cases wait")
    more_url: str = ""        # where the rest is listed, when ``items`` is cut short


def latest_activity(users, cohort_ids) -> dict:
    """{(user id, edition id): the later of their last login and their latest writing in
    that edition}, for every user and edition asked about."""
    cohort_ids = list(cohort_ids)
    latest = {(user.pk, cohort_id): user.last_login for user in users for cohort_id in cohort_ids}
    for entry in activity:
        for key, moment in entry.fn({user.pk for user in users}, cohort_ids).items():
            if moment and key in latest and (latest[key] is None or moment > latest[key]):
                latest[key] = moment
    return latest


def first_and_total(queryset, limit):
    """The first ``limit`` rows and how many there are, in one query (a window count), so
    a section costs the same whatever the number."""
    from django.db.models import Count, Window

    rows = list(queryset.annotate(total=Window(Count("pk")))[:limit])
    return rows, (rows[0].total if rows else 0)
