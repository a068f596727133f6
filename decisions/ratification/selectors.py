"""Reads for the ratification tracker, and `case_status()`: the one place a case's validity is decided."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from decisions.ratification.models import AssemblyDecision, CaseEvent, ProposalDocument, RatificationCase
from groups.models import Organ, Organisation
from groups.selectors import principals_of_county
from lgl_portal.law import kommunallagen

# Kommunallagen 13 kap. 5 §: three weeks from the day the justering was posted for laglighetsprövning.

# The attribute the prefetching selectors fill; case_status() reads it instead of querying.
PREFETCH_ATTR = "required_rows"

Outcome = AssemblyDecision.Outcome
BLOCKING = (Outcome.AVSLAG, Outcome.ATERREMISS)


class State:
    GALLER = "galler"
    BLOCKERAT = "blockerat"
    GRANSKAS = "granskas"
    PAGAR = "pagar"
    TOMT = "tomt"


@dataclass(frozen=True)
class CaseStatus:
    """What a case's condition amounts to right now, computed from its required assembly decisions."""

    state: str
    total: int
    decided: int
    approved: int
    valid_from: dt.date | None = None
    # "Kan vinna laga kraft tidigast": the day after the last day for överklagande of the latest posting.
    legally_binding_from: dt.date | None = None
    # A laglighetsprövning was requested of at least one assembly's decision: no laga kraft until it is tried.
    appealed: bool = False
    blocked_by: list[AssemblyDecision] = field(default_factory=list)
    needs_review: list[AssemblyDecision] = field(default_factory=list)
    missing: list[AssemblyDecision] = field(default_factory=list)

    @property
    def is_valid(self) -> bool:
        return self.state == State.GALLER

    @property
    def is_blocked(self) -> bool:
        return self.state == State.BLOCKERAT


def counts_as_approval(row: AssemblyDecision) -> bool:
    if row.decided_on is None:
        return False
    if row.outcome == Outcome.BIFALL:
        return True
    return row.outcome == Outcome.BIFALL_MED_ANDRING and row.change_confirmed_at is not None


def row_needs_review(row: AssemblyDecision) -> bool:
    return row.outcome == Outcome.BIFALL_MED_ANDRING and row.change_confirmed_at is None


def row_has_decided(row: AssemblyDecision) -> bool:
    """The assembly has taken a position (ej behandlat and a registration without a date have not)."""
    return bool(row.outcome) and row.outcome != Outcome.EJ_BEHANDLAT and row.decided_on is not None


def required_rows(case: RatificationCase) -> list[AssemblyDecision]:
    prefetched = getattr(case, PREFETCH_ATTR, None)
    if prefetched is not None:
        return list(prefetched)
    return list(_required_queryset().filter(case=case))


def case_status(case: RatificationCase, rows: list[AssemblyDecision] | None = None) -> CaseStatus:
    """Validity of the case under its condition rule (all required assemblies approve the same decision).

    - blocked as soon as one required assembly has said avslag or återremiss (who holds it is listed);
    - "gäller" once every required assembly has bifall (a bifall med ändring only once confirmed), from the
      latest decision date; when every posting date is known, it "kan vinna laga kraft" the day after the last
      day for överklagande of the latest posting (lgl_portal.law), unless a decision has been appealed;
    - "granskas" when all have approved except bifall med ändring not yet confirmed as the same decision;
    - otherwise under way, with what is missing.
    """
    rows = required_rows(case) if rows is None else [r for r in rows if r.removed_at is None]
    total = len(rows)
    decided = sum(1 for r in rows if row_has_decided(r))
    approved_rows = [r for r in rows if counts_as_approval(r)]
    blocked = [r for r in rows if r.outcome in BLOCKING]
    review = [r for r in rows if row_needs_review(r)]
    missing = [r for r in rows if not counts_as_approval(r) and r.outcome not in BLOCKING and not row_needs_review(r)]
    base: dict[str, Any] = {
        "total": total,
        "decided": decided,
        "approved": len(approved_rows),
        "blocked_by": blocked,
        "needs_review": review,
        "missing": missing,
    }
    if total == 0:
        return CaseStatus(state=State.TOMT, **base)
    if blocked:
        return CaseStatus(state=State.BLOCKERAT, **base)
    if len(approved_rows) == total:
        valid_from = max(r.decided_on for r in approved_rows if r.decided_on)
        # Each assembly's decision can be appealed for three weeks from its own anslag (13 kap. 5 §, 1930:173);
        # the joint decision can gain legal force the day after the last of those periods, if none is appealed.
        appealed = any(r.appealed_on for r in approved_rows)
        binding = kommunallagen.laga_kraft_earliest([r.posted_on for r in approved_rows], appealed=appealed)
        return CaseStatus(
            state=State.GALLER, valid_from=valid_from, legally_binding_from=binding, appealed=appealed, **base
        )
    if review and not missing:
        return CaseStatus(state=State.GRANSKAS, **base)
    return CaseStatus(state=State.PAGAR, **base)


def _required_queryset() -> QuerySet[AssemblyDecision]:
    return (
        AssemblyDecision.objects.filter(removed_at__isnull=True)
        .select_related("organisation", "assembly")
        .order_by("organisation__kind", "organisation__name")
    )


def required_rows_prefetch(prefix: str = "") -> Prefetch:
    """Prefetch for `case_status()`; pass prefix="ratification_condition__case__" from a Decision queryset."""
    return Prefetch(f"{prefix}assembly_decisions", queryset=_required_queryset(), to_attr=PREFETCH_ATTR)


def decisions_with_case_status(queryset: QuerySet[Any]) -> QuerySet[Any]:
    """A Decision queryset whose `ratification_condition.case` status renders without a query per row."""
    return queryset.select_related("ratification_condition__case").prefetch_related(
        required_rows_prefetch("ratification_condition__case__")
    )


def case_list_public() -> QuerySet[RatificationCase]:
    return (
        RatificationCase.objects.select_related("sending_organ", "originating_decision")
        .prefetch_related(required_rows_prefetch())
        .order_by("-created_at", "-id")
    )


def case_get(*, slug: str) -> RatificationCase:
    return get_object_or_404(
        RatificationCase.objects.select_related(
            "sending_organ", "originating_decision__organ", "county"
        ).prefetch_related(
            required_rows_prefetch(),
            Prefetch("documents", queryset=ProposalDocument.objects.order_by("uploaded_at", "id")),
        ),
        slug=slug,
    )


def case_history(*, case: RatificationCase, limit: int = 200) -> list[CaseEvent]:
    return list(CaseEvent.objects.filter(case=case).select_related("assembly_decision__organisation")[:limit])


def assembly_decision_get(*, case: RatificationCase, pk: int) -> AssemblyDecision:
    return get_object_or_404(
        AssemblyDecision.objects.select_related("organisation", "assembly", "registered_by"), case=case, pk=pk
    )


def assembly_decisions_all(*, case: RatificationCase) -> list[AssemblyDecision]:
    """Required and removed rows, for the secretary's overview of the required list."""
    return list(
        AssemblyDecision.objects.filter(case=case)
        .select_related("organisation", "assembly")
        .order_by("organisation__kind", "organisation__name")
    )


def assembly_of(organisation: Organisation) -> Organ | None:
    """The organisation's kommunfullmäktige or regionfullmäktige as an organ of the portal, if registered."""
    return (
        Organ.objects.filter(organisation=organisation, kind=Organ.Kind.FULLMAKTIGE).order_by("id").first()
        or Organ.objects.filter(slug=f"fullmaktige-{organisation.slug}").first()
    )


def principals_for_case(*, case: RatificationCase) -> QuerySet[Organisation]:
    if case.county is None:
        return Organisation.objects.none()
    return principals_of_county(county=case.county)


def cases_with_pending_reminders(*, today: dt.date, days: int) -> QuerySet[AssemblyDecision]:
    """Required rows without a decision whose case deadline falls within `days` from today, not yet reminded."""
    return (
        AssemblyDecision.objects.filter(
            removed_at__isnull=True,
            reminder_sent_at__isnull=True,
            case__deadline__gte=today,
            case__deadline__lte=today + dt.timedelta(days=days),
        )
        .exclude(outcome__in=[o for o in Outcome.values if o != Outcome.EJ_BEHANDLAT])
        .select_related("organisation", "case")
        .order_by("case_id", "organisation__name")
    )


@dataclass(frozen=True)
class Paperwork:
    """Registered decisions still lacking an extract or a posting date (needed for "vinner laga kraft")."""

    without_extract: list[AssemblyDecision]
    without_posting: list[AssemblyDecision]


def missing_paperwork(rows: list[AssemblyDecision]) -> Paperwork:
    decided = [r for r in rows if row_has_decided(r)]
    return Paperwork(
        without_extract=[r for r in decided if not r.extract],
        without_posting=[r for r in decided if r.posted_on is None],
    )
