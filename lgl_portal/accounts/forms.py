from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import PasswordResetForm
from django.utils.translation import gettext_lazy as _

from lgl_portal.core.forms import PortalForm
from lgl_portal.core.mail import mail_send


class TokenForm(PortalForm):
    token = forms.CharField(
        label=_("Engångskod"),
        max_length=12,
        help_text=_("Sex siffror från autentiseringsappen i din telefon."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
        error_messages={"required": _("Ange koden från appen.")},
    )


class PortalPasswordResetForm(PasswordResetForm):
    """Django's password reset, with the mail sent the portal's one way (lgl_portal/core/mail.py)."""

    def send_mail(
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict[str, Any],
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        mail_send(
            to=[to_email],
            subject_template=subject_template_name,
            body_template=email_template_name,
            context=context,
        )
