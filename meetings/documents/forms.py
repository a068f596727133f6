from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from lgl_portal.core.forms import PortalForm, declared_field
from meetings.documents.models import DocumentJob
from meetings.models import Meeting, ProtocolExtract

# Kinds a secretary asks for from the meeting page; status reports are asked for from the plans.
MEETING_KINDS = [
    (k.value, k.label)
    for k in (
        DocumentJob.Kind.PROTOCOL,
        DocumentJob.Kind.PUBLIC_PROTOCOL,
        DocumentJob.Kind.KALLELSE,
        DocumentJob.Kind.EXTRACT,
    )
]


class DocumentRequestForm(PortalForm):
    kind = forms.ChoiceField(label=_("Dokument"), choices=MEETING_KINDS)
    extract = forms.ModelChoiceField(
        label=_("Protokollsutdrag"), queryset=ProtocolExtract.objects.none(), required=False
    )
    next = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, meeting: Meeting, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        declared_field(self, "extract", forms.ModelChoiceField).queryset = ProtocolExtract.objects.filter(
            meeting=meeting
        ).select_related("recipient")
