"""Plain-text email (and export) rendering: text is not HTML, so nothing is escaped.

Django's template engine escapes for HTML: a case called "A & B" would arrive as
``A &amp; B``. These render with the ``text`` engine (``TEMPLATES`` in settings, autoescape
off), so subjects and bodies carry what people typed, as plain text.
"""

from django.conf import settings
from django.template.loader import render_to_string


def one_line(text: str) -> str:
    """The text on one line: for subjects and titles (a line break would end a header or
    start a new line in a plain-text email)."""
    return " ".join((text or "").split())


def absolute_url(url: str) -> str:
    """An absolute URL for emails (no request there); Django and Wagtail give site-relative
    ones."""
    return url if url.startswith(("http://", "https://")) else f"{settings.SITE_URL}{url}"


def render_text(template_name: str, context: dict) -> str:
    # A plain str: Django marks whatever a template renders as safe for HTML (SafeString),
    # but this text was not escaped, so a page that shows it (the group invitation's
    # preview) must escape it like any other text. str.__str__ copies it to a plain str.
    return str.__str__(render_to_string(template_name, context, using="text"))


def render_subject(template_name: str, context: dict) -> str:
    """One line: a subject never carries a line break (no header injection either)."""
    return one_line(render_text(template_name, context))
