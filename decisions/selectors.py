"""Reads for decisions, Beslut i korthet, search, uppdrag and the members' review.

Public reads (`public_*`, `search`) return only what the public may see:
- a published summary of a public organ;
- a decision of a public organ that is not on a confidential item and either has no meeting, belongs to a
  justerat/anslaget protocol, or has a published summary (the secretary chose to publish it before justering);
- a non-confidential agenda item of a public organ's meeting whose protocol is justerat (before that, its text
  is a draft that only members may read).

Private notes are read ONLY through `private_notes_by_item(author=...)`, which always filters by author.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import connection
from django.db.models import Max, Min, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from decisions import search_sql
from decisions.models import Area, Assignment, Decision, MemberQuestion, PrivateNote, ReadMark, Summary
from groups.models import Organ
from groups.permissions import organs_managed_by, organs_visible_internally_to
from lgl_portal.law.deadlines import DeadlineState, deadline_state
from meetings.models import AgendaItem, Attachment, Meeting

PAGE_SIZE = 25
LOCKED = [str(s) for s in Meeting.LOCKED_STATUSES]
# Meetings whose agenda the public may read: kallelse sent or later.
PUBLIC_AGENDA_STATUSES = [str(s) for s in Meeting.Status if s != Meeting.Status.PLANERAT]


def public_decision_q(prefix: str = "") -> Q:
    p = prefix
    return (
        Q(**{f"{p}organ__is_public": True})
        & (Q(**{f"{p}agenda_item__isnull": True}) | Q(**{f"{p}agenda_item__is_confidential": False}))
        & (
            Q(**{f"{p}meeting__isnull": True})
            | Q(**{f"{p}meeting__status__in": LOCKED})
            | Q(**{f"{p}has_published_summary": True})
        )
    )


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
        Decision.objects.filter(public_decision_q())
        .select_related("organ", "meeting", "ratification_case", "summary")
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
_START, _STOP = "\x02", "\x03"
_HEADLINE_OPTS = f"StartSel={_START}, StopSel={_STOP}, MaxWords=30, MinWords=12, MaxFragments=2"


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


def _query_sql(q: str) -> tuple[str, str]:
    text = tsquery_text(q)
    if text is None:
        return "websearch_to_tsquery('swedish', %s)", q
    return "to_tsquery('swedish', %s)", text


def _snippet(raw: str) -> str:
    from django.utils.html import escape

    text = escape(html.unescape(raw or ""))
    return text.replace(_START, "<mark>").replace(_STOP, "</mark>")


def _strip_tags_sql(column: str) -> str:
    return f"regexp_replace(coalesce({column}, ''), '<[^>]+>', ' ', 'g')"


def _pg_search(kind: str, q: str, organ: Organ | None, year: int | None, limit: int) -> list[SearchHit]:
    query_sql, query_param = _query_sql(q)
    params: list[Any] = [query_param]
    extra = []
    if kind == "sammanfattning":
        vector, date_col, table = "t.search_vector", "t.decided_on", "decisions_summary t"
        filter_joins = ""
        joins = "JOIN groups_organ o ON o.id = t.organ_id JOIN decisions_decision d ON d.id = t.decision_id"
        where = "t.is_published AND t.organ_id IN (SELECT id FROM groups_organ WHERE is_public)"
        title = "t.title"
        label = "d.paragraph_label || CASE WHEN d.diarienummer <> '' THEN ', ' || d.diarienummer ELSE '' END"
        body = f"coalesce(t.bullets, '') || ' ' || {_strip_tags_sql('t.background')}"
        url_id = "t.decision_id"
    elif kind == "beslut":
        vector, date_col, table = "t.search_vector", "t.decided_on", "decisions_decision t"
        filter_joins = (
            "LEFT JOIN meetings_agendaitem ai ON ai.id = t.agenda_item_id "
            "LEFT JOIN meetings_meeting m ON m.id = t.meeting_id"
        )
        joins = "JOIN groups_organ o ON o.id = t.organ_id"
        # Decisions with a published summary are found through the summary; listing both would repeat them.
        where = (
            "NOT t.has_published_summary AND t.organ_id IN (SELECT id FROM groups_organ WHERE is_public) "
            "AND (ai.id IS NULL OR NOT ai.is_confidential) AND (m.id IS NULL OR m.status = ANY(%s))"
        )
        params.append(LOCKED)
        title = "t.title"
        label = "t.paragraph_label || CASE WHEN t.diarienummer <> '' THEN ', ' || t.diarienummer ELSE '' END"
        body = "coalesce(t.text, '') || ' ' || coalesce(t.condition_text, '')"
        url_id = "t.id"
    else:
        vector = search_sql.agenda_item_vector("t")
        date_col, table = "m.date", "meetings_agendaitem t"
        filter_joins = "JOIN meetings_meeting m ON m.id = t.meeting_id"
        joins = "JOIN meetings_meeting m ON m.id = t.meeting_id JOIN groups_organ o ON o.id = m.organ_id"
        where = (
            "m.organ_id IN (SELECT id FROM groups_organ WHERE is_public) AND NOT t.is_confidential "
            "AND m.status = ANY(%s)"
        )
        # Only justerade protocols: before justering the item's text is a draft that members alone may read.
        params.append(LOCKED)
        title, label = "t.title", "coalesce(t.diarienummer, '')"
        body = (
            f"{_strip_tags_sql('t.summary')} || ' ' || {_strip_tags_sql('t.proposal')} || ' ' "
            f"|| {_strip_tags_sql('t.decision_text')}"
        )
        url_id = "t.meeting_id"
    if organ is not None:
        extra.append("m.organ_id = %s" if kind == "arende" else "t.organ_id = %s")
        params.append(organ.pk)
    if year is not None:
        extra.append(f"{date_col} >= %s AND {date_col} <= %s")
        params += [dt.date(year, 1, 1), dt.date(year, 12, 31)]
    where_all = " AND ".join([where, *extra])
    # Only fixed fragments of this module are interpolated; every value travels as a parameter. The candidate
    # step touches only ids, dates and vectors; titles, labels and headlines are built for the final few rows.
    sql = f"""
        WITH query AS (SELECT {query_sql} AS q),
        hits AS (
            SELECT t.id, {date_col} AS day, {vector} AS v
            FROM {table} {filter_joins}
            WHERE {vector} @@ (SELECT q FROM query) AND {where_all}
            ORDER BY {date_col} DESC, t.id DESC
            LIMIT %s
        ),
        ranked AS (
            SELECT hits.id, hits.day, ts_rank(hits.v, query.q) AS rank FROM hits, query
            ORDER BY rank DESC, hits.day DESC, hits.id DESC
            LIMIT %s
        )
        SELECT ranked.id, ranked.day, o.name, {title}, {label}, {url_id},
               ts_headline('swedish', {body}, query.q, %s)
        FROM ranked JOIN {table} ON t.id = ranked.id {joins}, query
        ORDER BY ranked.rank DESC, ranked.day DESC, ranked.id DESC
    """  # noqa: S608
    params += [SEARCH_CANDIDATES, limit, _HEADLINE_OPTS]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    return [_hit(kind, *row) for row in rows]


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
        qs = public_summaries().select_related("organ", "decision")
        qs = qs.filter(Q(title__icontains=q) | Q(background__icontains=q) | Q(bullets__icontains=q))
        if organ:
            qs = qs.filter(organ=organ)
        if year:
            qs = qs.filter(decided_on__year=year)
        for s in qs.order_by("-decided_on", "-id")[:limit]:
            hits.append(
                _hit(kind, s.pk, s.decided_on, s.organ.name, s.title, s.decision.paragraph_label, s.decision_id, "")
            )
            hits[-1].snippet = _snippet(html_to_text(s.background)[:240])
    elif kind == "beslut":
        qs = Decision.objects.filter(public_decision_q(), has_published_summary=False).select_related("organ")
        qs = qs.filter(Q(title__icontains=q) | Q(text__icontains=q) | Q(diarienummer__icontains=q))
        if organ:
            qs = qs.filter(organ=organ)
        if year:
            qs = qs.filter(decided_on__year=year)
        for d in qs.order_by("-decided_on", "-id")[:limit]:
            hits.append(_hit(kind, d.pk, d.decided_on, d.organ.name, d.title, d.paragraph_label, d.pk, ""))
            hits[-1].snippet = _snippet(d.text[:240])
    else:
        qs = AgendaItem.objects.filter(
            meeting__organ__is_public=True, is_confidential=False, meeting__status__in=LOCKED
        ).select_related("meeting__organ")
        qs = qs.filter(Q(title__icontains=q) | Q(summary__icontains=q) | Q(decision_text__icontains=q))
        if organ:
            qs = qs.filter(meeting__organ=organ)
        if year:
            qs = qs.filter(meeting__date__year=year)
        for i in qs.order_by("-meeting__date", "-id")[:limit]:
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
    query_sql, query_param = _query_sql(q)
    prefix = "EXPLAIN (ANALYZE, BUFFERS)" if analyze else "EXPLAIN"
    sql = " ".join(
        [
            prefix,
            "SELECT id FROM decisions_summary WHERE search_vector @@",
            query_sql,
            "AND is_published ORDER BY decided_on DESC, id DESC LIMIT %s",
        ]
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [query_param, SEARCH_CANDIDATES])
        return "\n".join(row[0] for row in cursor.fetchall())


# --- Secretaries: register, summaries, uppdrag -------------------------------------------------------------


def decision_for_management(*, pk: int) -> Decision:
    return get_object_or_404(
        Decision.objects.select_related("organ", "meeting", "agenda_item", "ratification_case").prefetch_related(
            "areas", "assignments"
        ),
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


# --- Members' review ------------------------------------------------------------------------------------------


@dataclass
class ReviewItem:
    item: AgendaItem
    is_read: bool
    note: PrivateNote | None
    questions: list[MemberQuestion]


@dataclass
class ReviewMeeting:
    meeting: Meeting
    items: list[ReviewItem]


def upcoming_meetings_for_review(user: Any, *, today: dt.date | None = None, limit: int = 10) -> list[ReviewMeeting]:
    """The coming meetings of the user's organs with their items, handlingar and the user's own marks.

    A constant number of queries however many meetings, items and decisions exist.
    """
    today = today or timezone.localdate()
    meetings = list(
        Meeting.objects.filter(organ__in=organs_visible_internally_to(user), date__gte=today)
        .select_related("organ")
        .prefetch_related(
            Prefetch(
                "items",
                queryset=AgendaItem.objects.order_by("position", "id").prefetch_related(
                    Prefetch("attachments", queryset=Attachment.objects.order_by("uploaded_at", "id")),
                    "presenters__person",
                ),
            )
        )
        .order_by("date", "start_time")[:limit]
    )
    item_ids = [i.pk for m in meetings for i in m.items.all()]
    read = set(ReadMark.objects.filter(user=user, item_id__in=item_ids).values_list("item_id", flat=True))
    notes = private_notes_by_item(author=user, item_ids=item_ids)
    questions: dict[int, list[MemberQuestion]] = {}
    for question in MemberQuestion.objects.filter(author=user, item_id__in=item_ids).order_by("created_at"):
        questions.setdefault(question.item_id, []).append(question)
    return [
        ReviewMeeting(
            meeting=m,
            items=[
                ReviewItem(item=i, is_read=i.pk in read, note=notes.get(i.pk), questions=questions.get(i.pk, []))
                for i in m.items.all()
            ],
        )
        for m in meetings
    ]


def private_notes_by_item(*, author: Any, item_ids: list[int]) -> dict[int, PrivateNote]:
    """The ONE way to read private notes: always the author's own, never anyone else's."""
    if not getattr(author, "is_authenticated", False):
        return {}
    return {n.item_id: n for n in PrivateNote.objects.filter(author=author, item_id__in=item_ids)}


def review_item_get(*, pk: int) -> AgendaItem:
    return get_object_or_404(AgendaItem.objects.select_related("organ", "meeting"), pk=pk)


def questions_for_secretary(user: Any, *, today: dt.date | None = None, limit: int = 100) -> list[MemberQuestion]:
    """Questions about coming meetings of the organs the user runs, oldest unanswered first."""
    today = today or timezone.localdate()
    return list(
        MemberQuestion.objects.filter(item__organ__in=organs_managed_by(user), item__meeting__date__gte=today)
        .select_related("author__person", "item__meeting__organ")
        .order_by("answered_at", "created_at")[:limit]
    )


def question_get(*, pk: int) -> MemberQuestion:
    return get_object_or_404(MemberQuestion.objects.select_related("item__meeting__organ"), pk=pk)


def assignment_get(*, pk: int) -> Assignment:
    return get_object_or_404(Assignment.objects.select_related("decision__organ", "assignee_organ"), pk=pk)
