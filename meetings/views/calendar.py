"""The meetings as iCalendar feeds, all public organs or one."""

from __future__ import annotations

from collections.abc import Iterable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from groups.models import Organ
from lgl_portal.core.cache import public_cache
from meetings import ical, selectors
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


def _ical_response(request: HttpRequest, meetings: Iterable[Meeting], *, name: str) -> HttpResponse:
    response = HttpResponse(ical.calendar_bytes(meetings, name=name), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="kalender.ics"'
    return response
