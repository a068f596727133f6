"""After justering: the anslag, corrections and protocol extracts."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from lgl_portal.core.access import ensure
from meetings import permissions, selectors
from meetings.forms import (
    CorrectionDecisionForm,
    CorrectionForm,
    ExtractForm,
    PostForm,
)
from meetings.models import ProtocolCorrection
from meetings.services import after_justering as services
from meetings.services import correction as correction_services
from meetings.views._shared import _meeting_for_secretary, _refused, _status


@require_http_methods(["GET", "POST"])
def meeting_post(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting_for_secretary(request, pk)
    boards = list(meeting.organ.notice_boards.order_by("name"))
    initial = {
        "posted_on": meeting.posted_on or timezone.localdate(),
        "remove_on": meeting.remove_on,
        "storage_place": meeting.storage_place or meeting.organ.protocol_storage_place,
        **{f"board_{p.organisation_id}": p.posted_on for p in meeting.notice_postings.all()},
    }
    form = PostForm(request.POST or None, initial=initial, boards=boards)
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_post(acting_user=request.user, meeting=meeting, **form.service_arguments())
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
    """The secretary proposes a rättelse; the chair and the justerare approve it on the justering page."""
    meeting = _meeting_for_secretary(request, pk)
    form = CorrectionForm(request.POST or None, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            correction_services.protocol_correction_propose(
                acting_user=request.user,
                meeting=meeting,
                item=data["item"],
                reason=data["reason"],
                texts={data["field"]: data["text"]},
            )
        except ValidationError as exc:
            form.add_service_error(exc)
        else:
            messages.success(
                request,
                _(
                    "Rättelsen har skickats till ordföranden och justerarna för godkännande. Den blir en ny "
                    "version av protokollet när alla har godkänt den."
                ),
            )
            return redirect("meetings:protocol_correction", pk=pk)
    return render(
        request,
        "meetings/correction.html",
        {
            "form": form,
            "meeting": meeting,
            "pending_correction": selectors.correction_pending(meeting=meeting),
            "corrections": selectors.corrections_all(meeting=meeting),
        },
        status=_status(form),
    )


@require_POST
def correction_decide(request: HttpRequest, pk: int, correction_pk: int) -> HttpResponse:
    """The chair's or a justerare's besked on a proposed rättelse, from the justering page."""
    meeting = selectors.meeting_get(pk=pk)
    ensure(request, permissions.can_justera(request.user, meeting))
    correction = get_object_or_404(ProtocolCorrection, pk=correction_pk, meeting=meeting)
    back = reverse("meetings:justering", args=[pk]) + "#correction-h"
    form = CorrectionDecisionForm(request.POST, prefix="rattelse")
    if not form.is_valid():
        return HttpResponseRedirect(back)
    approve = request.POST.get("decision") == "approve"
    try:
        correction_services.protocol_correction_decide(
            acting_user=request.user, correction=correction, approve=approve, comment=form.cleaned_data["comment"]
        )
    except ValidationError as exc:
        return _refused(request, exc, back)
    messages.success(request, _("Du har godkänt rättelsen.") if approve else _("Rättelsen har återsänts."))
    return HttpResponseRedirect(back)


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
