"""Finding Swedish personal identity numbers (personnummer, samordningsnummer) in text meant for the public.

Writers type these numbers in many ways: en or em dash, a no-break space or non-breaking hyphen pasted from a word
processor, spaces between the date pairs, a slash, spaces around the dash. The text is first normalised character
for character (so positions still point into the original text), then read with one pattern; a candidate counts
only when its date exists (day + 60 for a samordningsnummer) and its check digit is right (Luhn, python-stdnum).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from stdnum import luhn

# Each of these becomes an ASCII hyphen or space; one character for one, so match positions stay valid.
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"
_SPACES = "\u00a0\u2007\u2009\u200a\u202f\u2002\u2003\u2004\u2005\u2006\u2008\u205f\u3000\t"
# Invisible characters a pasted number may carry between its digits; read as a space.
_INVISIBLE = "\u00ad\u200b\u200c\u200d\u2060\ufeff"
_NORMALISE = str.maketrans({**dict.fromkeys(_DASHES, "-"), **dict.fromkeys(_SPACES + _INVISIBLE, " ")})

# (YY)YY MM DD, optionally one space between the pairs; then "-", "+", "/" or nothing, with spaces around it
# allowed; then the four last digits. Never glued to other digits.
_PATTERN = re.compile(r"(?<![\d])((?:19|20|18)?\d{2}) ?(\d{2}) ?(\d{2}) *[-+/]? *(\d{4})(?![\d])")


@dataclass(frozen=True)
class Finding:
    field: str
    number: str
    context: str
    # 1-based character position in the field's (plain) text, for "tecken 45" in the message.
    position: int = 0


def normalise(text: str) -> str:
    """Dashes, odd spaces and invisible characters as ASCII, one for one (the same length as the input)."""
    return (text or "").translate(_NORMALISE)


def _date_ok(yy: str, mm: str, dd: str) -> bool:
    day = int(dd)
    if day > 60:  # samordningsnummer: the day of birth + 60
        day -= 60
    # A two-digit year may be either century; the date only has to exist in one of them (29 February).
    years = [int(yy)] if len(yy) == 4 else [1900 + int(yy), 2000 + int(yy)]
    for year in years:
        try:
            dt.date(year, int(mm), day)
        except ValueError:
            continue
        return True
    return False


def find_personnummer(text: str) -> list[tuple[str, int]]:
    """Each plausible personnummer in the text as written there, with where it starts (0-based)."""
    original = text or ""
    found = []
    for match in _PATTERN.finditer(normalise(original)):
        yy, mm, dd, tail = match.groups()
        if not _date_ok(yy, mm, dd):
            continue
        if luhn.is_valid(yy[-2:] + mm + dd + tail):
            found.append((original[match.start() : match.end()], match.start()))
    return found


def scan_fields(fields: dict[str, str]) -> list[Finding]:
    """Scan named texts (field label -> plain text) and say where each number stands, for the error message."""
    findings = []
    for label, text in fields.items():
        for number, start in find_personnummer(text):
            context = text[max(0, start - 30) : start + len(number) + 30].replace("\n", " ")
            findings.append(Finding(field=label, number=number, context=context, position=start + 1))
    return findings


def findings_message(findings: list[Finding]) -> str:
    parts = [f"{f.field} (tecken {f.position}): ”…{f.context}…”" for f in findings]
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
