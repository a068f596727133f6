"""A member's private note is read by its author only: not by another member, the secretary or the public."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from meetings.models import Meeting
from members.models import PrivateNote
from tests.security import crawl_support as cs

pytestmark = pytest.mark.django_db
NOTE = "Fråga ekonomichefen om QXMINANTECKNING50 före mötet"


def _client(username: str) -> Client:
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    return client


def test_only_the_author_reads_a_private_note() -> None:
    cs.load_demo()
    meeting = Meeting.objects.filter(organ__slug="lgl", status=Meeting.Status.KALLAT).order_by("date").first()
    assert meeting is not None, "the demo has an upcoming, kallat LGL meeting"
    item = meeting.items.order_by("position").first()
    author = _client("ledamot")
    assert author.post(f"/mina-sidor/arende/{item.pk}/anteckning/", {"text": NOTE}).status_code == 302
    assert PrivateNote.objects.filter(item=item, author__username="ledamot").exists()

    assert NOTE in author.get("/mina-sidor/").content.decode()
    for username in ("justerare", "ordforande", "sekreterare", "admin", "utomstaende"):
        client = _client(username)
        for path in ("/mina-sidor/", f"/moten/{meeting.pk}/", "/sok/?q=QXMINANTECKNING50"):
            # The whole sentence, not only the searched word: a search page repeats its query.
            assert NOTE not in client.get(path).content.decode(), (username, path)
