"""The roles of the permission matrix as demo users, and a GET that records what each role got."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client

from groups.models import Membership, Organ
from tests.factories.groups import PersonFactory, UserFactory

# Ordered from least to most rights on the demo organ (LGL). group_secretary is secretary of another organ
# (the samordnande grupp Äldre) and must get nothing on LGL that an outsider does not get.
ROLES = ("anonymous", "outsider", "group_secretary", "member", "justerare", "chair", "secretary", "admin")
DEMO_USERNAMES = {
    "outsider": "utomstaende",
    "member": "ledamot",
    "justerare": "justerare",
    "chair": "ordforande",
    "secretary": "sekreterare",
    "admin": "admin",
}
LOGIN_PATH = "/konto/logga-in/"


def load_demo() -> None:
    with open("/dev/null", "w") as devnull:
        call_command("load_demo", stdout=devnull)


def make_group_secretary() -> Any:
    from groups import services

    user = UserFactory(username="gruppsekreterare")
    person = PersonFactory(user=user, name="Gun Gruppsekreterare")
    organ = Organ.objects.get(slug="aldre")
    services.membership_start(
        acting_user=None, person=person, organ=organ, role=Membership.Role.SEKRETERARE, start_date=dt.date(2020, 1, 1)
    )
    return user


def role_clients() -> dict[str, Client]:
    clients = {"anonymous": Client()}
    users = get_user_model().objects
    for role, username in DEMO_USERNAMES.items():
        client = Client()
        client.force_login(users.get(username=username))
        clients[role] = client
    client = Client()
    client.force_login(make_group_secretary())
    clients["group_secretary"] = client
    return clients


@dataclass(frozen=True)
class Outcome:
    status: int
    location: str = ""

    @property
    def to_login(self) -> bool:
        return self.status == 302 and self.location.startswith(LOGIN_PATH)

    @property
    def ok(self) -> bool:
        return self.status == 200

    @property
    def denied(self) -> bool:
        return self.status in (401, 403, 404) or self.to_login

    def __str__(self) -> str:
        if self.status in (301, 302, 303, 307, 308):
            return f"{self.status}→{self.location.split('?')[0]}"
        return str(self.status)


def get(client: Client, url: str) -> tuple[Outcome, bytes, str]:
    response = client.get(url)
    body = b"".join(response.streaming_content) if getattr(response, "streaming", False) else response.content
    return Outcome(response.status_code, response.get("Location", "")), body, response.get("Content-Type", "")


def supplement_demo() -> None:
    """Rows some URLs take that the demo does not create (yet), so that every pattern can be filled."""
    from django.core.files.base import ContentFile

    from decisions.ratification.models import ProposalDocument, RatificationCase
    from meetings.models import AgendaItem
    from members.models import MemberQuestion

    users = get_user_model().objects
    if not MemberQuestion.objects.exists():
        item = AgendaItem.objects.filter(organ__slug="lgl").order_by("pk").first()
        if item is not None:
            MemberQuestion.objects.create(
                author=users.get(username="ledamot"), item=item, text="Finns bildspelet före mötet?"
            )
    from meetings.documents.models import DocumentJob
    from meetings.models import Meeting

    locked = Meeting.objects.filter(organ__slug="lgl", status__in=Meeting.LOCKED_STATUSES).order_by("pk").first()
    if locked is not None and not locked.location:
        Meeting.objects.filter(pk=locked.pk).update(location="Kommunförbundet, Kalmar")
    done = DocumentJob.objects.filter(kind=DocumentJob.Kind.PUBLIC_PROTOCOL, status=DocumentJob.Status.DONE)
    if locked is not None and not done.exists():
        job = DocumentJob(
            kind=DocumentJob.Kind.PUBLIC_PROTOCOL,
            meeting=locked,
            status=DocumentJob.Status.DONE,
            protocol_version=locked.protocol_version,
        )
        job.file.save("protokoll.pdf", ContentFile(b"%PDF-1.7\n%%EOF\n"), save=True)
    from groups.models import VacantSeat

    # A vacant seat of LGL's own (the demo's is in the Nybro KSAU), one that only begins after every demo meeting.
    lgl = Organ.objects.filter(slug="lgl").first()
    if lgl is not None and not VacantSeat.objects.filter(organ=lgl).exists():
        VacantSeat.objects.create(organ=lgl, party="", start_date=dt.date(2099, 1, 1))
    if not ProposalDocument.objects.exists():
        case = RatificationCase.objects.order_by("pk").first()
        if case is not None:
            document = ProposalDocument(case=case, title="Målbild och strategi", content_type="application/pdf")
            document.file.save("malbild.pdf", ContentFile(b"%PDF-1.7\n%%EOF\n"), save=True)
