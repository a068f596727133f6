from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from groups.models import Organisation, Person
from lgl_portal.core.forms import DateInput, PortalForm
from plans.models import PERIOD_VALIDATOR, WorkStatus

if TYPE_CHECKING:
    from decisions.models import Assignment, Decision
    from meetings.models import AgendaItem


class StatusChangeForm(PortalForm):
    status = forms.ChoiceField(label=_("Ny status"), choices=WorkStatus.choices)
    progress = forms.IntegerField(
        label=_("Framdrift (procent)"),
        min_value=0,
        max_value=100,
        required=False,
        help_text=_("0–100. Lämna tomt för att behålla nuvarande värde."),
        error_messages={
            "min_value": _("Framdriften anges i procent, 0–100."),
            "max_value": _("Framdriften anges i procent, 0–100."),
            "invalid": _("Ange ett heltal."),
        },
    )
    comment = forms.CharField(
        label=_("Kommentar"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_("Varför ändras statusen? Kommentaren visas i historiken."),
        error_messages={"required": _("Skriv en kommentar som förklarar ändringen.")},
    )


class MilestoneForm(PortalForm):
    title = forms.CharField(label=_("Rubrik"), max_length=300, error_messages={"required": _("Ange en rubrik.")})
    due_date = forms.DateField(
        label=_("Datum"),
        widget=DateInput(),
        error_messages={"required": _("Ange ett datum."), "invalid": _("Ange datumet som ÅÅÅÅ-MM-DD.")},
    )
    status = forms.ChoiceField(label=_("Status"), choices=WorkStatus.choices)
    note = forms.CharField(label=_("Anteckning"), widget=forms.Textarea(attrs={"rows": 3}), required=False)


class ActionForm(PortalForm):
    title = forms.CharField(
        label=_("Aktivitet"), max_length=300, error_messages={"required": _("Beskriv aktiviteten.")}
    )
    description = forms.CharField(label=_("Beskrivning"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    owner = forms.ModelChoiceField(label=_("Ansvarig"), queryset=Person.objects.none(), required=False)
    due_date = forms.DateField(
        label=_("Klart senast"),
        widget=DateInput(),
        required=False,
        error_messages={"invalid": _("Ange datumet som ÅÅÅÅ-MM-DD.")},
    )
    status = forms.ChoiceField(label=_("Status"), choices=WorkStatus.choices)

    def __init__(self, *args: Any, people: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        owner = cast("forms.ModelChoiceField[Person]", self.fields["owner"])
        owner.queryset = people if people is not None else Person.objects.order_by("name")


class ReportLinkForm(PortalForm):
    agenda_item: forms.ModelChoiceField[AgendaItem] = forms.ModelChoiceField(
        label=_("Ärende där handlingsplanen rapporterades"),
        queryset=None,
        error_messages={"required": _("Välj ett ärende."), "invalid_choice": _("Välj ett ärende i listan.")},
    )

    def __init__(self, *args: Any, items: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        agenda_item = cast("forms.ModelChoiceField[AgendaItem]", self.fields["agenda_item"])
        agenda_item.queryset = items
        agenda_item.label_from_instance = lambda obj: (  # type: ignore[method-assign]
            f"{obj.meeting.date:%Y-%m-%d} {obj.paragraph_label} {obj.title}".replace("  ", " ")
        )


def _parse_decimal(raw: str) -> Decimal:
    cleaned = raw.strip().replace("\u00a0", "").replace(" ", "").replace(",", ".")
    try:
        value = Decimal(cleaned)
    except InvalidOperation as exc:
        raise ValidationError(_("Ange ett tal, t.ex. 12,5.")) from exc
    if not value.is_finite():
        raise ValidationError(_("Ange ett tal, t.ex. 12,5."))
    return value


class MeasurementForm(PortalForm):
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("Hela länet"),
    )
    period = forms.CharField(
        label=_("Period"),
        max_length=7,
        help_text=_("År (2023), halvår (2023-H1), kvartal (2023-Q1) eller månad (2023-05)."),
        error_messages={"required": _("Ange en period.")},
    )
    value = forms.CharField(
        label=_("Värde"),
        max_length=30,
        help_text=_("Decimalkomma eller decimalpunkt går bra."),
        error_messages={"required": _("Ange ett värde.")},
    )
    note = forms.CharField(label=_("Anteckning"), max_length=300, required=False)

    def __init__(self, *args: Any, organisations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast("forms.ModelChoiceField[Organisation]", self.fields["organisation"]).queryset = organisations

    def clean_period(self) -> str:
        period: str = self.cleaned_data["period"].strip().upper()
        PERIOD_VALIDATOR(period)
        return period

    def clean_value(self) -> Decimal:
        return _parse_decimal(self.cleaned_data["value"])


class ImportForm(PortalForm):
    file = forms.FileField(
        label=_("Fil (CSV eller XLSX)"),
        error_messages={"required": _("Välj en fil att importera."), "empty": _("Filen är tom.")},
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )


class WorkstreamLinksForm(PortalForm):
    decisions: forms.ModelMultipleChoiceField[Decision] = forms.ModelMultipleChoiceField(
        label=_("Beslut"),
        queryset=None,
        required=False,
        help_text=_("Håll ned Ctrl (Cmd på Mac) för att välja flera."),
    )
    assignments: forms.ModelMultipleChoiceField[Assignment] = forms.ModelMultipleChoiceField(
        label=_("Uppdrag"), queryset=None, required=False
    )
    agenda_items: forms.ModelMultipleChoiceField[AgendaItem] = forms.ModelMultipleChoiceField(
        label=_("Ärenden"), queryset=None, required=False
    )

    def __init__(self, *args: Any, decisions: Any, assignments: Any, agenda_items: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        decision_field = cast("forms.ModelMultipleChoiceField[Decision]", self.fields["decisions"])
        assignment_field = cast("forms.ModelMultipleChoiceField[Assignment]", self.fields["assignments"])
        agenda_item_field = cast("forms.ModelMultipleChoiceField[AgendaItem]", self.fields["agenda_items"])
        decision_field.queryset = decisions
        assignment_field.queryset = assignments
        agenda_item_field.queryset = agenda_items
        assignment_field.label_from_instance = lambda obj: f"{obj.description[:100]} ({obj.decision})"  # type: ignore[method-assign]
        agenda_item_field.label_from_instance = lambda obj: (  # type: ignore[method-assign]
            f"{obj.meeting.date:%Y-%m-%d} {obj.paragraph_label} {obj.title}".replace("  ", " ")
        )
        for field in self.fields.values():
            field.widget.attrs["size"] = 8
