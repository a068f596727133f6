"""Three writers, one protocol, 300 saves at once over HTTP: every accepted word is in the database.

Each client has its own session and behaves as static/js/protocol-editor.js does: it reads the bases (version,
hash, text) from the one-document page, adds a unique word to a random section of one of five items, and posts
it with the base it started from. The server may save it, merge it with others' words, or answer with a
conflict; on a conflict the client chooses as a secretary would (keep both, or take theirs and so discard its own
word on its own word). Now and then it reloads the page. Afterwards every word whose save was accepted must be
in the database; a missing one is a silent loss.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import random
import re
import threading
import urllib.error
import urllib.parse
import urllib.request
from html.parser import HTMLParser
from typing import Any

import pytest
from django.test import Client

from groups.models import Membership
from meetings import services
from meetings.models import AgendaItem
from tests.factories.groups import OrganFactory, user_with_role
from tests.factories.meetings import person_of

pytestmark = pytest.mark.django_db(transaction=True)

CLIENTS = 3
SAVES_PER_CLIENT = 100
ITEMS = 5
FIELDS = ("summary", "decision_text", "protocol_notes")


class _Sections(HTMLParser):
    """The section forms of the editor page: action, field and base, as the script reads them."""

    def __init__(self) -> None:
        super().__init__()
        self.sections: dict[tuple[int, str], dict[str, str]] = {}
        self.csrf = ""
        self._form: dict[str, str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form" and "section-form" in a.get("class", ""):
            self._form = {"action": a["action"], "item": a["data-item"], "field": a["data-field"]}
        elif tag == "input" and self._form is not None and a.get("type") == "hidden":
            self._form[a["name"]] = a.get("value", "")
        elif tag == "input" and a.get("name") == "csrfmiddlewaretoken":
            self.csrf = a.get("value", "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "form" and self._form is not None:
            self.sections[(int(self._form["item"]), self._form["field"])] = self._form
            self._form = None


class Browser:
    """One client with its own session cookie, speaking HTTP to the live server."""

    def __init__(self, base_url: str, session: str, name: str, seed: int) -> None:
        self.base_url = base_url
        self.cookies = {"sessionid": session}
        self.name = name
        self.rng = random.Random(seed)
        self.sections: dict[tuple[int, str], dict[str, str]] = {}
        self.csrf = ""
        self.accepted: list[tuple[int, str, str]] = []
        self.conflicts_shown = 0
        self.discarded_on_own_word: list[str] = []
        self.merged = 0
        self.page_loads = 0

    def _request(self, path: str, data: dict[str, Any] | None = None) -> tuple[int, str]:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(self.base_url + path, data=body)  # noqa: S310 (the live server, http)
        request.add_header("Cookie", "; ".join(f"{k}={v}" for k, v in self.cookies.items()))
        if data is not None:
            request.add_header("Accept", "application/json")
            request.add_header("X-CSRFToken", self.csrf)
        try:
            with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310
                status, text, headers = response.status, response.read().decode(), response.headers
        except urllib.error.HTTPError as error:
            status, text, headers = error.code, error.read().decode(), error.headers
        for cookie in headers.get_all("Set-Cookie") or []:
            name, _, rest = cookie.partition("=")
            self.cookies[name.strip()] = rest.split(";")[0]
        return status, text

    def load(self, meeting_pk: int) -> None:
        status, page = self._request(f"/moten/{meeting_pk}/protokoll/skriv/")
        assert status == 200
        parser = _Sections()
        parser.feed(page)
        self.sections = parser.sections
        self.csrf = parser.csrf
        self.page_loads += 1

    def save(self, key: tuple[int, str], text: str) -> tuple[int, dict[str, Any]]:
        section = self.sections[key]
        status, body = self._request(
            section["action"],
            {
                "csrfmiddlewaretoken": self.csrf,
                "field": key[1],
                "base_version": section["base_version"],
                "base_hash": section["base_hash"],
                "base_text": section["base_text"],
                "text": text,
            },
        )
        return status, json.loads(body)

    def rebase(self, key: tuple[int, str], version: Any, hash_: str, text: str) -> None:
        self.sections[key].update(base_version=str(version), base_hash=hash_, base_text=text)

    def run(self, meeting_pk: int, items: list[int], saves: int) -> None:
        self.load(meeting_pk)
        for n in range(saves):
            if self.rng.random() < 0.1:
                self.load(meeting_pk)
            key = (self.rng.choice(items), self.rng.choice(FIELDS))
            word = f"{self.name}ord{n}"
            local = self.sections[key]["base_text"]
            text = f"<p>{word}</p>{local}" if self.rng.random() < 0.5 else f"{local}<p>{word}</p>"
            status, data = self.save(key, text)
            if status == 409:
                self.conflicts_shown += 1
                self.rebase(key, data["version"], data["hash"], data["theirs"])
                if self.rng.random() < 0.7:  # "Behåll båda": both texts, saved on their text
                    status, data = self.save(key, data["both"])
                    if status == 409:
                        self.conflicts_shown += 1
                        self.rebase(key, data["version"], data["hash"], data["theirs"])
                        self.discarded_on_own_word.append(word)
                        continue
                else:  # "Använd den sparade texten": the author discards the word
                    self.discarded_on_own_word.append(word)
                    continue
            assert status == 200, (status, data)
            if data["outcome"] == "merged":
                self.merged += 1
            self.rebase(key, data["version"], data["hash"], data["text"])
            self.accepted.append((key[0], key[1], word))


def test_three_writers_making_300_interleaved_saves_lose_no_accepted_word(live_server: Any) -> None:
    organ = OrganFactory(name="Länsgemensam ledning i samverkan", slug="lgl-samtidigt")
    users = [
        user_with_role(organ, Membership.Role.SEKRETERARE, username="sekreterare"),
        user_with_role(organ, Membership.Role.SAMORDNARE, username="samordnare1"),
        user_with_role(organ, Membership.Role.SAMORDNARE, username="samordnare2"),
    ]
    meeting = services.meeting_create(
        acting_user=users[0], organ=organ, date=dt.date(2026, 12, 4), secretary=person_of(users[0])
    )
    items = [services.item_create(acting_user=users[0], meeting=meeting, title=f"Ärende {n}").pk for n in range(ITEMS)]
    browsers = []
    for n, user in enumerate(users):
        client = Client()
        client.force_login(user)
        browsers.append(Browser(live_server.url, client.cookies["sessionid"].value, f"k{n}", seed=1000 + n))

    errors: list[BaseException] = []

    def work(browser: Browser) -> None:
        try:
            browser.run(meeting.pk, items, SAVES_PER_CLIENT)
        except BaseException as exc:  # reported below: a thread's failure must fail the test
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(b,)) for b in browsers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors

    stored = {
        (it.pk, name): html.unescape(getattr(it, name))
        for it in AgendaItem.objects.filter(pk__in=items)
        for name in FIELDS
    }
    accepted = [entry for b in browsers for entry in b.accepted]
    lost = [
        (item, field, word) for item, field, word in accepted if not re.search(rf"\b{word}\b", stored[(item, field)])
    ]
    attempts = CLIENTS * SAVES_PER_CLIENT
    print(
        f"\nsamtidig redigering: {attempts} sparningar av {CLIENTS} klienter i {ITEMS} ärenden; "
        f"godtagna {len(accepted)}, varav ihopslagna med andras ord {sum(b.merged for b in browsers)}; "
        f"konflikter visade för skribenten {sum(b.conflicts_shown for b in browsers)}; "
        f"ord som skribenten själv släppte i en konflikt {sum(len(b.discarded_on_own_word) for b in browsers)}; "
        f"sidladdningar {sum(b.page_loads for b in browsers)}; TYSTA FÖRLUSTER {len(lost)}"
    )
    assert lost == []
    assert len(accepted) + sum(len(b.discarded_on_own_word) for b in browsers) == attempts
