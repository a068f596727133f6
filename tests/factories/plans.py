from __future__ import annotations

import datetime as dt
from decimal import Decimal

import factory

from groups.models import Organ
from plans.models import Action, ActionPlan, Indicator, Measurement, Milestone, Plan, Workstream
from tests.factories.groups import OrganFactory, OrganisationFactory


class PlanFactory(factory.django.DjangoModelFactory):
    """Writes rows directly; tests of the rules call plans.services."""

    class Meta:
        model = Plan

    name = factory.Sequence(lambda n: f"Plan {n}")
    slug = factory.Sequence(lambda n: f"plan-{n}")
    owner_organ = factory.SubFactory(OrganFactory)
    start_year = 2023
    end_year = 2027


class WorkstreamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Workstream

    plan = factory.SubFactory(PlanFactory)
    name = factory.Sequence(lambda n: f"Arbetsområde {n}")
    owner_organ = factory.LazyAttribute(lambda o: o.plan.owner_organ)
    start_date = dt.date(2023, 9, 1)
    end_date = dt.date(2025, 12, 31)


class MilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Milestone

    workstream = factory.SubFactory(WorkstreamFactory)
    title = factory.Sequence(lambda n: f"Delmål {n}")
    due_date = dt.date(2024, 3, 1)


class GroupOrganFactory(OrganFactory):
    kind = Organ.Kind.SAMORDNANDE_GRUPP


class ActionPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActionPlan

    organ = factory.SubFactory(GroupOrganFactory)
    title = factory.Sequence(lambda n: f"Handlingsplan {n}")
    start_year = 2024
    end_year = 2025


class ActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Action

    action_plan = factory.SubFactory(ActionPlanFactory)
    title = factory.Sequence(lambda n: f"Aktivitet {n}")
    position = factory.Sequence(lambda n: n)


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indicator

    name = factory.Sequence(lambda n: f"Nyckeltal {n}")
    slug = factory.Sequence(lambda n: f"nyckeltal-{n}")
    unit = "%"
    owner_organ = factory.SubFactory(OrganFactory)
    is_public = True


class MeasurementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Measurement

    indicator = factory.SubFactory(IndicatorFactory)
    organisation = factory.SubFactory(
        OrganisationFactory, county=factory.SelfAttribute("..indicator.owner_organ.county")
    )
    county = factory.LazyAttribute(lambda o: o.indicator.owner_organ.county)
    period = "2023"
    value = Decimal("12.5")
