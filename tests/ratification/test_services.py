from __future__ import annotations

import datetime as dt
import threading
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from decisions.models import Decision
from decisions.ratification import services
from decisions.ratification.models import AssemblyDecision, CaseEvent
from decisions.ratification.selectors import State, case_status
from lgl_portal.audit.models import AuditEntry
from tests.factories.groups import OrganisationFactory, UserFactory
from tests.factories.ratification import (
    PAST,
    case_with_principals,
    county_with_principals,
    register,
    rows_of,
    secretary_of,
    sending_organ,
)

pytestmark = pytest.mark.django_db
Outcome = AssemblyDecision.Outcome
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_a_new_case_requires_every_principal_of_the_lan_and_nobody_else() -> None:
    county, orgs = county_with_principals(13)
    OrganisationFactory(county=county, name="Kommunförbundet", is_principal=False)
    _other_county, _other = county_with_principals(3, name="Jönköpings län")
    organ = sending_organ(county)
    case = services.case_create(acting_user=None, title="Nära vård", sending_organ=organ)
    rows = rows_of(case)
    assert {r.organisation for r in rows} == set(orgs)
    assert all(r.assembly is not None and r.assembly.organisation == r.organisation for r in rows)
    assert case_status(case).total == 13
    assert AuditEntry.objects.filter(action="ratification_case_create").count() == 1


def test_creating_from_a_decision_links_the_decision_to_the_case() -> None:
    county, _orgs = county_with_principals(3)
    organ = sending_organ(county)
    decision = Decision.objects.create(organ=organ, decided_on=PAST, title="Strategi", diarienummer="LGL 2023/1")
    case = services.case_create(acting_user=None, title="Strategi", sending_organ=organ, originating_decision=decision)
    decision.refresh_from_db()
    assert decision.ratification_condition.case == case
    assert case.originating_decision == decision


def test_a_case_needs_a_title() -> None:
    county, _orgs = county_with_principals(2)
    with pytest.raises(ValidationError) as exc:
        services.case_create(acting_user=None, title="  ", sending_organ=sending_organ(county))
    assert "title" in exc.value.message_dict


def test_registering_the_last_bifall_makes_the_case_valid_and_records_history() -> None:
    case = case_with_principals(3)
    rows = rows_of(case)
    for r, day in zip(rows, [dt.date(2023, 9, 18), dt.date(2023, 9, 25), dt.date(2023, 10, 2)], strict=True):
        register(r, decided_on=day, paragraph_label="§ 1/23")
    status = case_status(case)
    assert status.state == State.GALLER
    assert status.valid_from == dt.date(2023, 10, 2)
    assert CaseEvent.objects.filter(case=case, text__startswith="Registrerat").count() == 3
    assert AuditEntry.objects.filter(action="ratification_assembly_register").count() == 3


def test_a_principal_added_mid_case_makes_a_valid_case_pending_again() -> None:
    case = case_with_principals(3)
    rows = rows_of(case)
    services.case_set_required(acting_user=None, case=case, organisations=[r.organisation for r in rows[:2]])
    for r in rows[:2]:
        register(r)
    assert case_status(case).state == State.GALLER
    services.case_set_required(acting_user=None, case=case, organisations=[r.organisation for r in rows])
    status = case_status(case)
    assert status.state == State.PAGAR
    assert (status.decided, status.total) == (2, 3)


def test_a_principal_removed_mid_case_no_longer_blocks_and_keeps_its_row() -> None:
    case = case_with_principals(3)
    rows = rows_of(case)
    register(rows[0])
    register(rows[1])
    register(rows[2], Outcome.AVSLAG)
    assert case_status(case).state == State.BLOCKERAT
    services.case_set_required(acting_user=None, case=case, organisations=[r.organisation for r in rows[:2]])
    status = case_status(case)
    assert status.state == State.GALLER
    assert status.total == 2
    rows[2].refresh_from_db()
    assert rows[2].removed_at is not None and rows[2].outcome == Outcome.AVSLAG
    assert CaseEvent.objects.filter(case=case, text__startswith="Behöver inte längre").exists()


def test_the_required_list_only_takes_principals_of_the_cases_lan() -> None:
    case = case_with_principals(2)
    _county, foreign = county_with_principals(2, name="Jönköpings län")
    with pytest.raises(ValidationError) as exc:
        services.case_set_required(acting_user=None, case=case, organisations=foreign)
    assert "organisations" in exc.value.message_dict
    with pytest.raises(ValidationError):
        services.case_set_required(acting_user=None, case=case, organisations=[])


def test_a_decision_date_in_the_future_is_refused_and_nothing_is_saved() -> None:
    case = case_with_principals(2)
    row = rows_of(case)[0]
    with pytest.raises(ValidationError) as exc:
        register(row, decided_on=dt.date.today() + dt.timedelta(days=1))
    assert "decided_on" in exc.value.message_dict
    row.refresh_from_db()
    assert (row.outcome, row.version) == ("", 1)
    assert not CaseEvent.objects.filter(case=case, text__startswith="Registrerat").exists()


def test_an_outcome_without_a_date_is_refused_except_ej_behandlat() -> None:
    case = case_with_principals(2)
    row = rows_of(case)[0]
    for outcome in (Outcome.BIFALL, Outcome.BIFALL_MED_ANDRING, Outcome.AVSLAG, Outcome.ATERREMISS):
        with pytest.raises(ValidationError) as exc:
            register(row, outcome, None)
        assert "decided_on" in exc.value.message_dict
    register(row, Outcome.EJ_BEHANDLAT, None)
    row.refresh_from_db()
    assert row.outcome == Outcome.EJ_BEHANDLAT


def test_a_missing_outcome_is_refused() -> None:
    row = rows_of(case_with_principals(1))[0]
    with pytest.raises(ValidationError) as exc:
        register(row, "", PAST)
    assert "outcome" in exc.value.message_dict


def test_posting_before_justering_and_justering_before_the_decision_are_refused() -> None:
    row = rows_of(case_with_principals(1))[0]
    with pytest.raises(ValidationError) as exc:
        register(row, decided_on=PAST, justerat_on=PAST - dt.timedelta(days=1), posted_on=PAST - dt.timedelta(days=2))
    assert {"justerat_on", "posted_on"} <= set(exc.value.message_dict)


def test_an_extract_that_is_not_a_pdf_is_refused_and_nothing_is_saved() -> None:
    row = rows_of(case_with_principals(1))[0]
    fake = SimpleUploadedFile("utdrag.pdf", b"MZ this is an exe", content_type="application/pdf")
    with pytest.raises(ValidationError) as exc:
        register(row, extract=fake)
    assert "extract" in exc.value.message_dict
    docx = SimpleUploadedFile("utdrag.docx", b"PK\x03\x04rest", content_type="application/octet-stream")
    with pytest.raises(ValidationError) as exc:
        register(row, extract=docx)
    assert "extract" in exc.value.message_dict
    row.refresh_from_db()
    assert not row.extract and row.outcome == ""


def test_a_pdf_extract_is_stored_with_the_registration(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path
    row = rows_of(case_with_principals(1))[0]
    register(row, extract=SimpleUploadedFile("utdrag.pdf", PDF, content_type="application/pdf"))
    row.refresh_from_db()
    assert row.extract.name.endswith(".pdf")
    assert row.extract_content_type == "application/pdf"


def test_the_second_of_two_secretaries_with_the_same_version_is_told_and_changes_nothing() -> None:
    case = case_with_principals(2)
    first, second = secretary_of(case.sending_organ, "sekr1"), secretary_of(case.sending_organ, "sekr2")
    row = rows_of(case)[0]
    seen_version = row.version
    services.assembly_decision_register(
        acting_user=first,
        assembly_decision=row,
        expected_version=seen_version,
        data=services.Registration(outcome=Outcome.BIFALL, decided_on=PAST),
    )
    with pytest.raises(ValidationError) as exc:
        services.assembly_decision_register(
            acting_user=second,
            assembly_decision=row,
            expected_version=seen_version,
            data=services.Registration(outcome=Outcome.AVSLAG, decided_on=PAST),
        )
    assert "sekr1" in exc.value.message_dict["version"][0]
    row.refresh_from_db()
    assert (row.outcome, row.registered_by) == (Outcome.BIFALL, first)


@pytest.mark.django_db(transaction=True)
def test_two_secretaries_registering_at_the_same_moment_one_wins_and_the_other_is_told() -> None:
    case = case_with_principals(2, title="Samtidigt")
    row = rows_of(case)[0]
    users = [secretary_of(case.sending_organ, "samtidig1"), secretary_of(case.sending_organ, "samtidig2")]
    barrier = threading.Barrier(2)
    results: list[str] = []

    def attempt(user: Any, outcome: str) -> None:
        try:
            barrier.wait(timeout=10)
            services.assembly_decision_register(
                acting_user=user,
                assembly_decision=row,
                expected_version=1,
                data=services.Registration(outcome=outcome, decided_on=PAST),
            )
            results.append("ok")
        except ValidationError as exc:
            results.append(exc.message_dict["version"][0])
        finally:
            connection.close()

    threads = [
        threading.Thread(target=attempt, args=(u, o))
        for u, o in zip(users, [Outcome.BIFALL, Outcome.AVSLAG], strict=True)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert sorted(results, key=lambda r: r != "ok")[0] == "ok"
    assert results.count("ok") == 1
    assert "Dina uppgifter sparades inte" in next(r for r in results if r != "ok")
    row.refresh_from_db()
    assert row.version == 2


def test_bulk_entry_for_a_day_saves_all_or_nothing() -> None:
    case = case_with_principals(3)
    rows = rows_of(case)
    entries = [
        services.DayEntry(assembly_decision_id=r.pk, expected_version=r.version, outcome=Outcome.BIFALL)
        for r in rows[:2]
    ]
    stale = services.DayEntry(assembly_decision_id=rows[2].pk, expected_version=99, outcome=Outcome.BIFALL)
    with pytest.raises(ValidationError) as exc:
        services.assembly_decisions_register_day(
            acting_user=None, case=case, decided_on=PAST, entries=[*entries, stale]
        )
    assert f"{rows[2].pk}-version" in exc.value.message_dict
    assert AssemblyDecision.objects.filter(case=case).exclude(outcome="").count() == 0
    saved = services.assembly_decisions_register_day(acting_user=None, case=case, decided_on=PAST, entries=entries)
    assert len(saved) == 2
    assert case_status(case).decided == 2


def test_bulk_entry_refuses_a_future_day_and_an_empty_selection() -> None:
    case = case_with_principals(2)
    entries = [services.DayEntry(assembly_decision_id=r.pk, expected_version=1, outcome="") for r in rows_of(case)]
    with pytest.raises(ValidationError) as exc:
        services.assembly_decisions_register_day(acting_user=None, case=case, decided_on=PAST, entries=entries)
    assert "decided_on" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.assembly_decisions_register_day(
            acting_user=None, case=case, decided_on=dt.date.today() + dt.timedelta(days=3), entries=entries
        )
    assert "decided_on" in exc.value.message_dict


def test_bulk_entry_cannot_touch_another_cases_rows() -> None:
    case = case_with_principals(2)
    other = case_with_principals(2, title="Annat", county_name="Jönköpings län")
    foreign = rows_of(other)[0]
    with pytest.raises(ValidationError):
        services.assembly_decisions_register_day(
            acting_user=None,
            case=case,
            decided_on=PAST,
            entries=[services.DayEntry(assembly_decision_id=foreign.pk, expected_version=1, outcome=Outcome.BIFALL)],
        )
    foreign.refresh_from_db()
    assert foreign.outcome == ""


def test_confirming_a_changed_bifall_counts_it_and_a_new_registration_resets_the_confirmation() -> None:
    case = case_with_principals(2)
    a, b = rows_of(case)
    register(a)
    b = register(b, Outcome.BIFALL_MED_ANDRING)
    assert case_status(case).state == State.GRANSKAS
    user = UserFactory()
    b = services.assembly_decision_confirm_change(acting_user=user, assembly_decision=b, expected_version=b.version)
    assert case_status(case).state == State.GALLER
    register(b, Outcome.BIFALL_MED_ANDRING, PAST + dt.timedelta(days=1))
    assert case_status(case).state == State.GRANSKAS


def test_registering_a_removed_assembly_is_refused() -> None:
    case = case_with_principals(2)
    a, b = rows_of(case)
    services.case_set_required(acting_user=None, case=case, organisations=[a.organisation])
    with pytest.raises(ValidationError):
        register(b)


def test_reminders_go_once_per_case_and_principal_before_the_deadline(
    settings: Any, mailoutbox: list, mail_at_commit: Any
) -> None:
    settings.LGL_RATIFICATION_REMINDER_DAYS = 14
    case = case_with_principals(3)
    a, b, c = rows_of(case)
    register(a)
    c.organisation.contact_email = ""
    c.organisation.save()
    deadline = case.deadline
    assert services.reminders_send(today=deadline - dt.timedelta(days=20)) == 0
    with mail_at_commit():
        assert services.reminders_send(today=deadline - dt.timedelta(days=10)) == 1
    assert [m.to for m in mailoutbox] == [[b.organisation.contact_email]]
    assert case.title in mailoutbox[0].subject
    with mail_at_commit():
        assert services.reminders_send(today=deadline - dt.timedelta(days=9)) == 0
    assert len(mailoutbox) == 1
    assert CaseEvent.objects.filter(case=case, text__contains="e-postadress saknas").count() == 1
    assert services.reminders_send(today=deadline + dt.timedelta(days=1)) == 0
