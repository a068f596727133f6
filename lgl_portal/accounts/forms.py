from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from lgl_portal.core.forms import PortalForm


class TokenForm(PortalForm):
    token = forms.CharField(
        label=_("Engångskod"),
        max_length=12,
        help_text=_("Sex siffror från autentiseringsappen i din telefon."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
        error_messages={"required": _("Ange koden från appen.")},
    )
