from __future__ import annotations

import os

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from groups import permissions as group_permissions
from groups.models import Organ
from groups.selectors import person_for_user
from lgl_portal.core.access import ensure
from lgl_portal.core.cache import public_cache
from meetings import permissions, selectors, services
from meetings.forms import (
    AttachmentForm,
    AttendanceForm,
    AttendanceUpdateForm,
    CorrectionForm,
    ExtractForm,
    ItemForm,
    JusteringDecisionForm,
    KallelseForm,
    MeetingForm,
    ParagraphCommentForm,
    PlanForm,
    PostForm,
    PresenterForm,
    ProtocolTextForm,
    RecusalForm,
)
from meetings.models import AgendaItem, Attendance, Meeting


def _status(form: object) -> int:
    return 400 if getattr(form, "errors", None) else 200


def _meeting_for_secretary(request: HttpRequest, pk: int) -> Meeting:
    meeting = selectors.meeting_get(pk=pk)
    ensure(request, permissions.can_manage_meeting(request.user, meeting))
    return meeting


def _item_for_secretary(request: HttpRequest, pk: int, item_pk: int) -> tuple[Meeting, AgendaItem]:
    meeting = _meeting_for_secretary(request, pk)
    item = selectors.item_get(pk=item_pk)
    if item.meeting_id != meeting.pk:
        raise Http404
    return meeting, item


def _refused(request: HttpRequest, exc: ValidationError, to: str) -> HttpResponse:
    for message in exc.messages:
        messages.error(request, message)
    return HttpResponseRedirect(to)


# --- Public -----------------------------------------------------------------------------------------------


@require_GET
@public_cache
def meeting_list(request: HttpRequest) -> HttpResponse:
    organs = list(selectors.public_organs())
    chosen = next((o for o in organs if o.slug == request.GET.get("organ")), None)
    upcoming, past = selectors.meetings_upcoming_and_past(organ=chosen)
    return render(
        request,
        "meetings/meeting_list.html",
        {
            "organs": organs,
            "chosen": chosen,
            "upcoming": upcoming,
            "past": past,
            "can_plan": group_permissions.organs_managed_by(request.user).exists(),
        },
    )


@require_GET
@public_cache
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = selectors.meeting_get(pk=pk)
    ensure(request, permissions.can_view_meeting(request.user, meeting))
    internal = permissions.can_view_internal(request.user, meeting)
    items = selectors.meeting_items(meeting=meeting)
    context = {
        "meeting": meeting,
        "items": items,
        "internal": internal,
        "show_attachments": internal or meeting.is_locked,
        "can_manage": permissions.can_manage_meeting(request.user, meeting),
        "can_justera": meeting.status == Meeting.Status.UNDER_JUSTERING
        and permissions.can_justera(request.user, meeting),
        "paragraphs": selectors.paragraph_range(items),
    }
    if meeting.is_locked:
        context["attendance"] = selectors.meeting_attendance(meeting=meeting)
        context["signatures"] = selectors.signatures_current(meeting=meeting)
        context["anslag"] = selectors.anslag_facts(meeting=meeting)
        context["adjusters"] = list(meeting.adjusters.all())
    if context["can_manage"]:
        context["overdue"] = selectors.justering_overdue(meeting=meeting)
        context["warning_days"] = settings.LGL_JUSTERING_WARNING_DAYS
    return render(request, "meetings/meeting_detail.html", context)


@require_GET
def attachment_download(request: HttpRequest, pk: int) -> HttpResponse:
    attachment = selectors.attachment_get(pk=pk)
    meeting = attachment.item.meeting
    if not permissions.can_view_meeting(request.user, meeting):
        raise Http404
    if not permissions.can_download_attachment(request.user, attachment):
        # Not even the existence of a non-public handling is confirmed to someone without the right.
        raise Http404
    if attachment.url and not attachment.file:
        return HttpResponseRedirect(attachment.url)
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = FileResponse(
        handle,
        as_attachment=not attachment.content_type.startswith("application/pdf"),
        filename=os.path.basename(attachment.file.name),
        content_type=attachment.content_type or "application/octet-stream",
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_GET
@public_cache
def anslagstavla(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "meetings/anslagstavla.html",
        {"notices": selectors.anslag_list(), "archive": selectors.anslag_archive()},
    )


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


# --- Planning ---------------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def meeting_create(request: HttpRequest) -> HttpResponse:
    organs = group_permissions.organs_managed_by(request.user)
    ensure(request, organs.exists())
    person = person_for_user(user=request.user)
    initial = {"secretary": person.pk if person else None}
    if request.GET.get("organ"):
        initial["organ"] = organs.filter(slug=request.GET["organ"]).values_list("pk", flat=True).first()
    form = MeetingForm(request.POST or None, organs=organs, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.meeting_create(acting_user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_service_error(exc)
        else:
            messages.success(request, _("Mötet har skapats."))
            return redirect("meetings:meeting_detail", pk=meeting.pk)
    return render(request, "meetings/form.html", {"form": form, "heading": _("Nytt möte")}, status=_status(form))


@require_http_methods(["GET", "POST"])
def meeting_edit(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting_for_secretary(request, pk)
    initial = {name: getattr(meeting, name) for name in services.MEETING_FIELDS} | {
        "justering_place": meeting.justering_place,
        "adjusters": list(meeting.adjusters.all()),
    }
    form = MeetingForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_update(acting_user=request.user, meeting=meeting, **form.cleaned_data)
        except ValidationError as exc:
            form.add_service_error(exc)
        else:
            messages.success(request, _("Mötet har sparats."))
            return redirect("meetings:meeting_detail", pk=meeting.pk)
    return render(
        request,
        "meetings/form.html",
        {"form": form, "meeting": meeting, "heading": _("Redigera mötet")},
        status=_status(form),
    )


@require_http_methods(["GET", "POST"])
def plan_create(request: HttpRequest) -> HttpResponse:
    organs = group_permissions.organs_managed_by(request.user)
    ensure(request, organs.exists())
    form = PlanForm(request.POST or None, organs=organs)
    if request.method == "POST" and form.is_valid():
        try:
            created = services.meeting_plan_create(acting_user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_service_error(exc)
        else:
            messages.success(request, _("%(count)s möten har lagts in i sammanträdesplanen.") % {"count": len(created)})
            return redirect(reverse("meetings:meeting_list") + f"?organ={form.cleaned_data['organ'].slug}")
    return render(
        request,
        "meetings/form.html",
        {"form": form, "heading": _("Sammanträdesplan"), "lead": _("Lägg in ett års möten för ett organ på en gång.")},
        status=_status(form),
    )


@require_http_methods(["GET", "POST"])
def kallelse_send(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting_for_secretary(request, pk)
    form = KallelseForm(request.POST or None, initial={"message": meeting.kallelse_message})
    if request.method == "POST" and form.is_valid():
        try:
            count = services.kallelse_send(acting_user=request.user, meeting=meeting, **form.cleaned_data)
        except ValidationError as exc:
            form.add_service_error(exc)
        else:
            messages.success(request, _("Kallelsen har skickats till %(count)s ledamöter.") % {"count": count})
            return redirect("meetings:meeting_detail", pk=meeting.pk)
    return render(
        request,
        "meetings/form.html",
        {
            "form": form,
            "meeting": meeting,
            "heading": _("Skicka kallelse"),
            "lead": _("Alla ledamöter i organet får ett e-postmeddelande med länk till mötessidan och handlingarna."),
            "submit": _("Skicka kallelsen"),
        },
        status=_status(form),
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


# --- Agenda -----------------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def item_create(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting_for_secretary(request, pk)
    form = ItemForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            item = services.item_create(acting_user=request.user, meeting=meeting, **form.cleaned_data)
        except ValidationError as exc:
            form.add_service_error(exc)
        else:
            messages.success(request, _("Ärendet har lagts till."))
            return redirect("meetings:item_edit", pk=pk, item_pk=item.pk)
    return render(
        request,
        "meetings/form.html",
        {"form": form, "meeting": meeting, "heading": _("Nytt ärende")},
        status=_status(form),
    )


@require_http_methods(["GET", "POST"])
def item_edit(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    """The item's details, with its föredragare, handlingar and jäv, each added by its own small form."""
    meeting, item = _item_for_secretary(request, pk, item_pk)
    initial = {name: getattr(item, name) for name in ItemForm.base_fields}
    forms = {
        "item": ItemForm(initial=initial, prefix="item"),
        "presenter": PresenterForm(prefix="presenter"),
        "attachment": AttachmentForm(prefix="attachment", initial={"is_public": True}),
        "recusal": RecusalForm(prefix="recusal"),
    }
    which = request.POST.get("form") if request.method == "POST" else None
    if which in ("remove_presenter", "remove_attachment"):
        return _item_part_remove(request, meeting, item, which)
    if which in forms:
        data, files = request.POST, request.FILES
        form = {
            "item": lambda: ItemForm(data, prefix="item"),
            "presenter": lambda: PresenterForm(data, prefix="presenter"),
            "attachment": lambda: AttachmentForm(data, files, prefix="attachment"),
            "recusal": lambda: RecusalForm(data, prefix="recusal"),
        }[which]()
        forms[which] = form
        if form.is_valid():
            action = {
                "item": lambda: services.item_update(acting_user=request.user, item=item, **form.cleaned_data),
                "presenter": lambda: services.presenter_add(acting_user=request.user, item=item, **form.cleaned_data),
                "attachment": lambda: services.attachment_add(acting_user=request.user, item=item, **form.cleaned_data),
                "recusal": lambda: services.recusal_add(acting_user=request.user, item=item, **form.cleaned_data),
            }[which]
            try:
                action()
            except ValidationError as exc:
                form.add_service_error(exc)
            else:
                messages.success(request, _("Ändringen har sparats."))
                return redirect("meetings:item_edit", pk=pk, item_pk=item.pk)
    item = selectors.meeting_items(meeting=meeting)
    current = next(it for it in item if it.pk == item_pk)
    return render(
        request,
        "meetings/item_edit.html",
        {"meeting": meeting, "item": current, "forms": forms, "failed": which},
        status=400 if which in forms and forms[which].errors else 200,
    )


def _item_part_remove(request: HttpRequest, meeting: Meeting, item: AgendaItem, which: str) -> HttpResponse:
    back = reverse("meetings:item_edit", args=[meeting.pk, item.pk])
    pk = request.POST.get("pk", "")
    related = item.presenters if which == "remove_presenter" else item.attachments
    part = get_object_or_404(related.all(), pk=int(pk) if pk.isdigit() else 0)
    try:
        if which == "remove_presenter":
            services.presenter_remove(acting_user=request.user, presenter=part)
        else:
            services.attachment_remove(acting_user=request.user, attachment=part)
    except ValidationError as exc:
        return _refused(request, exc, back)
    messages.success(request, _("Borttaget."))
    return HttpResponseRedirect(back)


@require_POST
def item_move(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    meeting, item = _item_for_secretary(request, pk, item_pk)
    back = reverse("meetings:meeting_detail", args=[pk]) + "#dagordning"
    try:
        services.item_move(acting_user=request.user, item=item, direction=request.POST.get("direction", ""))
    except ValidationError as exc:
        return _refused(request, exc, back)
    if request.htmx:
        return render(
            request,
            "meetings/_agenda.html",
            {
                "meeting": meeting,
                "items": selectors.meeting_items(meeting=meeting),
                "can_manage": True,
                "internal": True,
                "show_attachments": True,
            },
        )
    return HttpResponseRedirect(back)


@require_POST
def item_delete(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    _meeting, item = _item_for_secretary(request, pk, item_pk)
    back = reverse("meetings:meeting_detail", args=[pk]) + "#dagordning"
    try:
        services.item_delete(acting_user=request.user, item=item)
    except ValidationError as exc:
        return _refused(request, exc, back)
    messages.success(request, _("Ärendet har tagits bort."))
    return HttpResponseRedirect(back)


# --- Protocol text ----------------------------------------------------------------------------------------


def _text_form(item: AgendaItem, data: object = None) -> ProtocolTextForm:
    initial = {name: getattr(item, name) for name in AgendaItem.TEXT_FIELDS} | {"version": item.version}
    return ProtocolTextForm(data, item=item, initial=initial)


@require_http_methods(["GET", "POST"])
def item_protocol(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    """Write the protocol text of one paragraph. Works as a plain form; the editor and autosave are additions."""
    meeting, item = _item_for_secretary(request, pk, item_pk)
    form = _text_form(item, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            # From the conflict view: fields where the secretary chose the saved version are left as they are.
            texts = {k: v for k, v in form.texts().items() if request.POST.get(f"choice-{k}") != "theirs"}
            services.item_text_save(
                acting_user=request.user, item=item, version=form.cleaned_data["version"], texts=texts
            )
        except services.EditConflict as conflict:
            return _conflict(request, meeting, conflict)
        except ValidationError as exc:
            form.add_service_error(exc)
        else:
            messages.success(request, _("Protokolltexten har sparats."))
            target = request.POST.get("next")
            if target and target.isdigit():
                return redirect("meetings:item_protocol", pk=pk, item_pk=int(target))
            return redirect("meetings:item_protocol", pk=pk, item_pk=item.pk)
    items = list(meeting.items.order_by("position", "id").values("pk", "position", "title"))
    index = next(i for i, row in enumerate(items) if row["pk"] == item.pk)
    return render(
        request,
        "meetings/item_protocol.html",
        {
            "meeting": meeting,
            "item": item,
            "form": form,
            "previous": items[index - 1] if index > 0 else None,
            "next": items[index + 1] if index + 1 < len(items) else None,
        },
        status=_status(form),
    )


def _conflict(request: HttpRequest, meeting: Meeting, conflict: services.EditConflict) -> HttpResponse:
    current = conflict.current
    rows = [
        {
            "name": name,
            "label": str(AgendaItem._meta.get_field(name).verbose_name).capitalize(),
            "theirs": getattr(current, name),
            "mine": conflict.attempted.get(name, getattr(current, name)),
        }
        for name in AgendaItem.TEXT_FIELDS
        if conflict.attempted.get(name, getattr(current, name)) != getattr(current, name)
    ]
    return render(
        request,
        "meetings/item_conflict.html",
        {"meeting": meeting, "item": current, "rows": rows, "form": _text_form(current)},
        status=409,
    )


@require_POST
def item_autosave(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    """htmx autosave: answers with the save-status fragment and the new version number."""
    meeting, item = _item_for_secretary(request, pk, item_pk)
    form = _text_form(item, request.POST)
    context: dict[str, object] = {"meeting": meeting, "item": item}
    if not form.is_valid():
        context["state"] = "error"
        context["message"] = _("Inte sparat: formuläret kunde inte läsas.")
        return render(request, "meetings/_save_status.html", context, status=400)
    try:
        saved = services.item_text_save(
            acting_user=request.user, item=item, version=form.cleaned_data["version"], texts=form.texts()
        )
    except services.EditConflict as conflict:
        context["state"] = "conflict"
        context["version"] = form.cleaned_data["version"]
        context["their_version"] = conflict.current.version
        return render(request, "meetings/_save_status.html", context)
    except ValidationError as exc:
        context["state"] = "error"
        context["message"] = " ".join(exc.messages)
        return render(request, "meetings/_save_status.html", context)
    context["state"] = "saved"
    context["version"] = saved.version
    context["saved_at"] = timezone.localtime(saved.updated_at)
    return render(request, "meetings/_save_status.html", context)


@require_GET
def item_history(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    meeting, item = _item_for_secretary(request, pk, item_pk)
    return render(
        request,
        "meetings/item_history.html",
        {"meeting": meeting, "item": item, "history": selectors.item_history(item=item)},
    )


@require_GET
def protocol(request: HttpRequest, pk: int) -> HttpResponse:
    """The whole draft protocol, for the secretary, the members and the signers."""
    meeting = selectors.meeting_get(pk=pk)
    ensure(request, permissions.can_view_internal(request.user, meeting))
    items = selectors.meeting_items(meeting=meeting)
    return render(
        request,
        "meetings/protocol.html",
        {
            "meeting": meeting,
            "items": items,
            "attendance": selectors.meeting_attendance(meeting=meeting),
            "adjusters": list(meeting.adjusters.all()),
            "signatures": selectors.signatures_all(meeting=meeting),
            "corrections": list(meeting.corrections.select_related("created_by")),
            "comments": selectors.comments_by_item(meeting=meeting),
            "can_manage": permissions.can_manage_meeting(request.user, meeting),
            "paragraphs": selectors.paragraph_range(items),
            "internal": True,
        },
    )


@require_POST
def justering_send(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting_for_secretary(request, pk)
    back = reverse("meetings:protocol", args=[pk])
    try:
        services.justering_send(acting_user=request.user, meeting=meeting)
    except ValidationError as exc:
        return _refused(request, exc, back)
    messages.success(request, _("Protokollet har skickats för justering."))
    return HttpResponseRedirect(back)


# --- Attendance -------------------------------------------------------------------------------------------


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


# --- Justering --------------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def justering(request: HttpRequest, pk: int) -> HttpResponse:
    """Where the chair and the justerare read the whole protocol, comment per paragraph, approve or return it."""
    meeting = selectors.meeting_get(pk=pk)
    ensure(
        request, permissions.can_justera(request.user, meeting) or permissions.can_manage_meeting(request.user, meeting)
    )
    form = JusteringDecisionForm(request.POST or None)
    if request.method == "POST":
        ensure(request, permissions.can_justera(request.user, meeting))
        if form.is_valid():
            approve = request.POST.get("decision") == "approve"
            try:
                services.justering_decide(
                    acting_user=request.user, meeting=meeting, approve=approve, comment=form.cleaned_data["comment"]
                )
            except ValidationError as exc:
                form.add_service_error(exc)
            else:
                messages.success(
                    request, _("Du har godkänt protokollet.") if approve else _("Protokollet har återsänts.")
                )
                return redirect("meetings:justering", pk=pk)
    items = selectors.meeting_items(meeting=meeting)
    signatures = selectors.signatures_current(meeting=meeting)
    mine = next((s for s in signatures if s.person.user_id == request.user.pk), None)
    return render(
        request,
        "meetings/justering.html",
        {
            "meeting": meeting,
            "items": items,
            "attendance": selectors.meeting_attendance(meeting=meeting),
            "adjusters": list(meeting.adjusters.all()),
            "signatures": signatures,
            "mine": mine,
            "comments": selectors.comments_by_item(meeting=meeting),
            "form": form,
            "comment_form": ParagraphCommentForm(),
            "open": meeting.status == Meeting.Status.UNDER_JUSTERING,
            "paragraphs": selectors.paragraph_range(items),
            "internal": True,
        },
        status=_status(form),
    )


@require_POST
def justering_comment(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    meeting = selectors.meeting_get(pk=pk)
    ensure(request, permissions.can_justera(request.user, meeting))
    item = get_object_or_404(AgendaItem, pk=item_pk, meeting=meeting)
    back = reverse("meetings:justering", args=[pk]) + f"#p{item.pk}"
    form = ParagraphCommentForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Skriv en kommentar."))
        return HttpResponseRedirect(back)
    try:
        services.justering_comment_add(acting_user=request.user, item=item, text=form.cleaned_data["text"])
    except ValidationError as exc:
        return _refused(request, exc, back)
    messages.success(request, _("Kommentaren har sparats."))
    return HttpResponseRedirect(back)


# --- After justering --------------------------------------------------------------------------------------


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
