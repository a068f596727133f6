"""The publication gate: the one check every text passes before the public can read it.

Each model whose text reaches a public page, feed, search result, API object or public PDF declares those fields
once, as `PUBLIC_FIELDS` (names of model fields; `PUBLIC_HTML_FIELDS` names the subset stored as rich text). A
model whose public fields depend on the row (a confidential paragraph shows only its public heading) defines
`public_field_names(self)` instead. Services call `gate_check` (one object) or `gate_check_all` (a whole protocol)
at publishing, at justering, at a rättelse and when they save an object that is already public; the error names
the field and the character position in Swedish, so the secretary can find and remove the number.

Today the gate looks for personnummer and samordningsnummer (`lgl_portal.core.personnummer`); anything else that
must never be published belongs here too, so no output path can forget it.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping
from typing import Any

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

from lgl_portal.core.personnummer import Finding, findings_message, scan_fields
from lgl_portal.core.richtext import html_to_text


def public_field_names(instance_or_model: Any) -> tuple[str, ...]:
    """The declared public fields of a model, or of this row when the model decides per row."""
    method = getattr(instance_or_model, "public_field_names", None)
    if callable(method) and not isinstance(instance_or_model, type):
        return tuple(method())
    return tuple(getattr(instance_or_model, "PUBLIC_FIELDS", ()))


def public_models() -> list[type[models.Model]]:
    """Every model that declares public fields (for the README's list and the test that the names exist)."""
    return [m for m in apps.get_models() if getattr(m, "PUBLIC_FIELDS", None)]


def _label(model: type[models.Model], name: str) -> str:
    try:
        return str(getattr(model._meta.get_field(name), "verbose_name", name)).capitalize()
    except Exception:  # a property, e.g. a computed heading: its name is the best label there is
        return name


def _texts(
    instance: Any, values: Mapping[str, Any] | None, only: Iterable[str] | None = None
) -> list[tuple[str, str, str]]:
    """(field name, label, text) for each public field, `values` overriding what the instance holds."""
    model = type(instance)
    html_fields = set(getattr(model, "PUBLIC_HTML_FIELDS", ()))
    wanted = set(only) if only is not None else None
    out = []
    for name in public_field_names(instance):
        if wanted is not None and name not in wanted:
            continue
        value = (values or {}).get(name, getattr(instance, name, ""))
        raw = "" if value is None else str(value)
        if name in html_fields:
            # The text as read, and the raw markup as well: an attribute (a link's title) is shown too.
            out.append((name, _label(model, name), html_to_text(raw)))
            out.append((name, _label(model, name), html.unescape(raw)))
        else:
            out.append((name, _label(model, name), raw))
    return out


def gate_findings(
    instance: Any, *, values: Mapping[str, Any] | None = None, where: str = "", only: Iterable[str] | None = None
) -> list[Finding]:
    findings: list[Finding] = []
    seen: set[tuple[str, str]] = set()
    for name, label, text in _texts(instance, values, only):
        full_label = f"{where}, {label}" if where else label
        for finding in scan_fields({full_label: text}):
            if (name, finding.number) in seen:
                continue
            seen.add((name, finding.number))
            findings.append(finding)
    return findings


def gate_check(
    instance: Any, *, values: Mapping[str, Any] | None = None, where: str = "", only: Iterable[str] | None = None
) -> None:
    """Refuse when a public field of `instance` (with `values` about to be saved) holds a personnummer.

    `only` narrows the check to the fields a service is writing (a draft's other texts wait for publishing).
    The ValidationError is keyed by the first field holding one, so a form shows it next to that field; the
    message lists every place.
    """
    only = list(only) if only is not None else None
    field_of_label: dict[str, str] = {}
    for name, label, _text in _texts(instance, values, only):
        field_of_label[f"{where}, {label}" if where else label] = name
    findings = gate_findings(instance, values=values, where=where, only=only)
    if findings:
        raise ValidationError({field_of_label.get(findings[0].field) or "__all__": findings_message(findings)})


def gate_check_all(instances: Iterable[tuple[Any, str]]) -> None:
    """The whole of something published at once (a protocol at justering): one error listing every place.

    `instances` pairs each object with where the secretary finds it ("Ärende 3 Budget").
    """
    findings: list[Finding] = []
    for instance, where in instances:
        findings += gate_findings(instance, where=where)
    if findings:
        raise ValidationError(findings_message(findings))


def where_label(kind: str, name: str) -> str:
    """ "Ärende 3 Budget", "Närvaro Anna Andersson": how the message points at a row."""
    return _("%(kind)s %(name)s") % {"kind": kind, "name": name}
