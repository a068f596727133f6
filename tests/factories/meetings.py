from __future__ import annotations

import datetime as dt
from typing import Any

import factory

from groups.models import Person
from meetings import services
from meetings.models import AgendaItem, Meeting
from tests.factories.groups import OrganFactory, UserFactory


class MeetingFactory(factory.django.DjangoModelFactory):
    """Writes the row directly; tests of the rules call meetings.services."""

    class Meta:
        model = Meeting

    organ = factory.SubFactory(OrganFactory)
    date = dt.date(2026, 3, 13)
    start_time = dt.time(9, 0)
    end_time = dt.time(12, 0)
    location = "Regionhuset, Kalmar"


class AgendaItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgendaItem

    meeting = factory.SubFactory(MeetingFactory)
    organ = factory.LazyAttribute(lambda o: o.meeting.organ)
    position = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Ärende {n}")


def person_of(user: Any) -> Person:
    return Person.objects.get(user=user)


def meeting_with_signers(
    organ: Any, *, chair: Any, adjuster: Any, secretary: Any, items: int = 2, **kw: Any
) -> Meeting:
    """A meeting set up through the services, with the chair and a justerare who hold the justera permission."""
    meeting = services.meeting_create(
        acting_user=secretary,
        organ=organ,
        date=kw.pop("date", dt.date(2026, 3, 13)),
        secretary=person_of(secretary),
        chair=person_of(chair),
        adjusters=[person_of(adjuster)],
        **kw,
    )
    for n in range(items):
        services.item_create(acting_user=secretary, meeting=meeting, title=f"Ärende {n + 1}")
    return meeting


def correction_approved(*, acting_user: Any, meeting: Any, item: Any, reason: str, texts: dict[str, str]) -> Any:
    """A rättelse as the portal makes one: proposed by `acting_user`, then approved by every signer of the
    justering (their users must exist), so it becomes the protocol's next version."""
    from meetings.services import correction as corrections

    correction = corrections.protocol_correction_propose(
        acting_user=acting_user, meeting=meeting, item=item, reason=reason, texts=texts
    )
    for approval in correction.approvals.select_related("person__user"):
        signer = approval.person
        if signer.user is None:  # a factory-made signer without an account gets one to sign with
            signer.user = UserFactory()
            signer.save(update_fields=["user"])
        corrections.protocol_correction_decide(acting_user=signer.user, correction=correction, approve=True)
    correction.refresh_from_db()
    return correction
