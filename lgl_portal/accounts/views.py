"""Login with an optional second step (TOTP), and the page where secretaries and admins enrol a device."""

from __future__ import annotations

import time
from typing import Any

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login

from lgl_portal.accounts import permissions, selectors, services
from lgl_portal.accounts.forms import TokenForm
from lgl_portal.core.access import ensure
from lgl_portal.core.forms import LoginForm
from lgl_portal.core.service_forms import handle_service_form

PENDING_KEY = "lgl_otp_pending"
# How long the password step stays valid while the user fetches the code.
PENDING_SECONDS = 300


class PortalLoginView(auth_views.LoginView):
    """Django's login; a user with a confirmed TOTP device is not logged in until the code is given."""

    authentication_form = LoginForm
    redirect_authenticated_user = True

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if selectors.login_address_throttled(request):
            return render(request, "registration/locked_out.html", status=429)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form: AuthenticationForm) -> HttpResponse:
        user = form.get_user()
        if selectors.has_confirmed_device(user):
            # Nothing about the user is in the session except this marker; login() happens after the code.
            self.request.session[PENDING_KEY] = {
                "user": user.pk,
                "backend": getattr(user, "backend", "django.contrib.auth.backends.ModelBackend"),
                "next": self.get_redirect_url() or "",
                "at": time.time(),
            }
            return redirect("accounts:login_verify")
        return super().form_valid(form)

    def form_invalid(self, form: AuthenticationForm) -> HttpResponse:
        response = super().form_invalid(form)
        response.status_code = 400
        return response


@never_cache
@sensitive_post_parameters("token")
@require_http_methods(["GET", "POST"])
def login_verify(request: HttpRequest) -> HttpResponse:
    pending = request.session.get(PENDING_KEY)
    if not pending and request.user.is_authenticated:
        return redirect("/")
    if not pending or time.time() - float(pending.get("at", 0)) > PENDING_SECONDS:
        request.session.pop(PENDING_KEY, None)
        messages.info(request, _("Logga in med användarnamn och lösenord först."))
        return redirect("login")
    user = get_user_model().objects.filter(pk=pending["user"], is_active=True).first()
    if user is None:
        request.session.pop(PENDING_KEY, None)
        return redirect("login")

    def verify(data: dict[str, Any]) -> str:
        device = services.totp_token_check(user=user, token=data["token"])
        request.session.pop(PENDING_KEY, None)
        login(request, user, backend=pending["backend"])
        otp_login(request, device)
        return pending.get("next") or resolve_url(settings.LOGIN_REDIRECT_URL)

    return handle_service_form(
        request,
        TokenForm(request.POST or None),
        call=verify,
        success_url=lambda next_url: next_url,
        template="accounts/login_verify.html",
    )


def _qr_svg(url: str) -> SafeString:
    image = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, border=2)
    svg = image.to_string(encoding="unicode")
    label = escape(_("QR-kod att skanna med autentiseringsappen"))
    # The SVG is generated here from our own data, never from user input, so it may be inlined.
    return mark_safe(svg.replace("<svg ", f'<svg role="img" aria-label="{label}" class="qr-code" ', 1))


@never_cache
@sensitive_post_parameters("token")
@require_http_methods(["GET", "POST"])
def two_factor(request: HttpRequest) -> HttpResponse:
    ensure(request, permissions.can_use_two_factor(request.user))
    user = request.user
    action = request.POST.get("action", "")
    form = TokenForm(request.POST if action in ("confirm", "remove") else None)
    if request.method == "POST":
        try:
            if action == "start":
                services.totp_device_start(acting_user=user)
                return redirect("accounts:two_factor")
            if action == "confirm" and form.is_valid():
                device = selectors.pending_totp_device(user)
                if device is None:
                    raise ValidationError({"token": _("Aktiveringen har gått ut. Börja om.")})
                device = services.totp_device_confirm(acting_user=user, device=device, token=form.cleaned_data["token"])
                otp_login(request, device)
                messages.success(request, _("Tvåstegsverifiering är aktiverad. Nästa gång du loggar in behövs koden."))
                return redirect("accounts:two_factor")
            if action == "remove" and form.is_valid():
                services.totp_device_remove(acting_user=user, token=form.cleaned_data["token"])
                messages.success(request, _("Tvåstegsverifiering är avstängd."))
                return redirect("accounts:two_factor")
        except ValidationError as exc:
            form.add_service_error(exc)
    confirmed = selectors.confirmed_totp_device(user)
    pending = None if confirmed else selectors.pending_totp_device(user)
    context: dict[str, Any] = {"form": form, "confirmed": confirmed, "pending": pending}
    if pending is not None:
        context["qr_svg"] = _qr_svg(pending.config_url)
        context["secret"] = _grouped_secret(pending)
    return render(request, "accounts/two_factor.html", context, status=400 if form.errors else 200)


def _grouped_secret(device: Any) -> str:
    from base64 import b32encode

    secret = b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))
