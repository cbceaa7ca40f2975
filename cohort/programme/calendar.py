"""iCalendar output for sessions: times in Europe/Amsterdam with a VTIMEZONE."""

import datetime
from zoneinfo import ZoneInfo

import icalendar
from django.conf import settings
from django.utils import timezone

PRODID = "-//Leergang//Sessions//NL"


def _event(session, request=None):
    tz = ZoneInfo(settings.TIME_ZONE)
    event = icalendar.Event()
    event.add("uid", f"session-{session.pk}@leergang")
    event.add("dtstamp", datetime.datetime.now(datetime.UTC))
    event.add("dtstart", timezone.localtime(session.start, tz))
    event.add("dtend", timezone.localtime(session.end, tz))
    event.add("summary", f"{session.cohort.title}: {session.display_title}")
    if session.location:
        event.add("location", session.location)
    description = [session.notes] if session.notes else []
    if session.online_url:
        description.append(session.online_url)
        event.add("url", session.online_url)
    elif request is not None:
        event.add("url", request.build_absolute_uri(session.get_absolute_url()))
    if description:
        event.add("description", "\n\n".join(description))
    return event


def sessions_to_ical(sessions, *, name: str, request=None) -> bytes:
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    for session in sessions:
        calendar.add_component(_event(session, request))
    calendar.add_missing_timezones()
    return calendar.to_ical()
