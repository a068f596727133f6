from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from decisions.models import Area, Assignment, Decision
from groups.models import Organ, Organisation, Person
from lgl_portal.core.forms import (
    DateInput,
    PlainSelect,
    PlainTextInput,
    PortalForm,
    SharedChoices,
    declared_field,
)
from meetings.models import AgendaItem, DecisionPoint


class SummaryFilterForm(PortalForm):
    """The public list's filters; invalid values are ignored rather than refused (it is a GET form)."""

    organ = forms.CharField(label=_("Organ"), required=False)
    year = forms.IntegerField(label=_("År"), required=False, min_value=1900, max_value=2200)
    area = forms.CharField(label=_("Område"), required=False)


# Each kind of search hit as the visitor reads it: the filter's choices and the result page's headings and counts
# (`{% search_kind %}`, decisions/templatetags/search_hits.py), in the order the results are shown.
SEARCH_KIND_LABELS = {
    "sammanfattning": _("Beslut i korthet"),
    "beslut": _("Beslut"),
    "arende": _("Ärenden på föredragningslistor"),
    "handling": _("Handlingar"),
}


class SearchForm(PortalForm):
    # Django's widget templates took 0.7 ms for the text box and 0.2 ms per option of the select, on every
    # search page; these write the same markup in Python.
    q = forms.CharField(label=_("Sökord"), required=False, max_length=200, widget=PlainTextInput)
    typ = forms.ChoiceField(label=_("Visa"), required=False, widget=PlainSelect)
    organ = forms.ChoiceField(label=_("Organ"), required=False, widget=PlainSelect)
    year = forms.TypedChoiceField(label=_("År"), required=False, coerce=int, empty_value=None, widget=PlainSelect)

    def __init__(self, *args: Any, choices: dict[str, Any] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        organs, years = _search_filter_choices(choices or {"organs": [], "search_years": []})
        declared_field(self, "typ", forms.ChoiceField).choices = _SEARCH_KINDS
        declared_field(self, "organ", forms.ChoiceField).choices = organs
        declared_field(self, "year", forms.ChoiceField).choices = years


# Given to each form after it is made (a declared field's choices are deep-copied into every form, and the copy's
# options would be written again each time).
_SEARCH_KINDS = SharedChoices([("", _("Allt")), *SEARCH_KIND_LABELS.items()])


# The filter choices as the form's fields take them, built again only when the selector gives new ones
# (selectors.public_filter_choices keeps its result while public content is unchanged): one tuple, read and
# replaced whole, so concurrent requests never see one field's choices with the other's from another read.
_search_filter: tuple[Any, SharedChoices, SharedChoices] | None = None


def _search_filter_choices(choices: dict[str, Any]) -> tuple[SharedChoices, SharedChoices]:
    global _search_filter
    kept = _search_filter
    if kept is None or kept[0] is not choices:
        kept = _search_filter = (
            choices,
            SharedChoices([("", _("Alla organ")), *((o.slug, o.name) for o in choices["organs"])]),
            SharedChoices([("", _("Alla år")), *((str(y), str(y)) for y in choices["search_years"])]),
        )
    return kept[1], kept[2]


class DecidingItemField(forms.ModelChoiceField):
    def label_from_instance(self, obj: AgendaItem) -> str:
        return f"{obj.organ.name} {obj.meeting.date:%Y-%m-%d}: {obj}"


class DecisionPointField(forms.ModelChoiceField):
    def label_from_instance(self, obj: DecisionPoint) -> str:
        item = obj.item
        return _("%(meeting)s: %(item)s, beslutspunkt %(n)s") % {
            "meeting": f"{item.organ.name} {item.meeting.date:%Y-%m-%d}",
            "item": item,
            "n": obj.position,
        }


class DecisionForm(PortalForm):
    organ = forms.ModelChoiceField(label=_("Organ"), queryset=Organ.objects.none())
    title = forms.CharField(label=_("Rubrik"), max_length=300)
    decided_on = forms.DateField(label=_("Beslutsdatum"), widget=DateInput())
    paragraph_label = forms.CharField(label=_("Paragraf"), max_length=40, required=False, help_text=_("T.ex. § 157/23"))
    diarienummer = forms.CharField(label=_("Ärendenummer"), max_length=60, required=False)
    kind = forms.ChoiceField(label=_("Typ"), choices=Decision.Kind.choices)
    status = forms.ChoiceField(label=_("Status"), choices=Decision.Status.choices)
    text = forms.CharField(
        label=_("Beslutstext"),
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
        help_text=_("En beslutspunkt per rad."),
    )
    condition_text = forms.CharField(
        label=_("Villkor"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_("T.ex. ”Beslutet gäller under förutsättning av att …”"),
    )
    # A multiple select (not a checkbox group): the shared field template labels one control per field.
    areas = forms.ModelMultipleChoiceField(
        label=_("Områden"),
        queryset=Area.objects.all(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 5}),
        help_text=_("Håll ned Ctrl (Cmd på Mac) för att välja flera."),
    )
    agenda_item = DecidingItemField(
        label=_("Ärende på föredragningslistan"),
        queryset=AgendaItem.objects.none(),
        required=False,
        help_text=_("Ärendet där beslutet fattades, om det finns i portalen. Paragrafen hämtas därifrån."),
    )
    decision_point = DecisionPointField(
        label=_("Eller en beslutspunkt i ett ärende"),
        queryset=DecisionPoint.objects.none(),
        required=False,
        help_text=_("När paragrafen har flera beslutspunkter: registrera ett beslut per punkt."),
    )

    def __init__(self, *args: Any, organs: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        organ_field = declared_field(self, "organ", forms.ModelChoiceField)
        organ_field.queryset = organs if organs is not None else Organ.objects.none()
        # Items of the last two years in the user's organs that have no decision yet.
        since = timezone.localdate() - dt.timedelta(days=730)
        declared_field(self, "agenda_item", forms.ModelChoiceField).queryset = (
            AgendaItem.objects.filter(organ__in=organ_field.queryset, decision__isnull=True)
            .filter(meeting__date__gte=since)
            .select_related("meeting", "organ")
            .order_by("-meeting__date", "position")
        )
        declared_field(self, "decision_point", forms.ModelChoiceField).queryset = (
            DecisionPoint.objects.filter(item__organ__in=organ_field.queryset, decision__isnull=True)
            .filter(item__meeting__date__gte=since)
            .select_related("item__meeting", "item__organ")
            .order_by("-item__meeting__date", "item__position", "position")
        )


class SummaryForm(PortalForm):
    title = forms.CharField(label=_("Rubrik"), max_length=300)
    background = forms.CharField(
        label=_("Bakgrund"),
        widget=forms.Textarea(attrs={"rows": 8}),
        required=False,
        help_text=_("Några stycken på klarspråk. Enkel formatering (stycken, fetstil, listor, länkar) sparas."),
    )
    bullets = forms.CharField(
        label=_("Beslutspunkter"),
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
        help_text=_("En beslutspunkt per rad."),
    )


class DepublishForm(PortalForm):
    reason = forms.CharField(label=_("Skäl till avpublicering"), widget=forms.Textarea(attrs={"rows": 3}))


class AssignmentForm(PortalForm):
    description = forms.CharField(label=_("Uppdrag"), widget=forms.Textarea(attrs={"rows": 3}))
    assignee_organ = forms.ModelChoiceField(label=_("Ansvarigt organ"), queryset=Organ.objects.all(), required=False)
    assignee_person = forms.ModelChoiceField(label=_("Ansvarig person"), queryset=Person.objects.all(), required=False)
    assignee_organisation = forms.ModelChoiceField(
        label=_("Ansvarig organisation"), queryset=Organisation.objects.all(), required=False
    )
    due_date = forms.DateField(label=_("Ska redovisas senast"), widget=DateInput(), required=False)
    status = forms.ChoiceField(label=_("Status"), choices=Assignment.Status.choices)
    reported_back_item = forms.ModelChoiceField(
        label=_("Återrapporterat vid ärende"), queryset=AgendaItem.objects.none(), required=False
    )

    def __init__(self, *args: Any, organ: Organ | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if organ is not None:
            declared_field(self, "reported_back_item", forms.ModelChoiceField).queryset = AgendaItem.objects.filter(
                organ=organ
            ).select_related("meeting", "organ")
