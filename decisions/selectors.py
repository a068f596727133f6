"""Reads for decisions, Beslut i korthet, search and uppdrag (the members' review reads in `members.selectors`).

Public reads (`public_*`, `search`) return only what the public may see:
- a published summary of a public organ;
- a decision of a public organ that is not on a confidential item and either has no meeting, belongs to a
  justerat/anslaget protocol, or has a published summary (the secretary chose to publish it before justering);
- a non-confidential agenda item of a public organ's meeting whose protocol is justerat (before that, its text
  is a draft that only members may read).
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
import html
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.contrib.postgres.search import SearchQuery
from django.db import connection, transaction
from django.db.models import Exists, F, IntegerField, Max, Min, OuterRef, Q, QuerySet, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.html import escape

from decisions import search as search_documents
from decisions import search_statistics
from decisions.models import Area, Assignment, Decision, HandlingText, Summary
from groups.models import Organ
from groups.permissions import organs_managed_by, organs_visible_internally_to
from lgl_portal.core.cache import public_content_memo
from lgl_portal.core.prepared import StatementBatch, execute_prepared
from lgl_portal.law.deadlines import DeadlineState, deadline_state
from meetings.models import AgendaItem, Attachment, Meeting

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
        & (Q(**{f"{p}decision_point__isnull": True}) | Q(**{f"{p}decision_point__item__is_confidential": False}))
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


def public_attachments() -> QuerySet[Attachment]:
    """Handlingar the public may read: marked public, on a public agenda item (the rule above), so never on a
    confidential item or before justering. The same rule as meetings.permissions.can_download_attachment."""
    return Attachment.objects.filter(is_public=True, item__in=public_agenda_items())


def member_attachments(user: Any) -> QuerySet[Attachment]:
    """Handlingar a member may read beyond the public ones: every handling of an organ they see internally."""
    return Attachment.objects.filter(item__meeting__organ__in=organs_visible_internally_to(user))


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


@public_content_memo
def public_filter_choices() -> dict[str, Any]:
    """Organs, areas and the spans of years for the filter forms: small, index-backed queries, read again only
    when public content has changed (every uncached search and list page shows them).

    `years`: those of the published summaries (the list of Beslut i korthet). `search_years`: also those of the
    justerade meetings (their agenda items and handlingar are searched) and of the decisions published without a
    summary, so that a search can be narrowed to any year it finds something in.
    """
    # Without the organ join, so PostgreSQL answers min and max from the partial index's two ends.
    span = Summary.objects.filter(is_published=True).aggregate(first=Min("decided_on"), last=Max("decided_on"))
    spans = [
        span,
        Meeting.objects.filter(status__in=LOCKED, organ__is_public=True).aggregate(first=Min("date"), last=Max("date")),
        Decision.objects.filter(has_published_summary=False, publication=Decision.Publication.PUBLICERAT).aggregate(
            first=Min("decided_on"), last=Max("decided_on")
        ),
    ]
    known = [s for s in spans if s["first"]]
    return {
        # Rows (pk, name, slug), not model instances: at national scale 290 organs on every uncached search.
        "organs": list(
            Organ.objects.filter(is_public=True).order_by("name").values_list("pk", "name", "slug", named=True)
        ),
        "areas": list(Area.objects.order_by("name")),
        "years": _years(span["first"], span["last"]) if span["first"] else [],
        "search_years": _years(min(s["first"] for s in known), max(s["last"] for s in known)) if known else [],
    }


def _years(first: dt.date, last: dt.date) -> list[int]:
    """The years from `last` back to `first`, newest first."""
    return list(range(last.year, first.year - 1, -1))


def public_organ_by_slug(slug: str) -> Organ | None:
    return Organ.objects.filter(is_public=True, slug=slug).first() if slug else None


def area_by_slug(slug: str) -> Area | None:
    return Area.objects.filter(slug=slug).first() if slug else None


_DECISION_PAGE_COLUMNS = (
    *("title", "text", "paragraph_label", "diarienummer", "decided_on", "condition_text", "kind", "status"),
    *("organ__name", "meeting", "decision_point", "ratification_condition"),
    *("meeting__date", "meeting__status"),
    *("summary__decision", "summary__title", "summary__background", "summary__bullets", "summary__is_published"),
    *("summary__published_at", "summary__updated_at"),
    # The beslutspunkt's line: its number and text, and its paragraph's label and public heading.
    *("decision_point__position", "decision_point__text", "decision_point__item"),
    *("decision_point__item__position", "decision_point__item__paragraph_number"),
    *("decision_point__item__paragraph_year", "decision_point__item__is_confidential"),
    *("decision_point__item__title", "decision_point__item__public_title", "decision_point__item__organ"),
    "decision_point__item__organ__paragraph_format",
)


def _public_decision_page_rows() -> QuerySet[Decision]:
    return (
        public_decisions()
        # ratification_condition: the reverse link ratification keeps, read in the same query as before the move.
        .select_related("organ", "meeting", "summary", "ratification_condition__case", "decision_point__item__organ")
        # Only the columns the page shows of the decision, its meeting and its summary (the row was ~150 columns;
        # parsing them was a fifth of the query's time; the organs, the beslutspunkt's paragraph and the
        # ratification case were still 70 of its 100). A field read that is not listed here costs a query, which
        # the page's tests catch. A relation named without columns (the ratification and its case, which the
        # status reads whole) loads whole; naming a column further down (`decision_point__item__…`) leaves out
        # the rest of the way, so every step of that way names its own.
        .only(*_DECISION_PAGE_COLUMNS)
        # Most decisions have no uppdrag and many no area: the page asks for them only when they exist.
        .annotate(
            has_areas=Exists(Decision.areas.through.objects.filter(decision_id=OuterRef("pk"))),
            has_assignments=Exists(Assignment.objects.filter(decision_id=OuterRef("pk"))),
        )
    )


@dataclass(frozen=True)
class _CompiledModelQuery:
    """A model query compiled once (see `_statement`), with what Django's ModelIterable needs to build the
    instances and their select_related objects from its rows; all of it is only read after it is made."""

    compiler: Any
    statement: _Statement
    init_list: tuple[str, ...]
    fields: tuple[int, int]
    populators: tuple[Any, ...]
    # The columns' converters, worked out once: Django's results_iter works them out again for every page, asking
    # each of the query's columns (the decision and its nine joined tables).
    converters: dict[int, Any]

    def instances(self, rows: list[Any]) -> list[Any]:
        model = self.compiler.klass_info["model"]
        db = self.compiler.using
        start, end = self.fields
        objects = []
        converted = self.compiler.apply_converters(rows, self.converters) if self.converters else rows
        for row in converted:
            obj = model.from_db(db, list(self.init_list), row[start:end])
            for populator in self.populators:
                populator.populate(row, obj)
            for name, position in self.compiler.annotation_col_map.items():
                setattr(obj, name, row[position])
            objects.append(obj)
        return objects


def _compile_model_query(qs: QuerySet[Any], *, needed: tuple[str, ...]) -> _CompiledModelQuery:
    from django.db.models.query import get_related_populators  # type: ignore[attr-defined]  # not in the stubs

    compiler = qs.query.get_compiler(using=qs.db)
    sql, params = compiler.as_sql()
    select_fields = compiler.klass_info["select_fields"]
    start, end = select_fields[0], select_fields[-1] + 1
    columns = [s[0] for s in compiler.select[0 : compiler.col_count]]
    assert not compiler.has_composite_fields(columns), "a composite key needs Django's own results_iter"
    return _CompiledModelQuery(
        compiler=compiler,
        statement=_statement(sql, params, needed=needed),
        init_list=tuple(f[0].target.attname for f in compiler.select[start:end]),
        fields=(start, end),
        populators=tuple(get_related_populators(compiler.klass_info, compiler.select, qs.db)),
        converters=compiler.get_converters(columns),
    )


def public_decision_get(*, pk: int) -> Decision:
    """The decision with what its page shows; its areas and uppdrag are read by `public_decision_extras`.

    The page's one query is compiled once per process (building and compiling it took a third of an uncached
    decision page at 1,000,000 decisions) from the same public rows, prepared once per database connection,
    and run with the page's own id.
    """
    # Prepared once per connection: planning its ten joins took 2 ms, running it 0.3 ms (PostgreSQL's default plan
    # cache mode settles on the generic plan after five runs; a lookup by id plans alike for any id).
    found = _by_id("decision-page", lambda: _public_decision_page_rows().filter(pk=_SENTINEL_PK).order_by()[:2], pk)
    if len(found) != 1:
        raise Http404
    return found[0]


def _by_id(name: str, rows: Callable[[], QuerySet[Any]], pk: int) -> list[Any]:
    """The instances of a query by one id (`_SENTINEL_PK` where the id goes), compiled once per process and
    database, prepared once per connection (lgl_portal/core/prepared.py), and run with `pk`."""
    key = (name, connection.alias)
    compiled = _STATEMENTS.get(key)
    if compiled is None:
        compiled = _STATEMENTS[key] = _compile_model_query(rows(), needed=("pk",))
    assert isinstance(compiled, _CompiledModelQuery)
    with connection.cursor() as cursor:
        execute_prepared(cursor, compiled.statement.sql, compiled.statement.params({"pk": pk}))
        fetched = cursor.fetchall()
    return compiled.instances(fetched)


@dataclass
class DecisionExtras:
    areas: list[Area]
    assignments: list[Assignment]


def public_decision_extras(decision: Decision) -> DecisionExtras:
    """The areas and uppdrag of a decision from `public_decision_get`: at most one query each, none for what
    the decision has not (the decision page then costs one query)."""
    has_areas = getattr(decision, "has_areas", True)
    has_assignments = getattr(decision, "has_assignments", True)
    return DecisionExtras(
        areas=_areas_of(decision.pk) if has_areas else [],
        assignments=list(decision.assignments.select_related("assignee_organ").order_by("due_date", "id"))
        if has_assignments
        else [],
    )


def _areas_of(pk: int) -> list[Area]:
    """A decision's areas by name, through a statement compiled once per process and prepared per connection
    (as the page's own query): building the many-to-many query anew took more than running it, on the third of
    the decision pages that have areas."""
    return _by_id("decision-areas", lambda: Area.objects.filter(decisions__pk=_SENTINEL_PK).order_by("name"), pk)


def ratification_case_of(decision: Decision) -> Any | None:
    """The ratification case whose outcome a decision waits on, or None. Read off `ratification_condition` (the
    reverse one-to-one that `public_decision_get` selects) without letting it raise: in a template, the missing
    relation's exception made Django list the decision's attributes (`dir()`) on every page without one."""
    condition = getattr(decision, "ratification_condition", None)
    return condition.case if condition is not None else None


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
    # "Menade du …?": the query with its unknown words replaced by the nearest indexed words, or "".
    suggestion: str = ""
    # Matches per kind, counted among the newest SEARCH_CANDIDATES only (`capped` says the count stopped there).
    counts: dict[str, int] = field(default_factory=dict)
    capped: int = 0

    @property
    def is_empty(self) -> bool:
        return not any(self.groups.values())


SEARCH_KINDS = ("sammanfattning", "beslut", "arende", "handling")
# Broad queries: only the most recent candidates are ranked, never every hit (see README). Decided: 100, twice
# the 50 hits a search filtered to one kind shows; 200 cost 2 ms more per kind at 1,000,000 decisions (walking
# and ranking twice the rows) for hits older than the hundredth newest match, which a visitor narrows by year.
SEARCH_CANDIDATES = 100
_START, _STOP = search_documents.START, search_documents.STOP


# PostgreSQL's Swedish snowball stemmer leaves some definite forms alone ("beslutet" stays "beslutet", while
# "primärvården" becomes "primärvård"), so each plain search word also matches its form without a definite
# or plural ending, and the bare form also its "-et" form. Words of PREFIX_MIN letters or more also match as a
# prefix, which finds compounds the dictionary does not know ("kompetens" → "kompetensförsörjningsplan"); the
# exact forms rank above (SearchWords.exact).
_SWEDISH_ENDINGS = ("arnas", "ernas", "ornas", "arna", "erna", "orna", "heten", "ens", "ets", "et", "en", "na")
_WORD = re.compile(r"\w+", re.UNICODE)
PREFIX_MIN = 5


def _variants(word: str) -> list[str]:
    stem = next((word[: -len(e)] for e in _SWEDISH_ENDINGS if word.endswith(e) and len(word) - len(e) >= 4), word)
    return [word, stem] if stem != word else [word, f"{word}et"] if len(word) >= 4 else [word]


def tsquery_text(q: str) -> str | None:
    """A to_tsquery() text for plain words, each with its variants, or None when the visitor used search syntax
    (quotes, -, or). `normalised_queries` adds the prefix expansions."""
    if any(ch in q for ch in '"-') or re.search(r"\b(or|OR)\b", q):
        return None
    parts = []
    for word in _WORD.findall(q.lower())[:8]:
        variants = _variants(word)
        parts.append("(" + " | ".join(variants) + ")" if len(variants) > 1 else variants[0])
    return " & ".join(parts) or None


# Prefix matches are expanded into the public vocabulary's words that begin with the typed word (the most
# frequent PREFIX_WORDS), never sent as `word:*`: PostgreSQL cannot estimate how many rows a prefix matches,
# and with a guess it walks the date index through every row for a rare prefix (1 s at 1,000,000 decisions);
# exact lexemes it estimates from the column statistics, choosing the GIN index for rare words. The expansion
# happens in the statement that normalises the words (`normalised_queries`).
PREFIX_WORDS = 12


# --- Identifiers: ärendenummer (Dnr) and paragraph labels are found exactly, never through the text search.
# "KS 2023/0539", "LGL 2024/12"; "§ 157/23", "157/23", "§ 33".
_DNR = re.compile(r"^\s*(?:dnr\.?:?\s*)?([A-Za-zÅÄÖåäö]{1,8})[\s-]*(\d{4})\s*/\s*(\d{1,6})\s*$", re.IGNORECASE)
_PARAGRAPH = re.compile(r"^\s*(?:§\s*(\d{1,4})(?:\s*/\s*(\d{2}))?|(\d{1,4})\s*/\s*(\d{2}))\s*$")


@dataclass(frozen=True)
class Identifier:
    diarienummer: str = ""
    paragraph_label: str = ""
    # The label's parts, as agenda items store them ("§ 157/23": 157 and 2023).
    paragraph_number: int | None = None
    paragraph_year: int | None = None


def parse_identifier(q: str) -> Identifier | None:
    """The Dnr or paragraph label the visitor typed, written as the portal prints it, or None."""
    if m := _DNR.match(q):
        return Identifier(diarienummer=f"{m[1].upper()} {m[2]}/{m[3]}")
    if m := _PARAGRAPH.match(q):
        number, year = (m[1], m[2]) if m[1] else (m[3], m[4])
        return Identifier(
            paragraph_label=f"§ {int(number)}/{year}" if year else f"§ {int(number)}",
            paragraph_number=int(number),
            paragraph_year=2000 + int(year) if year else None,
        )
    return None


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
    exact_document: Any
    date_field: str
    organ_field: str
    body: Any
    related: tuple[str, ...]


# Within one search each kind's plan is built once (its querysets and expressions are only ever cloned).
_PLANS: contextvars.ContextVar[dict[tuple[str, int], _SearchPlan] | None] = contextvars.ContextVar(
    "search_plans", default=None
)


def _search_plan(kind: str, user: Any = None) -> _SearchPlan:
    plans = _PLANS.get()
    if plans is None:
        return _build_search_plan(kind, user)
    key = (kind, id(user))
    if key not in plans:
        plans[key] = _build_search_plan(kind, user)
    return plans[key]


def _build_search_plan(kind: str, user: Any = None) -> _SearchPlan:
    # Each kind starts from the same public-visibility rule the pages and the SQLite fallback use.
    if kind == "sammanfattning":
        return _SearchPlan(
            public_rows=public_summaries(),
            vector=search_documents.StoredSearchVector(),
            exact_document=search_documents.StoredSearchVector(search_documents.EXACT_COLUMN),
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
            exact_document=search_documents.StoredSearchVector(search_documents.EXACT_COLUMN),
            date_field="decided_on",
            organ_field="organ",
            body=search_documents.text_of("text", "condition_text"),
            related=("organ",),
        )
    if kind == "handling":
        return _SearchPlan(
            public_rows=_handling_rows(user),
            vector=search_documents.StoredSearchVector(),
            exact_document=search_documents.StoredSearchVector(search_documents.EXACT_COLUMN),
            date_field="attachment__item__meeting__date",
            organ_field="attachment__item__meeting__organ",
            body=search_documents.text_of("text", Value("")),
            related=("attachment__item__meeting__organ",),
        )
    return _SearchPlan(
        public_rows=public_agenda_items(),
        vector=search_documents.agenda_item_document(),
        exact_document=search_documents.agenda_item_document(search_documents.EXACT_CONFIG),
        date_field="meeting__date",
        organ_field="meeting__organ",
        body=search_documents.text_of(
            search_documents.strip_tags("summary"),
            search_documents.strip_tags("proposal"),
            search_documents.strip_tags("decision_text"),
        ),
        related=("meeting__organ",),
    )


def _handling_rows(user: Any) -> QuerySet[HandlingText]:
    attachments = public_attachments()
    if getattr(user, "is_authenticated", False):
        attachments = attachments | member_attachments(user)
    return HandlingText.objects.filter(status=HandlingText.Status.KLAR, attachment__in=attachments)


def _search_candidates(
    kind: str, query: SearchQuery, organ: Organ | None, year: int | None, user: Any = None
) -> QuerySet[Any]:
    """The newest matching public rows, ids only, walking the date index (the plan for frequent words, see
    `gin_first`): broad queries rank these few, never every hit (see README)."""
    plan = _search_plan(kind, user)
    qs = _filtered(plan, plan.public_rows.alias(document=plan.vector).filter(document=query), organ, year)
    return qs.order_by(f"-{plan.date_field}", "-pk").values("pk")[:SEARCH_CANDIDATES]


# --- The plan by the words' frequency -------------------------------------------------------------------------
# The newest SEARCH_CANDIDATES matches can be found two ways: walk the date index newest first and test each
# row (cost ≈ SEARCH_CANDIDATES / share of rows matching), or take every match from the GIN index and sort them
# (cost ≈ number of matches). PostgreSQL chooses by its cost model, which prices the test of a row's tsvector
# as a cheap operator: for a word in 0.3 % of 1,000,000 rows it walked 74,000 rows per kind (0.5 s) where the
# GIN index has 3,000. Nor can its estimate of the matches be trusted for this: it multiplies the shares of
# words joined by & as if they were independent, while the parts of a compound ("elev" & "hälsa") or the
# words of a phrase ("psykisk hälsa") come together, so a word in 8 % of the rows looked rare.
#
# So the search chooses, from an upper bound of the matches: PostgreSQL's estimate for each lexeme alone
# (from its column statistics: search_statistics), combined over the normalised query as a bound
# (a & b: the smaller; a | b: the sum). GIN first below GIN_FIRST_FACTOR × √(candidates × table rows), where
# the two costs meet; else the walk, which for a frequent word stops after a few hundred rows.
GIN_FIRST_FACTOR = 1.0
_TSQUERY_TOKEN = re.compile(r"\s*(?:('(?:[^']|'')*'(?::[*A-D]+)?)|(<->|<\d+>|[&|!()]))")


def _tsquery_tree(text: str) -> Any:
    """PostgreSQL's text of a normalised tsquery as a tree: a lexeme string, or (operator, operands...)."""
    tokens = []
    position = 0
    while position < len(text.rstrip()):
        m = _TSQUERY_TOKEN.match(text, position)
        if m is None:
            raise ValueError(text)
        tokens.append(m[1] or m[2])
        position = m.end()
    tokens.append("")

    def parse(level: int, i: int) -> tuple[Any, int]:
        # Levels from the loosest: | then & then phrase (<->, <N>); ! and parentheses bind tightest.
        if level == 3:
            if tokens[i] == "!":
                operand, i = parse(3, i + 1)
                return ("!", operand), i
            if tokens[i] == "(":
                inner, i = parse(0, i + 1)
                return inner, i + 1
            return tokens[i], i + 1
        left, i = parse(level + 1, i)
        while (
            (level == 0 and tokens[i] == "|")
            or (level == 1 and tokens[i] == "&")
            or (level == 2 and tokens[i].startswith("<"))
        ):
            op = "|" if tokens[i] == "|" else "&"
            right, i = parse(level + 1, i + 1)
            left = (op, left, right)
        return left, i

    return parse(0, 0)[0] if tokens[0] else None


def _lexemes(tree: Any) -> list[str]:
    if tree is None:
        return []
    if isinstance(tree, str):
        return [tree]
    return [lexeme for operand in tree[1:] for lexeme in _lexemes(operand)]


def _bound(tree: Any, estimate: dict[str, float], rows: float) -> float:
    """An upper bound of the rows matching, from each lexeme's estimate (never the independence product)."""
    if tree is None:
        return 0.0
    if isinstance(tree, str):
        return estimate[tree]
    if tree[0] == "!":
        return rows
    if tree[0] == "|":
        # The forms of one word often normalise alike ("primärvården" and "primärvård"): each counted once.
        return min(sum(_bound(operand, estimate, rows) for operand in dict.fromkeys(_alternatives(tree))), rows)
    return min(_bound(operand, estimate, rows) for operand in tree[1:])


def _alternatives(tree: Any) -> list[Any]:
    """The operands of a chain of |, flattened."""
    if isinstance(tree, tuple) and tree[0] == "|":
        return [alternative for operand in tree[1:] for alternative in _alternatives(operand)]
    return [tree]


@dataclass(frozen=True)
class SearchWords:
    """The search's words as PostgreSQL normalises them (the text of each tsquery)."""

    # Over `lgl_swedish`, with compound parts and the prefix expansions: what is matched.
    text: str
    # Over EXACT_CONFIG: the exact words, which rank higher.
    exact: str
    # Over EXACT_CONFIG as the headline reads the text: `text`, or each typed word as a prefix
    # ("kompetens" marks "kompetensförsörjning", which the expansions may not hold).
    headline: str


def normalised_queries(q: str, *, expand_prefixes: bool = True) -> SearchWords:
    """The three normalised forms of the search's words (see SearchWords), in one statement prepared once per
    connection. With `expand_prefixes`, each plain word of PREFIX_MIN letters or more (not a number) also
    stands for the PREFIX_WORDS most frequent words of the public vocabulary that begin with it, looked up in
    the same statement (see PREFIX_WORDS)."""
    plain = tsquery_text(q)
    with connection.cursor() as cursor:
        if plain is None:  # search syntax (quotes, -, or): the visitor's words as web search, no headline words
            execute_prepared(
                cursor, _NORMALISE_WEBSEARCH, [search_documents.CONFIG, q, search_documents.EXACT_CONFIG, q]
            )
        else:
            typed = _WORD.findall(q.lower())[:8]
            headline = " | ".join(f"{w}:*" for w in typed if not w.isdigit())
            execute_prepared(
                cursor,
                _NORMALISE_WORDS if headline else _NORMALISE_WORDS_WITHOUT_HEADLINE,
                [
                    *([search_documents.EXACT_CONFIG, headline] if headline else []),
                    search_documents.CONFIG,
                    typed,
                    [" | ".join(_variants(w)) for w in typed],
                    [expand_prefixes and len(w) >= PREFIX_MIN and not w.isdigit() for w in typed],
                    PREFIX_WORDS,
                    search_documents.EXACT_CONFIG,
                    plain,
                ],
            )
        text, exact, headline_text = cursor.fetchone()
    return SearchWords(text=text or "", exact=exact or "", headline=headline_text or "")


# The headline's words extend `text`, which is normalised once instead of twice (through the Swedish dictionary
# and its compound splitting; 7 % of this statement's time, the same three texts for 44 words compared). OFFSET 0
# keeps PostgreSQL from pulling the subquery up and writing the expression out twice. Each typed word becomes
# "(its variants | its expansions)", the words joined by &, in the order typed; the expansions are read from the
# vocabulary's word index (a range on the prefix), most frequent first. The statement's shape never changes, so
# it is written once (building it through the ORM took two thirds of the normalising's own time).
_HEADLINE_WORDS = "t || to_tsquery(%s::regconfig, %s)"
_NORMALISE_WORDS = (
    f"SELECT t::text, e::text, ({_HEADLINE_WORDS})::text FROM ("  # noqa: S608 - constant text, values as parameters
    " SELECT to_tsquery(%s::regconfig, ("
    "  SELECT string_agg('(' || w.variants || coalesce(' | ' || x.expansions, '') || ')', ' & ' ORDER BY w.n)"
    "  FROM unnest(%s::text[], %s::text[], %s::boolean[]) WITH ORDINALITY AS w(asked, variants, expand, n)"
    "  LEFT JOIN LATERAL ("
    "   SELECT string_agg(s.word, ' | ' ORDER BY s.frequency DESC, s.word) AS expansions FROM ("
    "    SELECT word, frequency FROM decisions_searchterm"
    "    WHERE w.expand AND word > w.asked AND word < w.asked || chr(1114111) AND starts_with(word, w.asked)"
    "    ORDER BY frequency DESC, word LIMIT %s) AS s"
    "  ) AS x ON true"
    " )) AS t, to_tsquery(%s::regconfig, %s) AS e OFFSET 0) AS words"
)
# A search of numbers only has no headline words: the headline is `text`.
_NORMALISE_WORDS_WITHOUT_HEADLINE = _NORMALISE_WORDS.replace(_HEADLINE_WORDS, "t")
_NORMALISE_WEBSEARCH = (
    "SELECT t::text, e::text, t::text FROM ("
    " SELECT websearch_to_tsquery(%s::regconfig, %s) AS t, websearch_to_tsquery(%s::regconfig, %s) AS e OFFSET 0"
    ") AS words"
)


def estimated_matches(kinds: list[str], query_text: str) -> dict[str, tuple[float, float]]:
    """Per kind, (an upper bound of the rows matching the normalised query, the rows in the table), from
    statistics only: each lexeme's rows are PostgreSQL's own estimate, computed from the column statistics the
    process keeps (decisions/search_statistics.py). No query."""
    tree = _tsquery_tree(query_text)
    statistics = search_statistics.document_statistics()
    result = {}
    for kind in kinds:
        of_kind = statistics[kind]
        estimate = {leaf: _leaf_rows(of_kind, leaf) for leaf in dict.fromkeys(_lexemes(tree))}
        result[kind] = (_bound(tree, estimate, of_kind.rows), of_kind.rows)
    return result


def _leaf_rows(statistics: search_statistics.DocumentStatistics, leaf: str) -> float:
    """A leaf of the normalised query ('lexeme', 'it''s', 'pre':*, 'word':AB) as its estimated rows."""
    quoted, _, flags = leaf.rpartition("'")
    return statistics.matching_rows(quoted[1:].replace("''", "'"), prefix="*" in flags)


def gin_first(matches: float, rows: float) -> bool:
    return matches < GIN_FIRST_FACTOR * (SEARCH_CANDIDATES * max(rows, 1.0)) ** 0.5


def recent_first(matches: float, statistics: search_statistics.DocumentStatistics) -> bool:
    """Whether a GIN-first search without filters asks the kind's recent rows first (decisions/search.py
    RECENT_SINCE): when, spread like the rows, its matches in them would be twice the candidates, so that the
    older rows are seldom searched as well. `matches` is an upper bound, so a rarer word takes the whole index."""
    if statistics.rows <= 0 or statistics.recent_rows <= 0:
        return False
    return matches * min(statistics.recent_rows / statistics.rows, 1.0) >= 2 * SEARCH_CANDIDATES


def _identifier_lookup_rows(kind: str, plan: _SearchPlan) -> QuerySet[Any]:
    """The kind's public rows, for a lookup through an identifier's index.

    For `beslut` the same rule as `has_published_summary=False`, written so that it does not imply the predicate
    of the partial index `decision_without_summary`: else PostgreSQL ANDs that index's 200,000 entries into the
    bitmap (22 ms with a Dnr's index) to spare a few heap rows.
    """
    if kind == "beslut":
        return (
            public_decisions().alias(summary_flag=Cast("has_published_summary", IntegerField())).filter(summary_flag=0)
        )
    return plan.public_rows


def _gin_first_sql(
    kind: str, query: SearchQuery, organ: Organ | None, year: int | None, user: Any, *, recent: bool = False
) -> tuple[str, list[Any]]:
    # A MATERIALIZED CTE is a fence: inside it there is no ORDER BY … LIMIT to tempt the planner into the date
    # index, so the few matches come from the GIN index; outside, they are sorted (a top-N sort) in memory.
    plan = _search_plan(kind, user)
    # The kind's own public rows: for `beslut` they say `has_published_summary=False` as such, the predicate of the
    # decisions' partial GIN index (decisions/search.py DECISION_GIN_WHERE), which then holds only those rows.
    qs = _filtered(plan, plan.public_rows.alias(document=plan.vector).filter(document=query), organ, year)
    if not recent:
        sql, params = qs.values_list("pk", plan.date_field).query.sql_with_params()
        return (
            # The subquery is the ORM's own SQL for the public rows, its values passed as parameters.
            f"WITH m (pk, day) AS MATERIALIZED ({sql}) SELECT pk FROM m ORDER BY day DESC, pk DESC LIMIT %s",  # noqa: S608
            [*params, SEARCH_CANDIDATES],
        )
    # The recent rows first, through their own GIN index (decisions/search.py RECENT_SINCE); the older rows only
    # when the recent ones are fewer than the candidates (a one-time filter: PostgreSQL does not start that scan
    # otherwise). The two parts do not overlap, so the newest candidates are the same as from the whole index.
    new_sql, new_params = (
        qs.filter(search_documents.RecentDate(plan.date_field)).values_list("pk", plan.date_field).query
    ).sql_with_params()
    old_sql, old_params = (
        qs.filter(search_documents.RecentDate(plan.date_field, before=True)).values_list("pk", plan.date_field).query
    ).sql_with_params()
    return (
        f"WITH r (pk, day) AS MATERIALIZED ({new_sql}), "  # noqa: S608 - the ORM's SQL, values as parameters
        f"m (pk, day) AS MATERIALIZED (SELECT pk, day FROM r UNION ALL SELECT o.pk, o.day FROM ({old_sql}) AS o "
        f"(pk, day) WHERE (SELECT count(*) FROM r) < %s) SELECT pk FROM m ORDER BY day DESC, pk DESC LIMIT %s",
        [*new_params, *old_params, SEARCH_CANDIDATES, SEARCH_CANDIDATES],
    )


# --- Each kind's search as one statement, compiled once per process ---------------------------------------------
# An uncached search's cost at 1,000,000 decisions was CPU, not PostgreSQL: building and compiling the same ORM
# querysets (20 ms of 65) for a handful of statements per kind. Each kind's statement is still written with the
# ORM from the same public rows (`_search_plan`: the visibility rule stays in one place), but compiled once per
# process and shape (organ or not, year or not, plan, limit, the query's syntax) with sentinel values, and then
# run with the request's own values in their places. Only the SQL text is kept, never a result: the statement
# reads the database on every search. A member's handlingar depend on the member, so theirs are compiled anew.
_SENTINEL_QUERY = "\x01lgl-query\x01"
_SENTINEL_EXACT = "\x01lgl-exact\x01"
_SENTINEL_HEADLINE = "\x01lgl-headline\x01"
_SENTINEL_ORGAN = -770_077
_SENTINEL_PK = -880_088
_SENTINEL_DNR, _SENTINEL_LABEL = "\x01lgl-dnr\x01", "\x01lgl-label\x01"
# Within a positive integer field's range: Django answers a lookup outside it with no SQL at all (EmptyResultSet).
_SENTINEL_NUMBER, _SENTINEL_PARAGRAPH_YEAR = 2_099_990_099, 2_066_066_066
_SENTINEL_FROM, _SENTINEL_TO = dt.date(1, 1, 1), dt.date(1, 12, 31)


@dataclass(frozen=True)
class _Statement:
    sql: str
    # Per parameter: a slot name ("query", "exact", "headline", "organ", "from", "to") or ("", a constant).
    slots: tuple[tuple[str, Any], ...]

    def params(self, values: dict[str, Any]) -> list[Any]:
        return [values[name] if name else constant for name, constant in self.slots]

    @property
    def fixed(self) -> tuple[bool, ...]:
        """Which parameters are constants (see StatementBatch.add)."""
        return tuple(not name for name, _ in self.slots)


_STATEMENTS: dict[tuple[Any, ...], Any] = {}


def _statement(sql: str, params: Any, *, needed: tuple[str, ...]) -> _Statement:
    slots: list[tuple[str, Any]] = []
    for value in params:
        if isinstance(value, str) and value == _SENTINEL_QUERY:
            slots.append(("query", None))
        elif isinstance(value, str) and value == _SENTINEL_EXACT:
            slots.append(("exact", None))
        elif isinstance(value, str) and value == _SENTINEL_HEADLINE:
            slots.append(("headline", None))
        elif type(value) is int and value == _SENTINEL_ORGAN:
            slots.append(("organ", None))
        elif type(value) is int and value == _SENTINEL_PK:
            slots.append(("pk", None))
        elif isinstance(value, str) and value in (_SENTINEL_DNR, _SENTINEL_LABEL):
            slots.append(("dnr" if value == _SENTINEL_DNR else "label", None))
        # An integer field's value comes wrapped (psycopg's Int4, a subclass of int).
        elif (
            isinstance(value, int)
            and not isinstance(value, bool)
            and value in (_SENTINEL_NUMBER, _SENTINEL_PARAGRAPH_YEAR)
        ):
            slots.append(("number" if value == _SENTINEL_NUMBER else "paragraph_year", None))
        elif isinstance(value, dt.date) and value in (_SENTINEL_FROM, _SENTINEL_TO):
            slots.append(("from" if value == _SENTINEL_FROM else "to", None))
        else:
            slots.append(("", value))
    # A sentinel that reached the SQL text instead of a parameter would silently search for the sentinel.
    assert all(any(name == slot for name, _ in slots) for slot in needed), (needed, sql)
    return _Statement(sql=sql, slots=tuple(slots))


def _per_member(key: tuple[Any, ...], user: Any) -> bool:
    """A member's handlingar depend on the member: their statement is compiled anew, and never prepared."""
    return bool(getattr(user, "is_authenticated", False)) and "handling" in key


def _compiled(key: tuple[Any, ...], user: Any, build: Any) -> _Statement:
    if _per_member(key, user):
        return build()
    statement = _STATEMENTS.get(key)
    if statement is None:
        statement = _STATEMENTS[key] = build()
    return statement


# What a hit shows, per kind: (pk, organ name, URL id, label parts, title), read as plain values.
_HIT_FIELDS = {
    "sammanfattning": (
        "pk",
        "organ__name",
        "decision_id",
        "decision__paragraph_label",
        "decision__diarienummer",
        "title",
    ),
    "beslut": ("pk", "organ__name", "pk", "paragraph_label", "diarienummer", "title"),
    "handling": (
        "pk",
        "attachment__item__meeting__organ__name",
        "pk",
        "attachment__item__title",
        None,
        "attachment__title",
    ),
    "arende": ("pk", "meeting__organ__name", "meeting_id", "diarienummer", None, "title"),
}


def _sentinel_query(sentinel: str = _SENTINEL_QUERY) -> SearchQuery:
    return search_documents.NormalisedQuery(sentinel)


def _kind_statement(
    kind: str, *, organ: bool, year: bool, use_gin: bool, limit: int, user: Any, recent: bool = False
) -> _Statement:
    """The kind's whole search in one statement: the newest SEARCH_CANDIDATES matches (by the plan chosen; with
    `recent`, the recent rows first), their number, and the `limit` best ranked among them with the hit's fields
    and headline."""

    def build() -> _Statement:
        query = _sentinel_query()
        exact = _sentinel_query(_SENTINEL_EXACT)
        organ_value = Organ(pk=_SENTINEL_ORGAN) if organ else None
        year_value = 1 if year else None
        if use_gin:
            candidates_sql, candidates_params = _gin_first_sql(
                kind, query, organ_value, year_value, user, recent=recent
            )
        else:
            walk = _search_candidates(kind, query, organ_value, year_value, user)
            candidates_sql, walk_params = walk.query.sql_with_params()
            candidates_params = list(walk_params)
        plan = _search_plan(kind, user)
        model = plan.public_rows.model
        rank = search_documents.rank(plan.vector, query, exact_document=plan.exact_document, exact_query=exact)
        candidates = RawSQL("SELECT pk FROM lgl_candidates", [])
        # Ranked on the candidates' own rows; the joins for the hit's fields and the headline only for the shown.
        shown = (
            model.objects.filter(pk__in=candidates)
            .annotate(rank=rank, day=F(plan.date_field))
            .order_by("-rank", "-day", "-pk")
            .values("pk")[:limit]
        )
        fields = [f for f in _HIT_FIELDS[kind] if f is not None]
        rows = (
            model.objects.filter(pk__in=shown)
            .annotate(
                rank=rank,
                day=F(plan.date_field),
                snippet_text=search_documents.headline(plan.body, _sentinel_query(_SENTINEL_HEADLINE)),
            )
            .order_by()
            .values_list(*dict.fromkeys(fields), "rank", "day", "snippet_text")
        )
        rows_sql, rows_params = rows.query.sql_with_params()
        sql = (
            f"WITH lgl_candidates (pk) AS MATERIALIZED ({candidates_sql}) "  # noqa: S608 - the ORM's SQL, values as parameters
            f"SELECT n.total, r.* FROM (SELECT count(*) AS total FROM lgl_candidates) AS n "
            f"LEFT JOIN LATERAL ({rows_sql}) AS r ON true"
        )
        needed = ("query", "exact", "headline") + (("organ",) if organ else ()) + (("from", "to") if year else ())
        return _statement(sql, [*candidates_params, *rows_params], needed=needed)

    return _compiled(("kind", kind, organ, year, use_gin, recent, limit), user, build)


def _row_hit(kind: str, row: tuple[Any, ...], position: dict[str, int], day: Any, snippet: str) -> SearchHit:
    """A hit from a row of `_HIT_FIELDS[kind]` at `position` (the hit's label: paragraph and Dnr, or the title)."""
    pk_f, organ_f, url_f, label_f, dnr_f, title_f = _HIT_FIELDS[kind]
    label = _label(row[position[label_f]], row[position[dnr_f]]) if dnr_f else row[position[label_f]] or ""
    return _hit(
        kind,
        row[position[pk_f]],
        day,
        row[position[organ_f]],
        row[position[title_f]],
        label,
        row[position[url_f]],
        snippet,
    )


def _kind_hits(kind: str, rows: list[tuple[Any, ...]]) -> tuple[int, list[SearchHit]]:
    """The statement's rows as hits, best first: rank, then the newest, then the highest id (as the ORM did)."""
    if not rows or rows[0][1] is None:
        return (rows[0][0] if rows else 0), []
    names = list(dict.fromkeys(f for f in _HIT_FIELDS[kind] if f is not None))
    position = {name: i + 1 for i, name in enumerate(names)}
    rank_at, day_at, snippet_at = len(names) + 1, len(names) + 2, len(names) + 3
    ordered = sorted(rows, key=lambda r: (-r[rank_at], -(r[day_at].toordinal() if r[day_at] else 0), -r[1]))
    return rows[0][0], [_row_hit(kind, r, position, r[day_at], r[snippet_at]) for r in ordered]


def _identifier_statement(
    kind: str, ident: Identifier, *, organ: bool, year: bool, limit: int, user: Any
) -> _Statement:
    """The kind's public rows carrying the identifier exactly (`_identifier_q`), newest first, with the hit's
    fields: compiled once per shape like the kinds' statements, and run in the same round trip."""
    by_dnr, with_year = bool(ident.diarienummer), ident.paragraph_year is not None

    def build() -> _Statement:
        shape = (
            Identifier(diarienummer=_SENTINEL_DNR)
            if by_dnr
            else Identifier(
                paragraph_label=_SENTINEL_LABEL,
                paragraph_number=_SENTINEL_NUMBER,
                paragraph_year=_SENTINEL_PARAGRAPH_YEAR if with_year else None,
            )
        )
        plan = _search_plan(kind, user)
        organ_value = Organ(pk=_SENTINEL_ORGAN) if organ else None
        rows = (
            _filtered(
                plan,
                _identifier_lookup_rows(kind, plan).filter(_identifier_q(kind, shape)),
                organ_value,
                1 if year else None,
            )
            .annotate(day=F(plan.date_field))
            .order_by()
            .values_list(*dict.fromkeys(f for f in _HIT_FIELDS[kind] if f is not None), "day")
        )
        inner_sql, inner_params = rows.query.sql_with_params()
        # A fence, as for the GIN-first statements: with ORDER BY … LIMIT beside the lookup PostgreSQL guessed
        # thousands of matches (it has no statistics for UPPER(diarienummer)) and walked the date index for
        # the newest ten, through all 800,000 published summaries when the Dnr has none (5 s). An identifier
        # matches a handful of rows: they are taken from its index, then sorted.
        sql = f"WITH m AS MATERIALIZED ({inner_sql}) SELECT * FROM m ORDER BY m.day DESC, m.pk DESC LIMIT %s"  # noqa: S608 - the ORM's SQL, values as parameters
        params = [*inner_params, limit]
        if by_dnr:
            needed: tuple[str, ...] = ("dnr",)
        elif kind == "arende":
            needed = ("number",) + (("paragraph_year",) if with_year else ())
        else:
            needed = ("label",)
        needed += (("organ",) if organ else ()) + (("from", "to") if year else ())
        return _statement(sql, params, needed=needed)

    return _compiled(("ident", kind, by_dnr, with_year, organ, year, limit), user, build)


def _identifier_hits(kind: str, rows: list[tuple[Any, ...]]) -> list[SearchHit]:
    names = list(dict.fromkeys(f for f in _HIT_FIELDS[kind] if f is not None))
    position = {name: i for i, name in enumerate(names)}
    return [_row_hit(kind, r, position, r[len(names)], "") for r in rows]


def _kind_searches(
    kinds: list[str],
    words: SearchWords,
    organ: Organ | None,
    year: int | None,
    limit: int,
    user: Any,
    estimates: dict[str, tuple[float, float]],
    ident: Identifier | None = None,
) -> tuple[dict[str, tuple[int, list[SearchHit]]], dict[str, list[SearchHit]]]:
    """Every kind's search, one statement each, in one transaction and one round trip (StatementBatch): first the
    exact lookups of an identifier the visitor typed (`ident`, given back as the second dict), then the kinds
    taken from the GIN index first, then, after one SET LOCAL, the walked ones.

    The GIN-first statements are prepared once per connection with a generic plan (lgl_portal/core/prepared.py):
    their candidates come from the GIN index whatever the words, and planning them cost more than running them
    (0.3–1 ms each).

    The walk is enforced for its statements (SET LOCAL in this transaction): PostgreSQL, misjudging a phrase's
    or a compound's words as independent, would otherwise fetch and sort all of 80,000 matches through the GIN
    index, or scan the table, instead of stopping at the 200th. With the GIN index and the table scan thus out
    of reach, an unfiltered walk has one plan whatever the words, and is prepared too: planning its joins took
    more than running it (1.4 ms of 2.5 for `beslut`), and at 1,000,000 decisions a walked search went from
    12.6 to 9.0 ms, its hits the same in 343 searches compared. A walk narrowed by an organ or a year is planned
    for each search with its values as constants: how far it walks depends on how common the organ and the
    year are, and with a generic plan those searches took three times as long (9.8 → 29.4 ms for one organ).
    """
    values: dict[str, Any] = {
        "query": words.text,
        "exact": words.exact,
        "headline": words.headline,
        "organ": organ.pk if organ is not None else None,
        "from": dt.date(year, 1, 1) if year else None,
        "to": dt.date(year, 12, 31) if year else None,
        "dnr": ident.diarienummer if ident else None,
        "label": ident.paragraph_label if ident else None,
        "number": ident.paragraph_number if ident else None,
        "paragraph_year": ident.paragraph_year if ident else None,
    }
    # Handlingar carry no Dnr or paragraph of their own.
    exact_kinds = [k for k in kinds if k != "handling"] if ident else []
    plans = {k: gin_first(*estimates[k]) for k in kinds}
    unfiltered = organ is None and not year  # its walk prepared (see above)
    # A common word's GIN-first search asks the recent rows first (decisions/search.py RECENT_SINCE); a filter
    # narrows the matches, so a filtered search takes the whole index.
    statistics = search_statistics.document_statistics()
    recent = {k: unfiltered and plans[k] and recent_first(estimates[k][0], statistics[k]) for k in kinds}
    order = sorted(kinds, key=lambda k: not plans[k])
    # Outside a transaction the batch is one simple-query message, which PostgreSQL runs as one implicit
    # transaction: its settings hold for the statements after them and end with the message, with no BEGIN and
    # COMMIT round trips (Django's atomic() cost two per search). Inside a caller's transaction a savepoint keeps
    # a failing batch from aborting it, as before.
    in_transaction = connection.in_atomic_block or not connection.get_autocommit()
    with transaction.atomic() if in_transaction else contextlib.nullcontext(), connection.cursor() as cursor:
        # All of it in one round trip (see StatementBatch): the settings, then each kind's statement. No parallel
        # workers: a search reads a few hundred rows at most, and starting workers cost 6 ms (an identifier's
        # lookup, whose matches PostgreSQL overestimates) while every core is busy with other requests anyway.
        batch = StatementBatch(cursor)
        batch.add(
            "SELECT set_config('plan_cache_mode', 'force_generic_plan', true), set_config('jit', 'off', true), "
            "set_config('max_parallel_workers_per_gather', '0', true)",
            [],
            rows=False,
        )
        for k in exact_kinds:
            assert ident is not None
            statement = _identifier_statement(
                k, ident, organ=organ is not None, year=bool(year), limit=limit, user=user
            )
            # Not prepared: planned with its values, PostgreSQL sees that `diarienummer <> ''` holds and uses the
            # partial index; a generic plan, with `$2` for the '', walked the date index instead (0.4–6 s).
            batch.add(statement.sql, statement.params(values))
        walking = False
        for k in order:
            if not plans[k] and not walking:
                batch.add(
                    "SELECT set_config('enable_seqscan', 'off', true), set_config('enable_bitmapscan', 'off', true)",
                    [],
                    rows=False,
                )
                walking = True
            statement = _kind_statement(
                k, organ=organ is not None, year=bool(year), use_gin=plans[k], limit=limit, user=user, recent=recent[k]
            )
            batch.add(
                statement.sql,
                statement.params(values),
                prepare=(plans[k] or unfiltered) and not _per_member(("kind", k), user),
                fixed=statement.fixed,
            )
        results = batch.run()
    exact = {k: _identifier_hits(k, rows) for k, rows in zip(exact_kinds, results[: len(exact_kinds)], strict=True)}
    found = {k: _kind_hits(k, rows) for k, rows in zip(order, results[len(exact_kinds) :], strict=True)}
    return found, exact


def _identifier_q(kind: str, ident: Identifier) -> Q:
    """Rows carrying the identifier exactly.

    Index-backed (decisions/0013): the indexes are partial (`WHERE diarienummer <> ''`), and PostgreSQL uses one
    only when the query states that condition itself: it cannot infer it from `UPPER(diarienummer) = 'KS …'`,
    nor from `paragraph_label = $1` in a prepared statement. Without it a Dnr search at 1,000,000 decisions
    walked every published summary (5.2 s). An empty identifier never matches, so the result is the same.
    """
    if kind == "arende":
        if ident.diarienummer:
            return Q(diarienummer__iexact=ident.diarienummer) & ~Q(diarienummer="")
        q = Q(paragraph_number=ident.paragraph_number)
        return q & Q(paragraph_year=ident.paragraph_year) if ident.paragraph_year is not None else q
    prefix = "decision__" if kind == "sammanfattning" else ""
    if ident.diarienummer:
        return Q(**{f"{prefix}diarienummer__iexact": ident.diarienummer}) & ~Q(**{f"{prefix}diarienummer": ""})
    return Q(**{f"{prefix}paragraph_label": ident.paragraph_label}) & ~Q(**{f"{prefix}paragraph_label": ""})


def _hits_of(kind: str, rows: Any) -> list[SearchHit]:
    hits = []
    for row in rows:
        if kind == "sammanfattning":
            organ_name, url_id = row.organ.name, row.decision_id
            label = _label(row.decision.paragraph_label, row.decision.diarienummer)
        elif kind == "beslut":
            organ_name, url_id, label = row.organ.name, row.pk, _label(row.paragraph_label, row.diarienummer)
        elif kind == "handling":
            item = row.attachment.item
            organ_name, url_id, label = item.meeting.organ.name, row.pk, item.title
            hits.append(_hit(kind, row.pk, row.day, organ_name, row.attachment.title, label, url_id, row.snippet_text))
            continue
        else:
            organ_name, url_id, label = row.meeting.organ.name, row.meeting_id, row.diarienummer or ""
        hits.append(_hit(kind, row.pk, row.day, organ_name, row.title, label, url_id, row.snippet_text))
    return hits


def _hit(kind: str, pk: int, day: Any, organ_name: str, title: str, label: str, url_id: int, snippet: str) -> SearchHit:
    # An agenda item is public once its protocol is justerat, where the meeting page shows it as paragraph pN.
    url = {"arende": f"/moten/{url_id}/#p{pk}", "handling": f"/moten/handling/{url_id}/"}.get(
        kind, f"/beslut/{url_id}/"
    )
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


def _filtered(plan: _SearchPlan, qs: QuerySet[Any], organ: Organ | None, year: int | None) -> QuerySet[Any]:
    if organ is not None:
        qs = qs.filter(**{plan.organ_field: organ})
    if year is not None:
        qs = qs.filter(
            **{f"{plan.date_field}__gte": dt.date(year, 1, 1), f"{plan.date_field}__lte": dt.date(year, 12, 31)}
        )
    return qs


def _identifier_search(
    kind: str, ident: Identifier, organ: Organ | None, year: int | None, limit: int, user: Any = None
) -> list[SearchHit]:
    """SQLite (make run): the identifier's rows through the ORM; PostgreSQL runs `_identifier_statement`."""
    if kind == "handling":
        return []
    plan = _search_plan(kind, user)
    rows = (
        _filtered(plan, plan.public_rows.filter(_identifier_q(kind, ident)), organ, year)
        .select_related(*plan.related)
        .annotate(day=F(plan.date_field), snippet_text=Value(""))
        .order_by("-day", "-pk")[:limit]
    )
    return _hits_of(kind, rows)


def _fallback_search(
    kind: str, q: str, organ: Organ | None, year: int | None, limit: int, user: Any, counts: dict[str, int]
) -> list[SearchHit]:
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
    elif kind == "handling":
        rows = _handling_rows(user).filter(text__icontains=q).select_related("attachment__item__meeting__organ")
        if organ:
            rows = rows.filter(attachment__item__meeting__organ=organ)
        if year:
            rows = rows.filter(attachment__item__meeting__date__year=year)
        for h in rows.order_by("-attachment__item__meeting__date", "-pk")[:limit]:
            item = h.attachment.item
            hits.append(
                _hit(kind, h.pk, item.meeting.date, item.meeting.organ.name, h.attachment.title, item.title, h.pk, "")
            )
            hits[-1].snippet = _snippet(h.text[:240])
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


def search(
    *, q: str, kind: str | None = None, organ: Organ | None = None, year: int | None = None, user: Any = None
) -> SearchResults:
    """Top hits per kind. One query per kind; on PostgreSQL each is index-backed and bounded (see module doc).

    An ärendenummer or paragraph label is looked up exactly first; its hits lead, the text search follows.
    Handlingar: the public ones for everyone, and for a member also those of the organs they see internally.
    """
    q = q.strip()[:200]
    results = SearchResults(query=q, groups={}, capped=SEARCH_CANDIDATES)
    if not q:
        return results
    token = _PLANS.set({})
    try:
        return _search(results, q, kind, organ, year, user)
    finally:
        _PLANS.reset(token)


def _search(
    results: SearchResults, q: str, kind: str | None, organ: Organ | None, year: int | None, user: Any
) -> SearchResults:
    kinds = [kind] if kind in SEARCH_KINDS else list(SEARCH_KINDS)
    limit = 50 if kind in SEARCH_KINDS else 10
    postgres = connection.vendor == "postgresql"
    ident = parse_identifier(q)
    searched: dict[str, tuple[int, list[SearchHit]]] = {}
    exact: dict[str, list[SearchHit]] = {}
    if postgres:
        words = normalised_queries(q, expand_prefixes=ident is None)
        estimates = estimated_matches(kinds, words.text)
        searched, exact = _kind_searches(kinds, words, organ, year, limit, user, estimates, ident)
    for k in kinds:
        if postgres:
            hits = exact.get(k, [])
            results.counts[k], found = searched[k]
        else:
            hits = _identifier_search(k, ident, organ, year, limit, user) if ident else []
            found = _fallback_search(k, q, organ, year, limit, user, results.counts)
        seen = {h.pk for h in hits}
        hits += [h for h in found if h.pk not in seen]
        results.groups[k] = hits[:limit]
        results.counts[k] = max(results.counts.get(k, 0), len(hits))
    # "Menade du …?" only where a typo can be the reason: a search whose every word matched rows (here with
    # SUGGEST_BELOW hits or more) has no unknown word to replace, so it is spared the trigram lookup.
    if postgres and ident is None and sum(len(hits) for hits in results.groups.values()) < SUGGEST_BELOW:
        results.suggestion = spelling_suggestion(q)
    return results


SUGGEST_MIN_LENGTH = 4
SUGGEST_BELOW = 5
SUGGEST_SIMILARITY = 0.4


def spelling_suggestion(q: str) -> str:
    """The query with each unknown word of 4+ letters replaced by the most similar word of the public
    vocabulary (pg_trgm over decisions.SearchTerm, filled by `search_vocabulary_refresh`), or "" when every
    word is known or nothing is near. One query for all words."""
    words = _WORD.findall(q.lower())[:8]
    asked = [w for w in words if len(w) >= SUGGEST_MIN_LENGTH and not w.isdigit()]
    if not asked:
        return ""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT w.asked, (SELECT t.word FROM decisions_searchterm t WHERE t.word = w.asked) AS known, "
            "(SELECT t.word FROM decisions_searchterm t WHERE t.word %% w.asked "
            " AND similarity(t.word, w.asked) >= %s "
            " ORDER BY similarity(t.word, w.asked) DESC, t.frequency DESC, t.word LIMIT 1) AS near "
            "FROM unnest(%s::text[]) AS w(asked)",
            [SUGGEST_SIMILARITY, asked],
        )
        replacement = {a: near for a, known, near in cursor.fetchall() if known is None and near}
    if not replacement:
        return ""
    return " ".join(replacement.get(w, w) for w in words)


def explain_search(q: str, *, analyze: bool = False, kind: str = "sammanfattning") -> str:
    """EXPLAIN of one kind's candidate query as the search runs it (the plan chosen by the words' frequency)."""
    query_text = normalised_queries(q).text
    query = search_documents.NormalisedQuery(query_text)
    matches, rows = estimated_matches([kind], query_text)[kind]
    use_gin = gin_first(matches, rows)
    recent = use_gin and recent_first(matches, search_statistics.document_statistics()[kind])
    way = ("GIN först, de senaste raderna först" if recent else "GIN först") if use_gin else "datumindex"
    head = f"{way}: uppskattat {matches:.0f} träffar av {rows:.0f} rader\n"
    if not use_gin:
        return head + _search_candidates(kind, query, None, None).explain(analyze=analyze, buffers=analyze)
    sql, params = _gin_first_sql(kind, query, None, None, None, recent=recent)
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN {'(ANALYZE, BUFFERS) ' if analyze else ''}{sql}", params)
        return head + "\n".join(line for (line,) in cursor.fetchall())


# --- Secretaries: register, summaries, uppdrag -------------------------------------------------------------


def decision_for_management(*, pk: int) -> Decision:
    return get_object_or_404(
        Decision.objects.select_related(
            "organ", "meeting", "agenda_item", "ratification_condition__case", "decision_point__item__organ"
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
