"""The secretary's forms: name a recipient for one or more paragraphs; remove one; retry failed sends."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from groups.models import Organisation, Person
from lgl_portal.core.forms import PortalForm
from meetings.expediering.models import Recipient
from meetings.models import AgendaItem, Meeting


def _choose_from(field: forms.Field, queryset: QuerySet[Any]) -> None:
    assert isinstance(field, forms.ModelChoiceField)
    field.queryset = queryset


class ParagraphChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: AgendaItem) -> str:
        return f"{obj.paragraph_label} {obj.title}"


class RecipientForm(PortalForm):
    items = ParagraphChoiceField(
        label=_("Paragrafer"),
        queryset=AgendaItem.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Välj minst en paragraf.")},
    )
    organisation = forms.ModelChoiceField(
        label=_("Organisation i registret"),
        queryset=Organisation.objects.none(),
        required=False,
        help_text=_("Utdraget går till organisationens registrator."),
    )
    person = forms.ModelChoiceField(label=_("Person"), queryset=Person.objects.none(), required=False)
    email = forms.EmailField(label=_("Eller en e-postadress"), required=False)

    def __init__(self, *args: Any, meeting: Meeting, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choose_from(self.fields["items"], meeting.items.filter(paragraph_number__isnull=False).order_by("position"))
        _choose_from(
            self.fields["organisation"], Organisation.objects.filter(county=meeting.organ.county).order_by("name")
        )
        _choose_from(self.fields["person"], Person.objects.filter(anonymised_at__isnull=True).order_by("name"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        chosen = [k for k in ("organisation", "person", "email") if data.get(k)]
        if len(chosen) != 1:
            raise forms.ValidationError(_("Välj en organisation, en person eller skriv en e-postadress – en av dem."))
        return data


class RecipientRemoveForm(PortalForm):
    recipient = forms.ModelChoiceField(queryset=Recipient.objects.none())

    def __init__(self, *args: Any, meeting: Meeting, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choose_from(self.fields["recipient"], Recipient.objects.filter(item__meeting=meeting))
