"""Each comment's HTML, kept in the cache under a key made of everything it shows.

A thread page shows up to about thirty comments, and rendering one through the template
engine costs about half a millisecond: most of a long thread's page. A comment looks the
same to every reader with the same rights on it, so its fragment is rendered from a plain
dict of what it shows (no request, no user, no object to follow) and stored under a hash of
that dict. Two readers share a fragment only when it is identical for both, so nothing one
may see can reach another, and an edit, a reaction or a new name is a new key: nothing is
purged. The CSRF token is each reader's own: a placeholder in the stored fragment is
replaced on the way out.
"""

import hashlib
import hmac
import json

from django.conf import settings
from django.core.cache import cache
from django.template.loader import get_template, render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

TEMPLATES = ("threads/comment.html", "threads/comment_moderation.html")
TIMEOUT = 7 * 24 * 3600
_version = None


def _placeholder() -> str:
    # Secret, so no comment can contain it and be shown with the reader's token in it.
    return "csrf-" + hmac.new(settings.SECRET_KEY.encode(), b"comment-fragment",
                              hashlib.sha256).hexdigest()[:24]


def _template_version() -> str:
    global _version
    if _version is None or settings.DEBUG:
        sources = "".join(get_template(name).template.source for name in TEMPLATES)
        _version = hashlib.sha256(sources.encode()).hexdigest()[:12]
    return _version


def _shown(comment, view, subject_url) -> dict:
    """Everything ``threads/comment.html`` reads, and nothing else."""
    return {
        "comment": {
            "pk": comment.pk, "number": comment.number, "is_new": comment.is_new,
            "is_hidden": comment.is_hidden, "is_deleted": comment.is_deleted,
            "is_mine": comment.is_mine, "shows_text": comment.shows_text,
            "can_react": comment.can_react, "can_reply": comment.can_reply,
            "can_edit": comment.can_edit, "author_url": comment.author_url,
            "author_name": comment.author_name, "reply_to_name": comment.reply_to_name,
            "url": comment.url, "created_at": comment.created_at, "phase": comment.phase,
            "phase_display": comment.phase_display,
            "edited_at": comment.edited_at, "history_url": comment.history_url,
            "hidden_reason": comment.hidden_reason if comment.is_hidden else "",
            "body_html": comment.body_html if comment.shows_text else "",
            "react_url": comment.react_url, "edit_url": comment.edit_url,
            "delete_url": comment.delete_url, "pinned_at": bool(comment.pinned_at),
            "extra_actions": [(str(label), url) for label, url in comment.extra_actions],
            "reaction_summary": [
                {"kind": item.kind, "label": str(item.label), "names": list(item.names),
                 "mine": item.mine, "count": item.count}
                for item in getattr(comment, "reaction_summary", [])],
        },
        "view": {"focus": view.focus, "moderates": view.moderates, "page": view.page,
                 "replying": None},
        "subject_url": subject_url,
    }


def _key(shown, version) -> str:
    text = json.dumps([version, shown], sort_keys=True, default=str)
    return "comment-html:" + hashlib.sha256(text.encode()).hexdigest()


def attach(view, subject_url, csrf_token) -> None:
    """Give each comment of the page its ``fragment``: one cache read for the page, and
    the misses rendered and stored. The comment being answered keeps none (the page
    renders it with the reply form)."""
    comments = [comment for branch in view.branches
                for comment in (branch.root, *branch.replies)
                if not (view.replying and view.replying.pk == comment.pk)]
    if not comments:
        return
    shown = {comment.pk: _shown(comment, view, subject_url) for comment in comments}
    # The language and this year's number change the words and dates it shows.
    version = [_template_version(), get_language(), timezone.localdate().year,
               settings.TIME_ZONE]
    keys = {pk: _key(value, version) for pk, value in shown.items()}
    found = cache.get_many(list(keys.values()))
    placeholder, missing = _placeholder(), {}
    for comment in comments:
        html = found.get(keys[comment.pk])
        if html is None:
            html = render_to_string(TEMPLATES[0], {**shown[comment.pk],
                                                   "csrf_token": placeholder})
            missing[keys[comment.pk]] = html
        comment.fragment = mark_safe(html.replace(placeholder, str(csrf_token)))  # noqa: S308 (rendered by our template, escaped there)
    if missing:
        cache.set_many(missing, TIMEOUT)
