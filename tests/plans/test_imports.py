"""Importing measurements from CSV/XLSX: every row checked, all or nothing, each bad row named."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from openpyxl import Workbook

from groups.models import Organ
from plans.imports import parse_measurement_file
from plans.models import Indicator, Measurement
from tests.factories.groups import OrganisationFactory
from tests.factories.plans import IndicatorFactory, MeasurementFactory

pytestmark = pytest.mark.django_db

URL = "/nyckeltal/import/"


@pytest.fixture
def indicator(organ: Organ) -> Indicator:
    OrganisationFactory(name="Borgholms kommun", short_name="Borgholm", slug="borgholms-kommun", county=organ.county)
    OrganisationFactory(name="Kalmar kommun", short_name="Kalmar", slug="kalmar-kommun", county=organ.county)
    return IndicatorFactory(owner_organ=organ, slug="andel-fast-lakarkontakt")


def _csv(text: str, name: str = "varden.csv", encoding: str = "utf-8") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode(encoding), content_type="text/csv")


def _post(client: Client, upload: SimpleUploadedFile) -> Any:
    return client.post(URL, {"file": upload})


CLEAN = (
    "indikator;organisation;period;värde\n"
    "andel-fast-lakarkontakt;Borgholms kommun;2023;61,5\n"
    "andel-fast-lakarkontakt;Kalmar;2023;58\n"
    "andel-fast-lakarkontakt;Hela länet;2023;60.25\n"
)


def test_a_clean_file_imports_every_row(indicator: Indicator, role_clients: dict[str, Client]) -> None:
    response = _post(role_clients["secretary"], _csv(CLEAN))
    assert response.status_code == 302
    values = {(m.organisation.name if m.organisation else None): m.value for m in Measurement.objects.all()}
    assert values == {"Borgholms kommun": Decimal("61.5"), "Kalmar kommun": Decimal("58"), None: Decimal("60.25")}


def test_a_comma_separated_file_with_a_bom_is_read_too(indicator: Indicator, role_clients: dict[str, Client]) -> None:
    text = 'indikator,organisation,period,värde\nandel-fast-lakarkontakt,borgholms-kommun,2023-Q1,"12,5"\n'
    response = _post(role_clients["secretary"], _csv("\ufeff" + text))
    assert response.status_code == 302
    assert Measurement.objects.get().value == Decimal("12.5")


def test_one_bad_row_imports_nothing_and_names_the_row(indicator: Indicator, role_clients: dict[str, Client]) -> None:
    text = CLEAN + "andel-fast-lakarkontakt;Gotlands kommun;2023;40\n"
    response = _post(role_clients["secretary"], _csv(text))
    assert response.status_code == 400
    assert not Measurement.objects.exists()
    body = response.content.decode()
    assert "Rad 5" in body
    assert "okänd organisation ”Gotlands kommun”" in body
    assert "Inget har importerats" in body or "inget har importerats" in body


def test_every_kind_of_bad_row_is_reported_with_its_line(indicator: Indicator, organ: Organ) -> None:
    MeasurementFactory(indicator=indicator, organisation=None, period="2022", value=Decimal("1"))
    text = (
        "indikator;organisation;period;värde\n"
        "andel-fast-lakarkontakt;Kalmar;2023;12,5\n"
        "andel-fast-lakarkontakt;Kalmar;2023;13\n"
        "andel-fast-lakarkontakt;Kalmar;2023;tolv\n"
        "okant-nyckeltal;Kalmar;2023;1\n"
        "andel-fast-lakarkontakt;Kalmar;;1\n"
        "andel-fast-lakarkontakt;Kalmar;23;1\n"
        "andel-fast-lakarkontakt;;2022;1\n"
    )
    result = parse_measurement_file(_csv(text), indicators=Indicator.objects.all())
    errors = dict(result.errors)
    assert sorted(errors) == [3, 4, 5, 6, 7, 8]
    assert "dubblett av rad 2" in errors[3]
    assert "inte ett tal" in errors[4]
    assert "okänt nyckeltal" in errors[5]
    assert "tomt fält: period" in errors[6]
    assert "ogiltig period" in errors[7]
    assert "finns redan" in errors[8]
    assert [r["value"] for r in result.rows] == [Decimal("12.5")]


def test_a_latin1_file_gets_a_clear_swedish_message(indicator: Indicator, role_clients: dict[str, Client]) -> None:
    response = _post(role_clients["secretary"], _csv(CLEAN.replace("Borgholms", "Mörbylånga"), encoding="latin-1"))
    assert response.status_code == 400
    assert "UTF-8" in response.content.decode()
    assert not Measurement.objects.exists()


def test_an_empty_file_gets_a_clear_swedish_message(indicator: Indicator, role_clients: dict[str, Client]) -> None:
    response = _post(role_clients["secretary"], SimpleUploadedFile("tom.csv", b"", content_type="text/csv"))
    assert response.status_code == 400
    assert "Filen är tom" in response.content.decode()


def test_a_file_with_only_the_header_says_there_is_nothing_to_import(
    indicator: Indicator, role_clients: dict[str, Client]
) -> None:
    response = _post(role_clients["secretary"], _csv("indikator;organisation;period;värde\n\n"))
    assert response.status_code == 400
    assert "bara rubrikraden" in response.content.decode()


def test_a_wrong_header_is_explained(indicator: Indicator, role_clients: dict[str, Client]) -> None:
    response = _post(role_clients["secretary"], _csv("namn;år;antal\nx;2023;1\n"))
    assert response.status_code == 400
    assert "rubrikraden ska vara" in response.content.decode()


def test_an_xlsx_file_is_imported(indicator: Indicator, role_clients: dict[str, Client]) -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["indikator", "organisation", "period", "värde"])
    sheet.append(["andel-fast-lakarkontakt", "Kalmar kommun", 2023, 58.5])
    sheet.append(["andel-fast-lakarkontakt", "Hela länet", "2023", "60,1"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    upload = SimpleUploadedFile("varden.xlsx", buffer.getvalue())
    response = _post(role_clients["secretary"], upload)
    assert response.status_code == 302
    assert sorted(Measurement.objects.values_list("value", flat=True)) == [Decimal("58.5"), Decimal("60.1")]


def test_a_file_that_only_pretends_to_be_xlsx_is_refused(indicator: Indicator, role_clients: dict[str, Client]) -> None:
    response = _post(role_clients["secretary"], SimpleUploadedFile("varden.xlsx", CLEAN.encode()))
    assert response.status_code == 400
    assert not Measurement.objects.exists()


def test_only_secretaries_of_the_owner_organ_may_import(indicator: Indicator, role_clients: dict[str, Client]) -> None:
    assert role_clients["anonymous"].get(URL).status_code == 302
    assert role_clients["outsider"].get(URL).status_code == 403
    assert role_clients["member"].get(URL).status_code == 403
    assert role_clients["secretary"].get(URL).status_code == 200


def test_rows_for_an_indicator_the_user_does_not_manage_are_refused(
    indicator: Indicator, role_clients: dict[str, Client]
) -> None:
    IndicatorFactory(slug="annat-organs-nyckeltal")
    text = "indikator;organisation;period;värde\nannat-organs-nyckeltal;;2023;1\n"
    response = _post(role_clients["secretary"], _csv(text))
    assert response.status_code == 400
    assert "Rad 2" in response.content.decode()
    assert not Measurement.objects.exists()
