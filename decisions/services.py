"""Every write of decisions, Beslut i korthet, uppdrag and the members' review.

Each function is one transaction with an audit entry; `audit_record` also invalidates the cached public pages
(now and after commit), so no service here has to remember which pages show what.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from decisions import selectors
from decisions.models import (
    Area,
    Assignment,
    Decision,
    DecisionWithdrawal,
    MemberQuestion,
    PrivateNote,
    ReadMark,
    Summary,
    SummaryEvent,
)
from groups.models import Membership, Organ, Organisation, Person
from lgl_portal.audit.services import audit_record, model_changes
from lgl_portal.core.personnummer import findings_message, scan_fields
from lgl_portal.core.richtext import html_to_text, sanitize_html
from meetings.models import AgendaItem

MAX_NOTE_LENGTH = 10000
MAX_QUESTION_LENGTH = 4000


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
    areas: list[Area] | None = None,
) -> Decision:
    _decision_fields_validate(organ=organ, agenda_item=agenda_item, title=title)
    if agenda_item is not None and Decision.objects.filter(agenda_item=agenda_item).exists():
        raise ValidationError({"agenda_item": _("Ärendet har redan ett registrerat beslut.")})
    if agenda_item is not None and not paragraph_label:
        paragraph_label = agenda_item.paragraph_label
    decision = Decision.objects.create(
        organ=organ,
        meeting=agenda_item.meeting if agenda_item else None,
        agenda_item=agenda_item,
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


@transaction.atomic
def decision_update(
    *, acting_user: Any, decision: Decision, areas: list[Area] | None = None, **fields: Any
) -> Decision:
    allowed = {"title", "text", "kind", "paragraph_label", "diarienummer", "condition_text", "status", "decided_on"}
    unknown = set(fields) - allowed
    if unknown:
        raise ValidationError(_("Okända fält: %(f)s") % {"f": ", ".join(sorted(unknown))})
    _decision_fields_validate(
        organ=decision.organ, agenda_item=decision.agenda_item, title=fields.get("title", decision.title)
    )
    changes = model_changes(decision, fields)
    for name, value in fields.items():
        setattr(decision, name, value.strip() if isinstance(value, str) else value)
    decision.save()
    if areas is not None:
        decision.areas.set(areas)
        changes["areas"] = [a.name for a in areas]
    if "decided_on" in fields:
        Summary.objects.filter(decision=decision).update(decided_on=decision.decided_on)
    audit_record(acting_user=acting_user, action="decision.update", target=decision, changes=changes)
    return decision


@transaction.atomic
def membership_link_decision(*, acting_user: Any, membership: Membership, decision: Decision) -> Membership:
    """Record which decision made a membership change (seed 002 § 7)."""
    if membership.organ_id != decision.organ_id and decision.organ_id != membership.organ.parent_id:
        raise ValidationError({"decision": _("Beslutet är fattat av ett organ som inte styr detta organ.")})
    changes = model_changes(membership, {"decided_by": decision})
    membership.decided_by = decision
    membership.save(update_fields=["decided_by"])
    audit_record(acting_user=acting_user, action="membership.link_decision", target=membership, changes=changes)
    return membership


# --- Beslut i korthet --------------------------------------------------------------------------------------------


def _summary_public_text_check(summary: Summary) -> None:
    findings = scan_fields(
        {
            _("Rubrik"): summary.title,
            _("Bakgrund"): html_to_text(summary.background),
            _("Beslutspunkter"): summary.bullets,
        }
    )
    if findings:
        # Under the field that holds the first finding, so the secretary sees where.
        field = {_("Rubrik"): "title", _("Bakgrund"): "background", _("Beslutspunkter"): "bullets"}[findings[0].field]
        raise ValidationError({field: findings_message(findings)})


def _summary_publishable_check(summary: Summary) -> None:
    decision = summary.decision
    if decision.agenda_item_id and decision.agenda_item.is_confidential:
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


@transaction.atomic
def assignment_update(*, acting_user: Any, assignment: Assignment, **fields: Any) -> Assignment:
    allowed = {
        "description",
        "due_date",
        "assignee_organ",
        "assignee_person",
        "assignee_organisation",
        "status",
        "reported_back_item",
    }
    if set(fields) - allowed:
        raise ValidationError(_("Okända fält."))
    merged = {name: fields.get(name, getattr(assignment, name)) for name in allowed - {"due_date"}}
    _assignment_validate(decision=assignment.decision, **merged)
    changes = model_changes(assignment, fields)
    for name, value in fields.items():
        setattr(assignment, name, value)
    if "due_date" in changes:
        # A new due date deserves a new reminder.
        assignment.reminder_sent_at = None
    assignment.save()
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
    """E-mail a reminder for each open uppdrag due within the reminder window; each is reminded once."""
    today = today or timezone.localdate()
    sent = 0
    for assignment in selectors.assignments_due_for_reminder(today=today).select_for_update(of=("self",)):
        recipients = _reminder_recipients(assignment)
        if recipients:
            send_mail(
                subject=_("Påminnelse: uppdrag ska redovisas %(date)s") % {"date": assignment.due_date.isoformat()},
                message=_(
                    "Uppdraget från %(organ)s (%(paragraph)s, %(decided)s) ska redovisas senast %(due)s:\n\n%(text)s"
                )
                % {
                    "organ": assignment.decision.organ.name,
                    "paragraph": assignment.decision.paragraph_label,
                    "decided": assignment.decision.decided_on.isoformat(),
                    "due": assignment.due_date.isoformat(),
                    "text": assignment.description,
                },
                from_email=None,
                recipient_list=recipients,
            )
            sent += 1
        assignment.reminder_sent_at = timezone.now()
        assignment.save(update_fields=["reminder_sent_at"])
        audit_record(acting_user=None, action="assignment.remind", target=assignment, changes={"to": recipients})
    return sent


# --- Members' review ------------------------------------------------------------------------------------------


@transaction.atomic
def read_mark_toggle(*, acting_user: Any, item: AgendaItem, read: bool | None = None) -> bool:
    """Mark (or unmark) an item as read by the user; returns whether it is now read."""
    existing = ReadMark.objects.filter(user=acting_user, item=item)
    target = (not existing.exists()) if read is None else read
    if target:
        try:
            with transaction.atomic():
                ReadMark.objects.get_or_create(user=acting_user, item=item)
        except IntegrityError:
            pass  # a double click: already marked
    else:
        existing.delete()
    audit_record(acting_user=acting_user, action="review.read_mark", target=item, changes={"read": target})
    return target


@transaction.atomic
def private_note_save(*, acting_user: Any, item: AgendaItem, text: str) -> PrivateNote | None:
    """Save the user's own note on the item; an empty text deletes it. The audit keeps no note text."""
    text = (text or "").strip()
    if len(text) > MAX_NOTE_LENGTH:
        raise ValidationError({"text": _("Anteckningen får vara högst %(n)s tecken.") % {"n": MAX_NOTE_LENGTH}})
    if not text:
        PrivateNote.objects.filter(author=acting_user, item=item).delete()
        audit_record(acting_user=acting_user, action="review.note_delete", target=item, changes={})
        return None
    note, _created = PrivateNote.objects.update_or_create(author=acting_user, item=item, defaults={"text": text})
    # Only the length: the note itself is private even from those who read the audit log.
    audit_record(acting_user=acting_user, action="review.note_save", target=item, changes={"length": len(text)})
    return note


@transaction.atomic
def member_question_ask(*, acting_user: Any, item: AgendaItem, text: str, addressed_to: str) -> MemberQuestion:
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Skriv din fråga.")})
    if len(text) > MAX_QUESTION_LENGTH:
        raise ValidationError({"text": _("Frågan får vara högst %(n)s tecken.") % {"n": MAX_QUESTION_LENGTH}})
    if addressed_to not in MemberQuestion.AddressedTo.values:
        raise ValidationError({"addressed_to": _("Välj vem frågan ställs till.")})
    question = MemberQuestion.objects.create(author=acting_user, item=item, text=text, addressed_to=addressed_to)
    audit_record(
        acting_user=acting_user, action="review.question", target=question, changes={"addressed_to": addressed_to}
    )
    return question


@transaction.atomic
def member_question_mark_answered(*, acting_user: Any, question: MemberQuestion) -> MemberQuestion:
    question.answered_at = question.answered_at or timezone.now()
    question.save(update_fields=["answered_at"])
    audit_record(acting_user=acting_user, action="review.question_answered", target=question, changes={})
    return question
