"""The protocol text: one paragraph's form with autosave and conflict view, its history, the whole draft."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lgl_portal.core.access import ensure
from meetings import permissions, presentation, selectors
from meetings.forms import (
    ProtocolTextForm,
)
from meetings.merge import Outcome, keep_both, text_hash
from meetings.models import AgendaItem, Meeting
from meetings.services import editing
from meetings.views._shared import _item_for_secretary, _status
from meetings.views.editor import readonly_reason


def _text_form(item: AgendaItem, data: object = None) -> ProtocolTextForm:
    initial = {name: getattr(item, name) for name in AgendaItem.TEXT_FIELDS} | {"version": item.version}
    form = ProtocolTextForm(data, item=item, initial=initial)
    form.add_bases(item)
    meeting = item.meeting
    if meeting.is_locked or meeting.status == Meeting.Status.UNDER_JUSTERING:
        # Nothing can be typed that the server would refuse later; the Spara button still says why.
        for name in AgendaItem.TEXT_FIELDS:
            form.fields[name].disabled = True
    return form


def _edits(request: HttpRequest, form: ProtocolTextForm, item: AgendaItem) -> dict[str, editing.TextEdit] | None:
    """The posted fields with their bases; a field resolved on the conflict page becomes the chosen text.

    None when a field from the conflict page has no choice yet (nothing is preselected there)."""
    version = form.cleaned_data["version"]
    bases = form.bases()
    edits = {}
    for name, text in form.texts().items():
        base_hash, base_text = bases[name]
        choice = request.POST.get(f"choice-{name}")
        mine = request.POST.get(f"mine_{name}")
        if choice == "theirs":
            continue
        if mine is not None and choice not in ("mine", "both", "merged"):
            return None
        if choice == "mine" and mine is not None:
            text = mine
        elif choice == "both" and mine is not None:
            theirs_label, mine_label = _labels(item)
            text = keep_both(theirs=base_text or "", mine=mine, theirs_label=theirs_label, mine_label=mine_label)
        edits[name] = editing.TextEdit(mine=text, base_hash=base_hash, base_version=version, base_text=base_text)
    return edits


def _labels(item: AgendaItem) -> tuple[str, str]:
    who = item.updated_by.get_username() if item.updated_by is not None else "–"
    when = date_format(timezone.localtime(item.updated_at), "j F Y H:i") if item.updated_at else ""
    return _("Sparad av %(who)s %(when)s") % {"who": who, "when": when}, _("Din text")


@require_http_methods(["GET", "POST"])
def item_protocol(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    """Write the protocol text of one paragraph. Works as a plain form; the editor and autosave are additions."""
    meeting, item = _item_for_secretary(request, pk, item_pk)
    form = _text_form(item, request.POST or None)
    if request.method == "POST" and form.is_valid():
        edits = _edits(request, form, item)
        if edits is None:
            form.add_error(None, _("Välj för varje text i konflikt vad som ska gälla."))
        else:
            try:
                report = editing.item_text_merge(acting_user=request.user, item=item, edits=edits)
            except ValidationError as exc:
                form.add_service_error(exc)
            else:
                if report.conflicts:
                    return _conflict(request, meeting, report)
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
            "readonly": readonly_reason(meeting),
        },
        status=_status(form),
    )


def _conflict(request: HttpRequest, meeting: Meeting, report: editing.TextSaveReport) -> HttpResponse:
    """Only the fields both writers changed, side by side; fields the other did not touch were already saved."""
    current = AgendaItem.objects.select_related("updated_by").get(pk=report.item.pk)
    theirs_label, mine_label = _labels(current)
    rows = [
        {
            "name": name,
            "label": presentation.section_heading(current, name),
            "theirs": result.theirs,
            "mine": result.mine,
            "hash": text_hash(result.theirs),
            "both": keep_both(theirs=result.theirs, mine=result.mine, theirs_label=theirs_label, mine_label=mine_label),
        }
        for name, result in report.conflicts.items()
    ]
    return render(
        request,
        "meetings/item_conflict.html",
        {"meeting": meeting, "item": current, "rows": rows, "theirs_label": theirs_label},
        status=409,
    )


@require_POST
def item_autosave(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    """htmx autosave: answers with the save-status fragment, the new version and the new bases of saved fields."""
    meeting, item = _item_for_secretary(request, pk, item_pk)
    form = _text_form(item, request.POST)
    context: dict[str, object] = {"meeting": meeting, "item": item}
    if not form.is_valid():
        context["state"] = "error"
        context["message"] = _("Inte sparat: formuläret kunde inte läsas.")
        return render(request, "meetings/_save_status.html", context, status=400)
    try:
        report = editing.item_text_merge(acting_user=request.user, item=item, edits=_edits(request, form, item) or {})
    except ValidationError as exc:
        context["state"] = "error"
        context["message"] = " ".join(exc.messages)
        return render(request, "meetings/_save_status.html", context)
    saved = report.item
    # The page's editor now holds exactly the stored text of these fields: that text is their new base. A merged
    # field keeps its old base until the page shows the merge, so the next save merges the same words again.
    context["bases"] = [
        {"name": name, "hash": text_hash(r.text), "text": r.text}
        for name, r in report.results.items()
        if r.outcome in (Outcome.APPLIED, Outcome.SAME)
    ]
    if report.conflicts:
        context["state"] = "conflict"
        context["version"] = form.cleaned_data["version"]
        context["their_version"] = saved.version
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
        {
            "meeting": meeting,
            "item": item,
            "history": selectors.item_history(item=item),
            "editable": not (meeting.is_locked or meeting.status == Meeting.Status.UNDER_JUSTERING),
        },
    )


@require_GET
def protocol(request: HttpRequest, pk: int) -> HttpResponse:
    """The whole draft protocol, for the secretary, the members and the signers."""
    meeting = selectors.meeting_get(pk=pk)
    ensure(request, permissions.can_view_internal(request.user, meeting))
    items = selectors.meeting_items(meeting=meeting)
    selectors.meeting_protocol_rows(meeting=meeting)
    return render(
        request,
        "meetings/protocol.html",
        {
            "meeting": meeting,
            "items": items,
            "correction_notes": selectors.correction_notes(meeting=meeting, public=False),
            "comments": selectors.comments_by_item(meeting=meeting),
            "can_manage": permissions.can_manage_meeting(request.user, meeting),
            "frame": selectors.protocol_frame(meeting=meeting, items=items, public=False),
            "internal": True,
        },
    )
