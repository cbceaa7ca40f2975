from django import template
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

register = template.Library()


@register.simple_tag(takes_context=True)
def prompt_panels(context, prompt_id):
    """What apps above programme show beneath a reflection prompt (``panels.register_prompt``);
    nothing in a preview or for a visitor."""
    panels = (context.get("prompt_panels") or {}).get(prompt_id or "", [])
    request = context.get("request")
    # Each panel's template escapes what it shows; joined, the HTML stays HTML.
    return mark_safe("".join(render_to_string(name, {"panel": extra}, request=request)  # noqa: S308
                             for name, extra in panels))
