"""The two ways to ask: upload the PDF, or give its sha256 checksum."""

from __future__ import annotations

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from lgl_portal.core.uploads import validate_upload

SHA256 = re.compile(r"^[0-9a-f]{64}$")


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("PDF-fil"),
        help_text=_("Högst 20 MB. Filen sparas inte: den kontrolleras och glöms."),
        error_messages={"required": _("Välj en PDF-fil att kontrollera.")},
    )

    def clean_file(self):  # type: ignore[no-untyped-def]
        upload = self.cleaned_data["file"]
        validate_upload(upload, allowed=(".pdf",))
        return upload


class ChecksumForm(forms.Form):
    sha256 = forms.CharField(
        label=_("Kontrollsumma (sha256)"),
        help_text=_("64 tecken, siffror och bokstäverna a–f, till exempel från kommandot sha256sum."),
        max_length=200,
        error_messages={"required": _("Ange kontrollsumman.")},
    )

    def clean_sha256(self) -> str:
        value = re.sub(r"\s+", "", self.cleaned_data["sha256"]).lower()
        if not SHA256.match(value):
            raise forms.ValidationError(_("En sha256-kontrollsumma har 64 tecken: siffror och bokstäverna a–f."))
        return value
