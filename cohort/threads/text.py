"""Members' text: Markdown rendered once, on save, to HTML cleaned with an allow-list.

markdown-it-py with raw HTML off renders the Markdown; nh3 then keeps only the tags
below, only http(s)/mailto links, and gives every link ``rel="nofollow noopener"``.
Mentions are found in the source, kept out of the Markdown as opaque tokens, and put
back as links after cleaning, so neither step can turn a name into markup.
"""

import re
import secrets
from dataclasses import dataclass, field

import nh3
from django.utils.html import escape
from markdown_it import MarkdownIt

MAX_CHARS = 10_000
MAX_MENTIONS = 10

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "del", "a", "ul", "ol", "li", "blockquote", "code", "pre",
    "hr", "h3", "h4", "span",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}}
URL_SCHEMES = {"http", "https", "mailto"}

_markdown = (
    MarkdownIt("commonmark", {"html": False, "linkify": True, "breaks": True, "typographer": False})
    .enable(["linkify", "strikethrough"])
    .disable(["image"])
)


def clean_source(value: str) -> str:
    """Line ends normalised, control characters a paste can bring dropped, trimmed."""
    value = (value or "").replace("\r\n", "\n").replace("\r", "\n")
    return "".join(ch for ch in value if ch in "\n\t" or ch.isprintable()).strip()


# A link goes to a web or mail address or a page of the site: an empty, relative ("foo",
# "#") or scheme-relative ("//host") address is dropped and its text kept.
_LINK = re.compile(r"\A(?:https?:|mailto:|/(?![/\\]))", re.IGNORECASE)


def _attribute(tag, name, value):
    if name == "href" and not _LINK.match(value or ""):
        return None
    return value


def sanitise(html: str) -> str:
    return nh3.clean(
        html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, url_schemes=URL_SCHEMES,
        link_rel="nofollow noopener", strip_comments=True, attribute_filter=_attribute,
        allowed_classes={"a": {"mention"}, "span": {"mention"}},
    )


@dataclass
class Rendered:
    html: str
    mentioned: list = field(default_factory=list)  # the people mentioned, in order, once each


def _names(people) -> dict:
    """{casefolded name: person}: each full display name, and a first name where only one
    member of the edition has it (so "@Sanne" works, and is never a guess)."""
    names = {}
    for person in people:
        names.setdefault(person.get_display_name().casefold(), person)
    first = {}
    for person in people:
        given = (getattr(person, "first_name", "") or "").strip().casefold()
        if given:
            first.setdefault(given, []).append(person)
    for given, owners in first.items():
        if len(owners) == 1:
            names.setdefault(given, owners[0])
    return {name: person for name, person in names.items() if name}


def _mention_pattern(names):
    if not names:
        return None
    # "@Name" at the start or after a non-word character, not followed by a letter.
    alternatives = "|".join(re.escape(name) for name in sorted(names, key=len, reverse=True))
    return re.compile(rf"(?<![\w@])@({alternatives})(?![\w])", re.IGNORECASE)


def find_mentions(source: str, people) -> list:
    """The people of ``people`` (the edition's members) that ``source`` mentions."""
    names = _names(people)
    pattern = _mention_pattern(names)
    found = []
    for match in pattern.finditer(source) if pattern else ():
        person = names.get(match.group(1).casefold())
        if person is not None and person not in found:
            found.append(person)
    return found


def render(source: str, people=(), mention_url=None) -> Rendered:
    """Markdown to clean HTML; ``@Name`` of one of ``people`` becomes a link to them."""
    by_name = _names(people)
    pattern = _mention_pattern(by_name)
    tokens = {}
    mentioned = []
    if pattern is not None:
        nonce = secrets.token_hex(6)

        def swap(match):
            person = by_name.get(match.group(1).casefold())
            if person is None:
                return match.group(0)
            token = f"lgm{nonce}n{len(tokens)}x"
            tokens[token] = person
            if person not in mentioned:
                mentioned.append(person)
            return token

        source = pattern.sub(swap, source)
    html = sanitise(_markdown.render(source))
    if tokens:
        # A token inside an attribute (a link's address) goes back to plain text there.
        def plain(match):
            value = match.group(0)
            for token, person in tokens.items():
                value = value.replace(token, escape("@" + person.get_display_name()))
            return value

        html = re.sub(r'="[^"]*"', plain, html)
    for token, person in tokens.items():
        name = escape(person.get_display_name())
        url = mention_url(person) if mention_url else ""
        link = (f'<a class="mention" href="{escape(url)}">@{name}</a>' if url
                else f'<span class="mention">@{name}</span>')
        html = html.replace(token, link)
    if tokens:
        html = sanitise(html)  # a mention inside link text: nh3 unnests the anchors
    return Rendered(html=html, mentioned=mentioned)
