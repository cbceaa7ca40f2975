"""What the capability apps add to the core, registered from their ``AppConfig.ready()``.

The core (users, editions, memberships, permissions) imports none of the apps built on it
(programme, cases, threads, notifications, blog). Each of them registers its navigation
entries, its demo step and the permissions it gives the facilitators' group here, and the
core runs what is registered in a fixed order: lowest ``order`` first, then by name.
"""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Entry:
    name: str
    order: int
    fn: object


class Registry:
    """Named callables in a fixed order; registering a name again replaces it (reloads)."""

    def __init__(self, kind: str):
        self.kind = kind
        self._entries: dict[str, Entry] = {}

    def register(self, *, name: str, order: int):
        def decorator(fn):
            self._entries[name] = Entry(name=name, order=order, fn=fn)
            return fn

        return decorator

    def __iter__(self):
        return iter(sorted(self._entries.values(), key=lambda entry: (entry.order, entry.name)))

    def names(self) -> list[str]:
        return [entry.name for entry in self]


@dataclass(frozen=True)
class NavItem:
    label: str
    url: str
    order: int
    badge: int | None = None   # a count shown beside the label (unread notifications)
    badge_label: str = ""      # the count in words, for screen readers


@dataclass
class Navigation:
    """The header's data: the site's name, the name shown as the brand, and the links."""

    site_name: str
    brand: str
    items: list[NavItem] = field(default_factory=list)
    search_url: str = ""   # the header's search field posts here (empty: no field)
    admin_bar: bool = False  # Wagtail's user bar: for those who edit pages

    def add(self, label, url, *, order: int, badge=None, badge_label=""):
        if url:
            self.items.append(NavItem(label=label, url=url, order=order, badge=badge,
                                      badge_label=badge_label))
            self.items.sort(key=lambda item: item.order)

    @property
    def badge_total(self):
        """What the closed phone menu shows: the sum of the links' counts."""
        return sum(item.badge or 0 for item in self.items if isinstance(item.badge, int))


# fn(request, nav: Navigation) -> None: adds the app's links to the header.
navigation = Registry("navigation")
# fn(ctx: types.SimpleNamespace) -> None: builds the app's demo; reads and adds to ``ctx``.
demo_steps = Registry("demo")
# fn(group) -> None: gives the facilitators' group what the app's admin needs.
facilitator_permissions = Registry("facilitator permissions")
# fn(request, person) -> (template_name, context) or None: a section of a member's page
# (their cases the viewer may read, …), in order.
member_panels = Registry("member panels")
