"""Thin views: the expediering page of a meeting, and its POST actions (add/remove recipient, send, retry)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from lgl_portal.core.access import ensure
from meetings.expediering import permissions, selectors, services
from meetings.expediering.forms import RecipientForm, RecipientRemoveForm
from meetings.models import Meeting
from meetings.selectors import meeting_get


def _meeting(request: HttpRequest, pk: int) -> Meeting:
    meeting = meeting_get(pk=pk)
    ensure(request, permissions.can_manage_expediering(request.user, meeting))
    return meeting


def _page(
    request: HttpRequest, meeting: Meeting, *, form: RecipientForm | None = None, status: int = 200
) -> HttpResponse:
    items = selectors.paragraphs(meeting=meeting)
    groups = selectors.recipient_groups(meeting=meeting, items=items)
    per_item: dict[int, list[selectors.RecipientGroup]] = {}
    for group in groups:
        for item in group.items:
            per_item.setdefault(item.pk, []).append(group)
    dispatches = list(selectors.dispatches(meeting=meeting))
    return render(
        request,
        "expediering/overview.html",
        {
            "meeting": meeting,
            "paragraphs": [(item, per_item.get(item.pk, [])) for item in items],
            "groups": groups,
            "dispatches": dispatches,
            "failed": [d for d in dispatches if d.status == d.Status.FAILED],
            "pending": any(d.status in (d.Status.PENDING, d.Status.SENDING) for d in dispatches),
            "form": form or RecipientForm(meeting=meeting),
        },
        status=status,
    )


@require_GET
def overview(request: HttpRequest, pk: int) -> HttpResponse:
    return _page(request, _meeting(request, pk))


@require_POST
def recipient_add(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    form = RecipientForm(request.POST, meeting=meeting)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.recipient_add(
                acting_user=request.user,
                items=list(data["items"]),
                organisation=data["organisation"],
                person=data["person"],
                email=data["email"],
            )
        except ValidationError as exc:
            form.add_service_error(exc)
        else:
            messages.success(request, _("Mottagaren har lagts till."))
            return redirect("expediering:overview", pk=pk)
    return _page(request, meeting, form=form, status=400)


@require_POST
def recipient_remove(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    form = RecipientRemoveForm(request.POST, meeting=meeting)
    if form.is_valid():
        services.recipient_remove(acting_user=request.user, recipient=form.cleaned_data["recipient"])
        messages.success(request, _("Mottagaren har tagits bort."))
    else:
        messages.error(request, _("Mottagaren finns inte längre."))
    return redirect("expediering:overview", pk=pk)


@require_POST
def send(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    try:
        created = services.expediering_send(acting_user=request.user, meeting=meeting)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("Utdragen skickas till %(count)s mottagare. Sidan visar när de har gått iväg.") % {"count": len(created)},
        )
    return redirect("expediering:overview", pk=pk)


@require_POST
def retry(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    try:
        rows = services.dispatch_retry(acting_user=request.user, meeting=meeting)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("%(count)s utskick försöks igen.") % {"count": len(rows)})
    return redirect("expediering:overview", pk=pk)
