from __future__ import annotations

import datetime as dt

import factory
from django.utils import timezone

from decisions.models import Area, Assignment, Decision, Summary
from meetings.models import AgendaItem, Meeting
from tests.factories.groups import OrganFactory


class AreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Area
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Område {n}")
    slug = factory.Sequence(lambda n: f"omrade-{n}")


class MeetingFactory(factory.django.DjangoModelFactory):
    """Minimal meeting rows for this app's tests; the meetings app owns the real workflow."""

    class Meta:
        model = Meeting

    organ = factory.SubFactory(OrganFactory)
    date = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=7))
    status = Meeting.Status.KALLAT


class AgendaItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgendaItem

    meeting = factory.SubFactory(MeetingFactory)
    organ = factory.LazyAttribute(lambda o: o.meeting.organ)
    position = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Ärende {n}")


class DecisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Decision

    organ = factory.SubFactory(OrganFactory)
    decided_on = dt.date(2023, 9, 29)
    title = factory.Sequence(lambda n: f"Beslut {n}")
    paragraph_label = factory.Sequence(lambda n: f"§ {n}")
    text = "Länsgemensam ledning beslutar att godkänna förslaget."
    # A decision without a meeting is published unless publication="utkast" is given (as such decisions were
    # before issue 15); a meeting's decision stays an utkast and becomes public with the justerat protocol.
    meeting = None
    publication = factory.LazyAttribute(lambda o: "utkast" if o.meeting else "publicerat")


class SummaryFactory(factory.django.DjangoModelFactory):
    """A published summary unless is_published=False is given."""

    class Meta:
        model = Summary
        skip_postgeneration_save = True

    decision = factory.SubFactory(DecisionFactory)
    organ = factory.LazyAttribute(lambda o: o.decision.organ)
    decided_on = factory.LazyAttribute(lambda o: o.decision.decided_on)
    title = factory.LazyAttribute(lambda o: o.decision.title)
    background = "<p>Bakgrund på klarspråk.</p>"
    bullets = "Förslaget godkänns."
    is_published = True
    published_at = factory.LazyFunction(timezone.now)
    updated_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def mark_decision(self, create: bool, extracted: object, **kwargs: object) -> None:
        # What summary_publish does: the decision knows a published summary stands for it.
        if create:
            Decision.objects.filter(pk=self.decision_id).update(has_published_summary=self.is_published)
            self.decision.has_published_summary = self.is_published


class AssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assignment

    decision = factory.SubFactory(DecisionFactory)
    description = "Arbeta fram en gemensam plan för primärvården i länet."
    due_date = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=5))


def bulk_published_decisions(organ: object, n: int, *, start: dt.date = dt.date(2000, 1, 1)) -> None:
    """n public decisions with published summaries, written with bulk_create for the query-count tests."""
    now = timezone.now()
    decisions = Decision.objects.bulk_create(
        [
            Decision(
                organ=organ,
                decided_on=start + dt.timedelta(days=i),
                title=f"Massbeslut {i} om nära vård",
                paragraph_label=f"§ {i}",
                text="Beslutet gäller primärvården.",
                has_published_summary=True,
            )
            for i in range(n)
        ]
    )
    Summary.objects.bulk_create(
        [
            Summary(
                decision=d,
                organ=d.organ,
                decided_on=d.decided_on,
                title=d.title,
                bullets="Förslaget godkänns.",
                is_published=True,
                published_at=now,
                updated_at=now,
            )
            for d in decisions
        ]
    )
