"""What the apps above register with notifications, in their ``AppConfig.ready``.

- kinds: each kind of event, with its label, the sentence an email or listing uses, and
  whether it is *direct* (about your own work or addressed to you: email soon) or goes
  into the digest;
- subjects: for each subject prefix (``case``), which of a member's subjects they may
  still open, and who of some members may open one. A notification about anything else
  is not shown and not mailed.

So this app never imports the apps that notify through it.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Kind:
    name: str
    label: str          # "Feedback on your case"
    sentence: str       # "%(actor)s gave feedback on “%(title)s”" (actor may be absent)
    direct: bool        # email soon (after NOTIFICATION_EMAIL_DELAY) rather than in the digest


_kinds: dict[str, Kind] = {}
_subjects: dict[str, object] = {}


def register_kind(name, *, label, sentence, direct):
    _kinds[name] = Kind(name=name, label=label, sentence=sentence, direct=direct)


def kind(name) -> Kind:
    if name not in _kinds:
        raise LookupError(f"Notification kind {name!r} is not registered.")
    return _kinds[name]


def kinds() -> list[Kind]:
    return list(_kinds.values())


@dataclass(frozen=True)
class Subject:
    visible_ids: object   # (user, ids) -> the ids (strings) this user may open
    viewer_ids: object    # (id, user_ids) -> those of user_ids who may open it


def ids_in(queryset, ids) -> set[str]:
    """Of these subject ids (strings, maybe malformed), those in ``queryset``: the usual
    ``visible_ids``, given the app's scoped queryset for the user."""
    from cohort.converters import parse_id

    wanted = [pk for pk in (parse_id(value) for value in ids) if pk is not None]
    return {str(pk) for pk in queryset.filter(pk__in=wanted).values_list("pk", flat=True)}


def register_subject(prefix, *, visible_ids, viewer_ids):
    _subjects[prefix] = Subject(visible_ids=visible_ids, viewer_ids=viewer_ids)


def visible_subject_ids(user, prefix, ids) -> set[str]:
    subject = _subjects.get(prefix)
    if subject is None:
        return set()  # unknown subjects are never shown
    return {str(value) for value in subject.visible_ids(user, list(ids))}


def subject_viewer_ids(prefix, value, user_ids) -> set[int]:
    subject = _subjects.get(prefix)
    if subject is None:
        return set()
    return set(subject.viewer_ids(value, set(user_ids)))
