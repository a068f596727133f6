"""WCAG 1.4.10 reflow: every public page type at 320 CSS px scrolls only vertically, and axe stays at zero.

The paths come from the demo data (one page of each public type), so a new kind of content is measured too.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command

from tests.browser_support import axe_violations


def _public_paths() -> list[str]:
    from decisions.models import Summary
    from decisions.ratification.models import RatificationCase
    from groups.models import Organ
    from meetings.models import Meeting
    from plans.models import Indicator, Plan, Workstream

    locked = Meeting.objects.filter(status__in=Meeting.LOCKED_STATUSES, organ__is_public=True).order_by("-date")
    upcoming = Meeting.objects.exclude(status__in=Meeting.LOCKED_STATUSES).filter(organ__is_public=True)
    # The organ with the longest word in its name: the one most likely to push a heading sideways.
    organs = sorted(Organ.objects.filter(is_public=True), key=lambda o: -max(len(w) for w in o.name.split()))
    plan = Plan.objects.order_by("id").first()
    paths = [
        "/",
        "/beslut/",
        f"/beslut/{Summary.objects.filter(is_published=True).first().decision_id}/",
        "/sok/?q=vård",
        "/sok/?q=primärvåd",
        "/moten/",
        f"/moten/{locked.first().pk}/",
        f"/moten/{upcoming.order_by('date').first().pk}/",
        "/anslagstavla/",
        "/ratificering/",
        f"/ratificering/{RatificationCase.objects.order_by('id').first().slug}/",
        "/organ/",
        f"/organ/{organs[0].slug}/",
        "/grupper/",
        f"/grupper/{Organ.objects.filter(kind=Organ.Kind.SAMORDNANDE_GRUPP).first().slug}/",
        "/planer/",
        f"/planer/{plan.slug}/",
        f"/planer/{plan.slug}/tidslinje/",
        f"/planer/arbete/{Workstream.objects.order_by('id').first().pk}/",
        "/nyckeltal/",
        f"/nyckeltal/{Indicator.objects.order_by('id').first().slug}/",
        "/tillganglighet/",
        "/konto/logga-in/",
        "/finns-inte/",
    ]
    return paths


@pytest.fixture
def narrow_page(browser: Any) -> Any:
    context = browser.new_context(locale="sv-SE", viewport={"width": 320, "height": 640})
    page = context.new_page()
    yield page
    context.close()


def test_every_public_page_reflows_at_320_px_without_axe_violations(
    transactional_db: None, live_server: Any, narrow_page: Any
) -> None:
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    paths = _public_paths()
    sideways, violations = {}, {}
    for path in paths:
        narrow_page.goto(f"{live_server.url}{path}")
        widths = narrow_page.evaluate(
            "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
        )
        if widths[0] != widths[1]:
            wide = narrow_page.evaluate(
                """() => [...document.querySelectorAll('body *')]
                    .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
                    .slice(0, 3).map(e => e.tagName + '.' + e.className + ' ' + (e.textContent || '').slice(0, 40))"""
            )
            sideways[path] = (widths, wide)
        found = axe_violations(narrow_page)
        if found:
            violations[path] = [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in found]
    print(f"\n{len(paths)} public pages at 320 px")
    assert sideways == {}
    assert violations == {}
