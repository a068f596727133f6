"""Reads for decisions, Beslut i korthet, search and uppdrag (the members' review reads in `members.selectors`).

Public reads (`public_*`, `search`) return only what the public may see:
- a published summary of a public organ;
- a decision of a public organ that is not on a confidential item and either has no meeting, belongs to a
  justerat/anslaget protocol, or has a published summary (the secretary chose to publish it before justering);
- a non-confidential agenda item of a public organ's meeting whose protocol is justerat (before that, its text
  is a draft that only members may read).
"""

from __future__ import annotations

import datetime as dt
import html
import re
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.contrib.postgres.search import SearchQuery
from django.db import connection
from django.db.models import F, Max, Min, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.html import escape

from decisions import search as search_documents
from decisions.models import Area, Assignment, Decision, Summary
from groups.models import Organ
from groups.permissions import organs_managed_by
from lgl_portal.law.deadlines import DeadlineState, deadline_state
from meetings.models import AgendaItem, Meeting

PAGE_SIZE = 25
LOCKED = [str(s) for s in Meeting.LOCKED_STATUSES]
# Meetings whose agenda the public may read: kallelse sent or later.
PUBLIC_AGENDA_STATUSES = [str(s) for s in Meeting.Status if s != Meeting.Status.PLANERAT]


def public_decision_q(prefix: str = "") -> Q:
    """The one rule for which decisions the public sees (pages, search, feeds, API).

    A decision is a draft until published by a secretary, or, for a decision of a meeting, until its protocol is
    justerat; a published summary publishes it too. A depublished decision is never public.
    """
    p = prefix
    return (
        Q(**{f"{p}organ__is_public": True})
        & (Q(**{f"{p}agenda_item__isnull": True}) | Q(**{f"{p}agenda_item__is_confidential": False}))
        & ~Q(**{f"{p}publication": Decision.Publication.AVPUBLICERAT})
        & (
            Q(**{f"{p}publication": Decision.Publication.PUBLICERAT})
            | Q(**{f"{p}meeting__status__in": LOCKED})
            | Q(**{f"{p}has_published_summary": True})
        )
    )


def decision_is_public(decision: Decision) -> bool:
    return Decision.objects.filter(public_decision_q(), pk=decision.pk).exists()


def public_decisions() -> QuerySet[Decision]:
    return Decision.objects.filter(public_decision_q())


def public_agenda_items() -> QuerySet[AgendaItem]:
    """Agenda items whose text the public may read: a public organ's, not confidential, in a justerat protocol
    (before justering the item's text is a draft that members alone may read)."""
    return AgendaItem.objects.filter(meeting__organ__is_public=True, is_confidential=False, meeting__status__in=LOCKED)


# --- Beslut i korthet ------------------------------------------------------------------------------------------


@dataclass
class SummaryFilters:
    organ: Organ | None = None
    year: int | None = None
    area: Area | None = None
    # Keyset cursor: the (decided_on, id) of the last row on the previous page.
    after: tuple[dt.date, int] | None = None


@dataclass
class SummaryPage:
    rows: list[Summary]
    next_cursor: str | None
    filters: SummaryFilters = field(default_factory=SummaryFilters)


def parse_cursor(value: str) -> tuple[dt.date, int] | None:
    """`2023-09-25_157` -> (date, id); anything malformed is treated as "first page"."""
    try:
        day, _, pk = value.partition("_")
        return dt.date.fromisoformat(day), int(pk)
    except (ValueError, TypeError):
        return None


def public_summaries() -> QuerySet[Summary]:
    return Summary.objects.filter(is_published=True, organ__is_public=True)


def public_summary_page(filters: SummaryFilters, *, page_size: int = PAGE_SIZE) -> SummaryPage:
    """One page of published summaries, newest first, keyset-paginated: no COUNT, no OFFSET."""
    qs = public_summaries().select_related("organ", "decision__meeting")
    if filters.organ:
        qs = qs.filter(organ=filters.organ)
    if filters.year:
        qs = qs.filter(decided_on__gte=dt.date(filters.year, 1, 1), decided_on__lte=dt.date(filters.year, 12, 31))
    if filters.area:
        qs = qs.filter(decision__areas=filters.area)
    if filters.after:
        day, pk = filters.after
        qs = qs.filter(Q(decided_on__lt=day) | Q(decided_on=day, id__lt=pk))
    rows = list(qs.order_by("-decided_on", "-id")[: page_size + 1])
    next_cursor = None
    if len(rows) > page_size:
        rows = rows[:page_size]
        last = rows[-1]
        next_cursor = f"{last.decided_on.isoformat()}_{last.pk}"
    return SummaryPage(rows=rows, next_cursor=next_cursor, filters=filters)


def public_filter_choices() -> dict[str, Any]:
    """Organs, areas and the span of years for the filter form: three small, index-backed queries."""
    # Without the organ join, so PostgreSQL answers min and max from the partial index's two ends.
    span = Summary.objects.filter(is_published=True).aggregate(first=Min("decided_on"), last=Max("decided_on"))
    years = list(range(span["last"].year, span["first"].year - 1, -1)) if span["first"] else []
    return {
        "organs": list(Organ.objects.filter(is_public=True).order_by("name").only("id", "name", "slug")),
        "areas": list(Area.objects.order_by("name")),
        "years": years,
    }


def public_organ_by_slug(slug: str) -> Organ | None:
    return Organ.objects.filter(is_public=True, slug=slug).first() if slug else None


def area_by_slug(slug: str) -> Area | None:
    return Area.objects.filter(slug=slug).first() if slug else None


def public_decision_get(*, pk: int) -> Decision:
    qs = (
        public_decisions()
        # ratification_condition: the reverse link ratification keeps, read in the same query as before the move.
        .select_related("organ", "meeting", "summary", "ratification_condition__case")
        .prefetch_related(
            "areas", Prefetch("assignments", queryset=Assignment.objects.select_related("assignee_organ"))
        )
    )
    return get_object_or_404(qs, pk=pk)


def published_summary_of(decision: Decision) -> Summary | None:
    summary = getattr(decision, "summary", None) if _has_summary(decision) else None
    return summary if summary is not None and summary.is_published else None


def _has_summary(decision: Decision) -> bool:
    try:
        decision.summary  # noqa: B018 - the reverse one-to-one raises when absent
    except Summary.DoesNotExist:
        return False
    return True


def feed_summaries(limit: int = 30) -> list[Summary]:
    return list(public_summaries().select_related("organ", "decision").order_by("-published_at", "-id")[:limit])


# --- Search -------------------------------------------------------------------------------------------------


@dataclass
class SearchHit:
    kind: str
    pk: int
    title: str
    url: str
    organ_name: str
    date: dt.date | None
    label: str
    snippet: str


@dataclass
class SearchResults:
    query: str
    groups: dict[str, list[SearchHit]]

    @property
    def is_empty(self) -> bool:
        return not any(self.groups.values())


SEARCH_KINDS = ("sammanfattning", "beslut", "arende")
# Broad queries: only the most recent candidates are ranked, never every hit (see README).
SEARCH_CANDIDATES = 200
_START, _STOP = search_documents.START, search_documents.STOP


# PostgreSQL's Swedish snowball stemmer leaves some definite forms alone ("beslutet" stays "beslutet", while
# "primärvården" becomes "primärvård"), so each plain search word also matches its form without a definite
# or plural ending, and the bare form also its "-et" form. Exact lexemes only, no prefix matches: the planner
# estimates exact lexemes from the column statistics and so picks the GIN index for rare words and the date
# index for common ones; prefix matches it cannot estimate.
_SWEDISH_ENDINGS = ("arnas", "ernas", "ornas", "arna", "erna", "orna", "heten", "ens", "ets", "et", "en", "na")
_WORD = re.compile(r"\w+", re.UNICODE)


def tsquery_text(q: str) -> str | None:
    """A to_tsquery() text for plain words, or None when the visitor used search syntax (quotes, -, or)."""
    if any(ch in q for ch in '"-') or re.search(r"\b(or|OR)\b", q):
        return None
    parts = []
    for word in _WORD.findall(q.lower())[:8]:
        stem = next((word[: -len(e)] for e in _SWEDISH_ENDINGS if word.endswith(e) and len(word) - len(e) >= 4), word)
        variants = [word, stem] if stem != word else [word, f"{word}et"] if len(word) >= 4 else [word]
        parts.append("(" + " | ".join(variants) + ")" if len(variants) > 1 else variants[0])
    return " & ".join(parts) or None


def _search_query(q: str) -> SearchQuery:
    return search_documents.search_query(tsquery=tsquery_text(q), text=q)


def _snippet(raw: str) -> str:
    text = escape(html.unescape(raw or ""))
    return text.replace(_START, "<mark>").replace(_STOP, "</mark>")


def _label(paragraph_label: str, diarienummer: str) -> str:
    return f"{paragraph_label}, {diarienummer}" if diarienummer else paragraph_label


@dataclass
class _SearchPlan:
    """One kind of hit: its public rows, the document they match against, and how a hit is shown."""

    public_rows: QuerySet[Any]
    vector: Any
    date_field: str
    organ_field: str
    body: Any
    related: tuple[str, ...]


def _search_plan(kind: str) -> _SearchPlan:
    # Each kind starts from the same public-visibility rule the pages and the SQLite fallback use.
    if kind == "sammanfattning":
        return _SearchPlan(
            public_rows=public_summaries(),
            vector=search_documents.StoredSearchVector(),
            date_field="decided_on",
            organ_field="organ",
            body=search_documents.text_of("bullets", search_documents.strip_tags("background")),
            related=("organ", "decision"),
        )
    if kind == "beslut":
        # Decisions with a published summary are found through the summary; listing both would repeat them.
        return _SearchPlan(
            public_rows=public_decisions().filter(has_published_summary=False),
            vector=search_documents.StoredSearchVector(),
            date_field="decided_on",
            organ_field="organ",
            body=search_documents.text_of("text", "condition_text"),
            related=("organ",),
        )
    return _SearchPlan(
        public_rows=public_agenda_items(),
        vector=search_documents.agenda_item_document(),
        date_field="meeting__date",
        organ_field="meeting__organ",
        body=search_documents.text_of(
            search_documents.strip_tags("summary"),
            search_documents.strip_tags("proposal"),
            search_documents.strip_tags("decision_text"),
        ),
        related=("meeting__organ",),
    )


def _search_candidates(kind: str, query: SearchQuery, organ: Organ | None, year: int | None) -> QuerySet[Any]:
    """The newest matching public rows, ids only: broad queries rank these few, never every hit (see README)."""
    plan = _search_plan(kind)
    qs = plan.public_rows.alias(document=plan.vector).filter(document=query)
    if organ is not None:
        qs = qs.filter(**{plan.organ_field: organ})
    if year is not None:
        qs = qs.filter(
            **{f"{plan.date_field}__gte": dt.date(year, 1, 1), f"{plan.date_field}__lte": dt.date(year, 12, 31)}
        )
    return qs.order_by(f"-{plan.date_field}", "-id").values("pk")[:SEARCH_CANDIDATES]


def _pg_search(kind: str, q: str, organ: Organ | None, year: int | None, limit: int) -> list[SearchHit]:
    query = _search_query(q)
    plan = _search_plan(kind)
    # One query: the candidates as a subquery, then rank, and headlines only for the rows shown.
    rows = (
        plan.public_rows.model.objects.filter(pk__in=_search_candidates(kind, query, organ, year))
        .select_related(*plan.related)
        .annotate(
            rank=search_documents.rank(plan.vector, query),
            day=F(plan.date_field),
            snippet_text=search_documents.headline(plan.body, query),
        )
        .order_by("-rank", "-day", "-id")[:limit]
    )
    hits = []
    for row in rows:
        if kind == "sammanfattning":
            organ_name, url_id = row.organ.name, row.decision_id
            label = _label(row.decision.paragraph_label, row.decision.diarienummer)
        elif kind == "beslut":
            organ_name, url_id, label = row.organ.name, row.pk, _label(row.paragraph_label, row.diarienummer)
        else:
            organ_name, url_id, label = row.meeting.organ.name, row.meeting_id, row.diarienummer or ""
        hits.append(_hit(kind, row.pk, row.day, organ_name, row.title, label, url_id, row.snippet_text))
    return hits


def _hit(kind: str, pk: int, day: Any, organ_name: str, title: str, label: str, url_id: int, snippet: str) -> SearchHit:
    url = f"/moten/{url_id}/#arende-{pk}" if kind == "arende" else f"/beslut/{url_id}/"
    return SearchHit(
        kind=kind,
        pk=pk,
        title=title,
        url=url,
        organ_name=organ_name,
        date=day,
        label=(label or "").strip(", "),
        snippet=_snippet(snippet),
    )


def _fallback_search(kind: str, q: str, organ: Organ | None, year: int | None, limit: int) -> list[SearchHit]:
    """SQLite (make run): a plain case-insensitive match, newest first."""
    from lgl_portal.core.richtext import html_to_text

    hits: list[SearchHit] = []
    if kind == "sammanfattning":
        summaries = public_summaries().select_related("organ", "decision")
        summaries = summaries.filter(Q(title__icontains=q) | Q(background__icontains=q) | Q(bullets__icontains=q))
        if organ:
            summaries = summaries.filter(organ=organ)
        if year:
            summaries = summaries.filter(decided_on__year=year)
        for s in summaries.order_by("-decided_on", "-id")[:limit]:
            hits.append(
                _hit(kind, s.pk, s.decided_on, s.organ.name, s.title, s.decision.paragraph_label, s.decision_id, "")
            )
            hits[-1].snippet = _snippet(html_to_text(s.background)[:240])
    elif kind == "beslut":
        decisions = public_decisions().filter(has_published_summary=False).select_related("organ")
        decisions = decisions.filter(Q(title__icontains=q) | Q(text__icontains=q) | Q(diarienummer__icontains=q))
        if organ:
            decisions = decisions.filter(organ=organ)
        if year:
            decisions = decisions.filter(decided_on__year=year)
        for d in decisions.order_by("-decided_on", "-id")[:limit]:
            hits.append(_hit(kind, d.pk, d.decided_on, d.organ.name, d.title, d.paragraph_label, d.pk, ""))
            hits[-1].snippet = _snippet(d.text[:240])
    else:
        items = public_agenda_items().select_related("meeting__organ")
        items = items.filter(Q(title__icontains=q) | Q(summary__icontains=q) | Q(decision_text__icontains=q))
        if organ:
            items = items.filter(meeting__organ=organ)
        if year:
            items = items.filter(meeting__date__year=year)
        for i in items.order_by("-meeting__date", "-id")[:limit]:
            hits.append(
                _hit(kind, i.pk, i.meeting.date, i.meeting.organ.name, i.title, i.diarienummer, i.meeting_id, "")
            )
            hits[-1].snippet = _snippet(html_to_text(i.summary)[:240])
    return hits


def search(*, q: str, kind: str | None = None, organ: Organ | None = None, year: int | None = None) -> SearchResults:
    """Top hits per kind. One query per kind; on PostgreSQL each is index-backed and bounded (see module doc)."""
    q = q.strip()[:200]
    results = SearchResults(query=q, groups={})
    if not q:
        return results
    kinds = [kind] if kind in SEARCH_KINDS else list(SEARCH_KINDS)
    limit = 50 if kind in SEARCH_KINDS else 10
    run = _pg_search if connection.vendor == "postgresql" else _fallback_search
    for k in kinds:
        results.groups[k] = run(k, q, organ, year, limit)
    return results


def explain_search(q: str, *, analyze: bool = False) -> str:
    """EXPLAIN of the summary search's candidate query (bench and tests show the GIN index is used)."""
    candidates = _search_candidates("sammanfattning", _search_query(q), None, None)
    return candidates.explain(analyze=analyze, buffers=analyze)


# --- Secretaries: register, summaries, uppdrag -------------------------------------------------------------


def decision_for_management(*, pk: int) -> Decision:
    return get_object_or_404(
        Decision.objects.select_related(
            "organ", "meeting", "agenda_item", "ratification_condition__case"
        ).prefetch_related("areas", "assignments"),
        pk=pk,
    )


def summary_of(decision: Decision) -> Summary | None:
    return Summary.objects.filter(decision=decision).prefetch_related("events__by").first()


def managed_decisions(user: Any, *, limit: int = 50) -> QuerySet[Decision]:
    return (
        Decision.objects.filter(organ__in=organs_managed_by(user))
        .select_related("organ", "summary")
        .order_by("-decided_on", "-id")[:limit]
    )


@dataclass
class AssignmentOverviewRow:
    organ: Organ
    open: list[Assignment]
    overdue: list[Assignment]


def assignment_overview(user: Any, *, today: dt.date | None = None) -> list[AssignmentOverviewRow]:
    """Open uppdrag per responsible organ (the assignee organ, else the deciding organ) that the user runs."""
    today = today or timezone.localdate()
    open_statuses = [Assignment.Status.EJ_PABORJAT, Assignment.Status.PAGAR]
    managed = organs_managed_by(user)
    qs = (
        Assignment.objects.filter(Q(decision__organ__in=managed) | Q(assignee_organ__in=managed))
        .filter(status__in=open_statuses)
        .select_related("decision__organ", "assignee_organ", "assignee_person", "assignee_organisation")
        .order_by("due_date", "id")
    )
    rows: dict[int, AssignmentOverviewRow] = {}
    for a in qs:
        organ = a.assignee_organ or a.decision.organ
        row = rows.setdefault(organ.pk, AssignmentOverviewRow(organ=organ, open=[], overdue=[]))
        late = deadline_state(due=a.due_date, today=today, warn_days=0, done=a.is_closed) == DeadlineState.LATE
        (row.overdue if late else row.open).append(a)
    return sorted(rows.values(), key=lambda r: r.organ.name)


def assignments_due_for_reminder(*, today: dt.date) -> QuerySet[Assignment]:
    """Open uppdrag to remind today: once within LGL_ASSIGNMENT_REMINDER_DAYS before the due date, and again on
    the date itself unless that reminder already went out today (the states of lgl_portal.law.deadlines)."""
    horizon = today + dt.timedelta(days=settings.LGL_ASSIGNMENT_REMINDER_DAYS)
    start_of_today = timezone.make_aware(dt.datetime.combine(today, dt.time.min))
    before = Q(due_date__gte=today, due_date__lte=horizon, reminder_sent_at__isnull=True)
    on_the_day = Q(due_date=today) & (Q(reminder_sent_at__isnull=True) | Q(reminder_sent_at__lt=start_of_today))
    return Assignment.objects.filter(
        before | on_the_day, status__in=[Assignment.Status.EJ_PABORJAT, Assignment.Status.PAGAR]
    ).select_related("decision__organ", "assignee_person", "assignee_organisation", "assignee_organ")


def assignment_get(*, pk: int) -> Assignment:
    return get_object_or_404(Assignment.objects.select_related("decision__organ", "assignee_organ"), pk=pk)
