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
