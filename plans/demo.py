"""Demo plans, workstreams, handlingsplaner and nyckeltal, from the seeds (shared/seeds 000, 002, 003, 004).

The joint work process for nära vård and its four parts come from seeds 002/003; the milestones are the
steps those protocols name. The groups' handlingsplaner and all indicator values are invented examples and
say so on the pages. Idempotent: an existing plan, group plan or indicator (by slug or title) is left alone.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from decimal import Decimal
from typing import Any, cast

from django.contrib.auth import get_user_model

from groups.models import Organ, Person
from groups.selectors import principals_of_county
from plans import services
from plans.models import ActionPlan, Indicator, Plan, WorkStatus

D = dt.date
NARA_VARD_SLUG = "omstallning-nara-vard"
JONKOPING_SLUG = "tillsammans-framtidens-behov-2021-2030"

# (name, description, leads, status, progress, start, end, milestones[(title, date, status)], comment)
WORKSTREAMS: list[tuple[Any, ...]] = [
    (
        "Kartläggning & analys av nuläge",
        "Gemensam kartläggning och analys av nuvarande arbetssätt, avtal och överenskommelser, med ekonomiska och "
        "kvalitetsmässiga konsekvenser. Grunden för nya avtal och överenskommelser (seed 003).",
        ["Mathias Karlsson", "Niklas Teodorsson"],
        WorkStatus.PAGAR,
        30,
        D(2023, 9, 29),
        D(2024, 12, 31),
        [
            ("Statistik från kommuner och region presenterad för LGL", D(2023, 9, 29), WorkStatus.KLAR),
            ("Gemensamma nyckeltal för uppföljning föreslagna", D(2024, 4, 30), WorkStatus.EJ_PABORJAD),
        ],
        "Statistik från kommuner och region visades på LGL 29 september 2023; kartläggningen pågår.",
    ),
    (
        "Gemensam plan för primärvården i länet",
        "Länsgemensam ledning har i uppdrag att arbeta fram en gemensam plan för primärvården i länet med "
        "”Gemensam arbetsprocess för omställning nära vård” som grund (seed 000).",
        ["Marie Ragnarsson", "Niklas Teodorsson"],
        WorkStatus.PAGAR,
        20,
        D(2023, 9, 29),
        D(2025, 12, 31),
        [
            (
                "Förslag till uppdragsbeskrivning för gemensam plan för primärvård bifogat kallelsen",
                D(2023, 9, 29),
                WorkStatus.KLAR,
            ),
            ("Uppdragsbeskrivningen stäms av mot skolcheferna", D(2023, 11, 30), WorkStatus.PAGAR),
        ],
        "LGL står bakom förslaget till uppdragsbeskrivning (29 september 2023); avstämning mot skolchefer återstår.",
    ),
    (
        "Uppföljning & konsekvensanalyser",
        "Uppföljning av omställningen och analyser av dess konsekvenser för avtal, ekonomi och kvalitet.",
        ["Mathias Karlsson"],
        WorkStatus.EJ_PABORJAD,
        0,
        D(2024, 1, 1),
        D(2026, 12, 31),
        [],
        "",
    ),
    (
        "Förstärkt gemensam systemledning",
        "Presidiet förstärks från två till fyra KSO, och de samordnande grupperna får ordförande och vice "
        "ordförande som själva är ledamöter i Länsgemensam ledning (seed 002).",
        ["Sofia Hartz", "Helene Wendell"],
        WorkStatus.PAGAR,
        50,
        D(2023, 9, 1),
        D(2024, 6, 30),
        [
            ("Beslut om målbild och strategi i alla fullmäktige", D(2023, 10, 2), WorkStatus.KLAR),
            ("Tillsätta ordförande och vice ordförande i samordnande grupper", D(2023, 10, 1), WorkStatus.KLAR),
            ("Presidiet förstärkt med fyra KSO", D(2023, 12, 31), WorkStatus.PAGAR),
        ],
        "Ordförande och vice ordförande är tillsatta i de tre samordnande grupperna.",
    ),
    (
        "Länsgemensam kompetensförsörjningsplan Nära vård",
        "En länsgemensam kompetensförsörjningsplan för nära vård som hakar i Handlingsprogram för "
        "kompetensförsörjning 2024–2027 och går i takt med Gemensam plan för primärvård (seed 002 § 5).",
        ["Cecilia Frid", "Helene Wendell"],
        WorkStatus.PAGAR,
        35,
        D(2023, 3, 17),
        D(2027, 12, 31),
        [
            ("Workshop om kompetensförsörjning i LGL", D(2023, 3, 17), WorkStatus.KLAR),
            ("Förslaget bifogat kallelsen till LGL", D(2023, 9, 29), WorkStatus.KLAR),
            ("Förslaget ut till chefsnätverken för synpunkter", D(2023, 11, 15), WorkStatus.PAGAR),
            ("Bemanna styrgruppen för kompetensförsörjning", D(2023, 12, 31), WorkStatus.EJ_PABORJAD),
        ],
        "Förslaget presenterades 29 september 2023 och går nu ut till chefsnätverken för synpunkter.",
    ),
]

NATIONAL_GOALS = [
    (
        "Primärvården som navet i vården",
        "Hälso- och sjukvården ställer om så att primärvården är navet och samspelar med annan hälso- och "
        "sjukvård och med socialtjänsten.",
    ),
    ("God, nära och samordnad vård", "Patienten får en god, nära och samordnad vård som stärker hälsan."),
    (
        "Delaktighet och effektiv resursanvändning",
        "Patienten är delaktig utifrån sina förutsättningar och preferenser, och resurserna används effektivare.",
    ),
]

JONKOPING_STRATEGIES = [
    "Rikta insatser inom främjande arbete",
    "Stärka hälsa och det förebyggande arbetet",
    "Tidiga och samordnade insatser",
    "Stöd, omsorg och vård med invånarens behov i fokus",
]

# Invented example actions, marked as such on the plan: the seeds do not give the handlingsplaner's content.
GROUP_ACTIONS = {
    "barn-och-unga": [
        ("Kartlägga elevhälsans och ungdomsmottagningarnas samverkan med primärvården", 2024, 6, WorkStatus.PAGAR),
        ("Gemensam rutin för samordnad individuell plan (SIP) för barn och unga", 2024, 12, WorkStatus.EJ_PABORJAD),
        ("Följa upp överenskommelsen om barn och unga", 2025, 3, WorkStatus.EJ_PABORJAD),
    ],
    "psykisk-halsa": [
        ("Länsgemensam handlingsplan för suicidprevention uppdaterad", 2024, 4, WorkStatus.PAGAR),
        ("Utbildningsinsats om samsjuklighet för kommun och region", 2024, 10, WorkStatus.EJ_PABORJAD),
        ("Gemensamma nyckeltal för psykisk hälsa föreslagna till LGL", 2024, 12, WorkStatus.EJ_PABORJAD),
    ],
    "aldre": [
        ("Se över hemsjukvårdsavtalet inför omställningen till nära vård", 2024, 6, WorkStatus.PAGAR),
        ("Gemensam modell för trygg och effektiv utskrivning", 2024, 9, WorkStatus.FORSENAD),
        ("Kompetensinsatser för vård- och omsorgspersonal", 2025, 6, WorkStatus.EJ_PABORJAD),
    ],
}

# (slug, name, definition, unit, direction, base, spread, public)
INDICATORS = [
    (
        "andel-fast-lakarkontakt",
        "Andel invånare med fast läkarkontakt",
        "Andel av invånarna som har en namngiven fast läkarkontakt i primärvården.",
        "%",
        Indicator.Direction.HIGHER,
        55,
        15,
        True,
    ),
    (
        "undvikbar-slutenvard-65",
        "Undvikbar slutenvård, 65 år och äldre",
        "Antal vårdtillfällen för diagnoser där god öppen vård kunnat förebygga inläggning, per 1 000 invånare "
        "65 år och äldre.",
        "per 1 000 inv.",
        Indicator.Direction.LOWER,
        28,
        10,
        True,
    ),
    (
        "sip-per-1000",
        "Samordnade individuella planer (SIP)",
        "Antal upprättade samordnade individuella planer per 1 000 invånare.",
        "per 1 000 inv.",
        Indicator.Direction.HIGHER,
        4,
        3,
        True,
    ),
    (
        "utskrivningsklara-dagar",
        "Utskrivningsklara vårddagar efter tre dagar",
        "Genomsnittligt antal vårddagar efter att patienten bedömts utskrivningsklar. Internt nyckeltal under "
        "utveckling.",
        "dagar",
        Indicator.Direction.LOWER,
        2,
        3,
        False,
    ),
]
PERIODS = ["2021", "2022", "2023"]
# Workstream -> beginnings of titles of LGL agenda items that drove it (seed 002 §§ 3–5), when the meetings
# demo has created them.
ITEM_LINKS = {
    "Kartläggning & analys av nuläge": ["Nära vård – processen"],
    "Gemensam plan för primärvården i länet": ["Gemensam plan för primärvård"],
    "Förstärkt gemensam systemledning": ["Nära vård – processen"],
    "Länsgemensam kompetensförsörjningsplan Nära vård": ["Länsgemensam kompetensförsörjningsplan"],
}
DEMO_NOTE = "Demodata – påhittade värden."


def _people(names: list[str]) -> list[Person]:
    found = {p.name: p for p in Person.objects.filter(name__in=names)}
    return [found[n] for n in names if n in found]


def _demo_value(*parts: str, base: int, spread: int) -> Decimal:
    digest = hashlib.sha256("|".join(parts).encode()).digest()
    fraction = int.from_bytes(digest[:4], "big") / 2**32
    return (Decimal(base) + Decimal(spread) * Decimal(str(round(fraction, 3)))).quantize(Decimal("0.1"))


def load(*, out: Any = None) -> dict[str, Any]:
    admin = get_user_model().objects.filter(username="admin").first()
    lgl = Organ.objects.filter(slug="lgl").select_related("county").first()
    if lgl is None or admin is None:
        if out is not None:
            out.write("  plans: groups.demo saknas, hoppar över\n")
        return {}
    from decisions.models import Decision

    adopting = Decision.objects.filter(diarienummer="KS 2023/0539").order_by("decided_on").first()
    plan = _nara_vard_plan(admin, lgl, adopting)
    _jonkoping_plan(admin)
    _action_plans(admin)
    _indicators(admin, lgl)
    if out is not None:
        out.write(
            f"  planer: {Plan.objects.count()}, handlingsplaner: {ActionPlan.objects.count()}, "
            f"nyckeltal: {Indicator.objects.count()}\n"
        )
    return {"plan": plan}


def _nara_vard_plan(admin: Any, lgl: Organ, adopting: Any) -> Plan:
    plan = Plan.objects.filter(slug=NARA_VARD_SLUG).first()
    if plan is not None:
        return plan
    plan = services.plan_create(
        acting_user=admin,
        name="Gemensam arbetsprocess omställning nära vård",
        slug=NARA_VARD_SLUG,
        owner_organ=lgl,
        description=(
            "Beslutet om Länsgemensam målbild och strategi för Nära vård innefattar en gemensam arbetsprocess "
            "med fyra delar: kartläggning och analys av nuläget, en gemensam plan för primärvården i länet, "
            "uppföljning och konsekvensanalyser samt en förstärkt gemensam systemledning. Bredvid den löper "
            "den länsgemensamma kompetensförsörjningsplanen för nära vård."
        ),
        start_year=2023,
        end_year=2027,
        adopted_by=adopting,
    )
    for position, (title, description) in enumerate(NATIONAL_GOALS, start=1):
        services.goal_create(acting_user=admin, plan=plan, title=title, description=description, position=position)
    principal_count = principals_of_county(county=lgl.county).count()
    # The history reads "Helene Wendell", as it would in use, when the demo secretary exists.
    secretary = get_user_model().objects.filter(username="sekreterare").first()
    agenda_items = _lgl_items()
    for position, row in enumerate(WORKSTREAMS, start=1):
        name, description, leads, status, progress, start, end, milestones, comment = row
        ws = services.workstream_create(
            acting_user=admin,
            plan=plan,
            name=name,
            owner_organ=lgl,
            description=description,
            leads=_people(leads),
            start_date=start,
            end_date=end,
            position=position,
        )
        for title, due, m_status in milestones:
            if title.startswith("Beslut om målbild"):
                title = f"{title} ({principal_count} huvudmän; 12 klara i september 2023)"
            services.milestone_create(acting_user=admin, workstream=ws, title=title, due_date=due, status=m_status)
        if status != WorkStatus.EJ_PABORJAD:
            services.workstream_status_change(
                acting_user=secretary or admin, workstream=ws, status=status, progress=progress, comment=comment
            )
        prefixes = ITEM_LINKS.get(name, [])
        related = [item for item in agenda_items if any(item.title.startswith(p) for p in prefixes)]
        services.workstream_link(
            acting_user=admin,
            workstream=ws,
            decisions=[adopting] if adopting else [],
            agenda_items=related,
        )
    return plan


def _lgl_items() -> list[Any]:
    from meetings.models import AgendaItem

    return list(AgendaItem.objects.filter(meeting__organ__slug="lgl").order_by("meeting__date", "position"))


def _jonkoping_plan(admin: Any) -> None:
    if Plan.objects.filter(slug=JONKOPING_SLUG).exists():
        return
    pks = Organ.objects.filter(slug="pks-jonkoping").first()
    if pks is None:
        return
    plan = services.plan_create(
        acting_user=admin,
        name="Tillsammans möter vi framtidens behov inom området främjande, hälsa, stöd, omsorg och vård – 2021–2030",
        slug=JONKOPING_SLUG,
        owner_organ=pks,
        description=(
            "Gemensam plattform för Jönköpings läns kommuner för en samordnad utveckling mot god och nära vård. "
            "PKS rekommenderar kommunerna att anta dokumentet (förslag 18 maj 2021)."
        ),
        start_year=2021,
        end_year=2030,
    )
    for position, title in enumerate(JONKOPING_STRATEGIES, start=1):
        services.goal_create(acting_user=admin, plan=plan, title=title, position=position)


def _action_plans(admin: Any) -> None:
    for slug, actions in GROUP_ACTIONS.items():
        organ = Organ.objects.filter(slug=slug, kind=Organ.Kind.SAMORDNANDE_GRUPP).first()
        if organ is None or ActionPlan.objects.filter(organ=organ).exists():
            continue
        action_plan = services.action_plan_create(
            acting_user=admin,
            organ=organ,
            title=f"Handlingsplan {organ.name}",
            description=(
                "Demoexempel: aktiviteterna är påhittade för att visa hur handlingsplanen följs upp; "
                "källorna beskriver inte handlingsplanernas innehåll."
            ),
            start_year=2024,
            end_year=2025,
        )
        chair = Person.objects.filter(memberships__organ=organ, memberships__role="ordforande").order_by("name").first()
        for title, year, month, status in actions:
            services.action_create(
                acting_user=admin,
                action_plan=action_plan,
                title=title,
                owner=chair,
                due_date=D(year, month, 28),
                status=status,
            )


def _indicators(admin: Any, lgl: Organ) -> None:
    principals = list(principals_of_county(county=lgl.county))
    for slug, name, definition, unit, direction, base, spread, public in INDICATORS:
        if Indicator.objects.filter(slug=slug).exists():
            continue
        indicator = services.indicator_create(
            acting_user=admin,
            name=name,
            slug=slug,
            owner_organ=lgl,
            definition=definition,
            unit=unit,
            source=DEMO_NOTE,
            direction=direction,
            is_public=public,
            is_demo=True,
        )
        rows = []
        for period in PERIODS:
            values = []
            for org in principals:
                value = _demo_value(slug, org.slug, period, base=base, spread=spread)
                values.append(value)
                rows.append({"indicator": indicator, "organisation": org, "period": period, "value": value})
            if values:
                county_value = cast(Decimal, sum(values) / len(values)).quantize(Decimal("0.1"))
                rows.append({"indicator": indicator, "organisation": None, "period": period, "value": county_value})
        if rows:
            services.measurement_import(acting_user=admin, rows=rows, source_name="demo")
