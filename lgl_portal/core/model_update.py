"""How a service changes some fields of a row (HackSoft's `model_update`), the same way in every app.

Update services take one typed keyword argument per field, each defaulting to UNSET, so a caller may change
just the fields it names and an unknown field is rejected by Python itself with TypeError, as with every other
keyword-only service. `given()` keeps the fields the caller named; `model_update()` sets them and saves.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any, Final, TypeVar

from django.db import models

M = TypeVar("M", bound=models.Model)


class Unset:
    """The default of an update service's field argument: the caller did not name the field."""

    _instance: Unset | None = None

    def __new__(cls) -> Unset:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __bool__(self) -> bool:
        return False

    def __repr__(self) -> str:
        return "UNSET"


UNSET: Final = Unset()


def given(**values: Any) -> dict[str, Any]:
    """The keyword arguments the caller actually passed (those not UNSET), in order."""
    return {name: value for name, value in values.items() if value is not UNSET}


def model_update(*, instance: M, fields: Collection[str], data: Mapping[str, Any], strip_strings: bool = False) -> M:
    """Set `data` on `instance` and save it. A name outside `fields` is a programming error: TypeError, as Python
    raises for an unknown keyword argument, so the behaviour is the same whichever way a field slips in."""
    unknown = set(data) - set(fields)
    if unknown:
        raise TypeError(f"{type(instance).__name__} cannot be updated through fields {sorted(unknown)}")
    for name, value in data.items():
        setattr(instance, name, value.strip() if strip_strings and isinstance(value, str) else value)
    instance.save()
    return instance
