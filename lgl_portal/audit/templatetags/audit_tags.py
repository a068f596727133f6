"""Showing an audit row's recorded change as text a person reads: "Äldre → Äldreomsorg"."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


def _value(value: Any) -> str:
    if isinstance(value, dict) and "repr" in value:
        return str(value["repr"])
    if value in (None, ""):
        return "–"
    if isinstance(value, list):
        return ", ".join(_value(v) for v in value)
    return str(value)


@register.filter
def change_text(value: Any) -> str:
    """[old, new] reads "old → new"; anything else is shown as its plain value."""
    if isinstance(value, list) and len(value) == 2:
        return f"{_value(value[0])} → {_value(value[1])}"
    return _value(value)
