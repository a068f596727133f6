"""The meetings as iCalendar feeds, all public organs or one."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from groups.models import Organ
from lgl_portal.core.cache import public_cache
from meetings import selectors
from meetings.models import Meeting


@require_GET
@public_cache
def calendar_all(request: HttpRequest) -> HttpResponse:
    return _ical_response(request, selectors.meetings_for_calendar(), name=_("LGL-portalens sammanträden"))


@require_GET
@public_cache
def calendar_organ(request: HttpRequest, slug: str) -> HttpResponse:
    organ = get_object_or_404(Organ, slug=slug, is_public=True)
    return _ical_response(request, selectors.meetings_for_calendar(organ=organ), name=organ.name)


def _ical_response(request: HttpRequest, meetings: object, *, name: str) -> HttpResponse:
    import datetime as dt
    from zoneinfo import ZoneInfo

    from icalendar import Calendar, Event

    tz = ZoneInfo(settings.TIME_ZONE)
    cal = Calendar()
    cal.add("prodid", "-//LGL-portalen//sv")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", name)
    for meeting in meetings:
        event = Event()
        url = request.build_absolute_uri(reverse("meetings:meeting_detail", args=[meeting.pk]))
        event.add("uid", f"meeting-{meeting.pk}@{request.get_host()}")
        event.add("summary", f"{meeting.organ.name}{': ' + meeting.title if meeting.title else ''}")
        if meeting.start_time:
            start = dt.datetime.combine(meeting.date, meeting.start_time, tzinfo=tz)
            end_time = meeting.end_time or (start + dt.timedelta(hours=1)).time()
            event.add("dtstart", start)
            event.add("dtend", dt.datetime.combine(meeting.date, end_time, tzinfo=tz))
        else:
            event.add("dtstart", meeting.date)
        event.add("dtstamp", meeting.updated_at)
        event.add("url", url)
        event.add("description", url)
        if meeting.location or meeting.video_link:
            event.add("location", meeting.location or meeting.video_link)
        event.add("status", "CONFIRMED" if meeting.status != Meeting.Status.PLANERAT else "TENTATIVE")
        cal.add_component(event)
    response = HttpResponse(cal.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="kalender.ics"'
    return response
