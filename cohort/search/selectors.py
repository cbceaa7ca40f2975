"""One search over what the viewer may read: public pages for everyone; for members also
the cases, reflections and comments of their editions. Every query is scoped (the
permissions' querysets) before it is matched, so a hit outside them cannot exist.
PostgreSQL matches with Dutch stemming; SQLite with a plain substring match."""

import html
import re
from dataclasses import dataclass

from django.db import DatabaseError, connection, transaction
from django.db.models import Q
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from cohort import permissions

MAX_PER_KIND = 20
MAX_QUERY = 200


@dataclass
class Hit:
    kind: str        # a label: "Case", "Reflection", "Comment", "Page"
    title: str
    url: str
    excerpt: str
    where: str       # where it lives
    audience: str    # who may see it


def _match(queryset, fields, query):
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchVector

        vector = SearchVector(*fields, config="dutch")
        return queryset.annotate(_search=vector).filter(
            _search=SearchQuery(query, config="dutch", search_type="websearch"))
    condition = Q()
    for word in query.split()[:8]:
        condition &= _any(fields, word)
    return queryset.filter(condition)


def _any(fields, word):
    condition = Q()
    for name in fields:
        condition |= Q(**{f"{name}__icontains": word})
    return condition


def _excerpt(value, query, size=180):
    # Stored HTML: its text, entities decoded (the template escapes it once).
    plain = " ".join(html.unescape(strip_tags(value or "")).split())
    lowered = plain.lower()
    positions = [lowered.find(word.lower()) for word in query.split() if word]
    start = min([p for p in positions if p >= 0], default=0)
    start = max(0, start - 40)
    piece = plain[start:start + size]
    return ("…" if start else "") + piece + ("…" if start + size < len(plain) else "")


def search(user, query: str) -> list[Hit]:
    query = " ".join((query or "").split())[:MAX_QUERY]
    if not query:
        return []
    return _pages(query) + (_member_hits(user, query) if user.is_authenticated else [])


def _pages(query) -> list[Hit]:
    from wagtail.models import Page

    hits = []
    public = Page.objects.live().public().specific()
    try:
        # SQLite's full-text index reads some punctuation (">, quotes) as syntax; a savepoint
        # keeps PostgreSQL's transaction usable if a query is refused.
        with transaction.atomic():
            pages = list(public.search(query)[:MAX_PER_KIND])
    except DatabaseError:
        words = " ".join(re.findall(r"\w+", query))
        pages = list(public.search(words)[:MAX_PER_KIND]) if words else []
    # Public pages only: members-only blocks and editions are not in this channel.
    for page in pages:
        hits.append(Hit(kind=_("Page"), title=page.title, url=page.url or "",
                        excerpt=getattr(page, "search_description", "") or "",
                        where=_("Public website"), audience=_("everyone")))
    return hits


def _member_hits(user, query) -> list[Hit]:
    from cohort.cases.models import TEXT_FIELDS, Case

    hits = []
    cases = _match(permissions.visible_cases(user).select_related("cohort", "author"),
                   [*TEXT_FIELDS, "follow_up", "author__first_name", "author__last_name"],
                   query).order_by("-last_activity_at")[:MAX_PER_KIND]
    for case in cases:
        audience = (_("only you (draft)") if case.status == Case.Status.DRAFT
                    else _("the facilitators and the author") if case.audience ==
                    Case.Audience.FACILITATORS else _("your edition"))
        hits.append(Hit(kind=_("Case"), title=case.title, url=case.get_absolute_url(),
                        excerpt=_excerpt(case.situation or case.question, query),
                        where=_("Cases of %(edition)s") % {"edition": case.cohort.title},
                        audience=audience))
    reflections = _match(
        permissions.visible_reflections(user).filter(deleted_at__isnull=True)
        .select_related("cohort", "author", "block"), ["body"], query,
    ).order_by("-last_activity_at")[:MAX_PER_KIND]
    for reflection in reflections:
        hits.append(Hit(
            kind=_("Reflection"),
            title=_("%(name)s on block %(number)s") % {
                "name": reflection.author.get_display_name(), "number": reflection.block.number},
            url=reflection.get_absolute_url(), excerpt=_excerpt(reflection.body_html, query),
            where=_("Reflections of %(edition)s") % {"edition": reflection.cohort.title},
            audience=_("only you (draft)") if reflection.is_draft else _("your edition"),
        ))
    comments = _match(
        permissions.visible_comments(user)
        .filter(deleted_at__isnull=True, hidden_at__isnull=True)
        .select_related("author", "thread__case", "thread__reflection__block", "thread__cohort"),
        ["body"], query,
    ).order_by("-created_at")[:MAX_PER_KIND]
    for comment in comments:
        thread = comment.thread
        subject = (thread.case.title if thread.case_id else
                   _("reflection on block %(number)s") % {
                       "number": thread.reflection.block.number})
        hits.append(Hit(
            kind=_("Comment"),
            title=_("%(name)s in “%(subject)s”") % {
                "name": comment.author.get_display_name() if comment.author else _("someone"),
                "subject": subject},
            url=comment.get_absolute_url(), excerpt=_excerpt(comment.body_html, query),
            where=_("Thread in %(edition)s") % {"edition": thread.cohort.title},
            audience=_("everyone who can see “%(subject)s”") % {"subject": subject},
        ))
    return hits
