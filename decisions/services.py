"""Every write of decisions, Beslut i korthet and uppdrag (the members' review is in `members.services`).

Each function is one transaction with an audit entry; `audit_record` also invalidates the cached public pages
(now and after commit), so no service here has to remember which pages show what.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from decisions import selectors
from decisions.models import (
    Area,
    Assignment,
    Decision,
    DecisionWithdrawal,
    MembershipDecision,
    Summary,
    SummaryEvent,
)
from groups.models import Membership, Organ, Organisation, Person
from lgl_portal.audit.services import audit_record, model_changes
from lgl_portal.core.mail import mail_send
from lgl_portal.core.model_update import UNSET, Unset, given, model_update
from lgl_portal.core.publication import gate_check
from lgl_portal.core.richtext import sanitize_html
from meetings.models import AgendaItem, DecisionPoint

# --- Decisions ------------------------------------------------------------------------------------------------


def _decision_fields_validate(*, organ: Organ, agenda_item: AgendaItem | None, title: str) -> None:
    errors: dict[str, str] = {}
    if not title.strip():
        errors["title"] = _("Ange en rubrik.")
    if agenda_item is not None and agenda_item.organ_id != organ.pk:
        errors["agenda_item"] = _("Ärendet hör till ett annat organ än beslutet.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def decision_create(
    *,
    acting_user: Any,
    organ: Organ,
    title: str,
    decided_on: dt.date,
    text: str = "",
    kind: str = Decision.Kind.BESLUT,
    paragraph_label: str = "",
    diarienummer: str = "",
    condition_text: str = "",
    status: str = Decision.Status.FATTAT,
    agenda_item: AgendaItem | None = None,
    decision_point: DecisionPoint | None = None,
    areas: list[Area] | None = None,
) -> Decision:
    _decision_fields_validate(organ=organ, agenda_item=agenda_item, title=title)
    if agenda_item is not None and Decision.objects.filter(agenda_item=agenda_item).exists():
        raise ValidationError({"agenda_item": _("Ärendet har redan ett registrerat beslut.")})
    meeting = agenda_item.meeting if agenda_item else None
    if decision_point is not None:
        # A point's decision names the point; the paragraph itself keeps room for a decision of its own.
        point_item = decision_point.item
        if agenda_item is not None and agenda_item.pk != point_item.pk:
            raise ValidationError({"decision_point": _("Beslutspunkten hör till ett annat ärende.")})
        if point_item.organ_id != organ.pk:
            raise ValidationError({"decision_point": _("Beslutspunkten hör till ett annat organ än beslutet.")})
        if Decision.objects.filter(decision_point=decision_point).exists():
            raise ValidationError({"decision_point": _("Beslutspunkten har redan ett registrerat beslut.")})
        agenda_item = None
        meeting = point_item.meeting
        if not paragraph_label:
            paragraph_label = _("%(paragraph)s, punkt %(n)s") % {
                "paragraph": point_item.paragraph_label or point_item.title,
                "n": decision_point.position,
            }
    if agenda_item is not None and not paragraph_label:
        paragraph_label = agenda_item.paragraph_label
    decision = Decision.objects.create(
        organ=organ,
        meeting=meeting,
        agenda_item=agenda_item,
        decision_point=decision_point,
        title=title.strip(),
        decided_on=decided_on,
        text=text.strip(),
        kind=kind,
        paragraph_label=paragraph_label.strip(),
        diarienummer=diarienummer.strip(),
        condition_text=condition_text.strip(),
        status=status,
    )
    if areas:
        decision.areas.set(areas)
    audit_record(
        acting_user=acting_user,
        action="decision.create",
        target=decision,
        changes={"title": title, "organ": organ, "decided_on": decided_on, "areas": [a.name for a in areas or []]},
    )
    return decision


DECISION_UPDATE_FIELDS = (
    "title",
    "text",
    "kind",
    "paragraph_label",
    "diarienummer",
    "condition_text",
    "status",
    "decided_on",
)


@transaction.atomic
def decision_update(
    *,
    acting_user: Any,
    decision: Decision,
    areas: list[Area] | None = None,
    title: str | Unset = UNSET,
    text: str | Unset = UNSET,
    kind: str | Unset = UNSET,
    paragraph_label: str | Unset = UNSET,
    diarienummer: str | Unset = UNSET,
    condition_text: str | Unset = UNSET,
    status: str | Unset = UNSET,
    decided_on: dt.date | Unset = UNSET,
) -> Decision:
    data = given(
        title=title,
        text=text,
        kind=kind,
        paragraph_label=paragraph_label,
        diarienummer=diarienummer,
        condition_text=condition_text,
        status=status,
        decided_on=decided_on,
    )
    _decision_fields_validate(
        organ=decision.organ, agenda_item=decision.agenda_item, title=data.get("title", decision.title)
    )
    changes = model_changes(decision, data)
    if selectors.decision_is_public(decision):
        # Already public: the new text passes the gate before it is saved.
        gate_check(decision, values={k: v.strip() if isinstance(v, str) else v for k, v in data.items()})
    model_update(instance=decision, fields=DECISION_UPDATE_FIELDS, data=data, strip_strings=True)
    if areas is not None:
        decision.areas.set(areas)
        changes["areas"] = [a.name for a in areas]
    if "decided_on" in data:
        Summary.objects.filter(decision=decision).update(decided_on=decision.decided_on)
    audit_record(acting_user=acting_user, action="decision.update", target=decision, changes=changes)
    return decision


@transaction.atomic
def decision_publish(*, acting_user: Any, decision: Decision) -> Decision:
    """Utkast → publicerat, with who and when; the text passes the publication gate first."""
    decision = (
        Decision.objects.select_for_update(of=("self",)).select_related("organ", "agenda_item").get(pk=decision.pk)
    )
    if decision.publication == Decision.Publication.PUBLICERAT:
        raise ValidationError({"title": _("Beslutet är redan publicerat.")})
    if decision.paragraph_item is not None and decision.paragraph_item.is_confidential:
        raise ValidationError({"title": _("Beslutet hör till ett ärende med sekretess och kan inte publiceras.")})
    if not decision.organ.is_public:
        raise ValidationError({"title": _("Organet är inte offentligt; dess beslut publiceras inte i portalen.")})
    gate_check(decision)
    decision.publication = Decision.Publication.PUBLICERAT
    decision.published_at = decision.published_at or timezone.now()
    decision.published_by = _user(acting_user)
    decision.depublish_reason = ""
    decision.save(update_fields=["publication", "published_at", "published_by", "depublish_reason", "updated_at"])
    audit_record(
        acting_user=acting_user, action="decision.publish", target=decision, changes={"publication": "publicerat"}
    )
    return decision


@transaction.atomic
def decision_depublish(*, acting_user: Any, decision: Decision, reason: str) -> Decision:
    """Take a decision off the public pages, search, feeds and API; the reason is kept, as for summaries."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Ange varför beslutet avpubliceras.")})
    decision = Decision.objects.select_for_update().get(pk=decision.pk)
    if decision.publication == Decision.Publication.AVPUBLICERAT:
        raise ValidationError({"reason": _("Beslutet är redan avpublicerat.")})
    before = decision.publication
    decision.publication = Decision.Publication.AVPUBLICERAT
    decision.depublish_reason = reason
    decision.save(update_fields=["publication", "depublish_reason", "updated_at"])
    audit_record(
        acting_user=acting_user,
        action="decision.depublish",
        target=decision,
        changes={"publication": [before, "avpublicerat"], "reason": reason},
    )
    return decision


@transaction.atomic
def membership_link_decision(*, acting_user: Any, membership: Membership, decision: Decision) -> Membership:
    """Record which decision made a membership change (seed 002 § 7)."""
    if membership.organ_id != decision.organ_id and decision.organ_id != membership.organ.parent_id:
        raise ValidationError({"decision": _("Beslutet är fattat av ett organ som inte styr detta organ.")})
    link = MembershipDecision.objects.select_for_update().filter(membership=membership).first()
    current = link or MembershipDecision(membership=membership)
    # Keyed "decided_by" as when the link was a field of Membership, so the audit log reads the same.
    changes = model_changes(current, {"decision": decision})
    if "decision" in changes:
        changes["decided_by"] = changes.pop("decision")
    MembershipDecision.objects.update_or_create(membership=membership, defaults={"decision": decision})
    audit_record(acting_user=acting_user, action="membership.link_decision", target=membership, changes=changes)
    return membership


# --- Beslut i korthet --------------------------------------------------------------------------------------------


def _summary_public_text_check(summary: Summary) -> None:
    gate_check(summary)


def _summary_publishable_check(summary: Summary) -> None:
    decision = summary.decision
    if decision.paragraph_item is not None and decision.paragraph_item.is_confidential:
        raise ValidationError({"title": _("Beslutet hör till ett ärende med sekretess och kan inte publiceras.")})
    if not decision.organ.is_public:
        raise ValidationError({"title": _("Organet är inte offentligt; dess beslut publiceras inte i portalen.")})
    if not summary.title.strip():
        raise ValidationError({"title": _("Ange en rubrik.")})


@transaction.atomic
def summary_save(
    *, acting_user: Any, decision: Decision, title: str, background: str = "", bullets: str = ""
) -> Summary:
    """Create or edit the summary. Editing a published one checks the text again and updates "Senast uppdaterad"."""
    if not title.strip():
        raise ValidationError({"title": _("Ange en rubrik.")})
    summary = Summary.objects.select_for_update().filter(decision=decision).first()
    fields = {"title": title.strip(), "background": sanitize_html(background), "bullets": bullets.strip()}
    changes: dict[str, Any]
    if summary is None:
        summary = Summary(
            decision=decision, organ=decision.organ, decided_on=decision.decided_on, created_by=acting_user
        )
        changes = fields
        action = "summary.create"
    else:
        changes = model_changes(summary, fields)
        action = "summary.update"
    for name, value in fields.items():
        setattr(summary, name, value)
    summary.organ = decision.organ
    summary.decided_on = decision.decided_on
    if summary.is_published:
        _summary_public_text_check(summary)
        summary.updated_at = timezone.now()
    summary.save()
    if summary.is_published and changes:
        SummaryEvent.objects.create(summary=summary, action=SummaryEvent.Action.UPDATED, by=_user(acting_user))
    audit_record(acting_user=acting_user, action=action, target=summary, changes=changes)
    return summary


@transaction.atomic
def summary_publish(*, acting_user: Any, summary: Summary) -> Summary:
    summary = (
        Summary.objects.select_for_update(of=("self",))
        .select_related("decision__agenda_item", "decision__organ")
        .get(pk=summary.pk)
    )
    if summary.is_published:
        raise ValidationError({"title": _("Sammanfattningen är redan publicerad.")})
    _summary_publishable_check(summary)
    _summary_public_text_check(summary)
    # Publishing the summary publishes its decision as well: the decision's text passes the same gate.
    gate_check(summary.decision)
    now = timezone.now()
    summary.is_published = True
    # "Publicerad" is the first publication; a republication after depublishing is an update.
    summary.published_at = summary.published_at or now
    summary.updated_at = now
    summary.depublish_reason = ""
    summary.save()
    # The paper's `modified` in the open API moves with its summary.
    Decision.objects.filter(pk=summary.decision_id).update(has_published_summary=True, updated_at=now)
    # Public again: no longer a tombstone for open-data clients.
    DecisionWithdrawal.objects.filter(decision_id=summary.decision_id).delete()
    SummaryEvent.objects.create(summary=summary, action=SummaryEvent.Action.PUBLISHED, by=_user(acting_user))
    audit_record(acting_user=acting_user, action="summary.publish", target=summary, changes={"is_published": True})
    return summary


@transaction.atomic
def summary_depublish(*, acting_user: Any, summary: Summary, reason: str) -> Summary:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Ange varför sammanfattningen avpubliceras.")})
    summary = Summary.objects.select_for_update().get(pk=summary.pk)
    if not summary.is_published:
        raise ValidationError({"reason": _("Sammanfattningen är inte publicerad.")})
    summary.is_published = False
    summary.depublish_reason = reason
    was_public = Decision.objects.filter(selectors.public_decision_q(), pk=summary.decision_id).exists()
    summary.save(update_fields=["is_published", "depublish_reason"])
    now = timezone.now()
    Decision.objects.filter(pk=summary.decision_id).update(has_published_summary=False, updated_at=now)
    if was_public and not Decision.objects.filter(selectors.public_decision_q(), pk=summary.decision_id).exists():
        # The decision was public only through this summary (protocol not yet justerat): record when it left,
        # so the open API can serve it as deleted to clients that already have it.
        DecisionWithdrawal.objects.update_or_create(decision_id=summary.decision_id, defaults={"withdrawn_at": now})
    SummaryEvent.objects.create(
        summary=summary, action=SummaryEvent.Action.DEPUBLISHED, reason=reason, by=_user(acting_user)
    )
    audit_record(
        acting_user=acting_user,
        action="summary.depublish",
        target=summary,
        changes={"is_published": [True, False], "reason": reason},
    )
    return summary


def _user(acting_user: Any) -> Any:
    return acting_user if getattr(acting_user, "is_authenticated", False) else None


# --- Uppdrag ----------------------------------------------------------------------------------------------------


def _assignment_validate(
    *,
    description: str,
    assignee_organ: Organ | None,
    assignee_person: Person | None,
    assignee_organisation: Organisation | None,
    reported_back_item: AgendaItem | None,
    status: str,
    decision: Decision,
) -> None:
    errors: dict[str, str] = {}
    if not description.strip():
        errors["description"] = _("Beskriv uppdraget.")
    if not (assignee_organ or assignee_person or assignee_organisation):
        errors["assignee_organ"] = _("Ange vem som har fått uppdraget: ett organ, en person eller en organisation.")
    if status == Assignment.Status.AVRAPPORTERAT and reported_back_item is None:
        errors["reported_back_item"] = _("Ange vid vilket ärende uppdraget återrapporterades.")
    if reported_back_item is not None and decision.meeting_id and reported_back_item.meeting.date < decision.decided_on:
        errors["reported_back_item"] = _("Återrapporteringen kan inte ligga före beslutet.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def assignment_create(
    *,
    acting_user: Any,
    decision: Decision,
    description: str,
    due_date: dt.date | None = None,
    assignee_organ: Organ | None = None,
    assignee_person: Person | None = None,
    assignee_organisation: Organisation | None = None,
    status: str = Assignment.Status.EJ_PABORJAT,
    reported_back_item: AgendaItem | None = None,
) -> Assignment:
    _assignment_validate(
        description=description,
        assignee_organ=assignee_organ,
        assignee_person=assignee_person,
        assignee_organisation=assignee_organisation,
        reported_back_item=reported_back_item,
        status=status,
        decision=decision,
    )
    assignment = Assignment.objects.create(
        decision=decision,
        description=description.strip(),
        due_date=due_date,
        assignee_organ=assignee_organ,
        assignee_person=assignee_person,
        assignee_organisation=assignee_organisation,
        status=status,
        reported_back_item=reported_back_item,
        created_by=_user(acting_user),
    )
    audit_record(
        acting_user=acting_user,
        action="assignment.create",
        target=assignment,
        changes={"description": description, "due_date": due_date, "status": status},
    )
    return assignment


ASSIGNMENT_UPDATE_FIELDS = (
    "description",
    "due_date",
    "assignee_organ",
    "assignee_person",
    "assignee_organisation",
    "status",
    "reported_back_item",
)


@transaction.atomic
def assignment_update(
    *,
    acting_user: Any,
    assignment: Assignment,
    description: str | Unset = UNSET,
    due_date: dt.date | Unset | None = UNSET,
    assignee_organ: Organ | Unset | None = UNSET,
    assignee_person: Person | Unset | None = UNSET,
    assignee_organisation: Organisation | Unset | None = UNSET,
    status: str | Unset = UNSET,
    reported_back_item: AgendaItem | Unset | None = UNSET,
) -> Assignment:
    data = given(
        description=description,
        due_date=due_date,
        assignee_organ=assignee_organ,
        assignee_person=assignee_person,
        assignee_organisation=assignee_organisation,
        status=status,
        reported_back_item=reported_back_item,
    )
    merged = {
        name: data.get(name, getattr(assignment, name)) for name in ASSIGNMENT_UPDATE_FIELDS if name != "due_date"
    }
    _assignment_validate(decision=assignment.decision, **merged)
    changes = model_changes(assignment, data)
    if "due_date" in changes:
        # A new due date deserves a new reminder.
        assignment.reminder_sent_at = None
    model_update(instance=assignment, fields=ASSIGNMENT_UPDATE_FIELDS, data=data)
    audit_record(acting_user=acting_user, action="assignment.update", target=assignment, changes=changes)
    return assignment


def _reminder_recipients(assignment: Assignment) -> list[str]:
    emails: list[str] = []
    if assignment.assignee_person and assignment.assignee_person.email:
        emails.append(assignment.assignee_person.email)
    if assignment.assignee_organisation and assignment.assignee_organisation.contact_email:
        emails.append(assignment.assignee_organisation.contact_email)
    # The organ's secretaries follow up every uppdrag their organ gave.
    secretaries = Person.objects.filter(
        memberships__organ=assignment.decision.organ,
        memberships__role__in=Membership.SECRETARY_ROLES,
        memberships__end_date__isnull=True,
    ).exclude(email="")
    emails += [p.email for p in secretaries]
    return sorted(set(emails))


@transaction.atomic
def assignment_reminders_send(*, today: dt.date | None = None) -> int:
    """E-mail a reminder for each open uppdrag: once within the reminder window and again on the due date."""
    today = today or timezone.localdate()
    sent = 0
    for assignment in selectors.assignments_due_for_reminder(today=today).select_for_update(of=("self",)):
        recipients = _reminder_recipients(assignment)
        due = assignment.due_date
        assert due is not None  # assignments_due_for_reminder selects by due date, so it is set
        if mail_send(
            to=recipients,
            subject_template="decisions/mail/assignment_reminder_subject.txt",
            body_template="decisions/mail/assignment_reminder_body.txt",
            context={
                "organ": assignment.decision.organ.name,
                "paragraph": assignment.decision.paragraph_label,
                "decided": assignment.decision.decided_on.isoformat(),
                "due": due.isoformat(),
                "today": due == today,
                "text": assignment.description,
            },
        ):
            sent += 1
        # Recorded on the day it was for, so a run with a fixed `today` (tests, a catch-up) dedupes the same way.
        assignment.reminder_sent_at = (
            timezone.now()
            if today == timezone.localdate()
            else timezone.make_aware(dt.datetime.combine(today, dt.time(12)))
        )
        assignment.save(update_fields=["reminder_sent_at"])
        audit_record(acting_user=None, action="assignment.remind", target=assignment, changes={"to": recipients})
    return sent
