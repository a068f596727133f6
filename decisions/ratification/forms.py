"""Forms of the ratification tracker. They parse; the services decide what is allowed."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from decisions.ratification.models import AssemblyDecision
from decisions.ratification.services import DayEntry, Registration
from groups.models import Organ, Organisation
from lgl_portal.core.forms import DateInput, PortalForm, declared_field

OUTCOME_CHOICES = [("", _("– välj –")), *AssemblyDecision.Outcome.choices]


class CaseForm(PortalForm):
    title = forms.CharField(label=_("Förslagets rubrik"), max_length=300)
    description = forms.CharField(
        label=_("Beskrivning"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Vad förslaget gäller och vilket villkor beslutet har. Visas för alla."),
    )
    deadline = forms.DateField(label=_("Sista dag för beslut"), required=False, widget=DateInput())
    sending_organ = forms.ModelChoiceField(label=_("Avsändande organ"), queryset=Organ.objects.none())

    def __init__(self, *args: Any, organs: QuerySet[Organ] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if organs is None:
            del self.fields["sending_organ"]
        else:
            declared_field(self, "sending_organ", forms.ModelChoiceField).queryset = organs


class RequiredForm(PortalForm):
    organisations = forms.ModelMultipleChoiceField(
        label=_("Huvudmän vars fullmäktige ska besluta"),
        queryset=Organisation.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args: Any, principals: QuerySet[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        declared_field(self, "organisations", forms.ModelChoiceField).queryset = principals


class RegistrationForm(PortalForm):
    outcome = forms.ChoiceField(label=_("Utfall"), choices=OUTCOME_CHOICES, required=False)
    decided_on = forms.DateField(
        label=_("Beslutsdatum"), required=False, widget=DateInput(), help_text=_("Krävs utom för ”ej behandlat”.")
    )
    paragraph_label = forms.CharField(
        label=_("Paragraf"), required=False, max_length=40, help_text=_("Som i protokollet, t.ex. § 157/23.")
    )
    case_number = forms.CharField(label=_("Ärendenummer"), required=False, max_length=60)
    justerat_on = forms.DateField(label=_("Protokollet justerat"), required=False, widget=DateInput())
    posted_on = forms.DateField(
        label=_("Justeringen anslagen"),
        required=False,
        widget=DateInput(),
        help_text=_("Tiden för laglighetsprövning, tre veckor, räknas från anslagsdagen."),
    )
    appealed_on = forms.DateField(
        label=_("Överklagat"),
        required=False,
        widget=DateInput(),
        help_text=_("Dagen då laglighetsprövning begärdes. Beslutet vinner då inte laga kraft förrän den är prövad."),
    )
    note = forms.CharField(label=_("Anteckning"), required=False, max_length=500)
    extract = forms.FileField(
        label=_("Protokollsutdrag (PDF)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,application/pdf"}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def registration(self) -> Registration:
        data = self.cleaned_data
        return Registration(
            outcome=data["outcome"],
            decided_on=data["decided_on"],
            paragraph_label=data["paragraph_label"],
            case_number=data["case_number"],
            justerat_on=data["justerat_on"],
            posted_on=data["posted_on"],
            note=data["note"],
            extract=data.get("extract") or None,
            appealed_on=data["appealed_on"],
            record_appeal=True,
        )

    def add_service_error(self, exc: ValidationError) -> None:
        # A version conflict belongs at the top of the form, where the summary says what happened.
        if hasattr(exc, "error_dict") and "version" in exc.error_dict:
            for message in exc.message_dict["version"]:
                self.add_error(None, message)
            rest = {k: v for k, v in exc.message_dict.items() if k != "version"}
            if rest:
                super().add_service_error(ValidationError(rest))
            return
        super().add_service_error(exc)


class DayForm(PortalForm):
    """One date, and an outcome per pending assembly; field names `<row id>-<field>` match the service's errors."""

    decided_on = forms.DateField(label=_("Beslutsdatum"), widget=DateInput())

    def __init__(self, *args: Any, rows: list[AssemblyDecision], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.rows = rows
        for row in rows:
            name = row.organisation.name
            self.fields[f"{row.pk}-outcome"] = forms.ChoiceField(
                label=_("Utfall för %(name)s") % {"name": name}, choices=OUTCOME_CHOICES, required=False
            )
            self.fields[f"{row.pk}-paragraph_label"] = forms.CharField(
                label=_("Paragraf för %(name)s") % {"name": name}, required=False, max_length=40
            )
            self.fields[f"{row.pk}-case_number"] = forms.CharField(
                label=_("Ärendenummer för %(name)s") % {"name": name}, required=False, max_length=60
            )
            self.fields[f"{row.pk}-version"] = forms.IntegerField(widget=forms.HiddenInput, initial=row.version)

    def row_fields(self) -> list[dict[str, Any]]:
        return [
            {
                "row": row,
                "outcome": self[f"{row.pk}-outcome"],
                "paragraph_label": self[f"{row.pk}-paragraph_label"],
                "case_number": self[f"{row.pk}-case_number"],
                "version": self[f"{row.pk}-version"],
            }
            for row in self.rows
        ]

    def entries(self) -> list[DayEntry]:
        data = self.cleaned_data
        return [
            DayEntry(
                assembly_decision_id=row.pk,
                expected_version=data[f"{row.pk}-version"],
                outcome=data[f"{row.pk}-outcome"],
                paragraph_label=data[f"{row.pk}-paragraph_label"],
                case_number=data[f"{row.pk}-case_number"],
            )
            for row in self.rows
        ]

    def add_service_error(self, exc: ValidationError) -> None:
        if hasattr(exc, "error_dict"):
            moved: dict[str, list[str]] = {}
            for key, messages in exc.message_dict.items():
                # Conflicts are reported next to the assembly's outcome, the field the secretary looks at.
                target = key.replace("-version", "-outcome") if key.endswith("-version") else key
                moved.setdefault(target, []).extend(messages)
            exc = ValidationError(moved)
        super().add_service_error(exc)


class DocumentForm(PortalForm):
    title = forms.CharField(label=_("Rubrik"), max_length=300)
    file = forms.FileField(label=_("Fil"))


class ConfirmForm(PortalForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
