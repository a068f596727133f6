"""The secretary edits the föredragningslista: items, föredragare, handlingar, jäv, order."""

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
    AttachmentForm,
    ItemForm,
    PresenterForm,
    RecusalForm,
)
from meetings.models import AgendaItem, Meeting
from meetings.services import agenda as services
from meetings.views._shared import _item_for_secretary, _meeting_for_secretary, _refused, _status


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
