"""Reads for the start page, each from the domain's own public selector (their visibility rules, not ours)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.utils import timezone

from decisions.models import Summary
from decisions.selectors import feed_summaries
from groups.models import Organ
from groups.selectors import organ_list_featured
from meetings.models import Meeting
from meetings.selectors import anslag_list, meeting_list_public

LATEST_DECISIONS = 5
NEXT_MEETINGS = 5


@dataclass
class StartPage:
    latest: list[Summary]
    upcoming: list[Meeting]
    notices: list[dict[str, Any]]
    organs: QuerySet[Organ]


def organs_home_county_first(organs: QuerySet[Organ], home_county: str) -> QuerySet[Organ]:
    """The site's own county (LGL_HOME_COUNTY: a county's name or code) first, then the others by name."""
    if not home_county:
        return organs.order_by("county__name", "name")
    home = Q(county__name__iexact=home_county) | Q(county__code=home_county)
    return organs.annotate(
        home_first=Case(When(home, then=Value(0)), default=Value(1), output_field=IntegerField())
    ).order_by("home_first", "county__name", "name")


def start_page() -> StartPage:
    today = timezone.localdate()
    return StartPage(
        latest=feed_summaries(limit=LATEST_DECISIONS),
        upcoming=list(meeting_list_public().filter(date__gte=today).order_by("date", "start_time")[:NEXT_MEETINGS]),
        notices=anslag_list(today=today),
        organs=organs_home_county_first(organ_list_featured().select_related("county"), settings.LGL_HOME_COUNTY),
    )
