"""What the meetings views share: the secretary's access check and the answer to a refused write."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect

from lgl_portal.core.access import ensure
from meetings import permissions, selectors
from meetings.models import AgendaItem, Meeting


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
