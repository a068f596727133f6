"""Demo: the Nära vård ratification of autumn 2023 (seeds 000 and 002), registered through the services."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction

from decisions.models import Decision
from decisions.ratification import services
from decisions.ratification.models import AssemblyDecision, ConditionalDecision, RatificationCase
from groups.models import Organ

TITLE = "Länsgemensam målbild och strategi för Nära vård för Region Kalmar län och länets 12 kommuner"
SLUG = "nara-vard-malbild-och-strategi"
DESCRIPTION = (
    "Region Kalmar län och länets tolv kommuner beslutar var för sig om en gemensam målbild och strategi för "
    "Nära vård och om en Gemensam arbetsprocess omställning nära vård (kartläggning och analys av nuläge, "
    "gemensam plan för primärvården i länet, uppföljning och konsekvensanalyser, förstärkt gemensam "
    "systemledning). Varje beslut gäller under förutsättning att Region Kalmar län och övriga kommuner i länet "
    "fattar samma beslut.\n\n"
    "Demonstrationsdata: Kalmar kommuns beslut (25 september 2023, § 157/23, KS 2023/0539) och "
    "regionfullmäktiges beslut den 2 oktober 2023 bygger på källorna. Att elva kommuner beslutade i september "
    "2023 står i källorna, men inte vilka dagar: datumen här är utspridda i september som ett exempel, och "
    "paragrafnummer saknas eftersom källorna inte anger dem."
)
KALMAR = ("kalmar-kommun", dt.date(2023, 9, 25), "§ 157/23", "KS 2023/0539")
REGION = ("region-kalmar-lan", dt.date(2023, 10, 2))
# A demo choice, not from the sources: which September day each of the other kommuner decided.
SEPTEMBER_DAYS = {
    "borgholm-kommun": 18,
    "emmaboda-kommun": 19,
    "hultsfred-kommun": 18,
    "hogsby-kommun": 25,
    "monsteras-kommun": 26,
    "morbylanga-kommun": 21,
    "nybro-kommun": 25,
    "oskarshamn-kommun": 18,
    "torsas-kommun": 19,
    "vimmerby-kommun": 25,
    "vastervik-kommun": 25,
}


@transaction.atomic
def load(*, out: Any = None) -> RatificationCase | None:
    existing = RatificationCase.objects.filter(slug=SLUG).first()
    if existing is not None:
        return existing
    lgl = Organ.objects.filter(slug="lgl").select_related("county").first()
    if lgl is None:
        if out is not None:
            out.write("  ratificering: hoppar över (LGL saknas)\n")
        return None
    admin = get_user_model().objects.filter(username="admin").first()
    case = services.case_create(
        acting_user=admin,
        title=TITLE,
        sending_organ=lgl,
        description=DESCRIPTION,
        deadline=dt.date(2023, 10, 31),
    )
    # A stable address for links in the README and the seeds.
    RatificationCase.objects.filter(pk=case.pk).update(slug=SLUG)
    case.slug = SLUG
    today = dt.date(2023, 12, 31)
    rows = {r.organisation.slug: r for r in AssemblyDecision.objects.filter(case=case).select_related("organisation")}
    registrations: list[tuple[str, services.Registration]] = []
    slug, day, paragraph, number = KALMAR
    registrations.append(
        (
            slug,
            services.Registration(
                outcome=AssemblyDecision.Outcome.BIFALL, decided_on=day, paragraph_label=paragraph, case_number=number
            ),
        )
    )
    for slug, september_day in SEPTEMBER_DAYS.items():
        registrations.append(
            (
                slug,
                services.Registration(
                    outcome=AssemblyDecision.Outcome.BIFALL, decided_on=dt.date(2023, 9, september_day)
                ),
            )
        )
    registrations.append(
        (REGION[0], services.Registration(outcome=AssemblyDecision.Outcome.BIFALL, decided_on=REGION[1]))
    )
    for slug, data in sorted(registrations, key=lambda item: item[1].decided_on or today):
        row = rows.get(slug)
        if row is None:
            continue
        services.assembly_decision_register(
            acting_user=admin, assembly_decision=row, expected_version=row.version, data=data, today=today
        )
    # Seed 000: Kalmar kommun's decision "gäller under förutsättning av att ... fattar samma beslut".
    for decision in Decision.objects.filter(diarienummer=KALMAR[3], ratification_condition__isnull=True):
        ConditionalDecision.objects.create(decision=decision, case=case)
    if out is not None:
        out.write(f"  ratificering: {case.title[:40]}… med {len(rows)} fullmäktige\n")
    return case
