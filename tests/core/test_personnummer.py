from __future__ import annotations

import pytest

from lgl_portal.core.personnummer import find_personnummer, findings_message, scan_fields


@pytest.mark.parametrize(
    "text",
    [
        "19121212-1212",
        "121212-1212",
        "1212121212",
        "191212121212",
        "121212+1212",  # over 100 years old: "+" instead of "-"
        "811228-9874",
        "198112289874",
        "701063-2391",  # samordningsnummer: day + 60
        "7010630007",
    ],
)
def test_a_valid_personnummer_is_found_in_any_of_its_written_forms(text: str) -> None:
    assert [number for number, _start in find_personnummer(f"Anmälan gäller {text}, se bilaga.")] == [text]


@pytest.mark.parametrize(
    "text",
    [
        "KS 2023/0539",
        "Dnr KS 22-397",
        "157/23",
        "§ 157/23",
        "Paragraf 157/23",
        "2023-09-29",
        "29 september 2023 kl. 15:00–16:00",
        "232100-0065",  # Region Kalmar läns organisationsnummer: month 21 does not exist
        "0480-450000",
        "19121212-1213",  # wrong check digit
        "121232-1212",  # 32 December
        "Paragrafer 26–38",
    ],
)
def test_dates_diarienummer_and_other_numbers_are_not_flagged(text: str) -> None:
    assert find_personnummer(text) == []


def test_a_number_glued_to_other_digits_is_not_read_as_a_personnummer() -> None:
    assert find_personnummer("99121212-121299") == []


def test_the_message_names_the_field_and_shows_where_the_number_stands() -> None:
    findings = scan_fields(
        {"Bakgrund": "Ingen uppgift här.", "Beslut": "Ärendet gäller en enskild, 19121212-1212, som ansökt om stöd."}
    )
    assert [f.field for f in findings] == ["Beslut"]
    message = findings_message(findings)
    assert "Beslut:" in message
    assert "19121212-1212" in message
    assert "kan inte publiceras" in message
