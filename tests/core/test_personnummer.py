from __future__ import annotations

import pytest

from lgl_portal.core.personnummer import find_personnummer, findings_message, scan_fields

# Base numbers with check digits worked by hand (Luhn over the ten digits, weights 2,1,2,1,…) or taken from
# published examples: 121212-1212 and 811228-9874 (Skatteverket's examples), 640823-3234 and 850709-9805
# (the personnummer project's README), 701063-2391 (a samordningsnummer, day 03 + 60), 900101-0017
# (9·2→9, 0, 0, 1, 0, 1, 0, 0, 1·2=2 → 13 → check 7), 000229-0005 (29 Feb 2000: 0+0+0+2+4+9+0+0+0 = 15 → 5).
POSITIVE = [
    "19121212-1212",
    "121212-1212",
    "1212121212",
    "191212121212",
    "121212+1212",  # over 100 years old: "+" instead of "-"
    "811228-9874",
    "198112289874",
    "19811228-9874",
    "701063-2391",  # samordningsnummer: day + 60
    "197010632391",
    "640823-3234",
    "6408233234",
    "19640823-3234",
    "850709-9805",
    "198507099805",
    "900101-0017",
    "19900101-0017",
    "000229-0005",  # 29 February 2000
    "20000229-0005",
    # dashes a word processor or a phone puts in
    "121212–1212",  # en dash
    "121212—1212",  # em dash
    "121212\u22121212",  # minus sign
    "121212\u20111212",  # non-breaking hyphen
    "121212\u20101212",  # hyphen
    "811228–9874",
    "19640823–3234",
    # spaces and no-break spaces
    "121212 1212",
    "121212\u00a01212",  # no-break space
    "121212\u202f1212",  # narrow no-break space
    "121212 - 1212",
    "121212 – 1212",
    "121212\u00a0-\u00a01212",
    "12 12 12-1212",
    "12 12 12 1212",
    "81 12 28-9874",
    "12\u00a012\u00a012-1212",
    # slashes and invisible characters
    "121212/1212",
    "640823/3234",
    "121212-\u200b1212",  # zero-width space after the dash
    "121212\u00ad1212",  # soft hyphen
    "701063–2391",
    "70 10 63-2391",
]

NEGATIVE = [
    "KS 2023/0539",
    "Dnr KS 22-397",
    "157/23",
    "§ 157/23",
    "Paragraf 157/23",
    "2023-09-29",
    "29 september 2023 kl. 15:00–16:00",
    "232100-0065",  # Region Kalmar läns organisationsnummer: month 21 does not exist
    "212000-0142",  # a kommun's organisationsnummer: month 20
    "0480-450000",
    "0480-45 00 00",
    "070-123 45 67",
    "19121212-1213",  # wrong check digit
    "121212-1213",
    "121212–1213",
    "121212 1211",
    "811228-9875",
    "701063-2392",
    "121232-1212",  # 32 December
    "121312-1212",  # month 13
    "120230-1212",  # 30 February
    "010229-0004",  # 29 February 2001 does not exist (and neither 1901)
    "121292-1212",  # day 92: not even a samordningsnummer
    "Paragrafer 26–38",
    "§§ 26–38",
    "99121212-121299",  # glued to other digits
    "1212121212121",
    "12121-21212",
    "12-12-12-1212",
    "2023 12 12",
    "kl. 12.12",
    "Bilaga 1212",
    "Telefon 0480-84 000",
    "1 212 121 212 kronor",
    "Postgiro 121212-1",
    "Bankgiro 5050-1055",
    "ISBN 978-91-7343-123-4",
    "Diarienummer RS 2023/1212",
    "Version 12.12.12-1212",
    "12/12 2012",
    "Mötet 2023-12-12 kl. 12:12",
]


def test_the_corpus_is_big_enough() -> None:
    assert len(POSITIVE) >= 40 and len(NEGATIVE) >= 40


@pytest.mark.parametrize("text", POSITIVE)
def test_a_valid_personnummer_is_found_in_any_of_its_written_forms(text: str) -> None:
    assert [number for number, _start in find_personnummer(f"Anmälan gäller {text}, se bilaga.")] == [text]


@pytest.mark.parametrize("text", NEGATIVE)
def test_dates_diarienummer_and_other_numbers_are_not_flagged(text: str) -> None:
    assert find_personnummer(text) == []


def test_a_number_glued_to_other_digits_is_not_read_as_a_personnummer() -> None:
    assert find_personnummer("99121212-121299") == []


def test_the_position_points_into_the_original_text() -> None:
    text = "Ärendet gäller\u00a0en person, 121212\u20111212."
    assert find_personnummer(text) == [("121212\u20111212", text.index("121212"))]


def test_the_message_names_the_field_and_shows_where_the_number_stands() -> None:
    findings = scan_fields(
        {"Bakgrund": "Ingen uppgift här.", "Beslut": "Ärendet gäller en enskild, 19121212-1212, som ansökt om stöd."}
    )
    assert [f.field for f in findings] == ["Beslut"]
    assert findings[0].position == len("Ärendet gäller en enskild, ") + 1
    message = findings_message(findings)
    assert "Beslut (tecken 28):" in message
    assert "19121212-1212" in message
    assert "kan inte publiceras" in message
