from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from lgl_portal.core.forms import DateInput, PortalForm


class AuditFilterForm(PortalForm):
    # Selects over the values that occur, but any value is accepted: a bookmarked filter stays valid even when
    # no row of that kind exists (any more).
    action = forms.CharField(label=_("Händelse"), required=False, max_length=100, widget=forms.Select)
    target_type = forms.CharField(label=_("Objekttyp"), required=False, max_length=100, widget=forms.Select)
    actor = forms.CharField(label=_("Användare"), required=False, max_length=150)
    target_id = forms.CharField(label=_("Objekt-id"), required=False, max_length=64)
    date_from = forms.DateField(label=_("Från och med"), required=False, widget=DateInput())
    date_to = forms.DateField(label=_("Till och med"), required=False, widget=DateInput())

    def __init__(self, *args: Any, choices: dict[str, list[str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        everything = [("", _("Alla"))]
        self.fields["action"].widget.choices = everything + [(a, a) for a in choices["actions"]]
        self.fields["target_type"].widget.choices = everything + [(t, t) for t in choices["target_types"]]

    def clean(self) -> dict[str, Any]:
        # Form.clean() returns cleaned_data (the stubs allow None for forms that override it).
        data = cast("dict[str, Any]", super().clean())
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", _("Slutdatum kan inte ligga före startdatum."))
        return data
