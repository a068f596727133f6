from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django_otp.plugins.otp_totp.models import TOTPDevice


def confirmed_totp_device(user: Any) -> TOTPDevice | None:
    if not getattr(user, "pk", None):
        return None
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("id").first()


def pending_totp_device(user: Any) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-id").first()


def has_confirmed_device(user: Any) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def second_factor_satisfied(request: HttpRequest) -> bool:
    """True when the user has no device, or gave a code this session (django-otp's is_verified)."""
    user = request.user
    if not user.is_authenticated:
        return False
    is_verified = getattr(user, "is_verified", None)
    if callable(is_verified) and is_verified():
        return True
    return not has_confirmed_device(user)


def login_address_throttled(request: HttpRequest) -> bool:
    """Too many failed logins from this client address, across all usernames, within the cooloff (issue 15).

    axes locks a username; this closes password spraying from one address. The address is axes' own (django-ipware
    with the proxy settings), so both count the same client.
    """
    from axes.helpers import get_client_ip_address  # type: ignore[import-untyped]
    from axes.models import AccessFailureLog  # type: ignore[import-untyped]
    from django.conf import settings
    from django.utils import timezone

    address = get_client_ip_address(request)
    if not address:
        return False
    since = timezone.now() - settings.AXES_COOLOFF_TIME
    failures = AccessFailureLog.objects.filter(ip_address=address, attempt_time__gte=since).count()
    return failures >= settings.LGL_LOGIN_ADDRESS_FAILURE_LIMIT
