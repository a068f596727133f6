"""The secretary records the protocol's frame (issue 13): the ajourneringar within the meeting.

The planned justering and the approval of the föredragningslista are on the meeting form; utgår/bordläggs and
Val av justerare on the item form.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from lgl_portal.core.service_forms import handle_service_form
from meetings.forms import AdjournmentForm
from meetings.models import Adjournment
from meetings.services import frame as services
from meetings.views._shared import _meeting_for_secretary, _refused


@require_http_methods(["GET", "POST"])
def adjournments(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting_for_secretary(request, pk)
    back = reverse("meetings:adjournments", args=[pk])
    if request.method == "POST" and request.POST.get("form") == "remove":
        row = get_object_or_404(Adjournment, pk=request.POST.get("pk", "0") or 0, meeting=meeting)
        try:
            services.adjournment_remove(acting_user=request.user, adjournment=row)
        except ValidationError as exc:
            return _refused(request, exc, back)
        messages.success(request, _("Ajourneringen har tagits bort."))
        return HttpResponseRedirect(back)
    return handle_service_form(
        request,
        AdjournmentForm(request.POST or None),
        call=lambda data: services.adjournment_add(acting_user=request.user, meeting=meeting, **data),
        success_message=_("Ajourneringen har sparats."),
        success_url=back,
        template="meetings/adjournments.html",
        context={"meeting": meeting, "rows": list(meeting.adjournments.all()), "heading": _("Ajourneringar")},
    )
