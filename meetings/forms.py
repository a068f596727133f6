from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from groups.models import Organ, Organisation, Person
from lgl_portal.core.forms import DateInput, PortalForm, TimeInput, declared_field
from meetings import presentation, voting
from meetings.merge import text_hash
from meetings.models import AgendaApproval, AgendaItem, Attachment, Attendance, MemberStatement
from meetings.presentation import section_heading


def _person_label(obj: Person) -> str:
    org = obj.organisation.short_name if obj.organisation is not None else ""
    return f"{obj.name}, {org}" if org else obj.name


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Person) -> str:
        return _person_label(obj)


class PeopleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Person) -> str:
        return _person_label(obj)


class ItemChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: AgendaItem) -> str:
        return _item_label(obj)


class ItemsChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: AgendaItem) -> str:
        return _item_label(obj)


def _people() -> QuerySet[Person]:
    from meetings.selectors import people_choices

    return people_choices()


class MeetingForm(PortalForm):
    organ = forms.ModelChoiceField(label=_("Organ"), queryset=Organ.objects.none())
    date = forms.DateField(label=_("Datum"), widget=DateInput())
    start_time = forms.TimeField(label=_("Starttid"), required=False, widget=TimeInput())
    end_time = forms.TimeField(label=_("Sluttid"), required=False, widget=TimeInput())
    title = forms.CharField(label=_("Rubrik"), required=False, max_length=200)
    location = forms.CharField(label=_("Plats"), required=False, max_length=300)
    video_link = forms.URLField(label=_("Länk till digitalt möte"), required=False, assume_scheme="https")
    secretary = PersonChoiceField(label=_("Sekreterare"), queryset=Person.objects.none(), required=False)
    chair = PersonChoiceField(label=_("Ordförande"), queryset=Person.objects.none(), required=False)
    adjusters = PeopleChoiceField(
        label=_("Justerare"),
        queryset=Person.objects.none(),
        required=False,
        help_text=_("Håll ned Ctrl (Cmd på Mac) för att välja flera."),
    )
    justering_place = forms.CharField(label=_("Justeringens plats"), required=False, max_length=200)
    justering_date = forms.DateField(
        label=_("Justeringens dag"),
        required=False,
        widget=DateInput(),
        help_text=_("Den dag justeringen planeras, som paragrafen Val av justerare anger."),
    )
    agenda_approval = forms.ChoiceField(
        label=_("Föredragningslistan"),
        required=False,
        choices=[("", _("Inte angivet")), *AgendaApproval.choices],
        help_text=_("Hur sammanträdet godkände föredragningslistan; skrivs i protokollet."),
    )

    def __init__(self, *args: Any, organs: QuerySet[Organ] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if organs is None:
            del self.fields["organ"]
        else:
            declared_field(self, "organ", forms.ModelChoiceField).queryset = organs
            # A new meeting has no list to approve yet.
            del self.fields["agenda_approval"]
        for name in ("secretary", "chair", "adjusters"):
            declared_field(self, name, forms.ModelChoiceField).queryset = _people()


class MeetingCancelForm(PortalForm):
    reason = forms.CharField(
        label=_("Skäl"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Visas på mötessidan och skickas till ledamöterna."),
    )


class MeetingMoveForm(PortalForm):
    date = forms.DateField(label=_("Ny dag"), widget=DateInput())
    start_time = forms.TimeField(label=_("Starttid"), required=False, widget=TimeInput())
    end_time = forms.TimeField(label=_("Sluttid"), required=False, widget=TimeInput())
    location = forms.CharField(label=_("Plats"), required=False, max_length=300)
    reason = forms.CharField(
        label=_("Skäl"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Visas på mötessidan och skickas till ledamöterna."),
    )


def _parse_dates(value: str) -> list[dt.date]:
    dates = []
    for token in value.replace(",", " ").split():
        try:
            dates.append(dt.date.fromisoformat(token))
        except ValueError as exc:
            raise ValidationError(
                _("”%(value)s” är inte ett datum i formen ÅÅÅÅ-MM-DD."), params={"value": token}
            ) from exc
    return dates


class PlanForm(PortalForm):
    organ = forms.ModelChoiceField(label=_("Organ"), queryset=Organ.objects.none())
    dates = forms.CharField(
        label=_("Datum"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Ett datum per rad i formen ÅÅÅÅ-MM-DD, till exempel 2027-02-05."),
    )
    start_time = forms.TimeField(label=_("Starttid"), required=False, widget=TimeInput())
    end_time = forms.TimeField(label=_("Sluttid"), required=False, widget=TimeInput())
    location = forms.CharField(label=_("Plats"), required=False, max_length=300)

    def __init__(self, *args: Any, organs: QuerySet[Organ], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        declared_field(self, "organ", forms.ModelChoiceField).queryset = organs

    def clean_dates(self) -> list[dt.date]:
        dates = _parse_dates(self.cleaned_data["dates"])
        if not dates:
            raise ValidationError(_("Ange minst ett datum."))
        return dates


class KallelseForm(PortalForm):
    message = forms.CharField(
        label=_("Meddelande i kallelsen"), required=False, widget=forms.Textarea(attrs={"rows": 4}), max_length=4000
    )


class ItemForm(PortalForm):
    title = forms.CharField(label=_("Rubrik"), max_length=300)
    kind = forms.ChoiceField(label=_("Typ av ärende"), choices=AgendaItem.Kind.choices)
    diarienummer = forms.CharField(label=_("Diarienummer"), required=False, max_length=60)
    is_confidential = forms.BooleanField(label=_("Sekretess"), required=False)
    confidentiality_reference = forms.CharField(
        label=_("Sekretessgrund"),
        required=False,
        max_length=200,
        help_text=_("T.ex. 26 kap. 1 § offentlighets- och sekretesslagen."),
    )
    public_title = forms.CharField(
        label=_("Offentlig rubrik"),
        required=False,
        max_length=200,
        help_text=_("Visas för allmänheten i stället för rubriken när ärendet har sekretess, t.ex. ”Personalärende”."),
    )
    per_capsulam_date = forms.DateField(
        label=_("Beslutsdatum per capsulam"),
        required=False,
        widget=DateInput(),
        help_text=_("Bara för Tillägg: dagen beslutet fattades mellan mötena."),
    )
    handling = forms.ChoiceField(
        label=_("Handläggning"),
        required=False,
        choices=AgendaItem.Handling.choices,
        help_text=_("Ett ärende som utgår eller bordläggs behåller sin plats på listan men får inget beslut."),
    )
    handling_reason = forms.CharField(
        label=_("Skäl till att ärendet utgår eller bordläggs"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    is_justerare_choice = forms.BooleanField(
        label=_("Val av justerare"),
        required=False,
        help_text=_(
            "Paragrafen skriver ut mötets justerare och planerade justering, t.ex. ”Att jämte ordföranden justera "
            "protokollet utses … Justering sker på … den …”."
        ),
    )


class AdjournmentForm(PortalForm):
    start_time = forms.TimeField(label=_("Från kl."), widget=TimeInput())
    end_time = forms.TimeField(label=_("Till kl."), widget=TimeInput())
    note = forms.CharField(
        label=_("Anteckning"), required=False, max_length=300, help_text=_("T.ex. Ajournering för gruppöverläggningar.")
    )


class PresenterForm(PortalForm):
    person = PersonChoiceField(label=_("Person i portalen"), queryset=Person.objects.none(), required=False)
    name = forms.CharField(
        label=_("Eller namn"), required=False, max_length=200, help_text=_("För föredragare som inte finns i portalen.")
    )
    title = forms.CharField(label=_("Titel"), required=False, max_length=200)
    organisation_name = forms.CharField(label=_("Organisation"), required=False, max_length=200)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        declared_field(self, "person", forms.ModelChoiceField).queryset = _people()


class AttachmentForm(PortalForm):
    title = forms.CharField(label=_("Titel"), max_length=200)
    kind = forms.ChoiceField(label=_("Typ"), choices=Attachment.Kind.choices)
    file = forms.FileField(label=_("Fil"), required=False, help_text=_("PDF, Office-dokument, bild eller text."))
    url = forms.URLField(
        label=_("Eller länk"), required=False, assume_scheme="https", help_text=_("Till exempel bildspel eller film.")
    )
    is_public = forms.BooleanField(label=_("Offentlig handling efter justering"), required=False, initial=True)


class ProtocolTextForm(PortalForm):
    version = forms.IntegerField(widget=forms.HiddenInput())

    def __init__(self, *args: Any, item: AgendaItem, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # In the order the protocol reads (web and PDF alike), so the form is the paragraph as it will print.
        for name in presentation.PARAGRAPH_ORDER:
            self.fields[name] = forms.CharField(
                label=presentation.section_heading(item, name),
                required=False,
                widget=forms.Textarea(attrs={"rows": 4, "data-rich-text": "true"}),
            )

    def add_bases(self, item: AgendaItem) -> None:
        """Per field, the text this page starts from (hash and text), so a save merges instead of overwriting."""
        for name in AgendaItem.TEXT_FIELDS:
            text = getattr(item, name)
            self.fields[f"base_hash_{name}"] = forms.CharField(
                required=False, initial=text_hash(text), widget=forms.HiddenInput()
            )
            self.fields[f"base_text_{name}"] = forms.CharField(
                required=False, strip=False, initial=text, widget=forms.HiddenInput()
            )

    def bases(self) -> dict[str, tuple[str, str | None]]:
        """The posted base per field: (hash, text or None); a field without one has ("", None)."""
        out = {}
        for name in AgendaItem.TEXT_FIELDS:
            text = self.data.get(f"base_text_{name}")
            out[name] = (self.data.get(f"base_hash_{name}", ""), text)
        return out

    def texts(self) -> dict[str, str]:
        # Only fields actually posted: the conflict form sends just the fields in dispute.
        return {name: self.cleaned_data.get(name, "") for name in AgendaItem.TEXT_FIELDS if name in self.data}


class AttendanceForm(PortalForm):
    person = PersonChoiceField(label=_("Person"), queryset=Person.objects.none(), required=False)
    name = forms.CharField(label=_("Eller namn"), required=False, max_length=200)
    title = forms.CharField(label=_("Titel"), required=False, max_length=200)
    organisation_name = forms.CharField(label=_("Organisation"), required=False, max_length=200)
    role = forms.ChoiceField(label=_("Roll"), choices=Attendance.Role.choices)
    presence = forms.ChoiceField(label=_("Närvaro"), choices=Attendance.Presence.choices)
    replaces = PersonChoiceField(label=_("Ersätter ledamot"), queryset=Person.objects.none(), required=False)
    paragraphs = ItemsChoiceField(
        label=_("Paragrafer"),
        queryset=AgendaItem.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Kryssa de paragrafer personen är närvarande i, eller tjänstgör i som ersättare. Inget kryss: hela "
            "sammanträdet."
        ),
        error_messages={"invalid_choice": _("Paragrafen hör inte till det här sammanträdet.")},
    )
    note = forms.CharField(label=_("Anteckning"), required=False, max_length=300)

    def __init__(self, *args: Any, meeting: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        declared_field(self, "person", forms.ModelChoiceField).queryset = _people()
        declared_field(self, "replaces", forms.ModelChoiceField).queryset = _people()
        declared_field(self, "paragraphs", forms.ModelMultipleChoiceField).queryset = _meeting_items(meeting)
        self.meeting = meeting

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        data["ranges"] = ranges_of(self.meeting, data.pop("paragraphs", None) or [])
        return data


def _meeting_items(meeting: Any) -> QuerySet[AgendaItem]:
    return meeting.items.select_related("organ").order_by("position", "id")


def ranges_of(meeting: Any, chosen: Sequence[AgendaItem]) -> list[tuple[AgendaItem, AgendaItem]]:
    """The checked paragraphs as runs (from, until) in agenda order: 1, 3, 4, 5 → (1, 1), (3, 5)."""
    picked = {item.pk for item in chosen}
    runs: list[list[AgendaItem]] = []
    previous = False
    for item in _meeting_items(meeting):
        if item.pk in picked:
            if previous:
                runs[-1].append(item)
            else:
                runs.append([item])
        previous = item.pk in picked
    return [(run[0], run[-1]) for run in runs]


def _item_label(item: AgendaItem) -> str:
    return f"{item.paragraph_label or item.position}. {item.title}"


class AttendanceUpdateForm(PortalForm):
    """One row of the närvarolista; only the fields the page posts are changed, the rest of the row stays."""

    presence = forms.ChoiceField(label=_("Närvaro"), choices=Attendance.Presence.choices, required=False)
    note = forms.CharField(label=_("Anteckning"), required=False, max_length=300)
    # Unchecked boxes are not posted: `paragraphs_given` tells "no paragraph checked" (the whole meeting) from
    # "the paragraphs were not on the form".
    paragraphs = forms.ModelMultipleChoiceField(
        label=_("Paragrafer"),
        queryset=AgendaItem.objects.none(),
        required=False,
        error_messages={"invalid_choice": _("Paragrafen hör inte till det här sammanträdet.")},
    )
    paragraphs_given = forms.BooleanField(required=False, widget=forms.HiddenInput())
    role = forms.ChoiceField(label=_("Roll"), choices=Attendance.Role.choices, required=False)
    replaces = forms.ModelChoiceField(
        label=_("Ersätter ledamot"),
        queryset=Person.objects.all(),
        required=False,
        error_messages={"invalid_choice": _("Välj en ledamot i listan.")},
    )

    def __init__(self, *args: Any, meeting: Any = None, row: Attendance | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.meeting = meeting
        self.row = row
        if meeting is not None:
            declared_field(self, "paragraphs", forms.ModelMultipleChoiceField).queryset = _meeting_items(meeting)

    def changed_values(self) -> dict[str, Any]:
        """The cleaned values of the fields that were posted at all; role and replaces only when they change, so
        a row prefilled without them can still be marked present or absent."""
        out = {
            name: value
            for name, value in self.cleaned_data.items()
            if name in self.data and name not in ("paragraphs", "paragraphs_given", "role", "replaces")
        }
        if self.cleaned_data.get("role") and (self.row is None or self.cleaned_data["role"] != self.row.role):
            out["role"] = self.cleaned_data["role"]
        if "replaces" in self.data:
            replaces = self.cleaned_data.get("replaces")
            if self.row is None or (replaces.pk if replaces else None) != self.row.replaces_id:
                out["replaces"] = replaces
        if self.cleaned_data.get("paragraphs_given"):
            out["ranges"] = ranges_of(self.meeting, self.cleaned_data.get("paragraphs") or [])
        return out


class RecusalForm(PortalForm):
    person = PersonChoiceField(label=_("Jävig person"), queryset=Person.objects.none())
    note = forms.CharField(label=_("Anteckning"), required=False, max_length=300)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        declared_field(self, "person", forms.ModelChoiceField).queryset = _people()


class JusteringDecisionForm(PortalForm):
    comment = forms.CharField(
        label=_("Kommentar"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Krävs när du återsänder protokollet."),
    )


class ParagraphCommentForm(PortalForm):
    text = forms.CharField(label=_("Kommentar till paragrafen"), widget=forms.Textarea(attrs={"rows": 2}))


class PostForm(PortalForm):
    posted_on = forms.DateField(label=_("Anslaget den"), widget=DateInput())
    remove_on = forms.DateField(
        label=_("Tas ned den"),
        required=False,
        widget=DateInput(),
        help_text=_("Lämnas tomt: dagen efter sista dag för överklagande."),
    )
    storage_place = forms.CharField(label=_("Förvaringsplats för protokollet"), required=False, max_length=200)

    def __init__(self, *args: Any, boards: Sequence[Any] = (), **kwargs: Any) -> None:
        # An organ shared by several principals also posts on each partner's anslagstavla: one date per board.
        super().__init__(*args, **kwargs)
        self.boards = list(boards)
        for board in self.boards:
            self.fields[f"board_{board.pk}"] = forms.DateField(
                label=_("Anslaget hos %(name)s") % {"name": board.name},
                required=False,
                widget=DateInput(),
                help_text=_("Tiden för överklagande räknas från det sista anslaget."),
            )

    def service_arguments(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        postings = {board: data.pop(f"board_{board.pk}", None) for board in self.boards}
        if self.boards:
            data["board_postings"] = postings
        return data


class CorrectionDecisionForm(PortalForm):
    comment = forms.CharField(
        label=_("Kommentar till rättelsen"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Krävs när du återsänder rättelsen."),
    )


class CorrectionForm(PortalForm):
    item = ItemChoiceField(label=_("Paragraf"), queryset=AgendaItem.objects.none())
    field = forms.ChoiceField(label=_("Textfält"), choices=())
    text = forms.CharField(label=_("Ny text"), widget=forms.Textarea(attrs={"rows": 6}))
    reason = forms.CharField(label=_("Skäl till rättelsen"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, meeting: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        declared_field(self, "item", forms.ModelChoiceField).queryset = meeting.items.select_related("organ").order_by(
            "position"
        )
        declared_field(self, "field", forms.ChoiceField).choices = [
            (name, section_heading(AgendaItem, name)) for name in AgendaItem.TEXT_FIELDS
        ]


class ExtractForm(PortalForm):
    items = ItemsChoiceField(
        label=_("Paragrafer"), queryset=AgendaItem.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    recipient = forms.ModelChoiceField(label=_("Mottagande organisation"), queryset=Organisation.objects.none())

    def __init__(self, *args: Any, meeting: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        declared_field(self, "items", forms.ModelMultipleChoiceField).queryset = (
            meeting.items.select_related("organ").filter(paragraph_number__isnull=False).order_by("position")
        )
        declared_field(self, "recipient", forms.ModelChoiceField).queryset = Organisation.objects.filter(
            county=meeting.organ.county
        ).order_by("name")


# --- Paragraph content (issue 13): the forms of the Beslutsgång page (meetings.views.proceedings).


def _present_people(meeting: Any) -> QuerySet[Person]:
    """The people of the meeting's närvarolista who are there (any role), in name order."""
    present = meeting.attendances.exclude(presence=Attendance.Presence.FRANVARANDE).filter(person__isnull=False)
    return Person.objects.filter(pk__in=present.values("person")).select_related("organisation").order_by("name")


class DecisionPointForm(PortalForm):
    text = forms.CharField(
        label=_("Beslutspunkt"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Numreras 1., 2. … under Beslut, i den ordning punkterna läggs till."),
    )


class MotionForm(PortalForm):
    mover = PersonChoiceField(label=_("Yrkande av"), queryset=Person.objects.none())
    text = forms.CharField(
        label=_("Yrkande"), max_length=1000, help_text=_("T.ex. ”bifall till förslaget”, ”återremiss”, ”avslag”.")
    )
    supporters = PeopleChoiceField(
        label=_("Instämmer"), queryset=Person.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, meeting: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        declared_field(self, "mover", forms.ModelChoiceField).queryset = _present_people(meeting)
        declared_field(self, "supporters", forms.ModelMultipleChoiceField).queryset = _present_people(meeting)


class PropositionOrderForm(PortalForm):
    text = forms.CharField(
        label=_("Propositionsordning"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "T.ex. ”Ordföranden ställer proposition på förslagen och finner att arbetsutskottet beslutar enligt "
            "Karin Lindqvists (S) yrkande.” Lämna tomt för att ta bort."
        ),
    )


class VoteForm(PortalForm):
    """A roll call: what ja and nej mean, and one answer per member present (the service checks who decides)."""

    yes_means = forms.CharField(label=_("Ja innebär"), max_length=300, help_text=_("T.ex. ”bifall till förslaget”."))
    no_means = forms.CharField(label=_("Nej innebär"), max_length=300, help_text=_("T.ex. ”återremiss”."))
    CHOICES = [("", _("Röstar inte")), ("ja", _("Ja")), ("nej", _("Nej")), ("avstar", _("Avstår"))]

    def __init__(self, *args: Any, meeting: Any, deciding: frozenset[int] = frozenset(), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.people = list(_present_people(meeting))
        for person in self.people:
            note = "" if person.pk in deciding else str(_("beslutar inte i paragrafen"))
            self.fields[voting.ballot_field(person.pk)] = forms.ChoiceField(
                label=str(person), choices=self.CHOICES, required=False, help_text=note
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        known = {self.add_prefix(voting.ballot_field(p.pk)) for p in self.people}
        prefix = self.add_prefix(voting.ballot_field(0)).removesuffix("0")
        if any(key.startswith(prefix) and key not in known and self.data[key] for key in self.data):
            raise ValidationError(_("Omröstningen nämner någon som inte finns i närvarolistan."))
        return data

    def service_arguments(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "yes_means": data["yes_means"],
            "no_means": data["no_means"],
            "ballots": [
                (p, data[voting.ballot_field(p.pk)]) for p in self.people if data.get(voting.ballot_field(p.pk))
            ],
        }


class StatementForm(PortalForm):
    kind = forms.ChoiceField(label=_("Typ"), choices=())
    person = PersonChoiceField(label=_("Ledamot"), queryset=Person.objects.none())
    text = forms.CharField(
        label=_("Skriftlig text"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Valfri: en skriftlig reservation eller anteckning tas in i protokollet."),
    )

    def __init__(self, *args: Any, meeting: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        declared_field(self, "kind", forms.ChoiceField).choices = MemberStatement.Kind.choices
        declared_field(self, "person", forms.ModelChoiceField).queryset = _present_people(meeting)
