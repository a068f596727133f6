"""The secretary keeps the närvarolista."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from groups import selectors as group_selectors
from lgl_portal.core.service_forms import handle_service_form
from meetings import attendance_presentation, selectors
from meetings.forms import (
    AttendanceForm,
    AttendanceUpdateForm,
)
from meetings.models import Attendance
from meetings.services import attendance as services
from meetings.views._shared import _meeting_for_secretary, _refused


@require_http_methods(["GET", "POST"])
def attendance(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting_for_secretary(request, pk)
    grouped = selectors.meeting_attendance(meeting=meeting)
    items = list(meeting.items.select_related("organ").order_by("position", "id"))
    return handle_service_form(
        request,
        AttendanceForm(request.POST or None, meeting=meeting),
        call=lambda data: services.attendance_add(acting_user=request.user, meeting=meeting, **data),
        success_message=_("Närvaron har sparats."),
        success_url=reverse("meetings:attendance", args=[pk]),
        template="meetings/attendance.html",
        context={
            "meeting": meeting,
            "attendance": grouped,
            "presence_choices": Attendance.Presence.choices,
            "role_choices": Attendance.Role.choices,
            "seat_members": [
                m.person for m in group_selectors.organ_seats(organ_id=meeting.organ_id, day=meeting.date).members
            ],
            "items": items,
            "row_paragraphs": attendance_presentation.row_paragraphs(
                meeting=meeting, items=items, rows=[a for rows in grouped.values() for a in rows]
            ),
        },
    )


@require_POST
def attendance_prefill(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting_for_secretary(request, pk)
    back = reverse("meetings:attendance", args=[pk])
    try:
        count = services.attendance_prefill(acting_user=request.user, meeting=meeting)
    except ValidationError as exc:
        return _refused(request, exc, back)
    messages.success(request, _("%(count)s ledamöter har lagts till som närvarande.") % {"count": count})
    return HttpResponseRedirect(back)


@require_POST
def attendance_update(request: HttpRequest, pk: int, attendance_pk: int) -> HttpResponse:
    meeting = _meeting_for_secretary(request, pk)
    row = get_object_or_404(Attendance, pk=attendance_pk, meeting=meeting)
    back = reverse("meetings:attendance", args=[pk])
    form = AttendanceUpdateForm(request.POST, meeting=meeting, row=row)
    removing = bool(request.POST.get("remove"))
    if not removing and not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return HttpResponseRedirect(back)
    try:
        if removing:
            services.attendance_remove(acting_user=request.user, attendance=row)
        else:
            services.attendance_update(acting_user=request.user, attendance=row, **form.changed_values())
    except ValidationError as exc:
        return _refused(request, exc, back)
    messages.success(request, _("Närvaron har sparats."))
    return HttpResponseRedirect(back)


@require_GET
def attendance_remove_confirm(request: HttpRequest, pk: int, attendance_pk: int) -> HttpResponse:
    """Removing a row asks first, on a page of its own, so it works without JavaScript."""
    meeting = _meeting_for_secretary(request, pk)
    row = get_object_or_404(Attendance.objects.select_related("person"), pk=attendance_pk, meeting=meeting)
    return render(
        request,
        "meetings/confirm_delete.html",
        {
            "meeting": meeting,
            "question": _("Ta bort %(name)s ur närvarolistan?") % {"name": row},
            "action": reverse("meetings:attendance_update", args=[meeting.pk, row.pk]),
            "fields": {"remove": "1"},
            "back": reverse("meetings:attendance", args=[meeting.pk]),
        },
    )
