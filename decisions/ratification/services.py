"""All writes to ratification cases and assembly decisions. Rules live here, with Swedish messages."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from decisions.models import Decision
from decisions.ratification.models import (
    AssemblyDecision,
    CaseEvent,
    ConditionalDecision,
    ProposalDocument,
    RatificationCase,
)
from decisions.ratification.selectors import assembly_of, cases_with_pending_reminders, principals_for_case
from groups.models import Organ, Organisation
from lgl_portal.audit.services import audit_record, model_changes
from lgl_portal.core.dates import long_date
from lgl_portal.core.mail import mail_send
from lgl_portal.core.publication import gate_check
from lgl_portal.core.uploads import validate_upload

Outcome = AssemblyDecision.Outcome
# Paths under /ratificering/ that a case's slug must not take.
RESERVED_SLUGS = {"nytt", "api"}


def _event(*, case: RatificationCase, text: str, acting_user: Any, row: AssemblyDecision | None = None) -> None:
    actor = acting_user if getattr(acting_user, "is_authenticated", False) else None
    CaseEvent.objects.create(case=case, assembly_decision=row, text=text[:500], actor=actor)


def _unique_slug(title: str) -> str:
    base = slugify(title)[:80].strip("-") or "arende"
    if base in RESERVED_SLUGS:
        base = f"{base}-arende"
    slug, n = base, 2
    while RatificationCase.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _add_required_row(*, case: RatificationCase, organisation: Organisation) -> AssemblyDecision:
    row, created = AssemblyDecision.objects.get_or_create(
        case=case, organisation=organisation, defaults={"assembly": assembly_of(organisation)}
    )
    if not created and row.removed_at is not None:
        row.removed_at = None
        row.version += 1
        row.save(update_fields=["removed_at", "version", "updated_at"])
    return row


# --- Cases ---------------------------------------------------------------------------------------------------


@transaction.atomic
def case_create(
    *,
    acting_user: Any,
    title: str,
    sending_organ: Organ,
    description: str = "",
    deadline: dt.date | None = None,
    originating_decision: Decision | None = None,
    organisations: list[Organisation] | None = None,
) -> RatificationCase:
    """Open a case; the required assemblies default to every principal of the sending organ's län."""
    title = title.strip()
    if not title:
        raise ValidationError({"title": _("Ange förslagets rubrik.")})
    if originating_decision is not None and originating_decision.organ_id != sending_organ.pk:
        raise ValidationError({"sending_organ": _("Beslutet är fattat av ett annat organ än det avsändande.")})
    case = RatificationCase.objects.create(
        title=title,
        slug=_unique_slug(title),
        description=description.strip(),
        deadline=deadline,
        county=sending_organ.county,
        sending_organ=sending_organ,
        originating_decision=originating_decision,
        created_by=acting_user if getattr(acting_user, "is_authenticated", False) else None,
    )
    gate_check(case)
    principals = list(principals_for_case(case=case))
    chosen = principals if organisations is None else [o for o in principals if o in set(organisations)]
    if not chosen:
        raise ValidationError({"organisations": _("Välj minst en huvudman vars fullmäktige ska besluta.")})
    for organisation in chosen:
        _add_required_row(case=case, organisation=organisation)
    if originating_decision is not None:
        # The decision that sent the proposal out is conditional on it: its pages show the case's state.
        ConditionalDecision.objects.get_or_create(decision=originating_decision, defaults={"case": case})
    _event(
        case=case,
        acting_user=acting_user,
        text=_("Ärendet skapades med %(n)s fullmäktige som ska besluta.") % {"n": len(chosen)},
    )
    audit_record(
        acting_user=acting_user,
        action="ratification_case_create",
        target=case,
        changes={"title": title, "organisations": [o.name for o in chosen], "deadline": deadline},
    )
    return case


@transaction.atomic
def case_update(
    *, acting_user: Any, case: RatificationCase, title: str, description: str, deadline: dt.date | None
) -> RatificationCase:
    title = title.strip()
    if not title:
        raise ValidationError({"title": _("Ange förslagets rubrik.")})
    fields = {"title": title, "description": description.strip(), "deadline": deadline}
    changes = model_changes(case, fields)
    for name, value in fields.items():
        setattr(case, name, value)
    gate_check(case)
    case.save()
    if "deadline" in changes:
        _event(
            case=case,
            acting_user=acting_user,
            text=_("Sista dag för beslut ändrades till %(date)s.")
            % {"date": long_date(deadline) if deadline else _("ingen")},
        )
    audit_record(acting_user=acting_user, action="ratification_case_update", target=case, changes=changes)
    return case


@transaction.atomic
def case_set_required(
    *, acting_user: Any, case: RatificationCase, organisations: list[Organisation]
) -> list[AssemblyDecision]:
    """Edit which principals' assemblies must decide. A removed row is kept (with what it said) but not counted."""
    allowed = {o.pk: o for o in principals_for_case(case=case)}
    wanted = {o.pk for o in organisations}
    if not wanted:
        raise ValidationError({"organisations": _("Minst en huvudman måste besluta i ärendet.")})
    if wanted - set(allowed):
        raise ValidationError({"organisations": _("Bara länets huvudmän kan vara med i ärendet.")})
    rows = {r.organisation_id: r for r in AssemblyDecision.objects.select_for_update().filter(case=case)}
    now = timezone.now()
    added, removed = [], []
    for pk in sorted(wanted):
        row = rows.get(pk)
        if row is None or row.removed_at is not None:
            _add_required_row(case=case, organisation=allowed[pk])
            added.append(allowed[pk].name)
    for pk, row in rows.items():
        if pk not in wanted and row.removed_at is None:
            row.removed_at = now
            row.version += 1
            row.save(update_fields=["removed_at", "version", "updated_at"])
            removed.append(row.organisation.name)
    if added:
        _event(
            case=case, acting_user=acting_user, text=_("Ska också besluta: %(names)s.") % {"names": ", ".join(added)}
        )
    if removed:
        _event(
            case=case,
            acting_user=acting_user,
            text=_("Behöver inte längre besluta: %(names)s.") % {"names": ", ".join(removed)},
        )
    audit_record(
        acting_user=acting_user,
        action="ratification_case_set_required",
        target=case,
        changes={"added": added, "removed": removed},
    )
    return list(AssemblyDecision.objects.filter(case=case, removed_at__isnull=True))


@transaction.atomic
def proposal_document_add(
    *, acting_user: Any, case: RatificationCase, title: str, file: UploadedFile
) -> ProposalDocument:
    title = title.strip()
    errors: dict[str, list[str]] = {}
    if not title:
        errors["title"] = [_("Ange handlingens rubrik.")]
    try:
        content_type = validate_upload(file)
    except ValidationError as exc:
        errors["file"] = exc.messages
    if errors:
        raise ValidationError(errors)
    document = ProposalDocument.objects.create(
        case=case,
        title=title,
        file=file,
        content_type=content_type,
        uploaded_by=acting_user if getattr(acting_user, "is_authenticated", False) else None,
    )
    gate_check(document)
    _event(case=case, acting_user=acting_user, text=_("Handlingen ”%(title)s” lades till.") % {"title": title})
    audit_record(acting_user=acting_user, action="ratification_document_add", target=document, changes={"title": title})
    return document


# --- Assembly decisions -------------------------------------------------------------------------------------


@dataclass
class Registration:
    """What a secretary enters for one assembly (the form's cleaned data)."""

    outcome: str
    decided_on: dt.date | None = None
    paragraph_label: str = ""
    case_number: str = ""
    justerat_on: dt.date | None = None
    posted_on: dt.date | None = None
    note: str = ""
    extract: UploadedFile | None = None
    # Överklagat (laglighetsprövning begärd); only the full registration form carries it, the day list does not.
    appealed_on: dt.date | None = None
    record_appeal: bool = False


def _validate_registration(data: Registration, *, today: dt.date) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if data.outcome not in Outcome.values:
        errors["outcome"] = [_("Välj vad fullmäktige beslutade.")]
    if data.decided_on is None and data.outcome and data.outcome != Outcome.EJ_BEHANDLAT:
        errors["decided_on"] = [_("Ange datum för beslutet. Bara ”ej behandlat” kan sakna datum.")]
    for name, value in (
        ("decided_on", data.decided_on),
        ("justerat_on", data.justerat_on),
        ("posted_on", data.posted_on),
    ):
        if value is not None and value > today:
            errors.setdefault(name, []).append(_("Datumet ligger i framtiden. Registrera beslutet när det är fattat."))
    if data.justerat_on and data.decided_on and data.justerat_on < data.decided_on:
        errors.setdefault("justerat_on", []).append(_("Protokollet kan inte justeras före beslutet."))
    if data.posted_on and data.justerat_on and data.posted_on < data.justerat_on:
        errors.setdefault("posted_on", []).append(_("Justeringen kan inte anslås före justeringen."))
    if data.posted_on and not data.justerat_on:
        errors.setdefault("justerat_on", []).append(_("Ange när protokollet justerades om du anger anslagsdatum."))
    if data.appealed_on is not None:
        if data.appealed_on > today:
            errors.setdefault("appealed_on", []).append(_("Datumet ligger i framtiden."))
        if not data.posted_on or data.appealed_on < data.posted_on:
            errors.setdefault("appealed_on", []).append(
                _("Ett överklagande räknas från anslaget: ange anslagsdatum som ligger före överklagandet.")
            )
    if data.extract is not None:
        try:
            validate_upload(data.extract, allowed=(".pdf",))
        except ValidationError as exc:
            errors["extract"] = exc.messages
    return errors


def _describe(row: AssemblyDecision) -> str:
    parts = [row.organisation.name, row.get_outcome_display().lower()]
    if row.decided_on:
        parts.append(long_date(row.decided_on))
    text = ": ".join(parts[:2]) + (f" {parts[2]}" if len(parts) > 2 else "")
    if row.paragraph_label:
        text += f", {row.paragraph_label}"
    return text


def _apply_registration(
    *, acting_user: Any, row_id: int, expected_version: int, data: Registration, today: dt.date
) -> AssemblyDecision:
    # The row lock serialises two secretaries; the version tells the later one that the row moved under them.
    row = AssemblyDecision.objects.select_for_update().select_related("organisation", "case").get(pk=row_id)
    if row.removed_at is not None:
        raise ValidationError(
            {"outcome": _("%(name)s behöver inte längre besluta i ärendet.") % {"name": row.organisation}}
        )
    if row.version != expected_version:
        # Named by name, never by username.
        user = row.registered_by
        person = getattr(user, "person", None) if user is not None else None
        by = (person.name if person else (user.get_full_name() if user is not None else "")) or _("någon annan")
        raise ValidationError(
            {
                "version": _(
                    "Beslutet för %(name)s har just ändrats av %(by)s. Dina uppgifter sparades inte: "
                    "läs det som nu är registrerat och gör om ändringen om den fortfarande behövs."
                )
                % {"name": row.organisation, "by": by}
            }
        )
    errors = _validate_registration(data, today=today)
    if errors:
        raise ValidationError(errors)
    fields: dict[str, Any] = {
        "outcome": data.outcome,
        "decided_on": data.decided_on,
        "paragraph_label": data.paragraph_label.strip(),
        "case_number": data.case_number.strip(),
        "justerat_on": data.justerat_on,
        "posted_on": data.posted_on,
        "note": data.note.strip(),
    }
    if data.record_appeal:
        fields["appealed_on"] = data.appealed_on
    changes = model_changes(row, fields)
    if not changes and data.extract is None:
        return row
    for name, value in fields.items():
        setattr(row, name, value)
    if {"outcome", "decided_on"} & set(changes):
        # A confirmation of "samma beslut" was about the decision as it read then.
        row.change_confirmed_by = None
        row.change_confirmed_at = None
    if data.extract is not None:
        row.extract_content_type = validate_upload(data.extract, allowed=(".pdf",))
        row.extract.save(data.extract.name or "protokollsutdrag.pdf", data.extract, save=False)
        changes["extract"] = [None, row.extract.name]
    row.registered_by = acting_user if getattr(acting_user, "is_authenticated", False) else None
    row.registered_at = timezone.now()
    row.version += 1
    gate_check(row)
    row.save()
    _event(case=row.case, acting_user=acting_user, row=row, text=_("Registrerat: %(what)s.") % {"what": _describe(row)})
    audit_record(acting_user=acting_user, action="ratification_assembly_register", target=row, changes=changes)
    return row


@transaction.atomic
def assembly_decision_register(
    *,
    acting_user: Any,
    assembly_decision: AssemblyDecision,
    expected_version: int,
    data: Registration,
    today: dt.date | None = None,
) -> AssemblyDecision:
    return _apply_registration(
        acting_user=acting_user,
        row_id=assembly_decision.pk,
        expected_version=expected_version,
        data=data,
        today=today or timezone.localdate(),
    )


@dataclass
class DayEntry:
    assembly_decision_id: int
    expected_version: int
    outcome: str
    paragraph_label: str = ""
    case_number: str = ""


@transaction.atomic
def assembly_decisions_register_day(
    *,
    acting_user: Any,
    case: RatificationCase,
    decided_on: dt.date | None,
    entries: list[DayEntry],
    today: dt.date | None = None,
) -> list[AssemblyDecision]:
    """Several assemblies decided the same day: all are saved, or none (errors keyed `<row id>-<field>`)."""
    today = today or timezone.localdate()
    if decided_on is None:
        raise ValidationError({"decided_on": _("Ange dagen då fullmäktige beslutade.")})
    if decided_on > today:
        raise ValidationError({"decided_on": _("Datumet ligger i framtiden. Registrera beslutet när det är fattat.")})
    chosen = [e for e in entries if e.outcome]
    if not chosen:
        raise ValidationError({"decided_on": _("Välj utfall för minst ett fullmäktige.")})
    valid_ids = set(AssemblyDecision.objects.filter(case=case).values_list("pk", flat=True))
    errors: dict[str, list[str]] = {}
    saved: list[AssemblyDecision] = []
    for entry in chosen:
        if entry.assembly_decision_id not in valid_ids:
            raise ValidationError({"decided_on": _("Ett av fullmäktige hör inte till ärendet.")})
        data = Registration(
            outcome=entry.outcome,
            decided_on=None if entry.outcome == Outcome.EJ_BEHANDLAT else decided_on,
            paragraph_label=entry.paragraph_label,
            case_number=entry.case_number,
        )
        try:
            # A savepoint per row keeps the loop going to collect every error before the whole batch rolls back.
            with transaction.atomic():
                saved.append(
                    _apply_registration(
                        acting_user=acting_user,
                        row_id=entry.assembly_decision_id,
                        expected_version=entry.expected_version,
                        data=data,
                        today=today,
                    )
                )
        except ValidationError as exc:
            for field_name, messages in exc.message_dict.items():
                errors.setdefault(f"{entry.assembly_decision_id}-{field_name}", []).extend(messages)
    if errors:
        raise ValidationError(errors)
    return saved


@transaction.atomic
def assembly_decision_confirm_change(
    *, acting_user: Any, assembly_decision: AssemblyDecision, expected_version: int
) -> AssemblyDecision:
    """A secretary confirms that a bifall med ändring is still the same decision, so it counts as bifall."""
    row = (
        AssemblyDecision.objects.select_for_update().select_related("organisation", "case").get(pk=assembly_decision.pk)
    )
    if row.version != expected_version:
        raise ValidationError(
            {"version": _("Beslutet har just ändrats av någon annan. Läs det igen innan du bekräftar.")}
        )
    if row.outcome != Outcome.BIFALL_MED_ANDRING or row.change_confirmed_at is not None:
        raise ValidationError({"version": _("Det finns ingen ändring att bekräfta.")})
    row.change_confirmed_by = acting_user if getattr(acting_user, "is_authenticated", False) else None
    row.change_confirmed_at = timezone.now()
    row.version += 1
    row.save(update_fields=["change_confirmed_by", "change_confirmed_at", "version", "updated_at"])
    _event(
        case=row.case,
        acting_user=acting_user,
        row=row,
        text=_("Granskat: ändringen i %(name)s beslut bedöms som samma beslut och räknas som bifall.")
        % {"name": row.organisation.name},
    )
    audit_record(acting_user=acting_user, action="ratification_assembly_confirm_change", target=row, changes={})
    return row


# --- Reminders -------------------------------------------------------------------------------------------------


def reminders_send(*, today: dt.date | None = None) -> int:
    """E-mail each pending principal's contact once per case, a set number of days before the deadline."""
    today = today or timezone.localdate()
    days = settings.LGL_RATIFICATION_REMINDER_DAYS
    sent = 0
    for candidate_id in list(cases_with_pending_reminders(today=today, days=days).values_list("pk", flat=True)):
        sent += _remind_one(row_id=candidate_id, today=today)
    return sent


@transaction.atomic
def _remind_one(*, row_id: int, today: dt.date) -> int:
    # skip_locked: a second beat worker never sends the same reminder twice.
    row = (
        AssemblyDecision.objects.select_for_update(skip_locked=True, of=("self",))
        .select_related("organisation", "case")
        .filter(pk=row_id, reminder_sent_at__isnull=True)
        .first()
    )
    if row is None:
        return 0
    row.reminder_sent_at = timezone.now()
    row.save(update_fields=["reminder_sent_at"])
    address = row.organisation.contact_email
    if not address:
        _event(
            case=row.case,
            acting_user=None,
            row=row,
            text=_("Ingen påminnelse kunde skickas till %(name)s: e-postadress saknas.")
            % {"name": row.organisation.name},
        )
        return 0
    deadline = long_date(row.case.deadline)
    mail_send(
        to=[address],
        subject_template="ratification/mail/reminder_subject.txt",
        body_template="ratification/mail/reminder_body.txt",
        context={
            "name": row.organisation.name,
            "title": row.case.title,
            "deadline": deadline,
            "url": f"{settings.SITE_URL}/ratificering/{row.case.slug}/",
        },
    )
    _event(
        case=row.case,
        acting_user=None,
        row=row,
        text=_("Påminnelse skickad till %(name)s.") % {"name": row.organisation.name},
    )
    audit_record(acting_user=None, action="ratification_reminder_send", target=row, changes={"to": address})
    return 1
