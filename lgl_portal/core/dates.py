"""The portal's long date, "3 december 2026" in the active language: one rule for templates (`|long_date`),
the search's hit list, the protocols and the meeting rules, the verification page's verdicts and the
ratification e-mails and lists (no module writes the format "j F Y" itself).

Django's date filter parses its format string and builds a formatter object for every value (0.05–0.1 ms a
date; a decision page shows six), so each day is written once per language and process and then reused.
"""

from __future__ import annotations

import datetime as dt
import functools
from typing import Any

from django.utils.formats import date_format
from django.utils.translation import get_language

LONG_DATE_FORMAT = "j F Y"


@functools.lru_cache(maxsize=8192)
def _long(day: dt.date, language: str | None) -> str:
    # `language` is part of the key only: the month's name comes from the active language.
    return date_format(day, LONG_DATE_FORMAT)


def long_date(value: Any) -> str:
    """`value` as "3 december 2026"; a datetime by its own wall-clock date (as Django's `|date` writes it), and
    "" for anything that is not a date (None, "")."""
    if not isinstance(value, dt.date):
        return ""
    day = value.date() if isinstance(value, dt.datetime) else value
    return _long(day, get_language())
