"""What the apps add to the facilitator's desk, without the desk importing them.

A section provider takes ``(user, cohorts, since)``: the user, the editions shown (her
editions, or one) and ``{edition id: the moment of her visit before this one, or None}``;
it returns a ``Section`` or None. It must cost the same few queries whatever the number of
editions (one query over all of them, not one per edition).

An activity source takes ``(user_ids, cohort_ids)`` and returns ``{user id: the latest
moment that member wrote something in those editions}``.
"""

from dataclasses import dataclass, field

from cohort.registry import Registry

sections = Registry("desk sections")
activity = Registry("member activity")


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
    """{user id: the later of their last login and their latest writing in the editions}."""
    latest = {user.pk: user.last_login for user in users}
    for entry in activity:
        for user_id, moment in entry.fn(set(latest), list(cohort_ids)).items():
            if moment and (latest.get(user_id) is None or moment > latest[user_id]):
                latest[user_id] = moment
    return latest
