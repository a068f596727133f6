"""Rows for document tests, written directly (the meetings services are tested by the meetings app).

Named Doc* so they cannot clash with tests/factories/meetings.py.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import factory
from django.utils import timezone

from groups.models import Membership, Organ, Person
from meetings.documents.models import DocumentJob
from meetings.models import (
    AgendaItem,
    Attendance,
    AttendanceRange,
    JusteringSignature,
    Meeting,
    Presenter,
    ProtocolExtract,
    Recusal,
)
from tests.factories.groups import MembershipFactory, OrganFactory, OrganisationFactory, PersonFactory, UserFactory

CONFIDENTIAL_TEXT = "Uppgifter om en enskild brukares hälsotillstånd i Högsby"


class DocMeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    organ = factory.SubFactory(OrganFactory)
    title = "Sammanträde"
    date = dt.date(2023, 9, 29)
    start_time = dt.time(9, 0)
    end_time = dt.time(15, 0)
    location = "Länssalen, Regionens hus i Kalmar"
    status = Meeting.Status.GENOMFORT
    justering_place = "Digitalt i portalen"


class DocAgendaItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgendaItem

    meeting = factory.SubFactory(DocMeetingFactory)
    organ = factory.LazyAttribute(lambda o: o.meeting.organ)
    position = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Ärende {n}")
    kind = AgendaItem.Kind.BESLUT
    paragraph_year = 2023


class DocDocumentJobFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DocumentJob

    kind = DocumentJob.Kind.PROTOCOL
    meeting = factory.SubFactory(DocMeetingFactory)


def protocol_meeting(
    *, organ: Organ | None = None, paragraphs: int = 4, locked: bool = True, first_number: int = 26
) -> Meeting:
    """A protocol in the shape of seed 002: Swedish names, föredragare, decisions, jäv, a confidential §."""
    organ = organ or OrganFactory(
        name="Länsgemensam ledning i samverkan",
        slug=f"lgl-doc-{Meeting.objects.count()}",
        kommunallagen_rules=True,
        protocol_storage_place="Region Kalmar län, Länssjukhuset i Kalmar",
    )
    borgholm = OrganisationFactory(name=f"Borgholms kommun {organ.pk}")
    region = OrganisationFactory(name=f"Region Kalmar län {organ.pk}", kind="region")
    chair = PersonFactory(name="Anna Hasselbom Trofast", title="Socialchef", organisation=borgholm)
    adjuster = PersonFactory(name="Johanna Fors", title="Förvaltningschef", organisation=region)
    secretary = PersonFactory(name="Helene Wendell", title="Samordnare", organisation=region)
    member = PersonFactory(name="Patrik Glasberg", title="Omsorgschef", organisation=borgholm)
    substitute = PersonFactory(name="Åsa Öberg", title="Ersättare", organisation=borgholm, party="S")
    if not Membership.objects.filter(organ=organ, role=Membership.Role.ORDFORANDE, end_date__isnull=True).exists():
        MembershipFactory(person=chair, organ=organ, role=Membership.Role.ORDFORANDE)
    MembershipFactory(person=adjuster, organ=organ, role=Membership.Role.LEDAMOT)
    MembershipFactory(person=member, organ=organ, role=Membership.Role.LEDAMOT)
    MembershipFactory(person=secretary, organ=organ, role=Membership.Role.SEKRETERARE)

    justerat = timezone.make_aware(dt.datetime(2023, 10, 5, 14, 12))
    meeting = DocMeetingFactory(
        organ=organ,
        chair=chair,
        secretary=secretary,
        status=Meeting.Status.JUSTERAT if locked else Meeting.Status.UNDER_JUSTERING,
        justerat_at=justerat if locked else None,
        posted_on=dt.date(2023, 10, 6) if locked else None,
        remove_on=dt.date(2023, 10, 30) if locked else None,
    )
    meeting.adjusters.add(adjuster)
    items = []
    for index in range(paragraphs):
        number = first_number + index
        item = DocAgendaItemFactory(
            meeting=meeting,
            position=index + 1,
            paragraph_number=number,
            title=f"Nära vård – gemensam plan för primärvården, del {index + 1}",
            diarienummer=f"LGL 2023/{100 + index}",
            summary=(
                f"<p>Sofia Hartz ger en tillbakablick för paragraf {number}: länet har tagit 12 av 13 beslut "
                "i fullmäktige. Förstärkt gemensam systemledning ska ge närmre samverkan med politiken.</p>"
            ),
            proposal="<p>Länsgemensam ledning föreslås godkänna uppdragsbeskrivningen.</p>",
            decision_text=(
                f"<ul><li>Beslut {number}: uppdragsbeskrivningen godkänns.</li>"
                "<li>Ärendet läggs till handlingarna.</li></ul>"
            ),
        )
        Presenter.objects.create(item=item, person=chair)
        Presenter.objects.create(
            item=item, name="Sofia Hartz", title="Planeringsdirektör", organisation_name="Region Kalmar län"
        )
        items.append(item)
    first = items[0]
    first.motions = "<p>Patrik Glasberg yrkar bifall till förslaget.</p>"
    first.reservations = "<p>Inga reservationer.</p>"
    first.save()
    Recusal.objects.create(item=first, person=member, note="anhörig")
    if paragraphs >= 3:
        secret = items[2]
        secret.is_confidential = True
        secret.confidentiality_reference = "26 kap. 1 § offentlighets- och sekretesslagen (2009:400)"
        # The heading the public sees (issue 15); here the same words as the internal title.
        secret.public_title = secret.title
        secret.summary = f"<p>{CONFIDENTIAL_TEXT}.</p>"
        secret.decision_text = "<p>Hemligt beslut om insats.</p>"
        secret.diarienummer = "LGL 2023/999"
        secret.save()
    if paragraphs >= 4:
        tillagg = items[3]
        tillagg.kind = AgendaItem.Kind.TILLAGG
        tillagg.per_capsulam_date = dt.date(2023, 10, 2)
        tillagg.save()
    Attendance.objects.create(meeting=meeting, person=chair, role=Attendance.Role.BESLUTANDE)
    Attendance.objects.create(meeting=meeting, person=adjuster, role=Attendance.Role.BESLUTANDE)
    partly = Attendance.objects.create(
        meeting=meeting, person=member, role=Attendance.Role.BESLUTANDE, presence=Attendance.Presence.VIA_LANK
    )
    if len(items) > 1:
        AttendanceRange.objects.create(attendance=partly, from_item=items[1])
    serving = Attendance.objects.create(
        meeting=meeting, person=substitute, role=Attendance.Role.ERSATTARE, replaces=adjuster
    )
    AttendanceRange.objects.create(attendance=serving, until_item=first)
    Attendance.objects.create(
        meeting=meeting,
        name="Cecilia Frid",
        title="Verksamhetsledare",
        organisation_name="Kommunförbundet i Kalmar län",
        role=Attendance.Role.OVRIG,
    )
    if locked:
        for person, role in (
            (chair, JusteringSignature.Role.ORDFORANDE),
            (adjuster, JusteringSignature.Role.JUSTERARE),
        ):
            JusteringSignature.objects.create(
                meeting=meeting,
                person=person,
                role=role,
                status=JusteringSignature.Status.APPROVED,
                decided_at=justerat,
            )
    return meeting


def extract_for(meeting: Meeting, *, items: list[AgendaItem] | None = None, **kwargs: Any) -> ProtocolExtract:
    extract = ProtocolExtract.objects.create(
        meeting=meeting,
        recipient=kwargs.pop("recipient", None) or OrganisationFactory(name="Nybro kommun"),
        created_by=kwargs.pop("created_by", None) or UserFactory(),
    )
    extract.items.set(items or list(meeting.items.all()[:1]))
    return extract


def person_named(name: str) -> Person:
    return Person.objects.get(name=name)
