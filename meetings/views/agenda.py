"""The secretary edits the föredragningslista: items, föredragare, handlingar, jäv, order."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lgl_portal.core.htmx import HtmxHttpRequest
from lgl_portal.core.service_forms import handle_service_form
from meetings import selectors
from meetings.forms import (
    AttachmentForm,
    ItemForm,
    PresenterForm,
    RecusalForm,
)
from meetings.models import AgendaItem, Attachment, Meeting
from meetings.services import agenda as services
from meetings.views._shared import _item_for_secretary, _meeting_for_secretary, _refused


@require_http_methods(["GET", "POST"])
def item_create(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting_for_secretary(request, pk)
    return handle_service_form(
        request,
        ItemForm(request.POST or None),
        call=lambda data: services.item_create(acting_user=request.user, meeting=meeting, **data),
        success_message=_("Ärendet har lagts till."),
        success_url=lambda item: reverse("meetings:item_edit", args=[pk, item.pk]),
        template="meetings/form.html",
        context={"meeting": meeting, "heading": _("Nytt ärende")},
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
    items = selectors.meeting_items(meeting=meeting)
    current = next(it for it in items if it.pk == item_pk)
    return render(
        request,
        "meetings/item_edit.html",
        {"meeting": meeting, "item": current, "forms": forms, "failed": which},
        status=400 if which in forms and forms[which].errors else 200,
    )


def _item_part_remove(request: HttpRequest, meeting: Meeting, item: AgendaItem, which: str) -> HttpResponse:
    back = reverse("meetings:item_edit", args=[meeting.pk, item.pk])
    pk = request.POST.get("pk", "")
    part_pk = int(pk) if pk.isdigit() else 0
    try:
        if which == "remove_presenter":
            presenter = get_object_or_404(item.presenters.all(), pk=part_pk)
            services.presenter_remove(acting_user=request.user, presenter=presenter)
        else:
            attachment = get_object_or_404(item.attachments.all(), pk=part_pk)
            services.attachment_remove(acting_user=request.user, attachment=attachment)
    except ValidationError as exc:
        return _refused(request, exc, back)
    messages.success(request, _("Borttaget."))
    return HttpResponseRedirect(back)


@require_POST
def item_move(request: HtmxHttpRequest, pk: int, item_pk: int) -> HttpResponse:
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


@require_GET
def item_delete_confirm(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    """Deleting an item asks first, on a page of its own, so it works without JavaScript."""
    meeting, item = _item_for_secretary(request, pk, item_pk)
    return render(
        request,
        "meetings/confirm_delete.html",
        {
            "meeting": meeting,
            "question": _("Ta bort ärendet ”%(title)s”?") % {"title": item.title},
            "detail": _("Ärendets protokolltext, föredragare och handlingar tas bort med det."),
            "action": reverse("meetings:item_delete", args=[meeting.pk, item.pk]),
            "fields": {},
            "back": reverse("meetings:item_edit", args=[meeting.pk, item.pk]),
        },
    )


@require_GET
def attachment_remove_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    attachment = get_object_or_404(Attachment.objects.select_related("item"), pk=pk)
    meeting, item = _item_for_secretary(request, attachment.item.meeting_id, attachment.item_id)
    return render(
        request,
        "meetings/confirm_delete.html",
        {
            "meeting": meeting,
            "question": _("Ta bort handlingen ”%(title)s”?") % {"title": attachment.title},
            "action": reverse("meetings:item_edit", args=[meeting.pk, item.pk]),
            "fields": {"form": "remove_attachment", "pk": attachment.pk},
            "back": reverse("meetings:item_edit", args=[meeting.pk, item.pk]),
        },
    )


@require_POST
def items_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Several items at once, one title per line, from the protocol page: the agenda as the secretary has it."""
    meeting = _meeting_for_secretary(request, pk)
    back = reverse("meetings:protocol_editor", args=[pk])
    titles = [line.strip() for line in request.POST.get("titles", "").splitlines() if line.strip()]
    kind = request.POST.get("kind", AgendaItem.Kind.INFORMATION)
    if kind not in AgendaItem.Kind.values:
        kind = AgendaItem.Kind.INFORMATION
    try:
        created = services.items_add(acting_user=request.user, meeting=meeting, titles=titles, kind=kind)
    except ValidationError as exc:
        return _refused(request, exc, back)
    messages.success(request, _("%(count)s ärenden har lagts till.") % {"count": len(created)})
    return HttpResponseRedirect(back + (f"#p-{created[0].pk}" if created else ""))
