"""The protocol text: one paragraph's form with autosave and conflict view, its history, the whole draft."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lgl_portal.core.access import ensure
from meetings import permissions, presentation, selectors
from meetings.forms import (
    ProtocolTextForm,
)
from meetings.models import AgendaItem, Meeting
from meetings.services import protocol as services
from meetings.views._shared import _item_for_secretary, _status


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
            "paragraphs": presentation.paragraph_range(items),
            "internal": True,
        },
    )
