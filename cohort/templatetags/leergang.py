"""Small template filters the whole site uses."""

import datetime

from django import template
from django.utils import timezone
from django.utils.timesince import timesince
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def since(value):
    """How long ago, in its largest unit only: "3 dagen" rather than "3 dagen, 2 uur"."""
    if not value:
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
