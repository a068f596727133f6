"""iCalendar (RFC 5545) for the public meeting calendars.

Times are local (Europe/Stockholm) with the VTIMEZONE block RFC 5545 3.2.19 requires for a TZID, written once
here with the EU summer-time rule (last Sunday of March and of October) so every client reads the same offsets.
A meeting's UID is stable (its id at the configured site, never the Host header); SEQUENCE is the meeting's
`sequence`, raised by the services whenever the time, the place or the status changes; a cancelled meeting stays
in the feed with STATUS:CANCELLED so calendars that imported it remove or strike it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, Timezone, TimezoneDaylight, TimezoneStandard

from meetings.models import Meeting

TZID = "Europe/Stockholm"


def vtimezone() -> Timezone:
    """Europe/Stockholm as RFC 5545 writes a zone: CET, and CEST from the last Sunday in March to October's."""
    zone = Timezone()
    zone.add("tzid", TZID)
    standard = TimezoneStandard()
    standard.add("tzname", "CET")
    standard.add("dtstart", dt.datetime(1996, 10, 27, 3, 0))
    standard.add("tzoffsetfrom", dt.timedelta(hours=2))
    standard.add("tzoffsetto", dt.timedelta(hours=1))
    standard.add("rrule", {"freq": "yearly", "bymonth": 10, "byday": "-1su"})
    daylight = TimezoneDaylight()
    daylight.add("tzname", "CEST")
    daylight.add("dtstart", dt.datetime(1981, 3, 29, 2, 0))
    daylight.add("tzoffsetfrom", dt.timedelta(hours=1))
    daylight.add("tzoffsetto", dt.timedelta(hours=2))
    daylight.add("rrule", {"freq": "yearly", "bymonth": 3, "byday": "-1su"})
    zone.add_component(standard)
    zone.add_component(daylight)
    return zone


def meeting_uid(meeting: Meeting) -> str:
    return f"meeting-{meeting.pk}@{urlsplit(settings.SITE_URL).hostname}"


def _event(meeting: Meeting) -> Event:
    tz = ZoneInfo(TZID)
    url = f"{settings.SITE_URL}/moten/{meeting.pk}/"
    event = Event()
    event.add("uid", meeting_uid(meeting))
    event.add("sequence", meeting.sequence)
    event.add("dtstamp", meeting.updated_at.astimezone(dt.UTC))
    event.add("last-modified", meeting.updated_at.astimezone(dt.UTC))
    event.add("summary", f"{meeting.organ.name}{': ' + meeting.title if meeting.title else ''}")
    if meeting.start_time:
        start = dt.datetime.combine(meeting.date, meeting.start_time, tzinfo=tz)
        end_time = meeting.end_time or (start + dt.timedelta(hours=1)).time()
        event.add("dtstart", start)
        event.add("dtend", dt.datetime.combine(meeting.date, end_time, tzinfo=tz))
    else:
        event.add("dtstart", meeting.date)
        event.add("dtend", meeting.date + dt.timedelta(days=1))
    event.add("url", url)
    if meeting.location or meeting.video_link:
        event.add("location", meeting.location or meeting.video_link)
    if meeting.cancelled_at is not None:
        event.add("status", "CANCELLED")
        event.add("description", _("Inställt: %(reason)s") % {"reason": meeting.cancellation_reason} + f"\n{url}")
    else:
        event.add("status", "TENTATIVE" if meeting.status == Meeting.Status.PLANERAT else "CONFIRMED")
        event.add("description", url)
    return event


def calendar_bytes(meetings: Iterable[Meeting], *, name: str) -> bytes:
    cal = Calendar()
    cal.add("prodid", "-//LGL-portalen//sv")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", TZID)
    cal.add_component(vtimezone())
    for meeting in meetings:
        cal.add_component(_event(meeting))
    return cal.to_ical()
