"""The portal's two date forms in templates: `{{ day|long_date }}` ("3 december 2026", in the interface's
language) and `{{ day|iso_date }}` ("2026-12-03", for `<time datetime>`). Built into every template
(settings.TEMPLATES "builtins").

Why not Django's `|date` with the long format: it builds a formatter for every value (lgl_portal/core/dates.py).
The output is the same as the date filter's (tested): aware datetimes in the current time zone
(`expects_localtime`), anything that is not a date gives "".
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import template

from lgl_portal.core import dates

register = template.Library()


@register.filter(expects_localtime=True)
def long_date(value: Any) -> str:
    return dates.long_date(value)


@register.filter(expects_localtime=True)
def iso_date(value: Any) -> str:
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if not isinstance(value, dt.date):
        return ""
    # isoformat, not strftime: a tenth of the time, three times on every decision page.
    return value.isoformat()
