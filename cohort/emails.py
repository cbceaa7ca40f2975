"""Plain-text email (and export) rendering: text is not HTML, so nothing is escaped.

Django's template engine escapes for HTML: a case called "A & B" would arrive as
``A &amp; B``. These render with the ``text`` engine (``TEMPLATES`` in settings, autoescape
off), so subjects and bodies carry what people typed, as plain text.
"""

from django.template.loader import render_to_string


def render_text(template_name: str, context: dict) -> str:
    return render_to_string(template_name, context, using="text")


def render_subject(template_name: str, context: dict) -> str:
    """One line: a subject never carries a line break (no header injection either)."""
    return " ".join(render_text(template_name, context).split())
