"""`|long_date` and `|iso_date` (lgl_portal/core/templatetags/dates.py): the portal's date forms, as Django's
`|date:"j F Y"` and `|date:"Y-m-d"` wrote them, in every template without a load."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.template import Context, Template
from django.utils import translation


def _render(source: str, value: Any) -> str:
    return Template(source).render(Context({"v": value}))


@pytest.mark.parametrize(
    ("language", "value", "long", "iso"),
    [
        ("sv", dt.date(2026, 12, 3), "3 december 2026", "2026-12-03"),
        ("en", dt.date(2026, 12, 3), "3 December 2026", "2026-12-03"),
        ("sv", dt.date(2027, 1, 1), "1 januari 2027", "2027-01-01"),
        ("sv", dt.date(1996, 5, 17), "17 maj 1996", "1996-05-17"),
        # 23.30 UTC on New Year's Eve is already the first of January in Stockholm.
        ("sv", dt.datetime(2026, 12, 31, 23, 30, tzinfo=dt.UTC), "1 januari 2027", "2027-01-01"),
        ("en", dt.datetime(2026, 6, 30, 22, 15, tzinfo=dt.UTC), "1 July 2026", "2026-07-01"),
        ("sv", None, "", ""),
        ("sv", "", "", ""),
        ("sv", "inte ett datum", "", ""),
    ],
)
def test_dates_are_written_in_the_interface_language_and_local_time(
    language: str, value: Any, long: str, iso: str
) -> None:
    with translation.override(language):
        assert _render("{{ v|long_date }}", value) == long
        assert _render("{{ v|iso_date }}", value) == iso


def test_the_forms_are_the_ones_djangos_date_filter_wrote_for_every_day_of_a_year() -> None:
    for language in ("sv", "en"):
        with translation.override(language):
            for n in range(366):
                day = dt.date(2028, 1, 1) + dt.timedelta(days=n)
                ours = _render("{{ v|long_date }} {{ v|iso_date }}", day)
                assert ours == _render('{{ v|date:"j F Y" }} {{ v|date:"Y-m-d" }}', day)


def test_a_date_in_swedish_is_not_served_to_an_english_reader_from_the_memo() -> None:
    day = dt.date(2026, 3, 9)
    with translation.override("sv"):
        assert _render("{{ v|long_date }}", day) == "9 mars 2026"
    with translation.override("en"):
        assert _render("{{ v|long_date }}", day) == "9 March 2026"


def test_no_module_or_template_but_the_date_rule_writes_the_long_date_format_itself() -> None:
    # The long date is one rule (lgl_portal/core/dates.py): a module or template writing "j F Y" on its own could
    # drift from the web, the PDF and the e-mails, as the appeal deadlines once did.
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    rule = root / "lgl_portal" / "core" / "dates.py"
    pattern = re.compile(r"""["']j F Y["']""")
    writers = [
        str(path.relative_to(root))
        for suffix in ("*.py", "*.html", "*.txt")
        for path in root.rglob(suffix)
        if ".venv" not in path.parts and "tests" not in path.parts and path != rule
        if pattern.search(path.read_text(encoding="utf-8", errors="replace"))
    ]
    assert writers == []
