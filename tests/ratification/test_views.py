from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from decisions.models import Decision
from decisions.ratification.models import AssemblyDecision, ConditionalDecision, RatificationCase
from decisions.ratification.selectors import State, case_status
from tests.factories.groups import UserFactory
from tests.factories.ratification import PAST, case_with_principals, register, rows_of, secretary_of

pytestmark = pytest.mark.django_db
Outcome = AssemblyDecision.Outcome
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def case() -> RatificationCase:
    return case_with_principals(13, title="Nära vård")


@pytest.fixture
def secretary_client(case: RatificationCase) -> Client:
    return client_for(secretary_of(case.sending_organ, "lgl-sekr"))


def registration_post(row: AssemblyDecision, **overrides: Any) -> dict[str, Any]:
    data = {"outcome": Outcome.BIFALL, "decided_on": "2023-10-02", "paragraph_label": "§ 5/23", "version": row.version}
    data.update(overrides)
    return data


def test_the_public_list_shows_progress_as_n_av_m(client: Client, case: RatificationCase) -> None:
    for row in rows_of(case)[:12]:
        register(row)
    response = client.get("/ratificering/")
    assert response.status_code == 200
    assert "12 av 13 har beslutat" in response.content.decode()


def test_the_public_case_page_has_a_grid_and_a_complete_table(client: Client, case: RatificationCase) -> None:
    rows = rows_of(case)
    register(rows[0], paragraph_label="§ 157/23", case_number="KS 2023/0539")
    register(rows[1], Outcome.AVSLAG)
    html = client.get(f"/ratificering/{case.slug}/").content.decode()
    assert html.count('class="outcome-tile') == 13
    assert html.count('<th scope="row">') == 13
    assert "§ 157/23" in html and "KS 2023/0539" in html
    assert "Blockerat av:" in html
    assert "/registrera/" not in html


def test_public_pages_take_a_constant_number_of_queries(
    client: Client, case: RatificationCase, django_assert_max_num_queries: Any
) -> None:
    for row in rows_of(case)[:5]:
        register(row)
    case_with_principals(4, title="Annat ärende", county_name="Jönköpings län")
    with django_assert_max_num_queries(8):
        client.get("/ratificering/")
    with django_assert_max_num_queries(8):
        client.get(f"/ratificering/{case.slug}/")


def test_an_unknown_case_is_404(client: Client, db: None) -> None:
    assert client.get("/ratificering/finns-inte/").status_code == 404


@pytest.mark.parametrize("who", ["anonymous", "outsider", "other_secretary"])
def test_only_the_sending_organs_secretary_may_register(who: str, case: RatificationCase) -> None:
    from tests.factories.groups import OrganFactory

    row = rows_of(case)[0]
    if who == "anonymous":
        client = Client()
    elif who == "outsider":
        client = client_for(UserFactory())
    else:
        client = client_for(secretary_of(OrganFactory(county=case.county), "annan-sekr"))
    url = f"/ratificering/{case.slug}/{row.pk}/registrera/"
    response = client.post(url, registration_post(row))
    assert response.status_code == (302 if who == "anonymous" else 403)
    if who == "anonymous":
        assert "next=" in response["Location"]
    row.refresh_from_db()
    assert row.outcome == ""


def test_the_secretary_registers_with_an_extract_and_the_public_can_read_it(
    secretary_client: Client, case: RatificationCase, settings: Any, tmp_path: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path
    row = rows_of(case)[0]
    url = f"/ratificering/{case.slug}/{row.pk}/registrera/"
    assert secretary_client.get(url).status_code == 200
    extract = SimpleUploadedFile("utdrag.pdf", PDF, content_type="application/pdf")
    response = secretary_client.post(url, {**registration_post(row), "extract": extract})
    assert response.status_code == 302
    download = Client().get(f"/ratificering/{case.slug}/{row.pk}/utdrag/")
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content).startswith(b"%PDF")


def test_an_extract_of_another_row_or_a_row_without_one_is_404(client: Client, case: RatificationCase) -> None:
    row = rows_of(case)[0]
    assert client.get(f"/ratificering/{case.slug}/{row.pk}/utdrag/").status_code == 404
    other = case_with_principals(2, title="Annat", county_name="Jönköpings län")
    assert client.get(f"/ratificering/{other.slug}/{row.pk}/utdrag/").status_code == 404


@pytest.mark.parametrize(
    ("overrides", "field_text"),
    [
        ({"decided_on": (dt.date.today() + dt.timedelta(days=2)).isoformat()}, "Datumet ligger i framtiden"),
        ({"decided_on": ""}, "Ange datum för beslutet"),
        ({"outcome": ""}, "Välj vad fullmäktige beslutade"),
        ({"decided_on": "inte-ett-datum"}, "giltigt datum"),
    ],
)
def test_bad_input_is_shown_next_to_the_field_with_400_and_nothing_saved(
    secretary_client: Client, case: RatificationCase, overrides: dict[str, str], field_text: str
) -> None:
    row = rows_of(case)[0]
    response = secretary_client.post(
        f"/ratificering/{case.slug}/{row.pk}/registrera/", registration_post(row, **overrides)
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert field_text in html
    assert 'aria-invalid="true"' in html
    row.refresh_from_db()
    assert row.outcome == ""


def test_a_word_file_as_extract_is_refused_next_to_the_field(secretary_client: Client, case: RatificationCase) -> None:
    row = rows_of(case)[0]
    extract = SimpleUploadedFile("utdrag.docx", b"PK\x03\x04xx", content_type="application/octet-stream")
    response = secretary_client.post(
        f"/ratificering/{case.slug}/{row.pk}/registrera/", {**registration_post(row), "extract": extract}
    )
    assert response.status_code == 400
    assert "Filtypen .docx är inte tillåten" in response.content.decode()
    row.refresh_from_db()
    assert row.outcome == ""


def test_a_stale_form_tells_the_second_secretary_what_happened(
    secretary_client: Client, case: RatificationCase
) -> None:
    row = rows_of(case)[0]
    stale = registration_post(row)
    other = client_for(secretary_of(case.sending_organ, "andra-sekr"))
    assert other.post(f"/ratificering/{case.slug}/{row.pk}/registrera/", registration_post(row)).status_code == 302
    response = secretary_client.post(
        f"/ratificering/{case.slug}/{row.pk}/registrera/", {**stale, "outcome": Outcome.AVSLAG}
    )
    assert response.status_code == 400
    # Named by the person's name, never the username (issue 14).
    assert "har just ändrats av Sekreterare andra-sekr" in response.content.decode()
    row.refresh_from_db()
    assert row.outcome == Outcome.BIFALL


def test_the_day_form_registers_several_assemblies(secretary_client: Client, case: RatificationCase) -> None:
    rows = rows_of(case)
    url = f"/ratificering/{case.slug}/dag/"
    assert secretary_client.get(url).status_code == 200
    data: dict[str, Any] = {"decided_on": "2023-09-25"}
    for r in rows:
        data[f"{r.pk}-version"] = r.version
        data[f"{r.pk}-outcome"] = Outcome.BIFALL if r in rows[:3] else ""
    data[f"{rows[0].pk}-paragraph_label"] = "§ 157/23"
    assert secretary_client.post(url, data).status_code == 302
    assert case_status(case).decided == 3


def test_the_day_form_with_a_stale_row_saves_nothing_and_says_which(
    secretary_client: Client, case: RatificationCase
) -> None:
    rows = rows_of(case)
    url = f"/ratificering/{case.slug}/dag/"
    data: dict[str, Any] = {"decided_on": "2023-09-25"}
    for r in rows[:3]:
        data[f"{r.pk}-version"] = r.version
        data[f"{r.pk}-outcome"] = Outcome.BIFALL
    register(rows[2], Outcome.EJ_BEHANDLAT, None)
    response = secretary_client.post(url, data)
    assert response.status_code == 400
    assert rows[2].organisation.name in response.content.decode()
    assert case_status(case).decided == 0


def test_creating_a_case_from_a_decision(secretary_client: Client, case: RatificationCase) -> None:
    decision = Decision.objects.create(organ=case.sending_organ, decided_on=PAST, title="Ny strategi")
    url = f"/ratificering/nytt/?beslut={decision.pk}"
    get = secretary_client.get(url)
    assert get.status_code == 200
    assert "Ny strategi" in get.content.decode()
    response = secretary_client.post(url, {"title": "Ny strategi", "deadline": "2024-01-31"})
    assert response.status_code == 302
    new = RatificationCase.objects.get(title="Ny strategi")
    assert new.originating_decision == decision
    assert case_status(new).total == 13


def test_creating_from_a_decision_of_another_organ_is_forbidden(case: RatificationCase) -> None:
    from tests.factories.groups import OrganFactory

    decision = Decision.objects.create(organ=OrganFactory(county=case.county), decided_on=PAST, title="X")
    client = client_for(secretary_of(case.sending_organ, "s3"))
    assert client.get(f"/ratificering/nytt/?beslut={decision.pk}").status_code == 403
    assert client.get("/ratificering/nytt/?beslut=abc").status_code == 404


def test_creating_without_a_title_is_a_400_next_to_the_field(secretary_client: Client, case: RatificationCase) -> None:
    decision = Decision.objects.create(organ=case.sending_organ, decided_on=PAST, title="Y")
    response = secretary_client.post(f"/ratificering/nytt/?beslut={decision.pk}", {"title": ""})
    assert response.status_code == 400


def test_the_required_list_page_recomputes_the_status(secretary_client: Client, case: RatificationCase) -> None:
    rows = rows_of(case)
    for r in rows[:12]:
        register(r)
    url = f"/ratificering/{case.slug}/fullmaktige/"
    assert secretary_client.get(url).status_code == 200
    response = secretary_client.post(url, {"organisations": [r.organisation_id for r in rows[:12]]})
    assert response.status_code == 302
    assert case_status(case).state == State.GALLER
    assert secretary_client.post(url, {}).status_code == 400


def test_the_missing_page_lists_pending_and_review(secretary_client: Client, case: RatificationCase) -> None:
    rows = rows_of(case)
    register(rows[0], Outcome.BIFALL_MED_ANDRING, note="Ny formulering i punkt 2")
    html = secretary_client.get(f"/ratificering/{case.slug}/saknas/").content.decode()
    assert rows[1].organisation.name in html
    assert "Ny formulering i punkt 2" in html
    rows[0].refresh_from_db()
    response = secretary_client.post(f"/ratificering/{case.slug}/{rows[0].pk}/granska/", {"version": rows[0].version})
    assert response.status_code == 302
    rows[0].refresh_from_db()
    assert rows[0].change_confirmed_at is not None
    assert Client().get(f"/ratificering/{case.slug}/saknas/").status_code == 302


def test_a_proposal_document_is_uploaded_and_public(
    secretary_client: Client, case: RatificationCase, settings: Any, tmp_path: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path
    upload = SimpleUploadedFile("strategi.pdf", PDF, content_type="application/pdf")
    response = secretary_client.post(
        f"/ratificering/{case.slug}/handlingar/ny/", {"title": "Strategin", "file": upload}
    )
    assert response.status_code == 302
    doc = case.documents.get()
    assert Client().get(f"/ratificering/{case.slug}/handlingar/{doc.pk}/").status_code == 200
    bad = SimpleUploadedFile("strategi.exe", b"MZ", content_type="application/octet-stream")
    response = secretary_client.post(f"/ratificering/{case.slug}/handlingar/ny/", {"title": "X", "file": bad})
    assert response.status_code == 400


def test_the_condition_status_include_renders_nothing_without_a_case_and_the_state_with_one(
    case: RatificationCase,
) -> None:
    from django.template.loader import render_to_string

    assert render_to_string("ratification/_condition_status.html", {"case": None}).strip() == ""
    rows = rows_of(case)
    for r in rows[:12]:
        register(r)
    html = render_to_string("ratification/_condition_status.html", {"case": case})
    assert "12 av 13 har beslutat" in html
    assert f"/ratificering/{case.slug}/" in html
    register(rows[12], decided_on=dt.date(2023, 10, 2))
    html = render_to_string("ratification/_condition_status.html", {"case": case})
    assert "Gäller" in html and "2 oktober 2023" in html
    register(rows[3], Outcome.AVSLAG)
    html = render_to_string("ratification/_condition_status.html", {"case": case})
    assert "Blockerat av" in html and rows[3].organisation.name in html


def test_a_list_of_decisions_with_cases_renders_their_status_without_a_query_per_row(
    django_assert_num_queries: Any,
) -> None:
    from django.template import Context, Template

    from decisions.ratification.selectors import decisions_with_case_status

    template = Template(
        "{% for d in decisions %}"
        '{% include "ratification/_condition_status.html" with case=d.ratification_condition.case %}'
        "{% endfor %}"
    )

    def render_with(n: int) -> None:
        for i in range(n):
            c = case_with_principals(3, title=f"Ärende {n}-{i}", county_name=f"Län {n}-{i}")
            decision = Decision.objects.create(organ=c.sending_organ, decided_on=PAST, title=f"B {i}")
            ConditionalDecision.objects.create(decision=decision, case=c)
        Decision.objects.create(organ=c.sending_organ, decided_on=PAST, title="Utan villkor")
        with django_assert_num_queries(2):
            html = template.render(Context({"decisions": list(decisions_with_case_status(Decision.objects.all()))}))
        assert (
            html.count("ratification-status--") == Decision.objects.filter(ratification_condition__isnull=False).count()
        )

    render_with(2)
    render_with(5)


def test_a_secretary_creates_a_case_without_a_decision_only_for_an_organ_they_run(
    secretary_client: Client, case: RatificationCase
) -> None:
    from tests.factories.groups import OrganFactory

    foreign = OrganFactory(county=case.county)
    assert "Nytt ratificeringsärende" in secretary_client.get("/ratificering/").content.decode()
    refused = secretary_client.post("/ratificering/nytt/", {"title": "Fri", "sending_organ": foreign.pk})
    assert refused.status_code == 400
    assert not RatificationCase.objects.filter(title="Fri").exists()
    response = secretary_client.post("/ratificering/nytt/", {"title": "Fri", "sending_organ": case.sending_organ.pk})
    assert response.status_code == 302
    assert RatificationCase.objects.get(title="Fri").sending_organ == case.sending_organ
    assert Client().get("/ratificering/nytt/").status_code == 302
    assert client_for(UserFactory()).get("/ratificering/nytt/").status_code == 403
