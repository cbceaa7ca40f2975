"""Each comment's HTML, kept in the cache under a key made of everything it shows.

A thread page shows up to about thirty comments, and rendering one through the template
engine costs about half a millisecond: most of a long thread's page. A comment looks the
same to every reader with the same rights on it, so its fragment is rendered from a plain
dict of what it shows (no request, no user, no object to follow) and stored under a hash of
that dict. Two readers share a fragment only when it is identical for both, so nothing one
may see can reach another, and an edit, a reaction or a new name is a new key: nothing is
purged. The page's list of them is kept the same way, under the digest of every comment it
shows. The CSRF token is each reader's own: a placeholder in what is stored is replaced on
the way out.
"""

import hashlib
import hmac
import pickle
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.template.loader import get_template, render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

TEMPLATES = ("threads/comment.html", "threads/comment_moderation.html")
TIMEOUT = 7 * 24 * 3600
# A page's list differs per reader (what is new to them), so it is kept ten minutes only.
LIST_TIMEOUT = 600
# Moved on when render_list's own markup changes (the templates' is in their version).
MARKUP_VERSION = 1
_version = None
_catalogs: dict[str, str] = {}


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


def _shown(comment) -> dict:
    """Everything ``threads/comment.html`` reads of the comment, and nothing else."""
    return {
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
        # Plain dicts of plain values already (selectors._attach_reactions).
        "reaction_summary": comment.reaction_summary,
    }


def _page(view, subject_url) -> dict:
    """What ``threads/comment.html`` reads besides the comment: the same for the page."""
    return {"view": {"focus": view.focus, "moderates": view.moderates, "page": view.page,
                     "replying": None},
            "subject_url": subject_url}


def _catalog_version(language: str) -> str:
    """The project's compiled words in this language: fragments are kept a week, and a
    release that changes a translation should show it at once, as a changed template does."""
    version = _catalogs.get(language)
    if version is None or settings.DEBUG:
        from django.utils.translation import to_locale

        digest = hashlib.sha256()
        for path in settings.LOCALE_PATHS:
            compiled = Path(path) / to_locale(language) / "LC_MESSAGES" / "django.mo"
            digest.update(compiled.read_bytes() if compiled.is_file() else b"-")
        version = _catalogs[language] = digest.hexdigest()[:12]
    return version


def _key(shown, page, version) -> str:
    return "comment-html:" + _digest([version, page, shown])


def _digest(value) -> str:
    # Pickled, not JSON: five times as fast for a page. The bytes determine the value, so
    # two values never share a digest; equal values built differently (a string shared
    # or not) may differ, which costs a render, never a wrong page.
    return hashlib.sha256(pickle.dumps(value, protocol=5)).hexdigest()


def _key_version() -> list:
    # The language (and its words) and this year's number change the words and dates it
    # shows. The placeholder follows SECRET_KEY: a new key leaves the old fragments behind.
    language = get_language()
    return [_template_version(), MARKUP_VERSION, _placeholder(), language,
            _catalog_version(language), timezone.localdate().year, settings.TIME_ZONE]


def render_list(context, view, subject_url) -> str:
    """The page's comments as nested lists: a top-level comment and, one level in, every
    reply in its branch. The whole list is kept too, under the digest of every comment it
    shows and their places, so a page read again costs one cache read; a list holding the
    comment being answered is not kept (the page renders that one with the reply form)."""
    if not view.branches:
        return ""
    replying = view.replying.pk if view.replying else None
    comments = [comment for branch in view.branches
                for comment in (branch.root, *branch.replies) if comment.pk != replying]
    shown = {comment.pk: _shown(comment) for comment in comments}
    page = _page(view, subject_url)
    version = _key_version()
    placeholder, token = _placeholder(), str(context.get("csrf_token", ""))
    list_key = None
    if replying is None:
        layout = [[shown[branch.root.pk], [shown[reply.pk] for reply in branch.replies]]
                  for branch in view.branches]
        list_key = "comment-list-html:" + _digest([version, page, layout])
        html = cache.get(list_key)
        if html is not None:
            return mark_safe(html.replace(placeholder, token))  # noqa: S308 (rendered by our template, escaped there)
    fragments = _fragments(comments, shown, page, version, placeholder)

    def one(comment) -> str:
        if comment.pk != replying:
            return fragments[comment.pk]
        with context.push(comment=comment):  # as {% include %} would, with the reply form
            return context.template.engine.get_template(TEMPLATES[0]).render(context)

    parts = ['<ol class="comments">']
    for branch in view.branches:
        parts += ['<li class="comments__item">', one(branch.root)]
        if branch.replies:
            parts.append('<ol class="comments comments--replies">')
            parts += [f'<li class="comments__item">{one(reply)}</li>' for reply in branch.replies]
            parts.append("</ol>")
        parts.append("</li>")
    parts.append("</ol>")
    html = "".join(parts)
    if list_key is not None:
        cache.set(list_key, html, LIST_TIMEOUT)
    return mark_safe(html.replace(placeholder, token))  # noqa: S308 (as above)


def _fragments(comments, shown, page, version, placeholder) -> dict:
    """Each comment's HTML (with the placeholder for the token): one cache read for all,
    the misses rendered and stored."""
    keys = {comment.pk: _key(shown[comment.pk], page, version) for comment in comments}
    found = cache.get_many(list(keys.values()))
    fragments, missing = {}, {}
    for comment in comments:
        html = found.get(keys[comment.pk])
        if html is None:
            html = render_to_string(TEMPLATES[0], {"comment": shown[comment.pk], **page,
                                                   "csrf_token": placeholder})
            missing[keys[comment.pk]] = html
        fragments[comment.pk] = html
    if missing:
        cache.set_many(missing, TIMEOUT)
    return fragments
