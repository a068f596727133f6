"""The secretary plans a meeting: create, edit, the year's plan, kallelse, held."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from groups import permissions as group_permissions
from groups.selectors import person_for_user
from lgl_portal.core.access import ensure
from lgl_portal.core.service_forms import handle_service_form
from meetings.forms import (
    KallelseForm,
    MeetingCancelForm,
    MeetingForm,
    MeetingMoveForm,
    PlanForm,
)
from meetings.services import changes as change_services
from meetings.services import meeting as services
from meetings.views._shared import _meeting_for_secretary, _refused


@require_http_methods(["GET", "POST"])
def meeting_create(request: HttpRequest) -> HttpResponse:
    organs = group_permissions.organs_managed_by(request.user)
    ensure(request, organs.exists())
    person = person_for_user(user=request.user)
    initial = {"secretary": person.pk if person else None}
    if request.GET.get("organ"):
        initial["organ"] = organs.filter(slug=request.GET["organ"]).values_list("pk", flat=True).first()
    return handle_service_form(
        request,
        MeetingForm(request.POST or None, organs=organs, initial=initial),
        call=lambda data: services.meeting_create(acting_user=request.user, **data),
        success_message=_("Mötet har skapats."),
        success_url=lambda meeting: reverse("meetings:meeting_detail", args=[meeting.pk]),
        template="meetings/form.html",
        context={"heading": _("Nytt möte")},
    )


@require_http_methods(["GET", "POST"])
def meeting_edit(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting_for_secretary(request, pk)
    initial = {name: getattr(meeting, name) for name in services.MEETING_FIELDS} | {
        "justering_place": meeting.justering_place,
        "justering_date": meeting.justering_date,
        "agenda_approval": meeting.agenda_approval,
        "adjusters": list(meeting.adjusters.all()),
    }
    return handle_service_form(
        request,
        MeetingForm(request.POST or None, initial=initial),
        call=lambda data: services.meeting_update(acting_user=request.user, meeting=meeting, **data),
        success_message=_("Mötet har sparats."),
        success_url=reverse("meetings:meeting_detail", args=[meeting.pk]),
        template="meetings/form.html",
        context={"meeting": meeting, "heading": _("Redigera mötet")},
    )


@require_http_methods(["GET", "POST"])
def plan_create(request: HttpRequest) -> HttpResponse:
    organs = group_permissions.organs_managed_by(request.user)
    ensure(request, organs.exists())
    form = PlanForm(request.POST or None, organs=organs)
    return handle_service_form(
        request,
        form,
        call=lambda data: services.meeting_plan_create(acting_user=request.user, **data),
        success_message=lambda created: (
            _("%(count)s möten har lagts in i sammanträdesplanen.") % {"count": len(created)}
        ),
        success_url=lambda _created: reverse("meetings:meeting_list") + f"?organ={form.cleaned_data['organ'].slug}",
        template="meetings/form.html",
        context={"heading": _("Sammanträdesplan"), "lead": _("Lägg in ett års möten för ett organ på en gång.")},
    )


@require_http_methods(["GET", "POST"])
def kallelse_send(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting_for_secretary(request, pk)
    return handle_service_form(
        request,
        KallelseForm(request.POST or None, initial={"message": meeting.kallelse_message}),
        call=lambda data: services.kallelse_send(acting_user=request.user, meeting=meeting, **data),
        success_message=lambda count: _("Kallelsen har skickats till %(count)s ledamöter.") % {"count": count},
        success_url=reverse("meetings:meeting_detail", args=[meeting.pk]),
        template="meetings/form.html",
        context={
            "meeting": meeting,
            "heading": _("Skicka kallelse"),
            "lead": _("Alla ledamöter i organet får ett e-postmeddelande med länk till mötessidan och handlingarna."),
            "submit": _("Skicka kallelsen"),
        },
    )


@require_POST
def meeting_mark_held(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting_for_secretary(request, pk)
    try:
        services.meeting_mark_held(acting_user=request.user, meeting=meeting)
    except ValidationError as exc:
        return _refused(request, exc, reverse("meetings:meeting_detail", args=[pk]))
    messages.success(request, _("Mötet är markerat som genomfört."))
    return redirect("meetings:meeting_detail", pk=pk)


@require_http_methods(["GET", "POST"])
def meeting_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting_for_secretary(request, pk)
    return handle_service_form(
        request,
        MeetingCancelForm(request.POST or None),
        call=lambda data: change_services.meeting_cancel(acting_user=request.user, meeting=meeting, **data),
        success_url=reverse("meetings:meeting_detail", args=[meeting.pk]),
        success_message=_("Sammanträdet är inställt och ledamöterna har fått besked."),
        template="meetings/form.html",
        context={
            "meeting": meeting,
            "heading": _("Ställ in sammanträdet"),
            "lead": _("Mötet ligger kvar som inställt i kalendern och i öppna data."),
            "submit": _("Ställ in"),
        },
    )


@require_http_methods(["GET", "POST"])
def meeting_move(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting_for_secretary(request, pk)
    initial: dict[str, object] = {
        "date": meeting.date,
        "start_time": meeting.start_time,
        "end_time": meeting.end_time,
        "location": meeting.location,
    }
    return handle_service_form(
        request,
        MeetingMoveForm(request.POST or None, initial=initial),
        call=lambda data: change_services.meeting_move(acting_user=request.user, meeting=meeting, **data),
        success_url=reverse("meetings:meeting_detail", args=[meeting.pk]),
        success_message=_("Sammanträdet är flyttat och ledamöterna har fått besked."),
        template="meetings/form.html",
        context={"meeting": meeting, "heading": _("Flytta sammanträdet"), "submit": _("Flytta")},
    )
