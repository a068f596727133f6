"""Demo meetings: LGL's 2023-09-29 meeting from seed 002 as a justerat, anslaget protocol, and one upcoming
meeting in kallat state with a handling, so a newcomer sees both ends of the workflow. Idempotent.

Everything goes through the services (numbering, signatures, audit); only the justering and anslag dates are
moved back to autumn 2023 afterwards, since a 2023 protocol justerat today would look wrong.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from groups.models import Organ, Person
from lgl_portal.law.lagstadgad_tid import is_vardag
from meetings import demo_ksau, services
from meetings.models import (
    AgendaItem,
    Attachment,
    Attendance,
    CorrectionApproval,
    ItemRevision,
    JusteringSignature,
    Meeting,
    ProtocolCorrection,
)

SEED_DATE = dt.date(2023, 9, 29)
BILDSPEL_BASE = "https://lgl.example/handlingar/2023-09-29/"


def _p(*paragraphs: str) -> str:
    return "".join(f"<p>{text}</p>" for text in paragraphs)


# (title, kind, presenters [(name, title, organisation)], links [(title, kind, slug)], texts, per capsulam date)
SEED_002_ITEMS: list[tuple[str, str, list, list, dict[str, str], dt.date | None]] = [
    (
        "Välkomna",
        AgendaItem.Kind.INFORMATION,
        [],
        [],
        {
            "notes": _p(
                "Ordförande Anna Hasselbom Trofast, Borgholm kommun hälsar ledamöter i Läns-gemensam ledning i "
                "samverkan inom socialtjänst och angränsande område hälso- och sjukvård välkomna till dagens möte. "
                "Särskild presentationsrunda görs för att hälsa Patrik Glasberg välkommen som ny omsorgschef i "
                "Kalmar kommun."
            )
        },
        None,
    ),
    (
        "Föregående mötesprotokoll",
        AgendaItem.Kind.BESLUT,
        [],
        [],
        {"notes": _p("Inga tillägg."), "decision_text": _p("Protokollet läggs till handlingarna.")},
        None,
    ),
    (
        "Nära vård – processen och arbetet framåt",
        AgendaItem.Kind.WORKSHOP,
        [
            ("Anna Hasselbom Trofast", "Socialchef", "Borgholm kommun"),
            ("Sofia Hartz", "Planeringsdirektör", "Region Kalmar län"),
        ],
        [("Bildspel", Attachment.Kind.BILDSPEL, "bildspel-nara-vard-processen")],
        {
            "summary": _p(
                "Sofia Hartz inleder punkten med att ge en tillbakablick för hur den Läns-gemensamma målbild och "
                "strategi för Nära vård tagits fram och att länet under september har tagit 12 av 13 beslut i "
                "fullmäktige, det 13:e beslutat tas andra oktober. I beslutet beskrivs en <em>Gemensam "
                "arbetsprocess omställning nära vård</em> som innefattar Kartläggning &amp; analys av nuläge, "
                "gemensam plan för primärvården i länet, uppföljning &amp; Konsekvensanalyser samt förstärkt "
                "gemensam systemledning.",
            )
            + "<h4>Förstärkt gemensam systemledning</h4>"
            + _p(
                "Förstärkt systemledning inom Läns-gemensam ledning är ett politiskt beslut för att ge möjlighet "
                "att skapa närmre samverkan med politiken och ge dem förutsättningar att stödja och följa "
                "utvecklingen av framtidens hälsa, vård och omsorg. Beslutet ska också ge stabilare systemledning "
                "där ledamöter inom Läns-gemensam ledning får förutsättningar att finnas nära, prioritera, leda och "
                "följa upp pågående arbete inom samordnande grupper.",
                "Genom det politiska beslutet görs en förstärkning i presidiet där två KSO blir fyra KSO och "
                "tjänstepersoner fördelas jämnt på tre-fyra personer från region respektive kommun. En förstärkning "
                "sker också inom de samordnande grupperna genom att ordförande och vice ordförande tillsätts, dessa "
                "är även ledamöter inom Läns-gemensam ledning. Ett förslag för vilka dessa personer är framtaget.",
            ),
            "notes": _p(
                "En workshop genomförs genom grupparbeten med frågeställningarna kring ordförande och vice "
                "ordförandes syfte och roll inom samordnande grupp. Resultatet av workshopen tas vidare och kommer "
                "ligga till grund för beskrivning av ordförandes och vice ordförandes uppdrag."
            ),
        },
        None,
    ),
    (
        "Gemensam plan för primärvård",
        AgendaItem.Kind.WORKSHOP,
        [
            ("Niklas Teodorsson", "Utvecklingsledare Nära vård", "Kommunförbundet i Kalmar län"),
            ("Marie Ragnarsson", "Samordnare Nära vård", "Region Kalmar län"),
            ("Mathias Karlsson", "Analytiker", "Region Kalmar län"),
        ],
        [
            ("Bildspel", Attachment.Kind.BILDSPEL, "bildspel-gemensam-plan-primarvard"),
            ("Film från SKR om Gemensam plan för primärvård", Attachment.Kind.FILM, "film-skr-primarvard"),
        ],
        {
            "summary": _p(
                "Punkten inleds med en film från Sveriges kommuner och regioner (SKR) där Lisbeth Löpare Olivia "
                "Wigzell och Anna Nergårdh förklarar Gemensam plan för primärvård. Därefter visar Mathias Karlsson "
                "och Niklas Teodorsson statistik från kommuner respektive region för att påvisa att länet har behov "
                "av att enas om hur vi ska arbeta för att möjliggöra framtagande av gemensamma data som stämmer med "
                "verkligheten. I dagsläget ser det olika ut och görs på olika sätt i länet och mellan kommuner och "
                "region.",
                "Marie Ragnarsson och Niklas Teodorsson berättar om det stödmaterial som finns att tillgå från SKR "
                "kring vad en <em>Gemensam plan för primärvården</em> kan innehålla och hur detta knyter an till "
                "vår länsgemensamma målbild och strategi. Det finns ett framtaget förslag till uppdragsbeskrivning "
                "för hur Kalmar län ska ta sig an framtagandet av en gemensam plan för primärvård, denna bifogades "
                "kallelsen. Ledamöter närvarande på dagens möte står bakom det framarbetade förslaget som även ska "
                "stämmas av mot skolchefer.",
            ),
            "notes": _p(
                "Synpunkter som lyftes i rummet under denna punkt; vi borde samverka då vi bygger nya lokaler för "
                "att skapa förutsättningar för nära samverkan med god kännedom om varandra.",
                "En workshop genomfördes med syfte att skapa en bild av vad vi ser gemensamt kring gemensam "
                "primärvård. Frågeställningar som ställdes och summerades på en padlet:",
            )
            + "<ol><li>Vad är gemensam primärvård?</li><li>Vad fungerar bra i samarbetet runt dem vi är till "
            "för?</li><li>Vad behöver vi stärka i samarbetet runt dem vi är till för?</li></ol>",
        },
        None,
    ),
    (
        "Länsgemensam kompetensförsörjningsplan Nära vård",
        AgendaItem.Kind.INFORMATION,
        [
            ("Cecilia Frid", "Verksamhetsledare", "Kommunförbundet i Kalmar län"),
            ("Helene Wendell", "Samordnare Länsgemensam ledning", "Region Kalmar län"),
        ],
        [("Bildspel", Attachment.Kind.BILDSPEL, "bildspel-kompetensforsorjningsplan")],
        {
            "summary": _p(
                "Helene Wendell ger en tillbakablick till 17 mars 2023 då större del av mötet inom Länsgemensam "
                "ledning låg inom området kompetensförsörjning. Under mötet genomfördes en workshop som gav "
                "bakgrunden till vad ledamöterna inom Länsgemensam ledning ser som viktigt inom "
                "kompetensförsörjning och att en länsgemensam plan för densamma är önskvärd. Beredningen gav sedan "
                "Cecilia Frid och Helene Wendell uppdraget att arbeta fram ett förslag utifrån dialogerna.",
                "Förslaget som är framarbetat bifogades dagens kallelse och beskriver en länsgemensam "
                "kompetensförsörjningsplan för nära vård och ska haka i <em>Handlingsprogram för "
                "kompetensförsörjning 2024-2027</em> som arbetats fram inom regional utvecklingsförvaltning utifrån "
                "den regionala utvecklingsstrategin. Arbetet bör också gå i takt med arbetet <em>Gemensam plan för "
                "primärvård</em> där kompetensförsörjning pekas ut som en viktig del.",
                "Nästa steg i detta är att förslaget på Länsgemensam kompetensförsörjningsplan nära vård går ut "
                "till respektive chefsnätverk inom Länsgemensam ledning för synpunkter samt bereda vilka personer "
                "som ska bemanna dess styrgrupp.",
            )
        },
        None,
    ),
    (
        "Nya hälsovalsuppdraget",
        AgendaItem.Kind.INFORMATION,
        [("Sofia Hartz", "Planeringsdirektör", "Region Kalmar län")],
        [("Bildspel", Attachment.Kind.BILDSPEL, "bildspel-halsovalsuppdraget")],
        {
            "summary": _p(
                "Sofia Hartz berättar om det nya Hälsovalsuppdraget som beslutades inom region Kalmar län juni "
                "2023. Det nya uppdraget utformad efter den länsgemensamma målbilden för nära vård med "
                "behovsgruppsarbete och prioriteringsverktyg för att nå jämlik vård, hälsofrämjande och "
                "sjukdomsförebyggande arbetssätt, personcentrerat förhållningssätt, kontinuitet och samordning samt "
                "samverkan"
            )
        },
        None,
    ),
    (
        "Beslutspunkter",
        AgendaItem.Kind.BESLUT,
        [],
        [],
        {
            "summary": "<h4>Årshjul/Sammanträdesplan Läns-gemensam ledning 2024</h4>"
            "<h4>Byte av deltagare i samordnande grupp</h4>",
            "decision_text": "<ul><li>Läns-gemensam ledning beslutar att godkänna förslaget årshjul/"
            "sammanträdesplan Läns-gemensam ledning 2024</li><li>Läns-gemensam ledning beslutar att Karin Jilkén "
            "verksamhetschef äldre Kalmar kommun ersätter Karin Torstensson områdeschef äldre Oskarshamns "
            "kommun</li></ul>",
        },
        None,
    ),
    (
        "Övrig fråga från Sven-Erik Karlsson",
        AgendaItem.Kind.OVRIG_FRAGA,
        [],
        [],
        {
            "notes": _p(
                "Önskemål om att det kortare summerande bildspelet som skapats för stöd för informationsspridning "
                "efter Läns-gemensam ledning, utvärderas på sikt. Helene Wendell ser över möjligheterna."
            )
        },
        None,
    ),
    (
        "Tillägg i protokoll",
        AgendaItem.Kind.TILLAGG,
        [],
        [],
        {
            "summary": _p(
                "Under Läns-gemensam lednings möte den 5 maj 2023 lyftes önskan att, som ett pilotprojekt, "
                "tillskapa en samordnare av elevhälsan under 1,5 år med finansiering inom ramen för "
                "Överenskommelsen psykisk hälsa och suicidprevention och tillhörande Läns-gemensamma medel. Beslut "
                "togs vid detta möte att administrera en sådan beslutspunkt via mail, vilket gjordes den 21 juni "
                "2023."
            ),
            "decision_text": _p(
                "Läns-gemensam ledning beslutar att kommunförbundet i Kalmar län under ett pilotprojekt på 1,5 år, "
                "tillsätter en samordnare för elevhälsa. Finansiering under pilotprojektet tas inom ramen för "
                "Läns-gemensamma medel och överenskommelsen psykisk hälsa och suicidprevention."
            ),
        },
        dt.date(2023, 6, 21),
    ),
]

# Seed 002's "Närvarade ledamöter", in its order; Susann Winst took part via länk.
SEED_002_PRESENT = [
    "Sven-Erik Karlsson",
    "Rune Jansson",
    "Sofia Hartz",
    "Anna Hasselbom Trofast",
    "Susann Winst",
    "Ann-Katrin Ståhl",
    "Marie Stjernström",
    "Cecilia Wahlström",
    "Gudrun Johnsson",
    "Johanna Fors",
    "Patrik Glasberg",
    "Camilla Freedeke",
    "Johan Rosenqvist",
    "Niklas Föghner",
    "Mats Petersson",
    "Magnus Persson",
    "Malin Beddesand",
]
SEED_002_OTHERS = [
    ("Cecilia Frid", "Kommunförbundet"),
    ("Per-Olof Fahlström", "Kommunförbundet Kalmar län"),
    ("Helene Wendell", "Region Kalmar län"),
    ("Niklas Teodorsson", "Kommunförbundet Kalmar län"),
    ("Marie Ragnarsson", "Region Kalmar län"),
    ("Mathias Karlsson", "Region Kalmar län"),
]


def tiny_pdf(text: str) -> bytes:
    """A minimal valid one-page PDF with a line of text, written by hand so the demo needs no renderer."""
    safe = text.encode("latin-1", "replace").replace(b"(", b"[").replace(b")", b"]")
    stream = b"BT /F1 14 Tf 60 760 Td (" + safe + b") Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def _person(name: str) -> Person:
    return Person.objects.get(name=name)


def _presenter(admin: Any, item: AgendaItem, name: str, title: str, organisation: str) -> None:
    person = Person.objects.filter(name=name).first()
    services.presenter_add(
        acting_user=admin,
        item=item,
        person=person,
        name="" if person else name,
        title=title,
        organisation_name=organisation,
    )


def load(*, out: Any = None) -> dict[str, Any]:
    lgl = Organ.objects.get(slug="lgl")
    users = get_user_model().objects.in_bulk(["sekreterare", "ordforande", "justerare"], field_name="username")
    secretary_user = users["sekreterare"]
    seed_meeting = Meeting.objects.filter(organ=lgl, date=SEED_DATE).first() or _load_seed_meeting(lgl, users)
    upcoming = Meeting.objects.filter(
        organ=lgl, date__gt=timezone.localdate(), status=Meeting.Status.KALLAT
    ).first() or _load_upcoming(lgl, secretary_user)
    ksau_meeting = demo_ksau.load(out=out)
    if out is not None:
        out.write(f"  möten: {Meeting.objects.count()}, ärenden: {AgendaItem.objects.count()}\n")
    return {"seed_meeting": seed_meeting, "upcoming": upcoming, "ksau_meeting": ksau_meeting}


@transaction.atomic
def _load_seed_meeting(lgl: Organ, users: dict[str, Any]) -> Meeting:
    secretary_user = users["sekreterare"]
    meeting = services.meeting_create(
        acting_user=secretary_user,
        organ=lgl,
        date=SEED_DATE,
        secretary=_person("Helene Wendell"),
        chair=_person("Anna Hasselbom Trofast"),
        adjusters=[_person("Johanna Fors")],
    )
    for title, kind, presenters, links, texts, per_capsulam in SEED_002_ITEMS:
        item = services.item_create(
            acting_user=secretary_user, meeting=meeting, title=title, kind=kind, per_capsulam_date=per_capsulam
        )
        for name, person_title, organisation in presenters:
            _presenter(secretary_user, item, name, person_title, organisation)
        for link_title, link_kind, slug in links:
            services.attachment_add(
                acting_user=secretary_user, item=item, title=link_title, kind=link_kind, url=BILDSPEL_BASE + slug
            )
        services.item_text_save(acting_user=secretary_user, item=item, version=item.version, texts=texts)
    for name in SEED_002_PRESENT:
        presence = Attendance.Presence.VIA_LANK if name == "Susann Winst" else Attendance.Presence.NARVARANDE
        services.attendance_add(acting_user=secretary_user, meeting=meeting, person=_person(name), presence=presence)
    for name, organisation in SEED_002_OTHERS:
        person = _person(name)
        services.attendance_add(
            acting_user=secretary_user,
            meeting=meeting,
            person=person,
            title=person.title,
            organisation_name=organisation,
            role=Attendance.Role.OVRIG,
        )
    services.meeting_mark_held(acting_user=secretary_user, meeting=meeting)
    services.justering_send(acting_user=secretary_user, meeting=meeting)
    services.justering_decide(acting_user=users["ordforande"], meeting=meeting, approve=True)
    services.justering_decide(acting_user=users["justerare"], meeting=meeting, approve=True)
    # Back to autumn 2023: the seed's protocol was justerat a few days after the meeting.
    justerat_at = timezone.make_aware(dt.datetime(2023, 10, 4, 10, 0))
    Meeting.objects.filter(pk=meeting.pk).update(
        justerat_at=justerat_at, sent_for_justering_at=justerat_at - dt.timedelta(days=2)
    )
    JusteringSignature.objects.filter(meeting=meeting).update(decided_at=justerat_at)
    # The rest of the 2023 history at the time it happened too: the meeting planned in August, the texts
    # written in the days before it, the handlingar uploaded then.
    planned_at = timezone.make_aware(dt.datetime(2023, 8, 21, 9, 0))
    written_at = timezone.make_aware(dt.datetime.combine(SEED_DATE - dt.timedelta(days=7), dt.time(14, 0)))
    AgendaItem.objects.filter(meeting=meeting).update(updated_at=written_at)
    ItemRevision.objects.filter(item__meeting=meeting).update(created_at=written_at)
    Attachment.objects.filter(item__meeting=meeting).update(uploaded_at=written_at)
    meeting.refresh_from_db()
    posted = services.meeting_post(
        acting_user=secretary_user,
        meeting=meeting,
        posted_on=dt.date(2023, 10, 5),
        storage_place=lgl.protocol_storage_place,
    )
    posted_at = timezone.make_aware(dt.datetime(2023, 10, 5, 8, 0))
    Meeting.objects.filter(pk=meeting.pk).update(created_at=planned_at, updated_at=posted_at)
    posted.refresh_from_db()
    _load_seed_correction(posted, users)
    return posted


def _load_seed_correction(meeting: Meeting, users: dict[str, Any]) -> None:
    """The seed's "Läns-gemensam" is a line-break hyphen from the source PDF: an obvious wording error, corrected
    by a rättelse that the chair and the justerare approve, as a justerat protocol would be."""
    item = meeting.items.filter(decision_text__contains="Läns-gemensam").first()
    if item is None:
        return
    correction = services.protocol_correction_propose(
        acting_user=users["sekreterare"],
        meeting=meeting,
        item=item,
        reason="Avstavningen ”Läns-gemensam” rättad till ”Länsgemensam” (skrivfel, beslutet är oförändrat).",
        texts={"decision_text": item.decision_text.replace("Läns-gemensam", "Länsgemensam")},
    )
    for username in ("ordforande", "justerare"):
        services.protocol_correction_decide(acting_user=users[username], correction=correction, approve=True)
    # Dated like the rest of the 2023 history: the rättelse was made the week after the posting.
    corrected_at = timezone.make_aware(dt.datetime(2023, 10, 9, 10, 0))
    ProtocolCorrection.objects.filter(pk=correction.pk).update(created_at=corrected_at, decided_at=corrected_at)
    CorrectionApproval.objects.filter(correction=correction).update(decided_at=corrected_at)
    ItemRevision.objects.filter(item__meeting=meeting, created_at__gt=corrected_at).update(created_at=corrected_at)


def is_meeting_day(day: dt.date) -> bool:
    """A vardag under Lag 1930:173 (lgl_portal/law): no public holiday and none of the three eves either."""
    return is_vardag(day)


def next_meeting_day(today: dt.date) -> dt.date:
    """The first Friday at least three weeks ahead that is a meeting day: LGL meets on Fridays in the seeds."""
    day = today + dt.timedelta(days=21)
    day += dt.timedelta(days=(4 - day.weekday()) % 7)
    while not is_meeting_day(day):
        day += dt.timedelta(days=7)
    return day


@transaction.atomic
def _load_upcoming(lgl: Organ, secretary_user: Any) -> Meeting:
    day = next_meeting_day(timezone.localdate())
    meeting = services.meeting_create(
        acting_user=secretary_user,
        organ=lgl,
        date=day,
        start_time=dt.time(9, 0),
        end_time=dt.time(12, 0),
        secretary=_person("Helene Wendell"),
        chair=_person("Anna Hasselbom Trofast"),
        adjusters=[_person("Johanna Fors")],
    )
    items = [
        ("Välkomna", AgendaItem.Kind.INFORMATION, []),
        ("Föregående mötesprotokoll", AgendaItem.Kind.BESLUT, []),
        (
            "Länsgemensam kompetensförsörjningsplan Nära vård – synpunkter från chefsnätverken",
            AgendaItem.Kind.BESLUT,
            [("Cecilia Frid", "Verksamhetsledare", "Kommunförbundet i Kalmar län")],
        ),
        (
            "Gemensam plan för primärvård – uppdragsbeskrivning",
            AgendaItem.Kind.INFORMATION,
            [("Niklas Teodorsson", "Utvecklingsledare Nära vård", "Kommunförbundet i Kalmar län")],
        ),
    ]
    for title, kind, presenters in items:
        item = services.item_create(acting_user=secretary_user, meeting=meeting, title=title, kind=kind)
        for name, person_title, organisation in presenters:
            _presenter(secretary_user, item, name, person_title, organisation)
        if kind == AgendaItem.Kind.BESLUT and presenters:
            services.item_text_save(
                acting_user=secretary_user,
                item=item,
                version=item.version,
                texts={
                    "proposal": _p(
                        "Läns-gemensam ledning beslutar att godkänna Länsgemensam kompetensförsörjningsplan Nära "
                        "vård efter chefsnätverkens synpunkter."
                    )
                },
            )
            services.attachment_add(
                acting_user=secretary_user,
                item=item,
                title="Förslag: Länsgemensam kompetensförsörjningsplan Nära vård",
                file=SimpleUploadedFile(
                    "forslag-kompetensforsorjningsplan.pdf",
                    tiny_pdf("Forslag: Lansgemensam kompetensforsorjningsplan Nara vard"),
                    content_type="application/pdf",
                ),
            )
    services.kallelse_send(
        acting_user=secretary_user,
        meeting=meeting,
        message="Välkomna till Läns-gemensam ledning. Förslaget till kompetensförsörjningsplan bifogas.",
    )
    return meeting
