"""Justering: the secretary sends the protocol; the chair and the justerare comment, approve or return it."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from lgl_portal.core.access import ensure
from meetings import permissions, selectors
from meetings.forms import (
    CorrectionDecisionForm,
    JusteringDecisionForm,
    ParagraphCommentForm,
)
from meetings.models import AgendaItem, Meeting
from meetings.services import justering as services
from meetings.views._shared import _meeting_for_secretary, _refused, _status


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
    selectors.meeting_protocol_rows(meeting=meeting)
    signatures = selectors.signatures_current(meeting=meeting)
    mine = next((s for s in signatures if s.person.user_id == request.user.pk), None)
    # After justering the same signers approve a proposed rättelse here, comparing it with the justerat text.
    pending = selectors.correction_pending(meeting=meeting) if meeting.is_locked else None
    return render(
        request,
        "meetings/justering.html",
        {
            "meeting": meeting,
            "items": items,
            "mine": mine,
            "comments": selectors.comments_by_item(meeting=meeting),
            "form": form,
            "comment_form": ParagraphCommentForm(),
            "open": meeting.status == Meeting.Status.UNDER_JUSTERING,
            "frame": selectors.protocol_frame(meeting=meeting, items=items, public=False),
            "internal": True,
            "correction_notes": selectors.correction_notes(meeting=meeting, public=False),
            "pending_correction": pending,
            "correction_diff": selectors.correction_diff(correction=pending) if pending else [],
            "my_correction_approval": next(
                (a for a in pending.approvals.all() if a.person.user_id == request.user.pk), None
            )
            if pending
            else None,
            "correction_form": CorrectionDecisionForm(prefix="rattelse"),
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
