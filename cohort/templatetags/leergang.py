"""Small template filters the whole site uses."""

import datetime

from django import template
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.timesince import timesince
from django.utils.translation import get_language
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def since(value):
    """How long ago, in its largest unit only: "3 dagen" rather than "3 dagen, 2 uur"; empty
    within the minute (never "0 minuten": the template says "just now" in its own words)."""
    if not value or timezone.now() - value < datetime.timedelta(minutes=1):
        return ""
    return timesince(value, depth=1)


@register.filter
def ago(value):
    """"zojuist" within the minute, else "3 dagen geleden"."""
    if not value:
        return ""
    if timezone.now() - value < datetime.timedelta(minutes=1):
        return _("just now")
    return _("%(time)s ago") % {"time": timesince(value, depth=1)}


# Short dates for lists and meta lines: Dutch writes "1 dec", English "1 Dec".
SHORT = {"nl": ("j b", "j b Y", "H:i"), "en": ("j M", "j M Y", "H:i")}


@register.filter
def short(value, with_time=""):
    """"1 dec" (with the year when it is not this year's); ``short:"time"`` adds the time
    of day: "1 dec 18:38"."""
    if not value:
        return ""
    this_year, other_year, clock = SHORT.get((get_language() or "nl")[:2], SHORT["en"])
    local = timezone.localtime(value) if isinstance(value, datetime.datetime) and \
        timezone.is_aware(value) else value
    text = date_format(local, this_year if local.year == timezone.localdate().year else other_year)
    if with_time and isinstance(local, datetime.datetime):
        text = f"{text} {date_format(local, clock)}"
    return text


@register.filter
def iso(value):
    """A ``datetime`` attribute's value: local time to the second (the HTML checker takes
    at most milliseconds; Django's "c" format writes microseconds)."""
    if not value:
        return ""
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.isoformat(timespec="seconds")
    return value.isoformat()
