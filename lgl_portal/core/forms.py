from __future__ import annotations

from typing import Any, TypeVar

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.db import models
from django.forms.utils import flatatt
from django.utils.choices import BaseChoiceIterator
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class AccessibleFormMixin:
    """Marks invalid fields with aria-invalid and ties each field to its error text for screen readers."""

    def full_clean(self) -> None:
        super().full_clean()  # type: ignore[misc]
        for name, field in self.fields.items():  # type: ignore[attr-defined]
            bound = self[name]  # type: ignore[index]
            if bound.errors:
                field.widget.attrs["aria-invalid"] = "true"
                described = field.widget.attrs.get("aria-describedby", "")
                field.widget.attrs["aria-describedby"] = f"{described} {bound.auto_id}_error".strip()

    def add_service_error(self, exc: ValidationError) -> None:
        """Put a service's ValidationError next to the fields it names; unknown names go to the top."""
        if hasattr(exc, "error_dict"):
            for field, errors in exc.message_dict.items():
                target = field if field in self.fields else None  # type: ignore[attr-defined]
                for error in errors:
                    self.add_error(target, error)  # type: ignore[attr-defined]
        else:
            for error in exc.messages:
                self.add_error(None, error)  # type: ignore[attr-defined]
        self.full_clean_aria()

    def full_clean_aria(self) -> None:
        for name, field in self.fields.items():  # type: ignore[attr-defined]
            if name in self.errors:  # type: ignore[attr-defined]
                field.widget.attrs["aria-invalid"] = "true"
                field.widget.attrs["aria-describedby"] = f"{self[name].auto_id}_error"  # type: ignore[index]


class PortalForm(AccessibleFormMixin, forms.Form):
    pass


_F = TypeVar("_F", bound=forms.Field)


def declared_field(form: forms.BaseForm, name: str, kind: type[_F]) -> _F:
    """`form.fields[name]` as the field class the form declares it with, to set its queryset or choices.

    `fields` is a dict of plain Field to the type checker; the check makes a renamed or retyped field fail loudly
    at construction instead of quietly ignoring the queryset.
    """
    field = form.fields[name]
    if not isinstance(field, kind):
        raise TypeError(f"{type(form).__name__}.{name} is a {type(field).__name__}, not a {kind.__name__}")
    return field


_M = TypeVar("_M", bound=models.Model)


class PortalModelForm(AccessibleFormMixin, forms.ModelForm[_M]):
    pass


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class SharedChoices(BaseChoiceIterator):
    """Flat (value, label) choices built once and given to many forms (say, 290 organs read through a
    `public_content_memo` reader): Django takes them as they are instead of normalising each on every form,
    and `PlainSelect` writes their options once per language."""

    def __init__(self, choices: Any) -> None:
        self.choices = tuple(choices)
        self._options: dict[str, str] = {}

    def __iter__(self) -> Any:
        return iter(self.choices)

    def __len__(self) -> int:
        return len(self.choices)

    def options_html(self) -> str:
        """Every option, none selected, escaped (labels may be lazy translations: one text per language)."""
        language = get_language() or ""
        html = self._options.get(language)
        if html is None:
            html = self._options[language] = _options_html(self.choices, set())
        return html


def _options_html(choices: Any, chosen: set[str]) -> str:
    return "\n".join(
        f'<option value="{conditional_escape(key)}"{" selected" if str(key) in chosen else ""}>'
        f"{conditional_escape(str(label))}</option>"
        for key, label in choices
    )


class PlainSelect(forms.Select):
    """A single-choice <select> of flat choices, its options written in Python instead of one template each.

    The markup is Django's own (name, then the bound field's attributes, `selected` on the chosen value). With
    290 organs in a public filter, Django's per-option templates took a third of an uncached search page; with
    `SharedChoices` the options are written once and only the chosen one is marked on each page.
    """

    def render(self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None) -> SafeString:
        final = {"name": name, **self.build_attrs(self.attrs, attrs)}
        chosen = set(self.format_value(value))
        if isinstance(self.choices, SharedChoices):
            options = self.choices.options_html()
            for key in chosen:
                written = f'<option value="{conditional_escape(key)}">'
                options = options.replace(written, written[:-1] + " selected>", 1)
        else:
            options = _options_html(self.choices, chosen)
        # Every key and label is escaped above.
        return format_html("<select{}>\n{}\n</select>", flatatt(final), mark_safe(options))


class PlainTextInput(forms.TextInput):
    """Django's text <input>, written in Python instead of through its two widget templates (0.7 ms of every
    search page). The markup is Django's own, attribute for attribute (tests/core/test_forms.py compares them):
    type, name, the value when there is one, then the bound field's attributes, True as a bare name and False
    left out."""

    def render(self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]
        parts = [format_html('<input type="{}" name="{}"', widget["type"], widget["name"])]
        if widget["value"] is not None:
            parts.append(format_html(' value="{}"', str(widget["value"])))
        for key, given in widget["attrs"].items():
            if given is True:
                parts.append(format_html(" {}", key))
            elif given is not False:
                parts.append(format_html(' {}="{}"', key, str(given)))
        # Every part is escaped by format_html above.
        return mark_safe("".join(parts) + ">")


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%H:%M")


class LoginForm(AccessibleFormMixin, AuthenticationForm):
    error_messages = {
        "invalid_login": _("Fel användarnamn eller lösenord. Observera att fälten skiljer på stora och små bokstäver."),
        "inactive": _("Kontot är inaktiverat."),
    }
