"""Every write to meetings, agendas, attendance and protocols. Views call these; nothing else writes."""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.mail import send_mass_mail
from django.db import transaction
from django.db.models import F, Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from guardian.shortcuts import assign_perm, get_users_with_perms, remove_perm

from groups.models import Membership, Organ, Organisation, Person
from lgl_portal.audit.services import audit_record, model_changes
from lgl_portal.core.personnummer import ensure_no_personnummer
from lgl_portal.core.richtext import html_to_text, sanitize_html
from lgl_portal.core.uploads import validate_upload
from meetings.models import (
    AgendaItem,
    Attachment,
    Attendance,
    ItemRevision,
    JusteringSignature,
    Meeting,
    ParagraphComment,
    Presenter,
    ProtocolCorrection,
    ProtocolExtract,
    Recusal,
)

JUSTERA_PERM = "meetings.justera_meeting"
APPEAL_PERIOD = dt.timedelta(weeks=3)
# Kommunallagen 8 kap. 12 §: the anslag goes up no later than the second day after justering.
POSTING_GRACE_DAYS = 2


class EditConflict(Exception):
    """A save carried an older version than the database holds: someone else saved in between."""

    def __init__(self, current: AgendaItem, attempted: dict[str, str]) -> None:
        super().__init__("conflict")
        self.current = current
        self.attempted = attempted


def _record(*, acting_user: Any, action: str, target: Any, changes: dict[str, Any] | None = None) -> None:
    """Audit the write; audit_record also lets the anonymous page cache go stale, since meeting pages are public."""
    audit_record(acting_user=acting_user, action=action, target=target, changes=changes)


def _plain_to_html(value: str) -> str:
    """Text typed without the editor (no JavaScript) keeps its paragraphs and line breaks."""
    # The editor's output always opens with a block tag; typed text does not.
    if value.lstrip().startswith("<"):
        return value
    paragraphs = [p for p in re.split(r"\n\s*\n", value.strip()) if p.strip()]
    return "".join("<p>" + "<br>".join(html.escape(line) for line in p.splitlines()) + "</p>" for p in paragraphs)


def rich_text(value: str | None) -> str:
    return sanitize_html(_plain_to_html(value or ""))


def _locked_error() -> ValidationError:
    return ValidationError(_("Protokollet är justerat och låst."))


def _ensure_unlocked(meeting: Meeting) -> None:
    if meeting.is_locked:
        raise _locked_error()


def _ensure_editable(meeting: Meeting) -> None:
    """The signers read one version: while it is under justering nobody changes it under their eyes."""
    _ensure_unlocked(meeting)
    if meeting.status == Meeting.Status.UNDER_JUSTERING:
        raise ValidationError(
            _("Protokollet är under justering. Ändringar kan göras när det har återsänts till sekreteraren.")
        )


def _lock_meeting(meeting: Meeting) -> Meeting:
    """Re-read the meeting under a row lock so two requests cannot both pass a status check."""
    return Meeting.objects.select_for_update().select_related("organ").get(pk=meeting.pk)


def _meeting_url(meeting: Meeting) -> str:
    return settings.SITE_URL + reverse("meetings:meeting_detail", args=[meeting.pk])


def _send_after_commit(messages: list[tuple[str, str, str, list[str]]]) -> None:
    if messages:
        # robust: a mail server that is down is logged; it must not turn a saved change into an error page.
        transaction.on_commit(lambda: send_mass_mail(messages, fail_silently=False), robust=True)


def _person_email(person: Person) -> str:
    return person.email or (person.user.email if person.user_id else "")


# --- Meetings ---------------------------------------------------------------------------------------------


def _validate_times(start_time: dt.time | None, end_time: dt.time | None) -> None:
    if start_time and end_time and end_time <= start_time:
        raise ValidationError({"end_time": _("Sluttiden måste vara efter starttiden.")})


def _sync_justera_perms(meeting: Meeting) -> None:
    """The chair and the justerare of this meeting, and nobody else, may justera it."""
    wanted = set()
    if meeting.chair_id and meeting.chair.user_id:
        wanted.add(meeting.chair.user)
    for person in meeting.adjusters.select_related("user"):
        if person.user_id:
            wanted.add(person.user)
    current = set(get_users_with_perms(meeting, only_with_perms_in=["justera_meeting"], with_superusers=False))
    for user in wanted - current:
        assign_perm(JUSTERA_PERM, user, meeting)
    for user in current - wanted:
        remove_perm(JUSTERA_PERM, user, meeting)


MEETING_FIELDS = ("title", "date", "start_time", "end_time", "location", "video_link", "secretary", "chair")


@transaction.atomic
def meeting_create(
    *,
    acting_user: Any,
    organ: Organ,
    date: dt.date,
    title: str = "",
    start_time: dt.time | None = None,
    end_time: dt.time | None = None,
    location: str = "",
    video_link: str = "",
    secretary: Person | None = None,
    chair: Person | None = None,
    adjusters: Iterable[Person] = (),
    justering_place: str = "",
) -> Meeting:
    _validate_times(start_time, end_time)
    meeting = Meeting.objects.create(
        organ=organ,
        date=date,
        title=title,
        start_time=start_time,
        end_time=end_time,
        location=location,
        video_link=video_link,
        secretary=secretary,
        chair=chair,
        justering_place=justering_place,
        storage_place=organ.protocol_storage_place,
    )
    meeting.adjusters.set(list(adjusters))
    _sync_justera_perms(meeting)
    _record(acting_user=acting_user, action="meeting_create", target=meeting, changes={"date": date})
    return meeting


@transaction.atomic
def meeting_update(
    *, acting_user: Any, meeting: Meeting, adjusters: Iterable[Person] | None = None, **fields: Any
) -> Meeting:
    meeting = _lock_meeting(meeting)
    _ensure_editable(meeting)
    unknown = set(fields) - set(MEETING_FIELDS) - {"justering_place"}
    if unknown:
        raise ValueError(f"Okända fält: {sorted(unknown)}")
    _validate_times(fields.get("start_time", meeting.start_time), fields.get("end_time", meeting.end_time))
    changes = model_changes(meeting, fields)
    for name, value in fields.items():
        setattr(meeting, name, value)
    meeting.save()
    if adjusters is not None:
        meeting.adjusters.set(list(adjusters))
        changes["adjusters"] = [p.pk for p in meeting.adjusters.all()]
    _sync_justera_perms(meeting)
    _record(acting_user=acting_user, action="meeting_update", target=meeting, changes=changes)
    return meeting


@transaction.atomic
def meeting_plan_create(
    *,
    acting_user: Any,
    organ: Organ,
    dates: list[dt.date],
    start_time: dt.time | None = None,
    end_time: dt.time | None = None,
    location: str = "",
) -> list[Meeting]:
    """A year's sammanträdesplan in one go; a date that already has a meeting of the organ is skipped."""
    if not dates:
        raise ValidationError({"dates": _("Ange minst ett datum.")})
    _validate_times(start_time, end_time)
    existing = set(Meeting.objects.filter(organ=organ, date__in=dates).values_list("date", flat=True))
    created = []
    for day in sorted(set(dates) - existing):
        created.append(
            meeting_create(
                acting_user=acting_user,
                organ=organ,
                date=day,
                start_time=start_time,
                end_time=end_time,
                location=location,
            )
        )
    return created


@transaction.atomic
def kallelse_send(*, acting_user: Any, meeting: Meeting, message: str = "") -> int:
    """Mark the meeting kallat and e-mail every active member a link to the meeting page. Returns the count."""
    meeting = _lock_meeting(meeting)
    if meeting.status not in (Meeting.Status.PLANERAT, Meeting.Status.KALLAT):
        raise ValidationError(_("Kallelse kan bara skickas innan mötet har genomförts."))
    if not meeting.items.exists():
        raise ValidationError(_("Lägg till minst ett ärende på föredragningslistan innan kallelsen skickas."))
    members = Membership.objects.active_on(meeting.date).filter(organ=meeting.organ).select_related("person__user")
    recipients = sorted({e for e in (_person_email(m.person) for m in members) if e})
    subject = _("Kallelse: %(organ)s %(date)s") % {"organ": meeting.organ.name, "date": meeting.date.isoformat()}
    when = meeting.date.isoformat()
    if meeting.start_time:
        when += f" {meeting.start_time:%H:%M}" + (f"–{meeting.end_time:%H:%M}" if meeting.end_time else "")
    agenda = "\n".join(f"{it.position}. {it.title}" for it in meeting.items.order_by("position", "id"))
    body = _(
        "Välkommen till sammanträde med %(organ)s %(when)s%(place)s.\n\n%(message)s\n\n"
        "Föredragningslista:\n%(agenda)s\n\nHandlingar: %(url)s\n"
    ) % {
        "organ": meeting.organ.name,
        "when": when,
        "place": f", {meeting.location}" if meeting.location else "",
        "message": message,
        "agenda": agenda,
        "url": _meeting_url(meeting),
    }
    messages = [(subject, body, settings.DEFAULT_FROM_EMAIL, [to]) for to in recipients]
    meeting.status = Meeting.Status.KALLAT
    meeting.kallelse_sent_at = timezone.now()
    meeting.kallelse_message = message
    meeting.save(update_fields=["status", "kallelse_sent_at", "kallelse_message", "updated_at"])
    _record(acting_user=acting_user, action="kallelse_send", target=meeting, changes={"recipients": len(recipients)})
    _send_after_commit(messages)
    return len(recipients)


@transaction.atomic
def meeting_mark_held(*, acting_user: Any, meeting: Meeting) -> Meeting:
    meeting = _lock_meeting(meeting)
    if meeting.status not in (Meeting.Status.PLANERAT, Meeting.Status.KALLAT):
        raise ValidationError(_("Mötet kan inte markeras som genomfört i sin nuvarande status."))
    meeting.status = Meeting.Status.GENOMFORT
    meeting.save(update_fields=["status", "updated_at"])
    _record(acting_user=acting_user, action="meeting_mark_held", target=meeting)
    return meeting


# --- Agenda -----------------------------------------------------------------------------------------------


def _validate_item_fields(fields: dict[str, Any]) -> None:
    if fields.get("is_confidential") and not fields.get("confidentiality_reference", "").strip():
        raise ValidationError(
            {"confidentiality_reference": _("Ange sekretessgrunden (lagrum) för ett sekretessärende.")}
        )
    if fields.get("per_capsulam_date") and fields.get("kind") != AgendaItem.Kind.TILLAGG:
        raise ValidationError({"per_capsulam_date": _("Ett beslut per capsulam förs in som ärendetypen Tillägg.")})
    if not fields.get("title", "x").strip():
        raise ValidationError({"title": _("Ange en rubrik.")})


@transaction.atomic
def item_create(
    *,
    acting_user: Any,
    meeting: Meeting,
    title: str,
    kind: str = AgendaItem.Kind.INFORMATION,
    diarienummer: str = "",
    is_confidential: bool = False,
    confidentiality_reference: str = "",
    per_capsulam_date: dt.date | None = None,
) -> AgendaItem:
    meeting = _lock_meeting(meeting)
    _ensure_editable(meeting)
    fields = {
        "title": title,
        "kind": kind,
        "diarienummer": diarienummer,
        "is_confidential": is_confidential,
        "confidentiality_reference": confidentiality_reference,
        "per_capsulam_date": per_capsulam_date,
    }
    _validate_item_fields(fields)
    position = (meeting.items.aggregate(m=Max("position"))["m"] or 0) + 1
    item = AgendaItem.objects.create(meeting=meeting, organ=meeting.organ, position=position, **fields)
    _record(acting_user=acting_user, action="item_create", target=item, changes=fields)
    return item


@transaction.atomic
def item_update(*, acting_user: Any, item: AgendaItem, **fields: Any) -> AgendaItem:
    _ensure_editable(_lock_meeting(item.meeting))
    allowed = {"title", "kind", "diarienummer", "is_confidential", "confidentiality_reference", "per_capsulam_date"}
    if set(fields) - allowed:
        raise ValueError(f"Okända fält: {sorted(set(fields) - allowed)}")
    merged = {name: getattr(item, name) for name in allowed} | fields
    _validate_item_fields(merged)
    changes = model_changes(item, fields)
    AgendaItem.objects.filter(pk=item.pk).update(**fields, updated_by=acting_user, updated_at=timezone.now())
    item.refresh_from_db()
    _record(acting_user=acting_user, action="item_update", target=item, changes=changes)
    return item


@transaction.atomic
def item_move(*, acting_user: Any, item: AgendaItem, direction: str) -> AgendaItem:
    """Swap an item with its neighbour above or below on the föredragningslista."""
    meeting = _lock_meeting(item.meeting)
    _ensure_editable(meeting)
    if meeting.items.filter(paragraph_number__isnull=False).exists():
        raise ValidationError(_("Ordningen kan inte ändras när paragraferna har fått nummer."))
    items = list(meeting.items.order_by("position", "id"))
    index = next(i for i, it in enumerate(items) if it.pk == item.pk)
    other = index - 1 if direction == "up" else index + 1
    if direction not in ("up", "down") or not 0 <= other < len(items):
        return item
    items[index], items[other] = items[other], items[index]
    for position, it in enumerate(items, start=1):
        if it.position != position:
            AgendaItem.objects.filter(pk=it.pk).update(position=position)
    _record(acting_user=acting_user, action="item_move", target=item, changes={"direction": direction})
    item.refresh_from_db()
    return item


@transaction.atomic
def item_delete(*, acting_user: Any, item: AgendaItem) -> None:
    meeting = _lock_meeting(item.meeting)
    _ensure_editable(meeting)
    if item.paragraph_number:
        raise ValidationError(_("Ett ärende med paragrafnummer kan inte tas bort."))
    _record(acting_user=acting_user, action="item_delete", target=item, changes={"title": item.title})
    item.delete()
    for position, it in enumerate(meeting.items.order_by("position", "id"), start=1):
        if it.position != position:
            AgendaItem.objects.filter(pk=it.pk).update(position=position)


@transaction.atomic
def presenter_add(
    *,
    acting_user: Any,
    item: AgendaItem,
    person: Person | None = None,
    name: str = "",
    title: str = "",
    organisation_name: str = "",
) -> Presenter:
    _ensure_editable(_lock_meeting(item.meeting))
    if person is None and not name.strip():
        raise ValidationError({"name": _("Välj en person i portalen eller skriv in föredragarens namn.")})
    position = (item.presenters.aggregate(m=Max("position"))["m"] or 0) + 1
    presenter = Presenter.objects.create(
        item=item, person=person, name=name.strip(), title=title, organisation_name=organisation_name, position=position
    )
    _record(acting_user=acting_user, action="presenter_add", target=presenter)
    return presenter


@transaction.atomic
def presenter_remove(*, acting_user: Any, presenter: Presenter) -> None:
    _ensure_editable(_lock_meeting(presenter.item.meeting))
    _record(acting_user=acting_user, action="presenter_remove", target=presenter)
    presenter.delete()


@transaction.atomic
def attachment_add(
    *,
    acting_user: Any,
    item: AgendaItem,
    title: str,
    kind: str = Attachment.Kind.DOKUMENT,
    file: UploadedFile | None = None,
    url: str = "",
    is_public: bool = True,
) -> Attachment:
    """A handling: an uploaded file (checked before anything is stored) or a link such as a Bildspel."""
    _ensure_editable(_lock_meeting(item.meeting))
    if not title.strip():
        raise ValidationError({"title": _("Ange en titel.")})
    if file is None and not url:
        raise ValidationError({"file": _("Ladda upp en fil eller ange en länk.")})
    if file is not None and url:
        raise ValidationError({"url": _("Ange antingen en fil eller en länk, inte båda.")})
    content_type, size = "", 0
    if file is not None:
        try:
            content_type = validate_upload(file)
        except ValidationError as exc:
            raise ValidationError({"file": exc.messages}) from exc
        size = file.size or 0
    attachment = Attachment(
        item=item,
        title=title.strip(),
        kind=kind,
        url=url,
        content_type=content_type,
        size=size,
        is_public=is_public,
        uploaded_by=acting_user if getattr(acting_user, "is_authenticated", False) else None,
    )
    if file is not None:
        attachment.file.save(file.name, file, save=False)
    try:
        attachment.save()
        _record(acting_user=acting_user, action="attachment_add", target=attachment, changes={"title": title})
    except Exception:
        # Nothing half-saved: a file whose row did not land is removed again.
        if attachment.file:
            attachment.file.storage.delete(attachment.file.name)
        raise
    return attachment


@transaction.atomic
def attachment_remove(*, acting_user: Any, attachment: Attachment) -> None:
    _ensure_editable(_lock_meeting(attachment.item.meeting))
    _record(acting_user=acting_user, action="attachment_remove", target=attachment)
    stored = attachment.file
    attachment.delete()
    if stored:
        transaction.on_commit(lambda: stored.storage.delete(stored.name))


# --- Protocol text ----------------------------------------------------------------------------------------


def _text_snapshot(item: AgendaItem) -> dict[str, str]:
    return {name: getattr(item, name) for name in AgendaItem.TEXT_FIELDS}


@transaction.atomic
def item_text_save(*, acting_user: Any, item: AgendaItem, version: int, texts: dict[str, str]) -> AgendaItem:
    """Save protocol text only if nobody saved since `version`; otherwise raise EditConflict with both versions."""
    meeting = Meeting.objects.get(pk=item.meeting_id)
    _ensure_editable(meeting)
    unknown = set(texts) - set(AgendaItem.TEXT_FIELDS)
    if unknown:
        raise ValidationError(_("Okänt textfält: %(names)s") % {"names": ", ".join(sorted(unknown))})
    clean = {name: rich_text(value) for name, value in texts.items()}
    current = AgendaItem.objects.get(pk=item.pk)
    if all(getattr(current, name) == value for name, value in clean.items()):
        # Nothing new (a retry of a save that already landed, or identical text): no version, no conflict.
        return current
    if current.version != version:
        raise EditConflict(current=current, attempted=clean)
    rows = AgendaItem.objects.filter(pk=item.pk, version=version).update(
        **clean, version=F("version") + 1, updated_by=acting_user, updated_at=timezone.now()
    )
    if rows == 0:
        raise EditConflict(current=AgendaItem.objects.get(pk=item.pk), attempted=clean)
    saved = AgendaItem.objects.select_related("organ", "meeting").get(pk=item.pk)
    ItemRevision.objects.create(
        item=saved,
        version=saved.version,
        data=_text_snapshot(saved),
        created_by=acting_user if getattr(acting_user, "is_authenticated", False) else None,
    )
    _record(
        acting_user=acting_user,
        action="item_text_save",
        target=saved,
        changes={"fields": sorted(clean), "version": saved.version},
    )
    return saved


@transaction.atomic
def recusal_add(*, acting_user: Any, item: AgendaItem, person: Person, note: str = "") -> Recusal:
    _ensure_editable(_lock_meeting(item.meeting))
    if item.recusals.filter(person=person).exists():
        raise ValidationError({"person": _("Personen är redan antecknad som jävig i ärendet.")})
    recusal = Recusal.objects.create(item=item, person=person, note=note)
    _record(acting_user=acting_user, action="recusal_add", target=recusal)
    return recusal


# --- Attendance -------------------------------------------------------------------------------------------


@transaction.atomic
def attendance_add(
    *,
    acting_user: Any,
    meeting: Meeting,
    person: Person | None = None,
    name: str = "",
    title: str = "",
    organisation_name: str = "",
    role: str = Attendance.Role.BESLUTANDE,
    presence: str = Attendance.Presence.NARVARANDE,
    replaces: Person | None = None,
    from_item: AgendaItem | None = None,
    until_item: AgendaItem | None = None,
    note: str = "",
) -> Attendance:
    meeting = _lock_meeting(meeting)
    _ensure_editable(meeting)
    if person is None and not name.strip():
        raise ValidationError({"person": _("Välj en person eller skriv in ett namn.")})
    if person is not None and meeting.attendances.filter(person=person).exists():
        raise ValidationError({"person": _("Personen finns redan i närvarolistan.")})
    if role == Attendance.Role.ERSATTARE and replaces is None:
        raise ValidationError({"replaces": _("Ange vilken ledamot ersättaren tjänstgör för.")})
    if replaces is not None and replaces == person:
        raise ValidationError({"replaces": _("En person kan inte ersätta sig själv.")})
    for field, value in (("from_item", from_item), ("until_item", until_item)):
        if value is not None and value.meeting_id != meeting.pk:
            raise ValidationError({field: _("Ärendet hör inte till det här mötet.")})
    if from_item and until_item and from_item.position > until_item.position:
        raise ValidationError({"until_item": _("Till och med-ärendet kommer före från och med-ärendet.")})
    attendance = Attendance.objects.create(
        meeting=meeting,
        person=person,
        name=name.strip(),
        title=title,
        organisation_name=organisation_name,
        role=role,
        presence=presence,
        replaces=replaces,
        from_item=from_item,
        until_item=until_item,
        note=note,
    )
    _record(acting_user=acting_user, action="attendance_add", target=attendance, changes={"presence": presence})
    return attendance


@transaction.atomic
def attendance_remove(*, acting_user: Any, attendance: Attendance) -> None:
    _ensure_editable(_lock_meeting(attendance.meeting))
    _record(acting_user=acting_user, action="attendance_remove", target=attendance)
    attendance.delete()


@transaction.atomic
def attendance_prefill(*, acting_user: Any, meeting: Meeting) -> int:
    """Add every active member not yet listed as present in the room: the usual starting point at a meeting."""
    meeting = _lock_meeting(meeting)
    _ensure_editable(meeting)
    listed = set(meeting.attendances.exclude(person=None).values_list("person_id", flat=True))
    members = (
        Membership.objects.active_on(meeting.date)
        .filter(organ=meeting.organ)
        .exclude(role__in=[Membership.Role.SEKRETERARE, Membership.Role.SAMORDNARE, Membership.Role.ERSATTARE])
        .select_related("person")
        .order_by("person__name")
    )
    created = 0
    for membership in members:
        if membership.person_id in listed:
            continue
        listed.add(membership.person_id)
        Attendance.objects.create(meeting=meeting, person=membership.person)
        created += 1
    _record(acting_user=acting_user, action="attendance_prefill", target=meeting, changes={"added": created})
    return created


@transaction.atomic
def attendance_update(*, acting_user: Any, attendance: Attendance, presence: str, note: str = "") -> Attendance:
    _ensure_editable(_lock_meeting(attendance.meeting))
    changes = model_changes(attendance, {"presence": presence, "note": note})
    attendance.presence = presence
    attendance.note = note
    attendance.save(update_fields=["presence", "note"])
    _record(acting_user=acting_user, action="attendance_update", target=attendance, changes=changes)
    return attendance


# --- Justering --------------------------------------------------------------------------------------------


def _assign_paragraph_numbers(meeting: Meeting) -> None:
    """Give unnumbered items the next § of the organ and year, serialised on the organ row."""
    Organ.objects.select_for_update().get(pk=meeting.organ_id)
    year = meeting.date.year
    last = (
        AgendaItem.objects.filter(organ_id=meeting.organ_id, paragraph_year=year).aggregate(m=Max("paragraph_number"))[
            "m"
        ]
        or 0
    )
    for item in meeting.items.filter(paragraph_number__isnull=True).order_by("position", "id"):
        last += 1
        AgendaItem.objects.filter(pk=item.pk).update(paragraph_number=last, paragraph_year=year)


def _ensure_no_personnummer_in_public_text(items: list[AgendaItem]) -> None:
    """Justering makes the protocol public: the secretary must hear of a personnummer while the text can change.

    Confidential paragraphs are published only as heading and legal reference, so only their titles count.
    """
    labels = {f.name: str(f.verbose_name).capitalize() for f in AgendaItem._meta.fields}
    texts: dict[str, str] = {}
    for item in items:
        where = _("Ärende %(pos)s %(title)s") % {"pos": item.position, "title": item.title}
        texts[f"{where}, {labels['title']}"] = item.title
        if item.is_confidential:
            continue
        for name in AgendaItem.TEXT_FIELDS:
            texts[f"{where}, {labels[name]}"] = html_to_text(getattr(item, name))
    ensure_no_personnummer(texts)


@transaction.atomic
def justering_send(*, acting_user: Any, meeting: Meeting) -> Meeting:
    meeting = _lock_meeting(meeting)
    _ensure_editable(meeting)
    if meeting.status not in (Meeting.Status.KALLAT, Meeting.Status.GENOMFORT):
        raise ValidationError(_("Protokollet kan skickas för justering först när mötet är kallat eller genomfört."))
    if meeting.chair_id is None:
        raise ValidationError({"chair": _("Ange mötets ordförande innan protokollet skickas för justering.")})
    adjusters = list(meeting.adjusters.select_related("user"))
    if not adjusters:
        raise ValidationError({"adjusters": _("Utse minst en justerare innan protokollet skickas för justering.")})
    items = list(meeting.items.order_by("position", "id"))
    if not items:
        raise ValidationError(_("Protokollet har inga ärenden."))
    _ensure_no_personnummer_in_public_text(items)
    _assign_paragraph_numbers(meeting)
    round_no = (meeting.signatures.aggregate(m=Max("round"))["m"] or 0) + 1
    signers = [(meeting.chair, JusteringSignature.Role.ORDFORANDE)] + [
        (p, JusteringSignature.Role.JUSTERARE) for p in adjusters if p.pk != meeting.chair_id
    ]
    for person, role in signers:
        JusteringSignature.objects.create(
            meeting=meeting, person=person, role=role, round=round_no, protocol_version=meeting.protocol_version
        )
    meeting.status = Meeting.Status.UNDER_JUSTERING
    meeting.sent_for_justering_at = timezone.now()
    meeting.save(update_fields=["status", "sent_for_justering_at", "updated_at"])
    _sync_justera_perms(meeting)
    url = settings.SITE_URL + reverse("meetings:justering", args=[meeting.pk])
    subject = _("Protokoll att justera: %(organ)s %(date)s") % {
        "organ": meeting.organ.name,
        "date": meeting.date.isoformat(),
    }
    body = _("Protokollet är klart för justering. Läs, kommentera och godkänn eller återsänd det här: %(url)s\n") % {
        "url": url
    }
    recipients = [e for e in (_person_email(p) for p, _role in signers) if e]
    _send_after_commit([(subject, body, settings.DEFAULT_FROM_EMAIL, [to]) for to in recipients])
    _record(acting_user=acting_user, action="justering_send", target=meeting, changes={"round": round_no})
    return meeting


def _current_signature(meeting: Meeting, acting_user: Any) -> JusteringSignature:
    round_no = meeting.signatures.aggregate(m=Max("round"))["m"]
    signature = (
        meeting.signatures.select_for_update().filter(round=round_no, person__user=acting_user).first()
        if getattr(acting_user, "is_authenticated", False)
        else None
    )
    if signature is None:
        raise ValidationError(_("Du är inte ordförande eller justerare för det här protokollet."))
    return signature


@transaction.atomic
def justering_comment_add(*, acting_user: Any, item: AgendaItem, text: str) -> ParagraphComment:
    meeting = _lock_meeting(item.meeting)
    if meeting.status != Meeting.Status.UNDER_JUSTERING:
        raise ValidationError(_("Protokollet är inte under justering."))
    _current_signature(meeting, acting_user)
    if not text.strip():
        raise ValidationError({"text": _("Skriv en kommentar.")})
    comment = ParagraphComment.objects.create(item=item, author=acting_user, text=text.strip())
    _record(acting_user=acting_user, action="justering_comment_add", target=comment)
    return comment


@transaction.atomic
def justering_decide(*, acting_user: Any, meeting: Meeting, approve: bool, comment: str = "") -> Meeting:
    """Approve or return the protocol. The last approval makes it justerat, locks it and orders the PDFs."""
    meeting = _lock_meeting(meeting)
    if meeting.status != Meeting.Status.UNDER_JUSTERING:
        raise ValidationError(_("Protokollet är inte under justering."))
    signature = _current_signature(meeting, acting_user)
    if signature.status != JusteringSignature.Status.PENDING:
        raise ValidationError(_("Du har redan lämnat ditt besked för den här versionen."))
    if not approve and not comment.strip():
        raise ValidationError({"comment": _("Skriv vad som behöver ändras när du återsänder protokollet.")})
    signature.status = JusteringSignature.Status.APPROVED if approve else JusteringSignature.Status.RETURNED
    signature.comment = comment.strip()
    signature.decided_at = timezone.now()
    signature.decided_by = acting_user
    signature.save()
    _record(
        acting_user=acting_user,
        action="justering_approve" if approve else "justering_return",
        target=meeting,
        changes={"comment": comment},
    )
    if not approve:
        meeting.status = Meeting.Status.GENOMFORT
        meeting.save(update_fields=["status", "updated_at"])
        if meeting.secretary_id and _person_email(meeting.secretary):
            _send_after_commit(
                [
                    (
                        _("Protokollet har återsänts: %(meeting)s") % {"meeting": meeting},
                        comment,
                        settings.DEFAULT_FROM_EMAIL,
                        [_person_email(meeting.secretary)],
                    )
                ]
            )
        return meeting
    pending = meeting.signatures.filter(round=signature.round).exclude(status=JusteringSignature.Status.APPROVED)
    if not pending.exists():
        meeting.status = Meeting.Status.JUSTERAT
        meeting.justerat_at = timezone.now()
        meeting.save(update_fields=["status", "justerat_at", "updated_at"])
        _record(acting_user=acting_user, action="meeting_justerat", target=meeting)
        _request_protocol_documents(acting_user=acting_user, meeting=meeting)
    return meeting


def _request_protocol_documents(*, acting_user: Any, meeting: Meeting) -> None:
    from meetings.documents.models import DocumentJob
    from meetings.documents.services import document_request

    document_request(acting_user=acting_user, kind=DocumentJob.Kind.PROTOCOL, meeting=meeting)
    document_request(acting_user=acting_user, kind=DocumentJob.Kind.PUBLIC_PROTOCOL, meeting=meeting)


# --- After justering --------------------------------------------------------------------------------------


def appeal_last_day(posted_on: dt.date) -> dt.date:
    return posted_on + APPEAL_PERIOD


def earliest_removal(posted_on: dt.date) -> dt.date:
    """The notice may come down the day after the last day for laglighetsprövning."""
    return appeal_last_day(posted_on) + dt.timedelta(days=1)


@transaction.atomic
def meeting_post(
    *,
    acting_user: Any,
    meeting: Meeting,
    posted_on: dt.date,
    remove_on: dt.date | None = None,
    storage_place: str = "",
) -> Meeting:
    """Put the justerat protocol on the anslagstavla. Not a change to the protocol, so allowed when locked."""
    meeting = _lock_meeting(meeting)
    if meeting.status not in (Meeting.Status.JUSTERAT, Meeting.Status.ANSLAGET):
        raise ValidationError(_("Bara ett justerat protokoll kan anslås."))
    justerat_on = timezone.localtime(meeting.justerat_at).date()
    if posted_on < justerat_on:
        raise ValidationError({"posted_on": _("Anslaget kan inte sättas upp före justeringen.")})
    if meeting.organ.kommunallagen_rules:
        remove_on = remove_on or earliest_removal(posted_on)
        if remove_on < earliest_removal(posted_on):
            raise ValidationError(
                {
                    "remove_on": _(
                        "Anslaget får inte tas ned före utgången av tiden för laglighetsprövning (%(date)s)."
                    )
                    % {"date": appeal_last_day(posted_on).isoformat()}
                }
            )
    else:
        remove_on = remove_on or earliest_removal(posted_on)
    if remove_on <= posted_on:
        raise ValidationError({"remove_on": _("Nedtagningsdagen måste vara efter anslagsdagen.")})
    changes = model_changes(meeting, {"posted_on": posted_on, "remove_on": remove_on})
    meeting.posted_on = posted_on
    meeting.remove_on = remove_on
    meeting.storage_place = storage_place or meeting.storage_place or meeting.organ.protocol_storage_place
    meeting.status = Meeting.Status.ANSLAGET
    meeting.save(update_fields=["posted_on", "remove_on", "storage_place", "status", "updated_at"])
    _record(acting_user=acting_user, action="meeting_post", target=meeting, changes=changes)
    return meeting


def posted_late(meeting: Meeting) -> bool:
    """Posted later than the second day after justering (Kommunallagen 8 kap. 12 §)."""
    if not (meeting.posted_on and meeting.justerat_at):
        return False
    return meeting.posted_on > timezone.localtime(meeting.justerat_at).date() + dt.timedelta(days=POSTING_GRACE_DAYS)


def _protocol_snapshot(meeting: Meeting) -> dict[str, Any]:
    return {
        "protocol_version": meeting.protocol_version,
        "items": [
            {"id": it.pk, "paragraph": it.paragraph_label, "title": it.title, **_text_snapshot(it)}
            for it in meeting.items.select_related("organ").order_by("position")
        ],
    }


@transaction.atomic
def protocol_correction_create(
    *, acting_user: Any, meeting: Meeting, item: AgendaItem, reason: str, texts: dict[str, str]
) -> ProtocolCorrection:
    """A correction after justering: the old protocol kept as a snapshot, a new numbered version with a reason."""
    meeting = _lock_meeting(meeting)
    if not meeting.is_locked:
        raise ValidationError(_("Rättelser görs bara i justerade protokoll; ändra texten direkt i utkastet."))
    if not reason.strip():
        raise ValidationError({"reason": _("Ange skälet till rättelsen.")})
    if item.meeting_id != meeting.pk:
        raise ValidationError({"item": _("Ärendet hör inte till det här mötet.")})
    unknown = set(texts) - set(AgendaItem.TEXT_FIELDS)
    if unknown:
        raise ValidationError(_("Okänt textfält: %(names)s") % {"names": ", ".join(sorted(unknown))})
    new_version = meeting.protocol_version + 1
    correction = ProtocolCorrection.objects.create(
        meeting=meeting,
        version=new_version,
        reason=reason.strip(),
        snapshot=_protocol_snapshot(meeting),
        created_by=acting_user,
    )
    clean = {name: rich_text(value) for name, value in texts.items()}
    AgendaItem.objects.filter(pk=item.pk).update(
        **clean, version=F("version") + 1, updated_by=acting_user, updated_at=timezone.now()
    )
    saved = AgendaItem.objects.get(pk=item.pk)
    ItemRevision.objects.create(item=saved, version=saved.version, data=_text_snapshot(saved), created_by=acting_user)
    meeting.protocol_version = new_version
    meeting.save(update_fields=["protocol_version", "updated_at"])
    _record(
        acting_user=acting_user,
        action="protocol_correction_create",
        target=meeting,
        changes={"version": new_version, "reason": reason, "item": item.pk},
    )
    _request_protocol_documents(acting_user=acting_user, meeting=meeting)
    return correction


@transaction.atomic
def protocol_extract_create(
    *, acting_user: Any, meeting: Meeting, items: Iterable[AgendaItem], recipient: Organisation
) -> ProtocolExtract:
    meeting = _lock_meeting(meeting)
    if not meeting.is_locked:
        raise ValidationError(_("Protokollsutdrag kan göras först när protokollet är justerat."))
    chosen = list(items)
    if not chosen:
        raise ValidationError({"items": _("Välj minst en paragraf.")})
    if any(it.meeting_id != meeting.pk for it in chosen):
        raise ValidationError({"items": _("Paragrafen hör inte till det här mötet.")})
    extract = ProtocolExtract.objects.create(meeting=meeting, recipient=recipient, created_by=acting_user)
    extract.items.set(chosen)
    _record(
        acting_user=acting_user,
        action="protocol_extract_create",
        target=extract,
        changes={"items": [it.pk for it in chosen], "recipient": recipient},
    )
    from meetings.documents.models import DocumentJob
    from meetings.documents.services import document_request

    document_request(acting_user=acting_user, kind=DocumentJob.Kind.EXTRACT, extract=extract)
    return extract


# --- Reminders --------------------------------------------------------------------------------------------


@transaction.atomic
def late_justering_warn(*, today: dt.date | None = None) -> int:
    """E-mail the secretary once for each meeting not justerat within the warning period. Returns the count."""
    today = today or timezone.localdate()
    cutoff = today - dt.timedelta(days=settings.LGL_JUSTERING_WARNING_DAYS)
    late = (
        Meeting.objects.select_for_update(skip_locked=True, of=("self",))
        .filter(
            date__lt=cutoff,
            justering_warned_at__isnull=True,
            status__in=[Meeting.Status.GENOMFORT, Meeting.Status.UNDER_JUSTERING, Meeting.Status.KALLAT],
        )
        .select_related("organ", "secretary__user")
    )
    messages = []
    count = 0
    for meeting in late:
        recipient = _person_email(meeting.secretary) if meeting.secretary_id else ""
        if recipient:
            messages.append(
                (
                    _("Protokollet är inte justerat: %(meeting)s") % {"meeting": meeting},
                    _("Protokollet från %(date)s har inte justerats inom %(days)s dagar: %(url)s\n")
                    % {
                        "date": meeting.date.isoformat(),
                        "days": settings.LGL_JUSTERING_WARNING_DAYS,
                        "url": _meeting_url(meeting),
                    },
                    settings.DEFAULT_FROM_EMAIL,
                    [recipient],
                )
            )
        meeting.justering_warned_at = timezone.now()
        meeting.save(update_fields=["justering_warned_at"])
        _record(acting_user=None, action="late_justering_warn", target=meeting)
        count += 1
    _send_after_commit(messages)
    return count
