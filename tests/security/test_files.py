"""Files are served only through views that check permission on every request: guessing a URL gives nothing."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.test import Client

from meetings.documents.models import DocumentJob
from meetings.models import AgendaItem, Attachment, Meeting
from tests.security import crawl_support as cs

pytestmark = pytest.mark.django_db
SECRET_BYTES = b"%PDF-1.7\n% HEMLIG-HANDLING-QX77 \n%%EOF\n"


@pytest.fixture
def private_files(db: None) -> dict[str, Any]:
    cs.load_demo()
    from groups.models import Organ

    lgl = Organ.objects.get(slug="lgl")
    draft = Meeting.objects.create(organ=lgl, date=dt.date(2026, 10, 2), status=Meeting.Status.KALLAT)
    item = AgendaItem.objects.create(meeting=draft, organ=lgl, position=1, title="Budgetunderlag")
    attachment = Attachment(
        item=item, title="Underlag (ej offentligt)", is_public=False, content_type="application/pdf"
    )
    attachment.file.save("underlag.pdf", ContentFile(SECRET_BYTES), save=False)
    attachment.size = len(SECRET_BYTES)
    attachment.save()
    job = DocumentJob(kind=DocumentJob.Kind.PROTOCOL, meeting=draft, status=DocumentJob.Status.DONE)
    job.file.save("protokoll-utkast.pdf", ContentFile(SECRET_BYTES), save=False)
    job.save()
    users = get_user_model().objects
    return {"attachment": attachment, "job": job, "users": users}


def _guessed_urls(private_files: dict[str, Any]) -> list[str]:
    top_attachment = private_files["attachment"].pk
    top_job = private_files["job"].pk
    return [f"/moten/handling/{n}/" for n in range(1, top_attachment + 3)] + [
        f"/dokument/{n}/fil/" for n in range(1, top_job + 3)
    ]


@pytest.mark.parametrize("role", ["anonymous", "outsider"])
def test_guessed_file_urls_give_nothing_without_the_right(private_files: dict[str, Any], role: str) -> None:
    client = Client()
    if role == "outsider":
        client.force_login(private_files["users"].get(username="utomstaende"))
    served = []
    for url in _guessed_urls(private_files):
        outcome, body, _content_type = cs.get(client, url)
        if b"HEMLIG-HANDLING-QX77" in body:
            served.append(url)
        if url in (f"/moten/handling/{private_files['attachment'].pk}/", f"/dokument/{private_files['job'].pk}/fil/"):
            assert outcome.denied, (url, outcome)
    assert served == []


def test_a_member_of_the_organ_gets_the_non_public_handling(private_files: dict[str, Any]) -> None:
    client = Client()
    client.force_login(private_files["users"].get(username="ledamot"))
    outcome, body, _content_type = cs.get(client, f"/moten/handling/{private_files['attachment'].pk}/")
    assert outcome.status == 200
    assert body == SECRET_BYTES


def test_a_shared_link_stops_working_when_the_membership_ends(private_files: dict[str, Any]) -> None:
    from groups import services
    from groups.models import Membership

    member = private_files["users"].get(username="ledamot")
    client = Client()
    client.force_login(member)
    url = f"/moten/handling/{private_files['attachment'].pk}/"
    assert cs.get(client, url)[0].status == 200
    for membership in Membership.objects.filter(person__user=member, end_date__isnull=True, organ__slug="lgl"):
        services.membership_end(
            acting_user=None, membership=membership, end_date=dt.date.today() - dt.timedelta(days=1)
        )
    assert cs.get(client, url)[0].denied
