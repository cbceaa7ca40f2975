"""Quotes from the leergang in a blog post: whether each may be shown, and the rule that a
post with a quote not consented to is not published (DESIGN.md, rule 9).

A quote is shown only when, at the moment of rendering, its consent is given, for this very
post, and the text in the block hashes to the excerpt consented to. The same check refuses
publishing and scheduling, whatever the route (``blog.publishing`` calls it).
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _

BLOCK_NAME = "leergang_quote"


@dataclass(frozen=True)
class Shown:
    text: str
    attribution: str


def quote_text(value) -> str:
    """The words the block quotes: its own text, or the consented excerpt when left empty."""
    consent = value.get("consent")
    text = " ".join((value.get("text") or "").split())
    if not text and consent is not None:
        text = consent.excerpt
    return text


def problem(value, post_id) -> str:
    """Why this quote may not appear in post ``post_id`` ("" when it may)."""
    from cohort.consent.models import QuoteConsent

    consent = value.get("consent")
    if consent is None:
        return _("no consent is chosen")
    if consent.post_id != post_id:
        return _("its consent was asked for another post")
    if consent.status == QuoteConsent.Status.PENDING:
        return _("the author has not answered yet")
    if consent.status == QuoteConsent.Status.DECLINED:
        return _("the author said “rather not”")
    if consent.status == QuoteConsent.Status.WITHDRAWN:
        return _("the author withdrew their consent")
    if not consent.matches(quote_text(value)):
        return _("the text differs from the excerpt the author agreed to: ask again for "
                 "the new wording")
    return ""


def shown(value, post_id) -> Shown | None:
    """What a visitor sees of this quote: the excerpt and "named" display name or
    "een deelnemer", or nothing at all."""
    if post_id is None or problem(value, post_id):
        return None
    consent = value["consent"]
    if consent.status == consent.Status.NAMED and consent.display_name:
        attribution = consent.display_name
    else:
        attribution = _("a participant")
    return Shown(text=quote_text(value), attribution=attribution)


def quotes_in(page):
    """The quote blocks' values in a post's body, in order."""
    body = getattr(page, "body", None) or []
    return [child.value for child in body if child.block_type == BLOCK_NAME]


def problems(page) -> list[str]:
    """One line per quote in ``page`` that keeps it from being published. The words are
    left out: whoever presses "publish" may facilitate another edition."""
    lines = []
    for number, value in enumerate(quotes_in(page), start=1):
        reason = problem(value, page.pk)
        if reason:
            consent = value.get("consent")
            lines.append(
                _("Quote %(number)d (consent #%(consent)s): %(reason)s.") % {
                    "number": number, "consent": consent.pk, "reason": reason}
                if consent is not None else
                _("Quote %(number)d: %(reason)s.") % {"number": number, "reason": reason})
    return lines
