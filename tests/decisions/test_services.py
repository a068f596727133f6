from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from decisions import selectors, services
from decisions.models import Assignment, Summary, SummaryEvent
from lgl_portal.audit.models import AuditEntry
from tests.factories.decisions import AgendaItemFactory, AssignmentFactory, DecisionFactory, SummaryFactory
from tests.factories.groups import PersonFactory

pytestmark = pytest.mark.django_db


def test_a_saved_summary_is_not_public_until_it_is_published(secretary: Any, organ: Any) -> None:
    decision = DecisionFactory(organ=organ)
    summary = services.summary_save(acting_user=secretary, decision=decision, title="Nära vård", bullets="Godkänns.")
    assert not summary.is_published
    assert not selectors.public_summaries().filter(pk=summary.pk).exists()
    services.summary_publish(acting_user=secretary, summary=summary)
    summary.refresh_from_db()
    assert summary.is_published and summary.published_at and summary.updated_at
    assert selectors.public_summaries().filter(pk=summary.pk).exists()
    assert AuditEntry.objects.filter(action="summary.publish").count() == 1


def test_publishing_is_refused_when_the_text_holds_a_personnummer_and_says_where(secretary: Any, organ: Any) -> None:
    decision = DecisionFactory(organ=organ)
    summary = services.summary_save(
        acting_user=secretary, decision=decision, title="Ärende", background="<p>Gäller 811218-9876 i Kalmar.</p>"
    )
    with pytest.raises(ValidationError) as exc:
        services.summary_publish(acting_user=secretary, summary=summary)
    assert "background" in exc.value.message_dict
    assert "personnummer" in exc.value.message_dict["background"][0]
    assert "Bakgrund" in exc.value.message_dict["background"][0]
    summary.refresh_from_db()
    assert not summary.is_published


def test_summary_html_is_sanitised_before_saving(secretary: Any, organ: Any) -> None:
    decision = DecisionFactory(organ=organ)
    summary = services.summary_save(
        acting_user=secretary,
        decision=decision,
        title="T",
        background='<p onclick="x()">Text<script>alert(1)</script></p>',
    )
    assert "script" not in summary.background and "onclick" not in summary.background
    assert summary.background.startswith("<p>Text")


def test_depublishing_needs_a_reason_and_keeps_it_in_the_history(secretary: Any, organ: Any) -> None:
    summary = SummaryFactory(decision=DecisionFactory(organ=organ))
    with pytest.raises(ValidationError) as exc:
        services.summary_depublish(acting_user=secretary, summary=summary, reason="  ")
    assert "reason" in exc.value.message_dict
    services.summary_depublish(acting_user=secretary, summary=summary, reason="Fel organ angivet.")
    summary.refresh_from_db()
    assert not summary.is_published
    assert summary.depublish_reason == "Fel organ angivet."
    event = SummaryEvent.objects.get(summary=summary)
    assert event.action == SummaryEvent.Action.DEPUBLISHED and event.reason == "Fel organ angivet."


def test_a_republished_summary_keeps_its_first_publication_date(secretary: Any, organ: Any) -> None:
    summary = SummaryFactory(decision=DecisionFactory(organ=organ))
    first = summary.published_at
    services.summary_depublish(acting_user=secretary, summary=summary, reason="Rättas.")
    services.summary_publish(acting_user=secretary, summary=summary)
    summary.refresh_from_db()
    assert summary.published_at == first
    assert summary.updated_at > first


def test_a_summary_of_a_confidential_item_cannot_be_published(secretary: Any, organ: Any) -> None:
    item = AgendaItemFactory(meeting__organ=organ, is_confidential=True, confidentiality_reference="26 kap. 1 § OSL")
    decision = DecisionFactory(organ=organ, agenda_item=item, meeting=item.meeting)
    summary = services.summary_save(acting_user=secretary, decision=decision, title="Sekretess")
    with pytest.raises(ValidationError):
        services.summary_publish(acting_user=secretary, summary=summary)


def test_a_decision_on_another_organs_item_is_refused(secretary: Any, organ: Any) -> None:
    item = AgendaItemFactory()
    with pytest.raises(ValidationError) as exc:
        services.decision_create(
            acting_user=secretary, organ=organ, title="Beslut", decided_on=dt.date(2023, 9, 29), agenda_item=item
        )
    assert "agenda_item" in exc.value.message_dict


def test_an_uppdrag_needs_someone_to_carry_it_out(secretary: Any, organ: Any) -> None:
    decision = DecisionFactory(organ=organ)
    with pytest.raises(ValidationError) as exc:
        services.assignment_create(acting_user=secretary, decision=decision, description="Gör en plan.")
    assert "assignee_organ" in exc.value.message_dict
    assert not Assignment.objects.exists()


def test_an_uppdrag_reported_back_needs_the_item_where_it_was(secretary: Any, organ: Any) -> None:
    assignment = AssignmentFactory(decision=DecisionFactory(organ=organ), assignee_organ=organ)
    with pytest.raises(ValidationError) as exc:
        services.assignment_update(acting_user=secretary, assignment=assignment, status=Assignment.Status.AVRAPPORTERAT)
    assert "reported_back_item" in exc.value.message_dict
    item = AgendaItemFactory(meeting__organ=organ)
    services.assignment_update(
        acting_user=secretary, assignment=assignment, status=Assignment.Status.AVRAPPORTERAT, reported_back_item=item
    )
    assignment.refresh_from_db()
    assert assignment.reported_back_item == item


def test_the_reminder_is_sent_once_a_week_before_the_due_date(settings: Any, organ: Any, mail_at_commit: Any) -> None:
    settings.LGL_ASSIGNMENT_REMINDER_DAYS = 7
    today = dt.date(2026, 3, 1)
    person = PersonFactory(email="ansvarig@example.se")
    due_soon = AssignmentFactory(
        decision=DecisionFactory(organ=organ), assignee_person=person, due_date=today + dt.timedelta(days=7)
    )
    AssignmentFactory(
        decision=DecisionFactory(organ=organ), assignee_person=person, due_date=today + dt.timedelta(days=30)
    )
    AssignmentFactory(
        decision=DecisionFactory(organ=organ),
        assignee_person=person,
        due_date=today + dt.timedelta(days=2),
        status=Assignment.Status.AVSLUTAT,
    )
    with mail_at_commit():
        assert services.assignment_reminders_send(today=today) == 1
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["ansvarig@example.se"]
    assert due_soon.description in mail.outbox[0].body
    with mail_at_commit():
        assert services.assignment_reminders_send(today=today) == 0
    assert len(mail.outbox) == 1


def test_the_beat_task_sends_the_reminders(organ: Any) -> None:
    from decisions.tasks import remind_assignments_due

    person = PersonFactory(email="a@example.se")
    AssignmentFactory(decision=DecisionFactory(organ=organ), assignee_person=person)
    assert remind_assignments_due() == 1


def test_editing_a_published_summary_updates_senast_uppdaterad(secretary: Any, organ: Any) -> None:
    summary = SummaryFactory(decision=DecisionFactory(organ=organ))
    before = summary.updated_at
    services.summary_save(acting_user=secretary, decision=summary.decision, title="Ny rubrik", bullets="A\nB")
    summary = Summary.objects.get(pk=summary.pk)
    assert summary.updated_at > before
    assert summary.bullet_list == ["A", "B"]


def test_an_uppdrag_is_reminded_before_and_again_on_its_due_date_once_each(
    settings: Any, organ: Any, mail_at_commit: Any
) -> None:
    settings.LGL_ASSIGNMENT_REMINDER_DAYS = 7
    person = PersonFactory(email="ansvarig@example.se")
    due = dt.date(2026, 3, 10)
    AssignmentFactory(decision=DecisionFactory(organ=organ), assignee_person=person, due_date=due)
    days = [dt.date(2026, 3, 1), dt.date(2026, 3, 3), dt.date(2026, 3, 4), dt.date(2026, 3, 9), due, due]
    with mail_at_commit():
        sent = [services.assignment_reminders_send(today=day) for day in days]
    assert sent == [0, 1, 0, 0, 1, 0]
    assert [m.subject for m in mail.outbox] == [
        "Påminnelse: uppdrag ska redovisas 2026-03-10",
        "Påminnelse: uppdrag ska redovisas i dag 2026-03-10",
    ]
