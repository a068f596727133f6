"""How a view refuses: a visitor who is not logged in is sent to the login page, anyone else gets 403.

Apps decide *whether* (in their permissions.py); this module only decides *how*, the same way everywhere.
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse


class LoginRequired(Exception):
    pass


def ensure(request: HttpRequest, allowed: bool) -> None:
    if allowed:
        return
    if not request.user.is_authenticated:
        raise LoginRequired
    raise PermissionDenied


class AccessMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, LoginRequired):
            return redirect_to_login(request.get_full_path())
        return None


class SwedishFirstMiddleware:
    """Swedish is the portal's language whatever the browser asks for; English is chosen with the language button.

    Django's LocaleMiddleware would otherwise follow Accept-Language, so a visitor with an English browser would get
    English dates around Swedish text. Removing the header leaves the language cookie as the only choice.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)
