"""Reads for expediering: each recipient with the paragraphs that concern them, and what has been sent."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Prefetch, QuerySet

from groups.models import Organisation, Person
from meetings.expediering import providers
from meetings.expediering.models import Dispatch, Recipient
from meetings.models import AgendaItem, Meeting


@dataclass
class RecipientGroup:
    """One recipient across the meeting: every paragraph that names them, and where the extract goes."""

    key: str
    label: str
    address: str
    organisation: Organisation | None = None
    person: Person | None = None
    items: list[AgendaItem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def paragraphs(*, meeting: Meeting) -> list[AgendaItem]:
    return list(
        meeting.items.filter(paragraph_number__isnull=False)
        .order_by("position")
        .prefetch_related(
            Prefetch(
                "dispatch_recipients",
                queryset=Recipient.objects.select_related("organisation", "person__user").order_by("id"),
            )
        )
    )


def recipient_groups(*, meeting: Meeting, items: list[AgendaItem] | None = None) -> list[RecipientGroup]:
    """Explicit recipients of each paragraph plus those other apps provide, merged per recipient."""
    items = paragraphs(meeting=meeting) if items is None else items
    groups: dict[str, RecipientGroup] = {}

    def add(key: str, item: AgendaItem, **values: object) -> RecipientGroup:
        group = groups.get(key)
        if group is None:
            group = groups[key] = RecipientGroup(key=key, **values)  # type: ignore[arg-type]
        if item not in group.items:
            group.items.append(item)
        return group

    for item in items:
        for r in item.dispatch_recipients.all():
            add(r.key, item, label=r.label, address=r.address, organisation=r.organisation, person=r.person)
    provided = providers.provided_recipients(items)
    for item in items:
        for organisation, note in provided.get(item.pk, []):
            group = add(
                f"organisation:{organisation.pk}",
                item,
                label=organisation.name,
                address=organisation.registry_address,
                organisation=organisation,
            )
            if note and note not in group.notes:
                group.notes.append(note)
    for group in groups.values():
        group.items.sort(key=lambda i: i.position)
    return sorted(groups.values(), key=lambda g: g.label.lower())


def dispatches(*, meeting: Meeting) -> QuerySet[Dispatch]:
    return (
        Dispatch.objects.filter(meeting=meeting)
        .select_related("extract", "job")
        .prefetch_related("extract__items")
        .order_by("name", "id")
    )


def sent_per_paragraph(*, meeting: Meeting) -> dict[int, list[Dispatch]]:
    """ "Expedierat till … datum" per paragraph: the sent dispatches whose extract holds it."""
    found: dict[int, list[Dispatch]] = defaultdict(list)
    for dispatch in dispatches(meeting=meeting).filter(status=Dispatch.Status.SENT):
        for item in dispatch.extract.items.all():
            found[item.pk].append(dispatch)
    return dict(found)


def sent_to_organisations(*, item_id: int, organisation_ids: list[int]) -> dict[int, Dispatch]:
    """The first sent extract holding the paragraph, per organisation (a ratification case's principals)."""
    found: dict[int, Dispatch] = {}
    rows = (
        Dispatch.objects.filter(
            status=Dispatch.Status.SENT, organisation_id__in=organisation_ids, extract__items__id=item_id
        )
        .order_by("sent_at", "id")
        .distinct()
    )
    for dispatch in rows:
        if dispatch.organisation_id is not None:
            found.setdefault(dispatch.organisation_id, dispatch)
    return found
