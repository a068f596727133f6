"""Request hardening that holds for every URL, before any view or form sees a parameter."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import unquote_to_bytes

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from lgl_portal.core import errors

FORM_TYPES = ("application/x-www-form-urlencoded",)


def _bad(raw: bytes) -> bool:
    """NUL anywhere, or bytes that are not UTF-8 once percent-decoded ("+" is a space in forms)."""
    decoded = unquote_to_bytes(raw.replace(b"+", b" "))
    if b"\x00" in decoded:
        return True
    try:
        decoded.decode("utf-8")
    except UnicodeDecodeError:
        return True
    return False


class RejectBadParametersMiddleware:
    """400 for a NUL byte or invalid UTF-8 in the path, the query string or a form body (issue 15).

    PostgreSQL cannot store NUL in text, so `?q=%00` used to end as a 500 wherever a parameter reached a query;
    rejecting it here covers every URL, the API included, instead of each form and filter.
    Multipart bodies (uploads) are checked by the form fields that read them.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        path = request.META.get("PATH_INFO", "")
        raw_path = path.encode("latin-1", "replace") if isinstance(path, str) else path
        query = request.META.get("QUERY_STRING", "").encode("latin-1", "replace")
        bad = "\x00" in request.path or _bad(raw_path) or _bad(query)
        if not bad and request.method == "POST" and request.content_type in FORM_TYPES:
            bad = _bad(request.body)
        if bad:
            return errors.invalid_characters(request)
        return self.get_response(request)


class PermissionsPolicyMiddleware:
    """Permissions-Policy: the portal uses no camera, microphone, location, payment or the like; say so."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.value = ", ".join(f"{feature}=()" for feature in settings.LGL_PERMISSIONS_POLICY_DENY)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", self.value)
        return response
