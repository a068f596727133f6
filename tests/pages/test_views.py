from __future__ import annotations

import re
from typing import Any

import pytest
from django.core import mail
from django.test import Client

pytestmark = pytest.mark.django_db


def test_the_accessibility_statement_lets_a_visitor_report_a_problem(client: Client, mail_at_commit: Any) -> None:
    assert client.get("/tillganglighet/").status_code == 200
    assert client.post("/tillganglighet/", {"description": ""}).status_code == 400
    with mail_at_commit():
        response = client.post("/tillganglighet/", {"description": "Kontrasten är för låg", "page": "/beslut/"})
    assert response.status_code == 302
    assert "Kontrasten är för låg" in mail.outbox[0].body


def test_the_start_page_shows_latest_decisions_next_meetings_and_the_anslagstavla(client: Client, organ: Any) -> None:
    import datetime as dt

    from django.utils import timezone

    from meetings.models import Meeting
    from tests.factories.decisions import DecisionFactory, MeetingFactory, SummaryFactory

    today = timezone.localdate()
    SummaryFactory(decision=DecisionFactory(organ=organ, title="Nytt beslut om primärvård"))
    SummaryFactory(decision=DecisionFactory(organ=organ, title="Opublicerat utkast"), is_published=False)
    MeetingFactory(organ=organ, date=today + dt.timedelta(days=3), status=Meeting.Status.KALLAT)
    MeetingFactory(organ=organ, date=today - dt.timedelta(days=30), status=Meeting.Status.GENOMFORT)
    posted = MeetingFactory(
        organ=organ,
        date=today - dt.timedelta(days=10),
        status=Meeting.Status.ANSLAGET,
        posted_on=today - dt.timedelta(days=2),
        remove_on=today + dt.timedelta(days=19),
    )
    body = client.get("/").content.decode()
    latest, rest = body.split('id="senaste-h"')[1].split('id="moten-h"')
    meetings, notices = rest.split('id="anslag-h"')
    assert "Nytt beslut om primärvård" in latest and "Opublicerat utkast" not in body
    assert meetings.count("/moten/") >= 1 and (today + dt.timedelta(days=3)).isoformat() in meetings
    assert (today - dt.timedelta(days=30)).isoformat() not in meetings
    assert f"/moten/{posted.pk}/" in notices
    assert client.get("/")["X-Page-Cache"] == "hit"


def test_the_bodies_of_the_sites_own_county_come_first(client: Client, settings: Any) -> None:
    from tests.factories.groups import CountyFactory, OrganFactory

    OrganFactory(name="Aaa-organ i Jönköping", slug="jkpg", county=CountyFactory(name="Jönköpings län"))
    OrganFactory(name="Zzz-organ i Kalmar", slug="klm", county=CountyFactory(name="Kalmar län"))
    settings.LGL_HOME_COUNTY = "Kalmar län"
    body = client.get("/").content.decode()
    assert body.index("Zzz-organ i Kalmar") < body.index("Aaa-organ i Jönköping")
    settings.LGL_HOME_COUNTY = "Jönköpings län"
    from django.core.cache import cache

    cache.clear()
    body = client.get("/").content.decode()
    assert body.index("Aaa-organ i Jönköping") < body.index("Zzz-organ i Kalmar")


def test_the_menu_has_nyckeltal(client: Client) -> None:
    assert '<a href="/nyckeltal/">Nyckeltal</a>' in client.get("/").content.decode()


def test_the_accessibility_statement_is_dated_with_its_last_review(client: Client) -> None:
    body = client.get("/tillganglighet/").content.decode()
    assert 'Redogörelsen upprättades den <time datetime="2026-09-01">1 september 2026</time>' in body
    assert 'granskades senast den <time datetime="2026-11-30">30 november 2026</time>' in body


def test_a_member_lands_on_mina_sidor_after_login(member: Any) -> None:
    from tests.factories.groups import TEST_PASSWORD

    response = Client().post("/konto/logga-in/", {"username": member.username, "password": TEST_PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/mina-sidor/"


def test_swedish_content_is_marked_lang_sv_when_the_interface_is_english(client: Client, organ: Any) -> None:
    """WCAG 3.1.2: the page is lang="en", the decision's Swedish title and text say lang="sv"."""
    from tests.factories.decisions import DecisionFactory, SummaryFactory

    summary = SummaryFactory(decision=DecisionFactory(organ=organ), title="Gemensam plan för primärvården")
    client.post("/sprak/", {"language": "en", "next": "/"})
    for path in (f"/beslut/{summary.decision_id}/", "/beslut/", "/sok/?q=primärvård", "/"):
        html = client.get(path).content.decode()
        assert '<html lang="en">' in html, path
        assert re.search(r'lang="sv"[^>]*>(<a [^>]+>)?Gemensam plan för primärvården', html), path
