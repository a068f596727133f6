"""The secretary keeps the närvarolista."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from meetings import selectors
from meetings.forms import (
    AttendanceForm,
    AttendanceUpdateForm,
)
from meetings.models import Attendance
from meetings.services import attendance as services
from meetings.views._shared import _meeting_for_secretary, _refused, _status


@require_http_methods(["GET", "POST"])
def attendance(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting_for_secretary(request, pk)
    form = AttendanceForm(request.POST or None, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        try:
            services.attendance_add(acting_user=request.user, meeting=meeting, **form.cleaned_data)
        except ValidationError as exc:
            form.add_service_error(exc)
        else:
            messages.success(request, _("Närvaron har sparats."))
            return redirect("meetings:attendance", pk=pk)
    return render(
        request,
        "meetings/attendance.html",
        {
            "meeting": meeting,
            "form": form,
            "attendance": selectors.meeting_attendance(meeting=meeting),
            "presence_choices": Attendance.Presence.choices,
        },
        status=_status(form),
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
    form = AttendanceUpdateForm(request.POST)
    removing = bool(request.POST.get("remove"))
    if not removing and not form.is_valid():
        messages.error(request, _("Välj en giltig närvaro."))
        return HttpResponseRedirect(back)
    try:
        if removing:
            services.attendance_remove(acting_user=request.user, attendance=row)
        else:
            services.attendance_update(acting_user=request.user, attendance=row, **form.cleaned_data)
    except ValidationError as exc:
        return _refused(request, exc, back)
    messages.success(request, _("Närvaron har sparats."))
    return HttpResponseRedirect(back)
