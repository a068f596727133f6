"""Admin pages for a person's data: the JSON export and the anonymisation form (groups/privacy.py does the work)."""

from __future__ import annotations

import json

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from groups import privacy, selectors
from groups.permissions import is_admin
from lgl_portal.core.access import ensure
from lgl_portal.core.forms import PortalForm


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
    form = AnonymiseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            privacy.person_anonymise(acting_user=request.user, person=person, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            form.add_service_error(exc)
        else:
            messages.success(request, _("Personen är avidentifierad i portalens offentliga delar."))
            return redirect("groups:person_detail", pk=person.pk)
    return render(
        request,
        "groups/person_privacy.html",
        {"person": person, "form": form},
        status=400 if form.errors else 200,
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
