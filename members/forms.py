from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from lgl_portal.core.forms import PortalForm
from members.models import MemberQuestion


class PrivateNoteForm(PortalForm):
    text = forms.CharField(
        label=_("Min anteckning (syns bara för dig)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=10000,
    )


class QuestionForm(PortalForm):
    addressed_to = forms.ChoiceField(label=_("Fråga till"), choices=MemberQuestion.AddressedTo.choices)
    text = forms.CharField(label=_("Fråga"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000)
