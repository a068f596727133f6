"""Writes for TOTP devices. Each enrolment, confirmation and removal is audited."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from lgl_portal.audit.services import audit_record

DEVICE_NAME = "Autentiseringsapp"


def _clean_token(token: str) -> str:
    return "".join(ch for ch in (token or "") if ch.isdigit())


@transaction.atomic
def totp_device_start(*, acting_user: Any) -> TOTPDevice:
    """A new, unconfirmed device with a fresh secret; earlier unconfirmed attempts are dropped."""
    if TOTPDevice.objects.filter(user=acting_user, confirmed=True).exists():
        raise ValidationError({"token": _("Tvåstegsverifiering är redan aktiverad för ditt konto.")})
    TOTPDevice.objects.filter(user=acting_user, confirmed=False).delete()
    device = TOTPDevice.objects.create(user=acting_user, name=DEVICE_NAME, confirmed=False)
    audit_record(acting_user=acting_user, action="totp_device_start", target=device)
    return device


@transaction.atomic
def totp_device_confirm(*, acting_user: Any, device: TOTPDevice, token: str) -> TOTPDevice:
    if device.user_id != acting_user.pk or device.confirmed:
        raise ValidationError({"token": _("Aktiveringen har gått ut. Börja om.")})
    if not device.verify_token(_clean_token(token)):
        raise ValidationError({"token": _("Koden stämmer inte. Kontrollera att klockan i telefonen går rätt.")})
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    audit_record(acting_user=acting_user, action="totp_device_confirm", target=device, changes={"confirmed": True})
    return device


@transaction.atomic
def totp_device_remove(*, acting_user: Any, token: str) -> None:
    """Turning the second step off needs a valid code, so a borrowed session alone cannot do it."""
    device = TOTPDevice.objects.select_for_update().filter(user=acting_user, confirmed=True).first()
    if device is None:
        raise ValidationError({"token": _("Tvåstegsverifiering är inte aktiverad.")})
    if not device.verify_token(_clean_token(token)):
        raise ValidationError({"token": _("Koden stämmer inte.")})
    audit_record(acting_user=acting_user, action="totp_device_remove", target=device)
    TOTPDevice.objects.filter(user=acting_user).delete()


def totp_token_check(*, user: Any, token: str) -> TOTPDevice:
    """The login's second step. django-otp throttles repeated failures on the device itself."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).order_by("id").first()
    if device is None:
        raise ValidationError({"token": _("Kontot har ingen tvåstegsverifiering.")})
    allowed, _info = device.verify_is_allowed()
    if not allowed:
        raise ValidationError({"token": _("För många felaktiga koder. Vänta en stund och försök igen.")})
    if not device.verify_token(_clean_token(token)):
        raise ValidationError({"token": _("Koden stämmer inte. Ange de sex siffrorna som visas i appen just nu.")})
    return device
