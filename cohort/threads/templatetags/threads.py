from django import template

from cohort.threads import fragments

register = template.Library()


@register.simple_tag(takes_context=True)
def comment_fragments(context, view, subject_url):
    """Gives each comment of ``view`` its rendered ``fragment`` (cohort/threads/fragments.py);
    outputs nothing."""
    fragments.attach(view, subject_url, context.get("csrf_token", ""))
    return ""
