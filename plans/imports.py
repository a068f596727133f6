"""Reading measurement files (CSV or XLSX) and checking every row before anything is stored.

The file has four columns, in this order, with a header row:

    indikator;organisation;period;värde
    andel-fast-lakarkontakt;Borgholms kommun;2023;61,5
    andel-fast-lakarkontakt;Hela länet;2023;63.2

`indikator` is the indicator's address name (slug); `organisation` is an organisation's name, short name or
address name, or "Hela länet" (or empty) for the whole län; `period` is 2023, 2023-H1, 2023-Q1 or 2023-05;
`värde` takes a decimal comma or point. CSV is UTF-8 (with or without BOM), separated by ';' or ','.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from groups.models import Organisation
from lgl_portal.core.uploads import validate_upload
from plans.models import PERIOD_VALIDATOR, Indicator, Measurement

EXPECTED_HEADER = ("indikator", "organisation", "period", "värde")
WHOLE_COUNTY_NAMES = {"", "hela länet", "länet", "län", "hela lanet"}
MAX_IMPORT_BYTES = 5 * 1024 * 1024
MAX_ROWS = 20_000
# A 27 kB XLSX can unpack to hundreds of megabytes of sheet XML: refuse before parsing when the archive says so.
MAX_XLSX_UNPACKED_BYTES = 100 * 1024 * 1024


@dataclass
class ImportResult:
    rows: list[dict[str, Any]] = field(default_factory=list)
    # (line number in the file, reason), in file order.
    errors: list[tuple[int, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.rows)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _read_csv(data: bytes) -> Iterator[tuple[int, list[str]]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValidationError(
            {
                "file": _(
                    "Filen är inte sparad som UTF-8 (tecknet på position %(pos)s kan inte läsas). "
                    "Spara om den som ”CSV UTF-8” och försök igen."
                )
                % {"pos": exc.start + 1}
            }
        ) from exc
    if not text.strip():
        raise ValidationError({"file": _("Filen är tom.")})
    first_line = text.splitlines()[0]
    delimiter = ";" if first_line.count(";") >= first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    return ((reader.line_num, [c.strip() for c in cells]) for cells in reader)


def _read_xlsx(data: bytes) -> Iterator[tuple[int, list[str]]]:
    """Rows as the read-only workbook streams them from the sheet XML; the caller stops at the cap."""
    from openpyxl import load_workbook

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile as exc:
        raise ValidationError({"file": _("Filen kunde inte läsas som en Excel-fil (.xlsx).")}) from exc
    if unpacked > MAX_XLSX_UNPACKED_BYTES:
        raise ValidationError(
            {
                "file": _("Excel-filen packas upp till mer än %(mb)s MB och tas inte emot. Dela upp den.")
                % {"mb": MAX_XLSX_UNPACKED_BYTES // (1024 * 1024)}
            }
        )
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise ValidationError({"file": _("Filen kunde inte läsas som en Excel-fil (.xlsx).")}) from exc

    def rows() -> Iterator[tuple[int, list[str]]]:
        try:
            sheet = workbook.worksheets[0]
            for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
                yield number, [_cell(v) for v in values]
        finally:
            workbook.close()

    return rows()


def _lines_up_to_cap(rows: Iterator[tuple[int, list[str]]]) -> list[tuple[int, list[str]]]:
    """Non-empty rows, header included; reading stops as soon as the file is known to be over MAX_ROWS."""
    lines: list[tuple[int, list[str]]] = []
    for number, cells in rows:
        if not any(cells):
            continue
        lines.append((number, cells))
        if len(lines) > MAX_ROWS + 1:
            close = getattr(rows, "close", None)
            if close:
                close()
            raise ValidationError(
                {
                    "file": _("Filen har fler än %(max)s rader. Dela upp den. (Läsningen stoppades på rad %(line)s.)")
                    % {"max": MAX_ROWS, "line": number}
                }
            )
    return lines


def _parse_value(raw: str) -> Decimal | None:
    cleaned = raw.replace("\u00a0", "").replace(" ", "").replace("\u2212", "-").replace(",", ".")
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        return None
    if not value.is_finite() or abs(value) >= Decimal("1e11"):
        return None
    return value


def parse_measurement_file(upload: UploadedFile, *, indicators: Any) -> ImportResult:
    """Check every row of the file; `indicators` are the ones the importing user may manage."""
    try:
        validate_upload(upload, allowed=(".csv", ".xlsx"), max_bytes=MAX_IMPORT_BYTES)
    except ValidationError as exc:
        raise ValidationError({"file": exc.messages}) from exc
    upload.seek(0)
    data = upload.read()
    name = (upload.name or "").lower()
    lines = _lines_up_to_cap(_read_xlsx(data) if name.endswith(".xlsx") else _read_csv(data))
    if not lines:
        raise ValidationError({"file": _("Filen är tom.")})
    header_line, header = lines[0]
    normalised = tuple(h.strip().lower().replace("varde", "värde") for h in header[:4])
    if normalised != EXPECTED_HEADER:
        raise ValidationError(
            {
                "file": _("Rad %(line)s: rubrikraden ska vara ”%(expected)s”, men är ”%(found)s”.")
                % {"line": header_line, "expected": ";".join(EXPECTED_HEADER), "found": ";".join(header)}
            }
        )
    body = lines[1:]
    if not body:
        raise ValidationError({"file": _("Filen innehåller bara rubrikraden och inga mätvärden.")})

    by_slug: dict[str, Indicator] = {i.slug: i for i in indicators.select_related("owner_organ__county")}
    county_ids = {i.owner_organ.county_id for i in by_slug.values()}
    organisations: dict[tuple[int, str], Organisation] = {}
    for org in Organisation.objects.filter(county_id__in=county_ids):
        for alias in {org.name, org.short_name, org.slug}:
            if alias:
                organisations[(org.county_id, alias.lower())] = org
    existing = {
        (m.indicator_id, m.organisation_id, m.period)
        for m in Measurement.objects.filter(indicator__in=list(by_slug.values())).only(
            "indicator_id", "organisation_id", "period"
        )
    }

    result = ImportResult()
    seen: dict[tuple[int, int | None, str], int] = {}
    for line, cells in body:
        cells = (cells + [""] * 4)[:4] if len(cells) < 4 else cells
        slug, org_name, period, raw_value = cells[0], cells[1], cells[2], cells[3]
        missing = [label for label, v in (("indikator", slug), ("period", period), ("värde", raw_value)) if not v]
        if missing:
            result.errors.append((line, _("tomt fält: %(fields)s.") % {"fields": ", ".join(missing)}))
            continue
        indicator = by_slug.get(slug)
        if indicator is None:
            result.errors.append(
                (line, _("okänt nyckeltal ”%(slug)s” (eller så får du inte registrera det).") % {"slug": slug})
            )
            continue
        organisation: Organisation | None = None
        if org_name.lower() not in WHOLE_COUNTY_NAMES:
            organisation = organisations.get((indicator.owner_organ.county_id, org_name.lower()))
            if organisation is None:
                result.errors.append(
                    (
                        line,
                        _("okänd organisation ”%(org)s” i %(county)s.")
                        % {"org": org_name, "county": indicator.owner_organ.county.name},
                    )
                )
                continue
        try:
            PERIOD_VALIDATOR(period)
        except ValidationError:
            result.errors.append(
                (line, _("ogiltig period ”%(period)s” (skriv t.ex. 2023, 2023-H1, 2023-Q1).") % {"period": period})
            )
            continue
        value = _parse_value(raw_value)
        if value is None:
            result.errors.append((line, _("värdet ”%(value)s” är inte ett tal.") % {"value": raw_value}))
            continue
        key = (indicator.pk, organisation.pk if organisation else None, period)
        if key in seen:
            result.errors.append((line, _("dubblett av rad %(other)s.") % {"other": seen[key]}))
            continue
        if key in existing:
            result.errors.append(
                (
                    line,
                    _("det finns redan ett värde för %(who)s %(period)s.")
                    % {
                        "who": organisation.name if organisation else _("hela länet"),
                        "period": period,
                    },
                )
            )
            continue
        seen[key] = line
        result.rows.append({"indicator": indicator, "organisation": organisation, "period": period, "value": value})
    return result
