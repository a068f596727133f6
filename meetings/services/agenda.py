"""Writes to the föredragningslista: items, their order, föredragare, handlingar and jäv."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from groups.models import Person
from lgl_portal.audit.services import model_changes
from lgl_portal.core.model_update import UNSET, Unset, given, model_update
from lgl_portal.core.publication import gate_check
from lgl_portal.core.uploads import validate_upload
from meetings.models import (
    AgendaItem,
    Attachment,
    Ballot,
    Meeting,
    MemberStatement,
    Presenter,
    Recusal,
)
from meetings.services._shared import _ensure_editable, _lock_meeting, _record

# The agenda is public once the meeting is called: these item fields pass the gate on every save. The protocol
# texts pass it at justering (they are drafts until then) and at each rättelse.
ITEM_AGENDA_FIELDS = ("title", "public_title", "diarienummer", "confidentiality_reference", "handling_reason")


def _validate_item_fields(fields: dict[str, Any]) -> None:
    if fields.get("is_confidential") and not fields.get("confidentiality_reference", "").strip():
        raise ValidationError(
            {"confidentiality_reference": _("Ange sekretessgrunden (lagrum) för ett sekretessärende.")}
        )
    if fields.get("per_capsulam_date") and fields.get("kind") != AgendaItem.Kind.TILLAGG:
        raise ValidationError({"per_capsulam_date": _("Ett beslut per capsulam förs in som ärendetypen Tillägg.")})
    if not fields.get("title", "x").strip():
        raise ValidationError({"title": _("Ange en rubrik.")})
    _validate_handling(fields)


def _validate_handling(fields: dict[str, Any]) -> None:
    """Utgår and bordläggs (issue 13) print their reason and give no decision."""
    handling = fields.get("handling", "")
    if handling not in AgendaItem.Handling.values:
        raise ValidationError({"handling": _("Välj hur ärendet handläggs.")})
    if not handling:
        return
    if not fields.get("handling_reason", "").strip():
        message = {
            AgendaItem.Handling.UTGAR: _("Ange skälet till att ärendet utgår."),
            AgendaItem.Handling.BORDLAGGS: _("Ange skälet till att ärendet bordläggs."),
        }[handling]
        raise ValidationError({"handling_reason": message})
    if fields.get("decision_text", "").strip():
        raise ValidationError(
            {"handling": _("Ett ärende som utgår eller bordläggs får inget beslut: ta först bort beslutstexten.")}
        )


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
    public_title: str = "",
    per_capsulam_date: dt.date | None = None,
    handling: str = "",
    handling_reason: str = "",
    is_justerare_choice: bool = False,
) -> AgendaItem:
    meeting = _lock_meeting(meeting)
    _ensure_editable(meeting)
    fields = {
        "title": title,
        "kind": kind,
        "diarienummer": diarienummer,
        "is_confidential": is_confidential,
        "confidentiality_reference": confidentiality_reference,
        "public_title": public_title.strip(),
        "per_capsulam_date": per_capsulam_date,
        "handling": handling,
        "handling_reason": handling_reason.strip() if handling else "",
        "is_justerare_choice": is_justerare_choice,
    }
    _validate_item_fields(fields)
    position = (meeting.items.aggregate(m=Max("position"))["m"] or 0) + 1
    item = AgendaItem.objects.create(meeting=meeting, organ=meeting.organ, position=position, **fields)
    gate_check(item, only=ITEM_AGENDA_FIELDS)
    _record(acting_user=acting_user, action="item_create", target=item, changes=fields)
    return item


ITEM_UPDATE_FIELDS = (
    "title",
    "kind",
    "diarienummer",
    "is_confidential",
    "confidentiality_reference",
    "public_title",
    "per_capsulam_date",
    "handling",
    "handling_reason",
    "is_justerare_choice",
)


@transaction.atomic
def items_add(
    *, acting_user: Any, meeting: Meeting, titles: list[str], kind: str = AgendaItem.Kind.INFORMATION
) -> list[AgendaItem]:
    """Several items in agenda order, all or none (one title per line, as the secretary pastes the agenda)."""
    if not titles:
        raise ValidationError({"titles": _("Skriv minst en rubrik, en per rad.")})
    return [item_create(acting_user=acting_user, meeting=meeting, title=title, kind=kind) for title in titles]


@transaction.atomic
def item_update(
    *,
    acting_user: Any,
    item: AgendaItem,
    title: str | Unset = UNSET,
    kind: str | Unset = UNSET,
    diarienummer: str | Unset = UNSET,
    is_confidential: bool | Unset = UNSET,
    confidentiality_reference: str | Unset = UNSET,
    public_title: str | Unset = UNSET,
    per_capsulam_date: dt.date | Unset | None = UNSET,
    handling: str | Unset = UNSET,
    handling_reason: str | Unset = UNSET,
    is_justerare_choice: bool | Unset = UNSET,
) -> AgendaItem:
    """Change the item's details named (not its protocol texts, which have their own versioned service)."""
    _ensure_editable(_lock_meeting(item.meeting))
    # Saved whole, so re-read under a lock: a stale copy must not write back protocol texts saved meanwhile.
    item = AgendaItem.objects.select_for_update().get(pk=item.pk)
    data = given(
        public_title=public_title,
        title=title,
        kind=kind,
        diarienummer=diarienummer,
        is_confidential=is_confidential,
        confidentiality_reference=confidentiality_reference,
        per_capsulam_date=per_capsulam_date,
        handling=handling,
        handling_reason=handling_reason,
        is_justerare_choice=is_justerare_choice,
    )
    if "handling_reason" in data:
        data["handling_reason"] = str(data["handling_reason"]).strip()
    if data.get("handling", item.handling) == AgendaItem.Handling.BEHANDLAS:
        # A reason belongs to utgår/bordläggs only; an item taken up again keeps none.
        data["handling_reason"] = ""
    current = {name: getattr(item, name) for name in ITEM_UPDATE_FIELDS} | {"decision_text": item.decision_text}
    _validate_item_fields(current | data)
    changes = model_changes(item, data)
    item.updated_by = acting_user
    model_update(instance=item, fields=ITEM_UPDATE_FIELDS, data=data)
    gate_check(item, only=ITEM_AGENDA_FIELDS)
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
    gate_check(presenter)
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
    # Before the file is stored, so a refused title leaves nothing behind.
    gate_check(attachment)
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


@transaction.atomic
def recusal_add(*, acting_user: Any, item: AgendaItem, person: Person, note: str = "") -> Recusal:
    _ensure_editable(_lock_meeting(item.meeting))
    if item.recusals.filter(person=person).exists():
        raise ValidationError({"person": _("Personen är redan antecknad som jävig i ärendet.")})
    # A jävig member takes no part in the paragraph (meetings.deciding): not while they still vote or move in it.
    if (
        item.motion_entries.filter(mover=person).exists()
        or Ballot.objects.filter(vote__item=item, person=person).exists()
        or item.statements.filter(person=person, kind=MemberStatement.Kind.RESERVATION).exists()
    ):
        raise ValidationError(
            {"person": _("Personen har yrkat, röstat eller reserverat sig i ärendet; ta bort det först.")}
        )
    recusal = Recusal.objects.create(item=item, person=person, note=note)
    gate_check(recusal)
    _record(acting_user=acting_user, action="recusal_add", target=recusal)
    return recusal
