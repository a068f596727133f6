"""The public meeting pages: the list, a meeting, its handlingar and the anslagstavla."""

from __future__ import annotations

import os

from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.views.decorators.http import require_GET

from groups import permissions as group_permissions
from lgl_portal.core.access import ensure
from lgl_portal.core.cache import public_cache
from meetings import permissions, selectors
from meetings.models import Meeting


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
    }
    if meeting.is_locked:
        selectors.meeting_protocol_rows(meeting=meeting)
        context["frame"] = selectors.protocol_frame(meeting=meeting, items=items, public=not internal)
        context["anslag"] = selectors.anslag_facts(meeting=meeting)
        context["correction_notes"] = selectors.correction_notes(meeting=meeting, public=not internal)
    if context["can_manage"]:
        context["overdue"] = selectors.justering_overdue(meeting=meeting)
    return render(request, "meetings/meeting_detail.html", context)


@require_GET
def attachment_download(request: HttpRequest, pk: int) -> HttpResponseBase:
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
