"""The one-document protocol editor: the whole protocol on one page, each section saved on its own.

Each section is a small form (textarea, its base, a Spara button) that works without JavaScript;
static/js/protocol-editor.js turns it into a rich-text editor with autosave. The save answers JSON to the script
(200 saved, 409 conflict with both texts, 423 refused) and pages to a plain form post (a redirect back to the
section, the conflict page, the refusal page with the text to copy).
"""

from __future__ import annotations

import time
from typing import Any

from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from meetings import presentation, selectors
from meetings.merge import Outcome, keep_both, text_hash
from meetings.models import AgendaItem, Meeting
from meetings.services import editing as services
from meetings.views._shared import _item_for_secretary, _meeting_for_secretary

PRESENCE_SECONDS = 45


def readonly_reason(meeting: Meeting) -> tuple[str, str]:
    """Why the text cannot be changed now, and the way forward; empty when it can."""
    if meeting.is_locked:
        return (
            _("Protokollet är justerat och låst."),
            _("En ändring görs som en rättelse med skäl; den blir en ny version av protokollet."),
        )
    if meeting.is_under_justering:
        return (
            _("Protokollet är under justering."),
            _("Texten kan ändras när ordföranden eller en justerare har återsänt protokollet till dig."),
        )
    return ("", "")


def _sections(item: AgendaItem) -> list[dict[str, Any]]:
    return [
        {
            "name": name,
            "heading": presentation.section_heading(item, name),
            "text": getattr(item, name),
            "hash": text_hash(getattr(item, name)),
            "id": f"s-{item.pk}-{name}",
        }
        for name in presentation.PARAGRAPH_ORDER
    ]


def _paragraph_state(item: AgendaItem) -> str:
    filled = sum(1 for name in AgendaItem.TEXT_FIELDS if getattr(item, name))
    # Beslutspunkter (meetings.views.proceedings) are a decision too.
    if item.kind == AgendaItem.Kind.BESLUT and not item.decision_text and not item.decision_points.all():
        return _("beslut saknas")
    if not filled:
        return _("ingen text än")
    return _("%(n)s av %(total)s avsnitt ifyllda") % {"n": filled, "total": len(AgendaItem.TEXT_FIELDS)}


@require_GET
def protocol_editor(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting_for_secretary(request, pk)
    items = selectors.meeting_items(meeting=meeting)
    reason, way = readonly_reason(meeting)
    paragraphs = [
        {
            "item": item,
            "label": presentation.paragraph_label(item),
            "state": _paragraph_state(item),
            "sections": _sections(item),
        }
        for item in items
    ]
    return render(
        request,
        "meetings/protocol_editor.html",
        {
            "meeting": meeting,
            "items": items,
            "paragraphs": paragraphs,
            "editable": not reason,
            "reason": reason,
            "way": way,
            "kinds": AgendaItem.Kind.choices,
        },
    )


def _wants_json(request: HttpRequest) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def _who(item: AgendaItem) -> tuple[str, str]:
    user = item.updated_by
    name = ""
    if user is not None:
        name = user.get_full_name() or user.get_username()
    when = date_format(timezone.localtime(item.updated_at), "j F Y H:i") if item.updated_at else ""
    return name, when


def _labels(item: AgendaItem, mine_label: str | None = None) -> tuple[str, str]:
    who, when = _who(item)
    theirs = _("Sparad av %(who)s %(when)s") % {"who": who or "–", "when": when}
    return theirs, mine_label or _("Din text")


def _section_edit(request: HttpRequest) -> services.TextEdit:
    version = request.POST.get("base_version", "")
    return services.TextEdit(
        mine=request.POST.get("text", ""),
        base_hash=request.POST.get("base_hash", ""),
        base_version=int(version) if version.isdigit() else None,
        base_text=request.POST.get("base_text"),
    )


def _section_url(meeting: Meeting, item: AgendaItem, field: str) -> str:
    return reverse("meetings:protocol_editor", args=[meeting.pk]) + f"#s-{item.pk}-{field}"


@require_POST
def section_save(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    meeting, item = _item_for_secretary(request, pk, item_pk)
    field = request.POST.get("field", "")
    if field not in AgendaItem.TEXT_FIELDS:
        raise Http404
    heading = presentation.section_heading(item, field)
    edit = _section_edit(request)
    choice = request.POST.get("choice")
    if choice is not None:
        # The plain-form conflict page: the base is now their text; the secretary said what to keep.
        if choice == "theirs":
            messages.success(request, _("Den sparade texten gäller; din text sparades inte."))
            return redirect(_section_url(meeting, item, field))
        mine = request.POST.get("mine", "")
        texts = {
            "mine": mine,
            "both": keep_both(
                theirs=edit.base_text or "", mine=mine, theirs_label=_labels(item)[0], mine_label=_("Din text")
            ),
            "edit": request.POST.get("text", ""),
        }
        if choice not in texts:
            return _conflict_page(request, meeting, item, field, mine=mine, error=True)
        edit = services.TextEdit(
            mine=texts[choice], base_hash=edit.base_hash, base_version=edit.base_version, base_text=edit.base_text
        )
    try:
        report = services.item_text_merge(acting_user=request.user, item=item, edits={field: edit})
    except services.ProtocolNotEditable as exc:
        message = " ".join(exc.messages)
        if _wants_json(request):
            return JsonResponse({"state": "refused", "message": message}, status=423)
        return render(
            request,
            "meetings/section_refused.html",
            {"meeting": meeting, "item": item, "heading": heading, "message": message, "text": edit.mine},
            status=423,
        )
    except ValidationError as exc:
        if _wants_json(request):
            return JsonResponse({"state": "error", "message": " ".join(exc.messages)}, status=400)
        messages.error(request, " ".join(exc.messages))
        return redirect(_section_url(meeting, item, field))
    result = report.results[field]
    saved = report.item
    if result.outcome is Outcome.CONFLICT:
        if _wants_json(request):
            who, when = _who(saved)
            theirs_label, mine_label = _labels(saved)
            return JsonResponse(
                {
                    "state": "conflict",
                    "theirs": result.theirs,
                    "mine": result.mine,
                    "both": keep_both(
                        theirs=result.theirs, mine=result.mine, theirs_label=theirs_label, mine_label=mine_label
                    ),
                    "version": saved.version,
                    "hash": text_hash(result.theirs),
                    "who": who,
                    "when": when,
                },
                status=409,
            )
        return _conflict_page(request, meeting, saved, field, mine=result.mine)
    stored = getattr(saved, field)
    if _wants_json(request):
        return JsonResponse(
            {
                "state": "saved",
                "outcome": str(result.outcome),
                "text": stored,
                "hash": text_hash(stored),
                "version": saved.version,
                "saved_at": timezone.localtime().strftime("%H:%M"),
            }
        )
    if result.outcome is Outcome.MERGED:
        messages.success(
            request, _("%(section)s: din text slogs ihop med en ändring som någon annan gjort.") % {"section": heading}
        )
    else:
        messages.success(request, _("%(section)s har sparats.") % {"section": heading})
    return redirect(_section_url(meeting, item, field))


def _conflict_page(
    request: HttpRequest, meeting: Meeting, item: AgendaItem, field: str, *, mine: str, error: bool = False
) -> HttpResponse:
    item = AgendaItem.objects.select_related("updated_by").get(pk=item.pk)
    theirs = getattr(item, field)
    theirs_label, mine_label = _labels(item)
    return render(
        request,
        "meetings/section_conflict.html",
        {
            "meeting": meeting,
            "item": item,
            "field": field,
            "heading": presentation.section_heading(item, field),
            "theirs": theirs,
            "theirs_label": theirs_label,
            "mine": mine,
            "both": keep_both(theirs=theirs, mine=mine, theirs_label=theirs_label, mine_label=mine_label),
            "base_hash": text_hash(theirs),
            "error": error,
        },
        status=400 if error else 409,
    )


@require_POST
def presence(request: HttpRequest, pk: int) -> HttpResponse:
    """Who else has the protocol open, and in which section: a short-lived note in the cache, never the database."""
    meeting = _meeting_for_secretary(request, pk)
    section = request.POST.get("section", "")
    where = ""
    item_pk, _sep, field = section.partition(":")
    if item_pk.isdigit() and field in AgendaItem.TEXT_FIELDS:
        item = meeting.items.filter(pk=int(item_pk)).first()
        if item is not None:
            where = f"{presentation.paragraph_label(item)} {presentation.section_heading(item, field)}"
        else:
            section = ""
    else:
        section = ""
    key = f"protocol-presence:{meeting.pk}"
    now = time.time()
    seen = {k: v for k, v in (cache.get(key) or {}).items() if now - v["at"] < PRESENCE_SECONDS}
    user = request.user
    full_name = getattr(user, "get_full_name", None)
    seen[str(user.pk)] = {
        "name": (full_name() if full_name else "") or user.get_username(),
        "section": section,
        "where": where,
        "at": now,
    }
    cache.set(key, seen, PRESENCE_SECONDS * 2)
    others = [
        {"name": v["name"], "section": v["section"], "where": v["where"]}
        for k, v in sorted(seen.items())
        if k != str(user.pk)
    ]
    return JsonResponse({"others": others})


@require_POST
def item_revision_restore(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    """Any earlier version back as a new version; nothing in between is lost from the history."""
    meeting, item = _item_for_secretary(request, pk, item_pk)
    back = reverse("meetings:item_history", args=[meeting.pk, item.pk])
    version = request.POST.get("version", "")
    if not version.isdigit():
        messages.error(request, _("Välj en version att återställa."))
        return redirect(back)
    try:
        saved = services.item_revision_restore(acting_user=request.user, item=item, version=int(version))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(back)
    messages.success(
        request,
        _("Version %(old)s är återställd som version %(new)s.") % {"old": version, "new": saved.version},
    )
    return redirect(back)
