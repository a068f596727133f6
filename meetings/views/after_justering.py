"""After justering: the anslag, corrections and protocol extracts."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from meetings.forms import (
    CorrectionForm,
    ExtractForm,
    PostForm,
)
from meetings.services import after_justering as services
from meetings.views._shared import _meeting_for_secretary, _status


@require_http_methods(["GET", "POST"])
def meeting_post(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting_for_secretary(request, pk)
    initial = {
        "posted_on": meeting.posted_on or timezone.localdate(),
        "remove_on": meeting.remove_on,
        "storage_place": meeting.storage_place or meeting.organ.protocol_storage_place,
    }
    form = PostForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_post(acting_user=request.user, meeting=meeting, **form.cleaned_data)
        except ValidationError as exc:
            form.add_service_error(exc)
        else:
            messages.success(request, _("Protokollet är anslaget på anslagstavlan."))
            return redirect("meetings:meeting_detail", pk=pk)
    lead = _("Anslaget visar organ, mötesdatum, justeringsdag, anslagsdag, nedtagningsdag och förvaringsplats.")
    if meeting.organ.kommunallagen_rules:
        lead += " " + _(
            "Kommunallagens regler gäller: anslaget ska sättas upp senast andra dagen efter justeringen och "
            "får inte tas ned förrän tiden för laglighetsprövning (tre veckor) har gått ut."
        )
    return render(
        request,
        "meetings/form.html",
        {"form": form, "meeting": meeting, "heading": _("Anslå protokollet"), "lead": lead, "submit": _("Anslå")},
        status=_status(form),
    )


@require_http_methods(["GET", "POST"])
def protocol_correction(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting_for_secretary(request, pk)
    form = CorrectionForm(request.POST or None, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.protocol_correction_create(
                acting_user=request.user,
                meeting=meeting,
                item=data["item"],
                reason=data["reason"],
                texts={data["field"]: data["text"]},
            )
        except ValidationError as exc:
            form.add_service_error(exc)
        else:
            messages.success(request, _("Rättelsen har sparats som en ny version av protokollet."))
            return redirect("meetings:protocol", pk=pk)
    return render(
        request,
        "meetings/form.html",
        {
            "form": form,
            "meeting": meeting,
            "heading": _("Rätta justerat protokoll"),
            "lead": _("Rättelsen blir en ny, numrerad version med skäl. Den tidigare versionen sparas."),
        },
        status=_status(form),
    )


@require_http_methods(["GET", "POST"])
def protocol_extract(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting_for_secretary(request, pk)
    form = ExtractForm(request.POST or None, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        try:
            services.protocol_extract_create(acting_user=request.user, meeting=meeting, **form.cleaned_data)
        except ValidationError as exc:
            form.add_service_error(exc)
        else:
            messages.success(request, _("Protokollsutdraget har skapats."))
            return redirect("meetings:meeting_detail", pk=pk)
    return render(
        request,
        "meetings/form.html",
        {"form": form, "meeting": meeting, "heading": _("Protokollsutdrag")},
        status=_status(form),
    )
