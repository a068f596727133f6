"""The one shape of a view that writes through a service: bound form → service → errors next to fields → redirect.

Every such view used to repeat the same dozen lines; this keeps the rules in one place: the service is only
called with a valid form, a ValidationError from the service lands next to the field it names (or at the top),
invalid input answers 400 with the form re-rendered (never 500, nothing half-saved: services are atomic), and
success redirects with a message.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from lgl_portal.core.forms import AccessibleFormMixin


def handle_service_form(
    request: HttpRequest,
    form: AccessibleFormMixin,
    *,
    call: Callable[[dict[str, Any]], Any],
    success_url: str | Callable[[Any], str],
    template: str,
    context: Mapping[str, Any] | None = None,
    success_message: str | Callable[[Any], str] = "",
) -> HttpResponse:
    """Run `call(form.cleaned_data)` for a valid POSTed form and redirect, or render `template` with the form.

    `success_url` and `success_message` may be callables of the service's return value (e.g. the new object).
    A form with errors answers 400, an unbound or untouched one 200.
    """
    if request.method == "POST" and form.is_valid():  # type: ignore[attr-defined]
        try:
            result = call(form.cleaned_data)  # type: ignore[attr-defined]
        except ValidationError as exc:
            form.add_service_error(exc)
        else:
            message = success_message(result) if callable(success_message) else success_message
            if message:
                messages.success(request, message)
            return redirect(success_url(result) if callable(success_url) else success_url)
    return render(
        request,
        template,
        {"form": form, **(context or {})},
        status=400 if form.errors else 200,  # type: ignore[attr-defined]
    )
