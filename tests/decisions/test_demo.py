from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command

from decisions import selectors
from decisions.models import Assignment, Decision
from groups.models import Membership

pytestmark = pytest.mark.django_db


def test_the_demo_publishes_seed_000_and_seed_002_and_links_the_membership_change() -> None:
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115 - idempotent
    seed_000 = Decision.objects.get(diarienummer="KS 2023/0539")
    assert seed_000.paragraph_label == "§ 157/23" and seed_000.organ.slug == "fullmaktige-kalmar-kommun"
    assert seed_000.condition_text.startswith("Beslutet gäller under förutsättning")
    assert seed_000.summary.is_published
    assert seed_000.summary.published_at.date() == dt.date(2023, 10, 17)
    assert seed_000.summary.updated_at.date() == dt.date(2024, 1, 30)
    assert Decision.objects.filter(organ__slug="lgl", decided_on=dt.date(2023, 9, 29)).count() == 3
    assert Assignment.objects.filter(decision=seed_000, description__contains="primärvården").exists()
    change = Decision.objects.get(title="Byte av deltagare i samordnande grupp Äldre")
    linked = Membership.objects.filter(decision_link__decision=change).values_list("person__name", flat=True)
    assert set(linked) == {"Karin Jilkén", "Karin Torstensson"}
    for q in ("primärvård", "beslutet"):
        titles = [h.title for h in selectors.search(q=q).groups["sammanfattning"]]
        assert seed_000.summary.title in titles, q
