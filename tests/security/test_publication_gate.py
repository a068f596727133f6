"""Issue 15: one publication gate for every field that reaches the public, and decisions with a lifecycle.

Each test is one hole the issue lists, named after what it refuses. The number is written in the forms the
issue saw slip through (en dash, no-break space, non-breaking hyphen, spaces, slash).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import models
from django.test import Client
from django.urls import reverse

from decisions import services as decision_services
from decisions.models import Decision
from decisions.ratification import services as ratification_services
from groups.models import Membership, Organ
from lgl_portal.audit.models import AuditEntry
from lgl_portal.core.publication import public_models
from meetings import services as meeting_services
from meetings.documents.rendering import build_public_protocol
from meetings.models import AgendaItem, Attendance, Meeting, ProtocolCorrection
from plans import services as plan_services
from tests.factories.groups import PersonFactory, user_with_role

pytestmark = pytest.mark.django_db

# 121212-1212 (Skatteverket's example) as the issue saw it get through.
EN_DASH = "121212–1212"
NBSP = "121212\u00a01212"
NB_HYPHEN = "121212\u20111212"
SPACED = "12 12 12-1212"
SPACED_DASH = "121212 - 1212"
SLASH = "121212/1212"


def _refused(exc: Any, field: str | None = None) -> str:
    text = " ".join(exc.value.messages)
    assert "personnummer" in text and "tecken" in text
    if field is not None:
        assert field in exc.value.message_dict, exc.value.message_dict
    return text


@pytest.fixture
def meeting(organ: Organ, secretary: Any, chair: Any) -> Meeting:
    adjuster = user_with_role(organ, Membership.Role.LEDAMOT, username="justerare")
    return meeting_services.meeting_create(
        acting_user=secretary,
        organ=organ,
        date=dt.date(2026, 10, 2),
        chair=chair.person,
        adjusters=[adjuster.person],
    )


def _justerat(meeting: Meeting, secretary: Any, chair: Any) -> Meeting:
    from django.contrib.auth import get_user_model

    adjuster = get_user_model().objects.get(username="justerare")
    meeting_services.meeting_mark_held(acting_user=secretary, meeting=meeting)
    meeting_services.justering_send(acting_user=secretary, meeting=meeting)
    meeting_services.justering_decide(acting_user=chair, meeting=meeting, approve=True)
    return meeting_services.justering_decide(acting_user=adjuster, meeting=meeting, approve=True)


def test_every_declared_public_field_is_a_field_of_its_model() -> None:
    declared = {m.__name__ for m in public_models()}
    assert {
        "Meeting",
        "AgendaItem",
        "Presenter",
        "Attachment",
        "Attendance",
        "Recusal",
        "ProtocolCorrection",
        "Decision",
        "Summary",
        "Plan",
        "Workstream",
        "Indicator",
        "RatificationCase",
        "AssemblyDecision",
    } <= declared
    for model in public_models():
        for name in model.PUBLIC_FIELDS:
            assert isinstance(model._meta.get_field(name), models.Field), (model, name)


def test_a_rattelse_that_would_publish_a_personnummer_is_refused_and_nothing_is_saved(
    meeting: Meeting, secretary: Any, chair: Any
) -> None:
    item = meeting_services.item_create(acting_user=secretary, meeting=meeting, title="Budget")
    _justerat(meeting, secretary, chair)
    with pytest.raises(ValidationError) as exc:
        meeting_services.protocol_correction_propose(
            acting_user=secretary,
            meeting=meeting,
            item=item,
            reason="Felskrivning",
            texts={"decision_text": f"<p>Stöd till {EN_DASH} beviljas.</p>"},
        )
    assert "decision_text" in exc.value.message_dict
    _refused(exc)
    assert not ProtocolCorrection.objects.filter(meeting=meeting).exists()
    item.refresh_from_db()
    assert "121212" not in item.decision_text
    meeting.refresh_from_db()
    assert meeting.protocol_version == 1


def test_a_rattelse_whose_reason_holds_a_personnummer_is_refused(meeting: Meeting, secretary: Any, chair: Any) -> None:
    item = meeting_services.item_create(acting_user=secretary, meeting=meeting, title="Budget")
    _justerat(meeting, secretary, chair)
    with pytest.raises(ValidationError) as exc:
        meeting_services.protocol_correction_propose(
            acting_user=secretary,
            meeting=meeting,
            item=item,
            reason=f"Fel person, {NBSP}",
            texts={"decision_text": "<p>Bifall.</p>"},
        )
    _refused(exc, "reason")
    assert not ProtocolCorrection.objects.filter(meeting=meeting).exists()


@pytest.mark.parametrize(
    ("field", "value"),
    [("title", f"Stöd till {EN_DASH}"), ("text", f"Beviljas {NB_HYPHEN}."), ("condition_text", f"Om {SLASH} flyttar")],
)
def test_publishing_a_decision_whose_title_text_or_condition_holds_a_personnummer_is_refused(
    organ: Organ, secretary: Any, field: str, value: str
) -> None:
    fields = {"title": "Beslut"} | {field: value}
    decision = decision_services.decision_create(
        acting_user=secretary, organ=organ, decided_on=dt.date(2026, 1, 1), **fields
    )
    with pytest.raises(ValidationError) as exc:
        decision_services.decision_publish(acting_user=secretary, decision=decision)
    _refused(exc, field)
    decision.refresh_from_db()
    assert decision.publication == Decision.Publication.UTKAST


def test_a_public_decision_refuses_a_personnummer_on_save(organ: Organ, secretary: Any) -> None:
    decision = decision_services.decision_create(
        acting_user=secretary, organ=organ, title="Beslut", decided_on=dt.date(2026, 1, 1)
    )
    decision_services.decision_publish(acting_user=secretary, decision=decision)
    with pytest.raises(ValidationError) as exc:
        decision_services.decision_update(acting_user=secretary, decision=decision, text=f"Gäller {SPACED}")
    _refused(exc, "text")
    decision.refresh_from_db()
    assert decision.text == ""


@pytest.mark.parametrize(
    ("field", "value"),
    [("title", f"Extra möte om {SPACED_DASH}"), ("location", f"Hos {EN_DASH}"), ("justering_place", f"{NBSP}")],
)
def test_a_meeting_title_place_or_justering_place_with_a_personnummer_is_refused(
    organ: Organ, secretary: Any, meeting: Meeting, field: str, value: str
) -> None:
    with pytest.raises(ValidationError) as exc:
        meeting_services.meeting_create(acting_user=secretary, organ=organ, date=dt.date(2026, 11, 2), **{field: value})
    _refused(exc, field)
    with pytest.raises(ValidationError):
        meeting_services.meeting_update(acting_user=secretary, meeting=meeting, **{field: value})
    assert Meeting.objects.count() == 1


@pytest.mark.parametrize(
    ("field", "value"),
    [("name", f"Gäst {EN_DASH}"), ("title", SLASH), ("organisation_name", NB_HYPHEN), ("note", f"Kom {SPACED}")],
)
def test_attendance_names_and_notes_with_a_personnummer_are_refused(
    meeting: Meeting, secretary: Any, field: str, value: str
) -> None:
    fields = {"name": "Gäst", "role": Attendance.Role.OVRIG} | {field: value}
    with pytest.raises(ValidationError) as exc:
        meeting_services.attendance_add(acting_user=secretary, meeting=meeting, **fields)
    _refused(exc, field)
    assert not meeting.attendances.exists()


@pytest.mark.parametrize("field", ["name", "title", "organisation_name"])
def test_a_foredragare_with_a_personnummer_is_refused(meeting: Meeting, secretary: Any, field: str) -> None:
    item = meeting_services.item_create(acting_user=secretary, meeting=meeting, title="Budget")
    fields = {"name": "Sofia Hartz"} | {field: f"x {EN_DASH}"}
    with pytest.raises(ValidationError) as exc:
        meeting_services.presenter_add(acting_user=secretary, item=item, **fields)
    _refused(exc, field)
    assert not item.presenters.exists()


def test_an_attachment_title_with_a_personnummer_is_refused(meeting: Meeting, secretary: Any) -> None:
    item = meeting_services.item_create(acting_user=secretary, meeting=meeting, title="Budget")
    with pytest.raises(ValidationError) as exc:
        meeting_services.attachment_add(
            acting_user=secretary, item=item, title=f"Intyg {NBSP}", url="https://example.se/intyg"
        )
    _refused(exc, "title")
    assert not item.attachments.exists()


def test_a_jav_note_with_a_personnummer_is_refused(meeting: Meeting, secretary: Any, organ: Organ) -> None:
    item = meeting_services.item_create(acting_user=secretary, meeting=meeting, title="Budget")
    with pytest.raises(ValidationError) as exc:
        meeting_services.recusal_add(acting_user=secretary, item=item, person=PersonFactory(), note=f"Släkt {SLASH}")
    _refused(exc, "note")
    assert not item.recusals.exists()


def test_a_sekretessgrund_or_public_heading_with_a_personnummer_is_refused(meeting: Meeting, secretary: Any) -> None:
    for field in ("confidentiality_reference", "public_title"):
        fields = {"confidentiality_reference": "26 kap. 1 § OSL", "public_title": "Personalärende"}
        fields[field] = f"Gäller {EN_DASH}"
        with pytest.raises(ValidationError) as exc:
            meeting_services.item_create(
                acting_user=secretary, meeting=meeting, title="Intern rubrik", is_confidential=True, **fields
            )
        _refused(exc, field)
    assert not meeting.items.exists()


def test_an_agenda_item_title_with_a_personnummer_is_refused(meeting: Meeting, secretary: Any) -> None:
    with pytest.raises(ValidationError) as exc:
        meeting_services.item_create(acting_user=secretary, meeting=meeting, title=f"Ansökan {SPACED}")
    _refused(exc, "title")


def test_plan_workstream_and_indicator_texts_with_a_personnummer_are_refused(organ: Organ, secretary: Any) -> None:
    with pytest.raises(ValidationError) as exc:
        plan_services.plan_create(
            acting_user=secretary, name="Plan", slug="plan", owner_organ=organ, description=f"Kontakt {EN_DASH}"
        )
    _refused(exc, "description")
    plan = plan_services.plan_create(acting_user=secretary, name="Plan", slug="plan", owner_organ=organ)
    with pytest.raises(ValidationError) as exc:
        plan_services.workstream_create(acting_user=secretary, plan=plan, name=f"Område {NBSP}", owner_organ=organ)
    _refused(exc, "name")
    with pytest.raises(ValidationError) as exc:
        plan_services.indicator_create(
            acting_user=secretary, name="Väntetid", slug="vantetid", owner_organ=organ, source=f"Register {SLASH}"
        )
    _refused(exc, "source")


def test_ratification_texts_with_a_personnummer_are_refused(organ: Organ, secretary: Any) -> None:
    with pytest.raises(ValidationError) as exc:
        ratification_services.case_create(
            acting_user=secretary, title="Avtal", sending_organ=organ, description=f"Kontakt {NB_HYPHEN}"
        )
    _refused(exc, "description")


def test_justering_refuses_a_protocol_whose_attendance_or_decision_holds_a_personnummer(
    meeting: Meeting, secretary: Any, organ: Organ
) -> None:
    """Rows written before the gate existed (or by a path outside the services) are caught at justering."""
    item = meeting_services.item_create(acting_user=secretary, meeting=meeting, title="Budget")
    Attendance.objects.create(meeting=meeting, name="Gäst", note=f"Kom {EN_DASH}")
    meeting_services.meeting_mark_held(acting_user=secretary, meeting=meeting)
    with pytest.raises(ValidationError) as exc:
        meeting_services.justering_send(acting_user=secretary, meeting=meeting)
    assert "Närvaro Gäst" in _refused(exc)
    Attendance.objects.filter(meeting=meeting).delete()
    Decision.objects.create(organ=organ, meeting=meeting, agenda_item=item, decided_on=meeting.date, title=SPACED)
    with pytest.raises(ValidationError) as exc:
        meeting_services.justering_send(acting_user=secretary, meeting=meeting)
    assert "Beslut" in _refused(exc)


def test_a_confidential_paragraphs_internal_title_reaches_no_public_page_or_public_pdf(
    meeting: Meeting, secretary: Any, chair: Any, client: Client
) -> None:
    meeting_services.item_create(acting_user=secretary, meeting=meeting, title="Budget")
    secret = meeting_services.item_create(
        acting_user=secretary,
        meeting=meeting,
        title="Uppsägning av Kalle Karlsson",
        is_confidential=True,
        confidentiality_reference="39 kap. 3 § OSL",
        public_title="Personalärende",
    )
    _justerat(meeting, secretary, chair)
    page = client.get(reverse("meetings:meeting_detail", args=[meeting.pk])).content.decode()
    _title, pdf_html, _version = build_public_protocol(meeting_id=meeting.pk, extract_id=None, params={})
    for public in (page, pdf_html):
        assert "Kalle Karlsson" not in public
        assert "Personalärende" in public and "39 kap. 3 § OSL" in public
    assert secret.public_heading == "Personalärende"
    # Without a public heading the public still never sees the internal title.
    AgendaItem.objects.filter(pk=secret.pk).update(public_title="")
    secret.refresh_from_db()
    assert secret.public_heading == "Ärende med sekretess"


def test_a_decision_without_a_meeting_is_not_public_until_published_and_depublishing_needs_a_reason(
    organ: Organ, secretary: Any, client: Client
) -> None:
    decision = decision_services.decision_create(
        acting_user=secretary, organ=organ, title="Utkastbeslut om primärvård", decided_on=dt.date(2026, 1, 1)
    )
    detail = reverse("decisions:detail", args=[decision.pk])
    assert client.get(detail).status_code == 404
    assert "Utkastbeslut" not in client.get("/sok/?q=primärvård").content.decode()
    assert "Utkastbeslut" not in client.get("/api/papers/").content.decode()

    decision_services.decision_publish(acting_user=secretary, decision=decision)
    decision.refresh_from_db()
    assert decision.publication == Decision.Publication.PUBLICERAT
    assert decision.published_by == secretary and decision.published_at is not None
    assert client.get(detail).status_code == 200

    with pytest.raises(ValidationError) as exc:
        decision_services.decision_depublish(acting_user=secretary, decision=decision, reason=" ")
    assert "reason" in exc.value.message_dict
    decision_services.decision_depublish(acting_user=secretary, decision=decision, reason="Fel organ")
    decision.refresh_from_db()
    assert decision.depublish_reason == "Fel organ"
    assert client.get(detail).status_code == 404
    actions = list(AuditEntry.objects.filter(target_id=str(decision.pk)).values_list("action", flat=True))
    assert "decision.publish" in actions and "decision.depublish" in actions


def test_a_meetings_decision_becomes_public_with_the_justerat_protocol(
    meeting: Meeting, organ: Organ, secretary: Any, chair: Any, client: Client
) -> None:
    item = meeting_services.item_create(acting_user=secretary, meeting=meeting, title="Budget")
    decision = decision_services.decision_create(
        acting_user=secretary, organ=organ, title="Budgeten antas", decided_on=meeting.date, agenda_item=item
    )
    detail = reverse("decisions:detail", args=[decision.pk])
    assert client.get(detail).status_code == 404
    _justerat(meeting, secretary, chair)
    assert client.get(detail).status_code == 200
