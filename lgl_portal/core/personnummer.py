"""Finding Swedish personal identity numbers (personnummer, samordningsnummer) in text meant for the public."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

# YYMMDD-NNNN, YYYYMMDD-NNNN, with "-", "+" or nothing between; not glued to other digits.
_PATTERN = re.compile(r"(?<![\d])((?:19|20)?\d{2})(\d{2})(\d{2})[-+ ]?(\d{4})(?![\d])")


@dataclass(frozen=True)
class Finding:
    field: str
    number: str
    context: str


def _luhn_ok(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(digits):
        n = int(ch) * (2 if i % 2 == 0 else 1)
        total += n - 9 if n > 9 else n
    return total % 10 == 0


def _date_ok(yy: str, mm: str, dd: str) -> bool:
    day = int(dd)
    if day > 60:  # samordningsnummer: day + 60
        day -= 60
    year = int(yy) if len(yy) == 4 else 2000 + int(yy)
    try:
        dt.date(year, int(mm), day)
    except ValueError:
        return False
    return True


def find_personnummer(text: str) -> list[tuple[str, int]]:
    """Each plausible personnummer in the text, with where it starts. Dates must exist and the check digit match."""
    found = []
    for match in _PATTERN.finditer(text or ""):
        yy, mm, dd, tail = match.groups()
        if not _date_ok(yy, mm, dd):
            continue
        if _luhn_ok(yy[-2:] + mm + dd + tail):
            found.append((match.group(0), match.start()))
    return found


def scan_fields(fields: dict[str, str]) -> list[Finding]:
    """Scan named texts (field label -> plain text) and say where each number stands, for the error message."""
    findings = []
    for label, text in fields.items():
        for number, start in find_personnummer(text):
            context = text[max(0, start - 30) : start + len(number) + 30].replace("\n", " ")
            findings.append(Finding(field=label, number=number, context=context))
    return findings


def findings_message(findings: list[Finding]) -> str:
    parts = [f"{f.field}: ”…{f.context}…”" for f in findings]
    return (
        "Texten innehåller något som ser ut som ett personnummer och kan inte publiceras. "
        "Ta bort det och försök igen. Hittat i " + "; ".join(parts)
    )


def ensure_no_personnummer(fields: dict[str, str], *, error_field: str | None = None) -> None:
    """Refuse to publish: raise a ValidationError (under `error_field`, or for the whole form) saying where a
    personnummer stands. `fields` maps a label the user recognises ("§ 33 Beslut") to plain text."""
    from django.core.exceptions import ValidationError

    findings = scan_fields(fields)
    if findings:
        message = findings_message(findings)
        raise ValidationError({error_field: message} if error_field else message)
