"""Demo decisions and Beslut i korthet from the seeds (shared/seeds 000 and 002). Idempotent.

Seed 000: Kommunfullmäktige Kalmar 2023-09-25, § 157/23, KS 2023/0539, with its bullets, condition and
"Publicerad 17 oktober 2023 / Senast uppdaterad 30 januari 2024". Seed 002: the decisions of LGL's meeting
2023-09-29 (§ 2, § 7 twice, § 9 per capsulam), linked to the meeting's items when the meetings demo created
them. Demo choices not in the seeds (uppdrag due dates, the summaries' plain-language backgrounds for seed 002)
are marked as such below.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from decisions import search_index, services
from decisions.models import Area, Assignment, Decision, Summary
from groups.models import Membership, Organ, Person
from meetings.models import AgendaItem, Meeting

TZ = ZoneInfo("Europe/Stockholm")
AREAS = ["Nära vård", "Barn och unga", "Psykisk hälsa", "Äldre", "Kompetensförsörjning"]
AREA_SLUGS = {
    "Nära vård": "nara-vard",
    "Barn och unga": "barn-och-unga",
    "Psykisk hälsa": "psykisk-halsa",
    "Äldre": "aldre",
    "Kompetensförsörjning": "kompetensforsorjning",
}

SEED_000_TITLE = "Länsgemensam målbild och strategi för Nära vård för Region Kalmar län och länets 12 kommuner"
SEED_000_BULLETS = [
    "Strategin ”Länsgemensam målbild och strategi för Nära vård för Region Kalmar län och länets 12 kommuner” "
    "godkänns.",
    "Kalmar kommun ska vara med och arbeta enligt förslaget ”Gemensam arbetsprocess för omställning till nära "
    "vård”. I arbetet ingår att kartlägga, analysera och utvärdera nuvarande ansvarsfördelning och det avtal som "
    "finns inför kommande avtal och överenskommelser.",
    "Region Kalmar län och länets kommuner ska ha en gemensam systemledning, med utgångspunkt från Länsgemensam "
    "ledning i samverkan inom socialtjänst och angränsande område hälso- och sjukvård samt skola, för att stödja "
    "samverkan och följa upp omställningen.",
    "Länsgemensam ledning får i uppdrag att arbeta fram en gemensam plan för primärvården i länet med ”Gemensam "
    "arbetsprocess för omställning nära vård” som grund.",
]
SEED_000_BACKGROUND = (
    "<p>I november 2020 godkände riksdagen en ny definition, en så kallad förklaring, av det nationella "
    "primärvårdsuppdraget som fokuserar på nära vård med invånaren i fokus.</p>"
    "<p>I Kalmar län samverkar socialtjänst och angränsande område, hälso- och sjukvård, skola och "
    "gymnasieförbund i vad som kallas för ”Länsgemensam ledning i samverkan”.</p>"
    "<p>Under hösten 2021 skapades en gemensam målbild och strategi för nära vård utifrån synpunkter från invånare "
    "och medarbetare från regionen och länets kommuner. Kommunfullmäktige har beslut att godkänna "
    "kommunförbundets förslag till strategi och målbild och kommer vara med i det gemensamma arbetet med "
    "primärvårdsuppdraget.</p>"
)
SEED_000_CONDITION = (
    "Beslutet gäller under förutsättning av att Region Kalmar län och övriga kommuner i länet fattar samma beslut."
)

# Seed 002, LGL 2023-09-29: (item position, title, kind, decided_on, text, areas, summary background [demo]).
SEED_002 = [
    (
        2,
        "Föregående mötesprotokoll",
        Decision.Kind.TILL_HANDLINGARNA,
        dt.date(2023, 9, 29),
        "Protokollet läggs till handlingarna.",
        [],
        "<p>Länsgemensam ledning gick igenom protokollet från föregående möte. Det fanns inga tillägg.</p>",
    ),
    (
        7,
        "Årshjul och sammanträdesplan för Länsgemensam ledning 2024",
        Decision.Kind.BESLUT,
        dt.date(2023, 9, 29),
        "Länsgemensam ledning beslutar att godkänna förslaget årshjul/sammanträdesplan Länsgemensam ledning 2024.",
        [],
        "<p>Varje år bestämmer Länsgemensam ledning när den ska träffas nästa år och vilka frågor som ska tas upp "
        "vid vilket möte. Planen för 2024 godkändes.</p>",
    ),
    (
        None,
        "Byte av deltagare i samordnande grupp Äldre",
        Decision.Kind.BESLUT,
        dt.date(2023, 9, 29),
        "Länsgemensam ledning beslutar att Karin Jilkén verksamhetschef äldre Kalmar kommun ersätter Karin "
        "Torstensson områdeschef äldre Oskarshamns kommun.",
        ["Äldre"],
        "<p>De samordnande grupperna har ledamöter från kommunerna och regionen. I gruppen för äldre byts en "
        "ledamot.</p>",
    ),
    (
        9,
        "Samordnare för elevhälsa under ett pilotprojekt",
        Decision.Kind.BESLUT,
        dt.date(2023, 6, 21),
        "Länsgemensam ledning beslutar att kommunförbundet i Kalmar län under ett pilotprojekt på 1,5 år, tillsätter "
        "en samordnare för elevhälsa. Finansiering under pilotprojektet tas inom ramen för Länsgemensamma medel och "
        "överenskommelsen psykisk hälsa och suicidprevention.",
        ["Barn och unga", "Psykisk hälsa"],
        "<p>Vid mötet den 5 maj 2023 kom önskemålet att pröva en gemensam samordnare för elevhälsan. Beslutet togs "
        "per capsulam, alltså via e-post, den 21 juni 2023 och fördes in i protokollet den 29 september 2023.</p>",
    ),
]


def _areas(names: list[str]) -> list[Area]:
    return [Area.objects.get(name=n) for n in names]


def _decision(
    *, organ: Organ, title: str, decided_on: dt.date, item: AgendaItem | None, meeting: Meeting | None, **fields: Any
) -> Decision:
    existing = Decision.objects.filter(organ=organ, title=title, decided_on=decided_on).first()
    if existing:
        return existing
    areas = fields.pop("areas", [])
    if item is not None and Decision.objects.filter(agenda_item=item).exists():
        item = None
    decision = services.decision_create(
        acting_user=None, organ=organ, title=title, decided_on=decided_on, agenda_item=item, areas=areas, **fields
    )
    if item is None and meeting is not None:
        # A second decision under the same agenda item (seed 002 § 7) belongs to the meeting only.
        Decision.objects.filter(pk=decision.pk).update(meeting=meeting)
        decision.meeting = meeting
    if decision.meeting_id is None and organ.is_public:
        # A decision without a meeting is public only once published (issue 15); the seed's are.
        services.decision_publish(acting_user=None, decision=decision)
    return decision


def _publish(
    decision: Decision, *, title: str, background: str, bullets: list[str], published: dt.datetime, updated: dt.datetime
) -> Summary:
    summary = Summary.objects.filter(decision=decision).first()
    if summary is None:
        summary = services.summary_save(
            acting_user=None, decision=decision, title=title, background=background, bullets="\n".join(bullets)
        )
    if not summary.is_published:
        services.summary_publish(acting_user=None, summary=summary)
    # The seed's own dates, not today's.
    Summary.objects.filter(pk=summary.pk).update(published_at=published, updated_at=updated)
    return summary


def load(*, out: Any = None) -> dict[str, Any]:
    for name in AREAS:
        Area.objects.get_or_create(name=name, defaults={"slug": AREA_SLUGS[name]})

    result: dict[str, Any] = {}
    kf = Organ.objects.filter(slug="fullmaktige-kalmar-kommun").first()
    if kf is not None:
        d000 = _decision(
            organ=kf,
            title=SEED_000_TITLE,
            decided_on=dt.date(2023, 9, 25),
            item=None,
            meeting=None,
            paragraph_label="§ 157/23",
            diarienummer="KS 2023/0539",
            text="\n".join(SEED_000_BULLETS),
            condition_text=SEED_000_CONDITION,
            areas=_areas(["Nära vård"]),
        )
        _publish(
            d000,
            title=SEED_000_TITLE,
            background=SEED_000_BACKGROUND,
            bullets=SEED_000_BULLETS,
            published=dt.datetime(2023, 10, 17, 9, 0, tzinfo=TZ),
            updated=dt.datetime(2024, 1, 30, 9, 0, tzinfo=TZ),
        )
        result["seed_000"] = d000

    lgl = Organ.objects.filter(slug="lgl").first()
    if lgl is None:
        return result
    meeting = Meeting.objects.filter(organ=lgl, date=dt.date(2023, 9, 29)).first()
    items = {i.position: i for i in AgendaItem.objects.filter(meeting=meeting)} if meeting else {}
    seed_002: list[Decision] = []
    for position, title, kind, decided_on, text, area_names, background in SEED_002:
        item = items.get(position) if position else None
        fields: dict[str, Any] = {"kind": kind, "text": text, "areas": _areas(area_names)}
        if item is None:
            # No meetings demo: keep the organ, date and the number as the organ writes it ("7.").
            fields["paragraph_label"] = lgl.format_paragraph(position or 7, decided_on.year)
        decision = _decision(organ=lgl, title=title, decided_on=decided_on, item=item, meeting=meeting, **fields)
        _publish(
            decision,
            title=title,
            background=background,
            bullets=[text],
            published=dt.datetime(2023, 10, 16, 10, 0, tzinfo=TZ),
            updated=dt.datetime(2023, 10, 16, 10, 0, tzinfo=TZ),
        )
        seed_002.append(decision)
    result["seed_002"] = seed_002

    # Seed 002 § 7: the membership change links to its decision.
    change = seed_002[2]
    aldre = Organ.objects.filter(slug="aldre").first()
    if aldre is not None:
        for membership in Membership.objects.filter(
            organ=aldre, person__name__in=["Karin Jilkén", "Karin Torstensson"], decision_link__isnull=True
        ):
            if membership.person.name == "Karin Jilkén" or membership.end_date is not None:
                services.membership_link_decision(acting_user=None, membership=membership, decision=change)

    # Uppdrag (demo due dates): the plan for primärvården from seed 000, the bildspel evaluation from seed 002 § 8.
    if "seed_000" in result and not Assignment.objects.filter(decision=result["seed_000"]).exists():
        services.assignment_create(
            acting_user=None,
            decision=result["seed_000"],
            description="Länsgemensam ledning får i uppdrag att arbeta fram en gemensam plan för primärvården i "
            "länet med ”Gemensam arbetsprocess för omställning nära vård” som grund.",
            assignee_organ=lgl,
            due_date=dt.date(2024, 6, 30),
            status=Assignment.Status.PAGAR,
        )
    helene = Person.objects.filter(name="Helene Wendell").first()
    if helene is not None and not Assignment.objects.filter(decision=seed_002[1]).exists():
        services.assignment_create(
            acting_user=None,
            decision=seed_002[1],
            description="Utvärdera det kortare summerande bildspelet som stöd för informationsspridning efter "
            "Länsgemensam lednings möten (övrig fråga från Sven-Erik Karlsson, § 8).",
            assignee_person=helene,
            due_date=dt.date(2027, 3, 31),
        )
    # Search: the demo's handlingar read now (the worker would within a minute) and the words of "Menade du".
    search_index.handling_texts_queue()
    for attachment_id in search_index.pending_handling_texts():
        search_index.handling_text_extract(attachment_id=attachment_id)
    search_index.search_vocabulary_refresh()
    if out is not None:
        out.write(
            f"Beslut: {Decision.objects.count()}, publicerade Beslut i korthet: "
            f"{Summary.objects.filter(is_published=True).count()}\n"
        )
    return result
