"""Rows for the fault tests, made with the test factories in a process of its own on the fault database.

    python -m tests.faults.seed <what> '<json params>'   (environment from tests/faults/support.Stack.env)

Prints one JSON line with the ids, the secretary's session key and the item versions the tests need.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import sys
from typing import Any

import django


def _session_for(user: Any) -> str:
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client.cookies["sessionid"].value


def portal(params: dict[str, Any]) -> dict[str, Any]:
    """A secretary with protocols to print (locked, `paragraphs` each) and draft meetings to type into."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from groups import services as group_services
    from groups.models import Membership, Person
    from meetings import services
    from tests.factories.documents import protocol_meeting
    from tests.factories.groups import OrganFactory, user_with_role
    from tests.factories.meetings import meeting_with_signers

    organ = OrganFactory(name="Länsgemensam ledning i samverkan", slug=f"lgl-fault-{dt.datetime.now():%H%M%S%f}")
    secretary = user_with_role(organ, Membership.Role.SEKRETERARE)
    chair = user_with_role(organ, Membership.Role.ORDFORANDE)
    adjuster = user_with_role(organ, Membership.Role.LEDAMOT)
    person = Person.objects.get(user=secretary)
    out: dict[str, Any] = {"session": _session_for(secretary), "protocols": [], "drafts": []}
    for _ in range(params.get("protocols", 0)):
        meeting = protocol_meeting(paragraphs=params.get("paragraphs", 4))
        group_services.membership_start(
            acting_user=None, person=person, organ=meeting.organ, role=Membership.Role.SEKRETERARE,
            start_date=dt.date(2020, 1, 1),
        )  # fmt: skip
        out["protocols"].append(meeting.pk)
    for _ in range(params.get("drafts", 0)):
        meeting = meeting_with_signers(organ, chair=chair, adjuster=adjuster, secretary=secretary, items=2)
        meeting = services.meeting_mark_held(acting_user=secretary, meeting=meeting)
        items = list(meeting.items.order_by("position"))
        out["drafts"].append({"meeting": meeting.pk, "items": [[i.pk, i.version] for i in items]})
    if params.get("attachment"):
        item = meeting.items.order_by("position").first()
        data = params["attachment"].encode()
        upload = SimpleUploadedFile("handling.txt", data, content_type="text/plain")
        attachment = services.attachment_add(acting_user=secretary, item=item, title="Handling", file=upload)
        out["attachment"] = attachment.pk
    return out


def summary(params: dict[str, Any]) -> dict[str, Any]:
    """A published summary, written outside the services, so the page cache is told here (as the docs say)."""
    from lgl_portal.core.cache import public_content_changed
    from tests.factories.decisions import DecisionFactory, SummaryFactory

    made = SummaryFactory(decision=DecisionFactory(title=params["title"]), title=params["title"])
    public_content_changed()
    return {"summary": made.pk}


def _fresh_sequences() -> None:
    """Each seed is a new process, so factory sequences would start at 0 again and clash with earlier rows."""
    import importlib
    import pkgutil
    import time

    import factory

    import tests.factories

    for module in pkgutil.iter_modules(tests.factories.__path__):
        importlib.import_module(f"tests.factories.{module.name}")
    start = time.time_ns() // 1000 % 10**11
    pending = list(factory.base.Factory.__subclasses__())
    while pending:
        cls = pending.pop()
        pending += cls.__subclasses__()
        # Abstract factories, and those sharing a parent's counter, refuse: that is fine.
        with contextlib.suppress(ValueError, TypeError, AttributeError):
            cls.reset_sequence(start)


def main() -> None:
    django.setup()
    _fresh_sequences()
    what, params = sys.argv[1], json.loads(sys.argv[2] if len(sys.argv) > 2 else "{}")
    result = {"portal": portal, "summary": summary}[what](params)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
