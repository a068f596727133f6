from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from lgl_portal.core.forms import PortalForm


class AccessibilityReportForm(PortalForm):
    page = forms.CharField(label=_("Vilken sida gäller det?"), max_length=300, required=False)
    description = forms.CharField(
        label=_("Beskriv problemet"), widget=forms.Textarea(attrs={"rows": 5}), max_length=5000
    )
    email = forms.EmailField(label=_("Din e-postadress (om du vill ha svar)"), required=False)
