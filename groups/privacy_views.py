"""Admin pages for a person's data: the JSON export and the anonymisation form (groups/privacy.py does the work)."""

from __future__ import annotations

import json

from django import forms
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from groups import privacy, selectors
from groups.permissions import is_admin
from lgl_portal.core.access import ensure
from lgl_portal.core.forms import PortalForm
from lgl_portal.core.service_forms import handle_service_form


class AnonymiseForm(PortalForm):
    reason = forms.CharField(
        label=gettext_lazy("Skäl"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Till exempel: begäran om radering enligt GDPR, inkommen 2026-11-20."),
        error_messages={"required": gettext_lazy("Ange skälet till avidentifieringen.")},
    )


@never_cache
@require_http_methods(["GET", "POST"])
def person_privacy(request: HttpRequest, pk: int) -> HttpResponse:
    ensure(request, is_admin(request.user))
    person = selectors.person_get(pk=pk)
    return handle_service_form(
        request,
        AnonymiseForm(request.POST or None),
        call=lambda data: privacy.person_anonymise(acting_user=request.user, person=person, reason=data["reason"]),
        success_message=_("Personen är avidentifierad i portalens offentliga delar."),
        success_url=reverse("groups:person_detail", kwargs={"pk": person.pk}),
        template="groups/person_privacy.html",
        context={"person": person},
    )


@never_cache
@require_safe
def person_data_download(request: HttpRequest, pk: int) -> HttpResponse:
    ensure(request, is_admin(request.user))
    person = selectors.person_get(pk=pk)
    data = privacy.person_data_export(acting_user=request.user, person=person)
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="personuppgifter-{person.pk}.json"'
    return response
