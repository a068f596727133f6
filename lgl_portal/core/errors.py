"""The portal's error pages: Swedish, accessible, and JSON for the API.

Django's default handlers render without the request context, so `base.html` (which needs the request for
the language form and the login link) could not be used. These handlers render with it, except the 500 page,
which must not touch the database or the session that may be what failed.
"""

from __future__ import annotations

from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.utils.translation import gettext as _


def _wants_json(request: HttpRequest) -> bool:
    return request.path.startswith("/api/") or "application/json" in request.headers.get("Accept", "")


def _json(request: HttpRequest, status: int, message: str) -> JsonResponse:
    if request.path.startswith("/api/"):
        # The open API answers in OParl 1.1's Error object (api/ serves its own errors the same way).
        body = {"type": "https://schema.oparl.org/1.1/Error", "message": message, "lgl:status": status}
        return JsonResponse(body, status=status, headers={"Access-Control-Allow-Origin": "*"})
    return JsonResponse({"detail": message, "status": status}, status=status)


def _error(request: HttpRequest, status: int, message: str, template: str) -> HttpResponse:
    if _wants_json(request):
        return _json(request, status, message)
    return render(request, template, {"message": message, "status": status}, status=status)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if isinstance(exception, RequestDataTooBig):
        message = _(
            "Det du skickade är för stort för att tas emot. Förminska filen eller texten och försök igen. "
            "Stora filer laddas upp en i taget."
        )
    elif isinstance(exception, (TooManyFieldsSent, TooManyFilesSent)):
        message = _("Formuläret innehöll för många fält eller filer för att tas emot. Skicka färre åt gången.")
    else:
        message = _("Begäran kunde inte tolkas. Gå tillbaka och försök igen.")
    return _error(request, 400, message, "400.html")


def invalid_characters(request: HttpRequest) -> HttpResponse:
    """400 from lgl_portal.core.middleware: a NUL byte or invalid UTF-8 in a parameter."""
    message = _(
        "Adressen eller formuläret innehöll otillåtna tecken (NUL eller ogiltig UTF-8) och kunde inte tas emot."
    )
    return _error(request, 400, message, "400.html")


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    message = _("Du har inte behörighet att se eller ändra det här.")
    return _error(request, 403, message, "403.html")


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    message = _("Sidan finns inte, eller så har du inte behörighet att se den.")
    return _error(request, 404, message, "404.html")


def server_error(request: HttpRequest) -> HttpResponse:
    message = _("Ett tekniskt fel uppstod. Felet är loggat. Försök igen om en stund.")
    if _wants_json(request):
        return _json(request, 500, message)
    return HttpResponse(loader.get_template("500.html").render({"message": message}), status=500)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    message = _(
        "Formuläret kunde inte tas emot eftersom sidan var för gammal eller kakor är avstängda. "
        "Ladda om sidan och försök igen."
    )
    return _error(request, 403, message, "403.html")
