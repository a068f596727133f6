"""Every payload of the corpus is stored inert by sanitize_html and rendered escaped in plain-text fields."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.utils.html import escape

from groups.models import Organ, Person
from lgl_portal.core.richtext import ALLOWED_TAGS, sanitize_html
from tests.factories.groups import OrganFactory
from tests.security.html_checks import live_markup_problems, load_payloads

PAYLOADS = load_payloads()


def test_the_corpus_has_at_least_fifty_payloads() -> None:
    assert len(PAYLOADS) >= 50


def test_the_checker_does_see_live_script_so_the_other_tests_can_fail() -> None:
    assert live_markup_problems('<img src=x onerror="alert(1)">') == ["<img onerror=…>"]
    assert live_markup_problems('<a href="java&#x09;script:alert(1)">x</a>')
    assert live_markup_problems("<script>alert(1)</script>")
    assert live_markup_problems(escape("<script>alert(1)</script>")) == []


@pytest.mark.parametrize("payload", PAYLOADS)
def test_sanitize_html_leaves_nothing_live(payload: str) -> None:
    cleaned = sanitize_html(payload)
    assert "<script" not in cleaned.lower()
    assert live_markup_problems(cleaned) == [], cleaned


@pytest.mark.parametrize("payload", PAYLOADS)
def test_sanitize_html_keeps_only_allowed_tags(payload: str) -> None:
    from html.parser import HTMLParser

    tags: list[str] = []

    class Collect(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            tags.append(tag)

    Collect().feed(sanitize_html(payload))
    assert set(tags) <= ALLOWED_TAGS


def test_sanitize_html_keeps_ordinary_formatting_and_safe_links() -> None:
    cleaned = sanitize_html('<p>Vanlig text <strong>fet</strong> och <a href="https://lgl.example.se/">en länk</a></p>')
    assert "<strong>fet</strong>" in cleaned
    assert 'href="https://lgl.example.se/"' in cleaned
    assert 'rel="noopener noreferrer nofollow"' in cleaned


@pytest.mark.django_db
def test_every_payload_in_a_persons_name_and_title_renders_escaped(admin_user: Any) -> None:
    client = Client()
    client.force_login(admin_user)
    failures = []
    for payload in PAYLOADS:
        response = client.post("/personer/ny/", {"name": payload[:200], "title": payload[:200]})
        assert response.status_code == 302, (payload, response.status_code)
        person = Person.objects.latest("pk")
        assert person.name == payload[:200].strip()  # stored as typed: plain text is escaped on output
        for path in (f"/personer/{person.pk}/", f"/personer/?q={person.name[:50]}"):
            page = client.get(path).content.decode()
            problems = live_markup_problems(page)
            if problems:
                failures.append((payload, path, problems))
    assert failures == []


@pytest.mark.django_db
def test_every_payload_in_an_organs_texts_renders_escaped(admin_user: Any) -> None:
    organ = OrganFactory(slug="xss-organ")
    client = Client()
    client.force_login(admin_user)
    failures = []
    for payload in PAYLOADS:
        response = client.post(
            f"/organ/{organ.slug}/redigera/",
            {
                "name": payload[:200],
                "short_name": payload[:50],
                "description": payload,
                "purpose": payload,
                "paragraph_format": Organ.ParagraphFormat.PLAIN,
                "protocol_storage_place": payload[:200],
                "is_public": "on",
            },
        )
        assert response.status_code == 302, (payload, response.status_code)
        for path in (f"/organ/{organ.slug}/", "/organ/", "/"):
            page = Client().get(path).content.decode()
            problems = live_markup_problems(page)
            if problems:
                failures.append((payload, path, problems))
    assert failures == []


@pytest.mark.django_db
def test_every_payload_saved_through_the_protocol_autosave_is_stored_inert_and_renders_safe(admin_user: Any) -> None:
    import datetime as dt

    from meetings import services as meeting_services
    from meetings.models import AgendaItem

    organ = OrganFactory(slug="xss-protokoll")
    meeting = meeting_services.meeting_create(acting_user=admin_user, organ=organ, date=dt.date(2026, 10, 2))
    item = meeting_services.item_create(acting_user=admin_user, meeting=meeting, title="Ärende")
    client = Client()
    client.force_login(admin_user)
    url = f"/moten/{meeting.pk}/arenden/{item.pk}/autospara/"
    failures = []
    for payload in PAYLOADS:
        item.refresh_from_db()
        data = {"version": item.version, **dict.fromkeys(AgendaItem.TEXT_FIELDS, payload)}
        response = client.post(url, data, HTTP_HX_REQUEST="true")
        assert response.status_code == 200, (payload, response.status_code)
        item.refresh_from_db()
        for field in AgendaItem.TEXT_FIELDS:
            stored = getattr(item, field)
            if "<script" in stored.lower() or live_markup_problems(stored):
                failures.append((payload, field, stored))
        for path in (f"/moten/{meeting.pk}/", f"/moten/{meeting.pk}/protokoll/", url.replace("autospara", "protokoll")):
            problems = live_markup_problems(client.get(path).content.decode())
            if problems:
                failures.append((payload, path, problems))
    assert failures == []


@pytest.mark.django_db
def test_every_payload_in_a_beslut_i_korthet_is_stored_inert_and_renders_safe() -> None:
    from django.contrib.auth import get_user_model

    from decisions.models import Summary
    from tests.security import crawl_support as cs

    cs.load_demo()
    summary = Summary.objects.filter(is_published=True, organ__slug="lgl").first()
    assert summary is not None
    client = Client()
    client.force_login(get_user_model().objects.get(username="sekreterare"))
    url = f"/beslut/{summary.decision_id}/sammanfattning/"
    failures = []
    for payload in PAYLOADS:
        response = client.post(url, {"title": payload[:300], "background": payload, "bullets": payload})
        assert response.status_code in (302, 400), (payload, response.status_code)
        summary.refresh_from_db()
        if "<script" in summary.background.lower() or live_markup_problems(summary.background):
            failures.append((payload, "stored", summary.background))
        for path in (url, f"/beslut/{summary.decision_id}/", "/beslut/"):
            problems = live_markup_problems(
                Client().get(path).content.decode() if path != url else client.get(path).content.decode()
            )
            if problems:
                failures.append((payload, path, problems))
    assert failures == []
