"""After justering: the anslag, corrections and protocol extracts."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from lgl_portal.core.service_forms import handle_service_form
from meetings.forms import (
    CorrectionForm,
    ExtractForm,
    PostForm,
)
from meetings.services import after_justering as services
from meetings.views._shared import _meeting_for_secretary


@require_http_methods(["GET", "POST"])
def meeting_post(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting_for_secretary(request, pk)
    initial = {
        "posted_on": meeting.posted_on or timezone.localdate(),
        "remove_on": meeting.remove_on,
        "storage_place": meeting.storage_place or meeting.organ.protocol_storage_place,
    }
    lead = _("Anslaget visar organ, mötesdatum, justeringsdag, anslagsdag, nedtagningsdag och förvaringsplats.")
    if meeting.organ.kommunallagen_rules:
        lead += " " + _(
            "Kommunallagens regler gäller: anslaget ska sättas upp senast andra dagen efter justeringen och "
            "får inte tas ned förrän tiden för laglighetsprövning (tre veckor) har gått ut."
        )
    return handle_service_form(
        request,
        PostForm(request.POST or None, initial=initial),
        call=lambda data: services.meeting_post(acting_user=request.user, meeting=meeting, **data),
        success_message=_("Protokollet är anslaget på anslagstavlan."),
        success_url=reverse("meetings:meeting_detail", args=[pk]),
        template="meetings/form.html",
        context={"meeting": meeting, "heading": _("Anslå protokollet"), "lead": lead, "submit": _("Anslå")},
    )


@require_http_methods(["GET", "POST"])
def protocol_correction(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting_for_secretary(request, pk)
    return handle_service_form(
        request,
        CorrectionForm(request.POST or None, meeting=meeting),
        call=lambda data: services.protocol_correction_create(
            acting_user=request.user,
            meeting=meeting,
            item=data["item"],
            reason=data["reason"],
            texts={data["field"]: data["text"]},
        ),
        success_message=_("Rättelsen har sparats som en ny version av protokollet."),
        success_url=reverse("meetings:protocol", args=[pk]),
        template="meetings/form.html",
        context={
            "meeting": meeting,
            "heading": _("Rätta justerat protokoll"),
            "lead": _("Rättelsen blir en ny, numrerad version med skäl. Den tidigare versionen sparas."),
        },
    )


@require_http_methods(["GET", "POST"])
def protocol_extract(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting_for_secretary(request, pk)
    return handle_service_form(
        request,
        ExtractForm(request.POST or None, meeting=meeting),
        call=lambda data: services.protocol_extract_create(acting_user=request.user, meeting=meeting, **data),
        success_message=_("Protokollsutdraget har skapats."),
        success_url=reverse("meetings:meeting_detail", args=[pk]),
        template="meetings/form.html",
        context={"meeting": meeting, "heading": _("Protokollsutdrag")},
    )
