"""Expediering of a ratification case: LGL's recommendation goes to every required principal's registrator.

Registered as a recipient provider (meetings.expediering.providers) when the app is ready, because expediering
sits below decisions and must not import them. The case page reads back who has received it.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from decisions.ratification.models import AssemblyDecision, RatificationCase
from meetings.expediering.models import Dispatch
from meetings.expediering.providers import Provided
from meetings.expediering.selectors import sent_to_organisations
from meetings.models import AgendaItem


def principals_of_originating_paragraphs(items: Iterable[AgendaItem]) -> Provided:
    """For each paragraph whose decision sent out a ratification case: the case's required principals."""
    ids = [item.pk for item in items]
    found: Provided = {}
    required = AssemblyDecision.objects.filter(removed_at__isnull=True).select_related("organisation")
    cases = (
        RatificationCase.objects.filter(originating_decision__agenda_item_id__in=ids)
        .select_related("originating_decision")
        .prefetch_related(Prefetch("assembly_decisions", queryset=required))
    )
    for case in cases:
        decision = case.originating_decision
        if decision is None or decision.agenda_item_id is None:
            continue
        note = _("huvudman i ratificeringsärendet %(title)s") % {"title": case.title}
        found.setdefault(decision.agenda_item_id, []).extend(
            (row.organisation, note) for row in case.assembly_decisions.all()
        )
    return found


def extract_received(*, case: RatificationCase) -> dict[int, Dispatch]:
    """Per principal (organisation id): the sent dispatch of LGL's recommendation, if any."""
    decision = case.originating_decision
    if decision is None or decision.agenda_item_id is None:
        return {}
    organisation_ids = list(
        case.assembly_decisions.filter(removed_at__isnull=True).values_list("organisation_id", flat=True)
    )
    return sent_to_organisations(item_id=decision.agenda_item_id, organisation_ids=organisation_ids)
