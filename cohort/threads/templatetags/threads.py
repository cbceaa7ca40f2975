from django import template

from cohort.threads import fragments

register = template.Library()


@register.simple_tag(takes_context=True)
def comment_list(context, view, subject_url):
    """The page's comments of ``view`` as nested lists (cohort/threads/fragments.py)."""
    return fragments.render_list(context, view, subject_url)
