from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from groups.models import Membership, Organ, Organisation, Person
from lgl_portal.core.forms import DateInput, PortalForm


class MembershipStartForm(PortalForm):
    person = forms.ModelChoiceField(
        label=_("Person"),
        queryset=Person.objects.select_related("organisation").order_by("name"),
        error_messages={"required": _("Välj en person."), "invalid_choice": _("Välj en person i listan.")},
    )
    role = forms.ChoiceField(
        label=_("Roll"), choices=Membership.Role.choices, error_messages={"required": _("Välj en roll.")}
    )
    representing = forms.ModelChoiceField(
        label=_("Representerar"),
        queryset=Organisation.objects.order_by("name"),
        required=False,
        help_text=_("Lämna tomt för personens egen organisation."),
    )
    start_date = forms.DateField(
        label=_("Från"),
        widget=DateInput(),
        error_messages={"required": _("Ange startdatum."), "invalid": _("Ange ett datum som ÅÅÅÅ-MM-DD.")},
    )
    end_date = forms.DateField(
        label=_("Till"),
        widget=DateInput(),
        required=False,
        error_messages={"invalid": _("Ange ett datum som ÅÅÅÅ-MM-DD.")},
    )
    note = forms.CharField(label=_("Anteckning"), max_length=300, required=False)


class MembershipEndForm(PortalForm):
    end_date = forms.DateField(
        label=_("Sista dag i uppdraget"),
        widget=DateInput(),
        error_messages={"required": _("Ange slutdatum."), "invalid": _("Ange ett datum som ÅÅÅÅ-MM-DD.")},
    )


class MembershipReplaceForm(PortalForm):
    new_person = forms.ModelChoiceField(
        label=_("Ny person"),
        queryset=Person.objects.select_related("organisation").order_by("name"),
        error_messages={"required": _("Välj vem som tar över."), "invalid_choice": _("Välj en person i listan.")},
    )
    change_date = forms.DateField(
        label=_("Gäller från"),
        widget=DateInput(),
        error_messages={
            "required": _("Ange från vilket datum bytet gäller."),
            "invalid": _("Ange ett datum som ÅÅÅÅ-MM-DD."),
        },
    )


class PersonForm(PortalForm):
    name = forms.CharField(label=_("Namn"), max_length=200, error_messages={"required": _("Ange personens namn.")})
    title = forms.CharField(label=_("Titel"), max_length=200, required=False)
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.order_by("name"), required=False
    )
    party = forms.CharField(
        label=_("Parti"), max_length=20, required=False, help_text=_("För förtroendevalda, t.ex. M eller S.")
    )
    email = forms.EmailField(
        label=_("E-post"), required=False, error_messages={"invalid": _("Ange en giltig e-postadress.")}
    )


class OrganForm(PortalForm):
    name = forms.CharField(label=_("Namn"), max_length=200, error_messages={"required": _("Ange organets namn.")})
    short_name = forms.CharField(label=_("Kortnamn"), max_length=50, required=False)
    description = forms.CharField(label=_("Beskrivning"), widget=forms.Textarea, required=False)
    purpose = forms.CharField(label=_("Syfte"), widget=forms.Textarea, required=False)
    paragraph_format = forms.ChoiceField(label=_("Paragrafformat"), choices=Organ.ParagraphFormat.choices)
    kommunallagen_rules = forms.BooleanField(
        label=_("Kommunallagens regler om anslag och överklagande gäller"), required=False
    )
    protocol_storage_place = forms.CharField(label=_("Förvaringsplats för protokoll"), max_length=200, required=False)
    signs_by_hand = forms.BooleanField(
        label=_("Protokollet skrivs under för hand"),
        required=False,
        help_text=_("PDF:en får rutor för underskrift med penna."),
    )
    is_public = forms.BooleanField(label=_("Offentligt organ"), required=False)


class VacantSeatForm(PortalForm):
    party = forms.CharField(label=_("Parti"), max_length=20, required=False, help_text=_("T.ex. M eller S."))
    start_date = forms.DateField(
        label=_("Vakant från"),
        widget=DateInput(),
        error_messages={
            "required": _("Ange från när platsen är vakant."),
            "invalid": _("Ange ett datum som ÅÅÅÅ-MM-DD."),
        },
    )
    end_date = forms.DateField(
        label=_("Vakant till och med"),
        widget=DateInput(),
        required=False,
        error_messages={"invalid": _("Ange ett datum som ÅÅÅÅ-MM-DD.")},
    )
    note = forms.CharField(label=_("Anteckning"), max_length=300, required=False)


class VacantSeatEndForm(PortalForm):
    end_date = forms.DateField(
        label=_("Sista dag platsen är vakant"),
        widget=DateInput(),
        error_messages={"required": _("Ange slutdatum."), "invalid": _("Ange ett datum som ÅÅÅÅ-MM-DD.")},
    )
