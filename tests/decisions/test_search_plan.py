"""The search's plan by the words' frequency (decisions.selectors.gin_first), and the decision page's queries."""

from __future__ import annotations

import tempfile
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client

from decisions import selectors
from tests.factories.decisions import AreaFactory, AssignmentFactory, DecisionFactory

# PostgreSQL's text of lgl_swedish's query for "primärvård": the word, or its two parts.
PRIMARVARD = "'primärvård' | 'primär' & 'vård' | 'primärvårdet'"


def test_the_normalised_query_is_read_as_a_tree() -> None:
    assert selectors._tsquery_tree(PRIMARVARD) == (
        "|",
        ("|", "'primärvård'", ("&", "'primär'", "'vård'")),
        "'primärvårdet'",
    )
    assert selectors._tsquery_tree("( 'elev' & 'hälsa' | 'x''y' ) & !'z' & 'a' <-> 'b':*") == (
        "&",
        ("&", ("|", ("&", "'elev'", "'hälsa'"), "'x''y'"), ("!", "'z'")),
        ("&", "'a'", "'b':*"),
    )
    assert selectors._tsquery_tree("") is None


def test_the_bound_takes_the_smaller_of_an_and_and_the_sum_of_an_or() -> None:
    estimate = {"'primärvård'": 3000.0, "'primär'": 2400.0, "'vård'": 300000.0, "'primärvårdet'": 1.0}
    # 3000 + min(2400, 300000) + 1, worked out by hand; the independence product would say 3000 + 720 + 1.
    assert selectors._bound(selectors._tsquery_tree(PRIMARVARD), estimate, 800000.0) == 5401.0
    # Two words that always come together: never less than the rarer one.
    pair = {"'psykisk'": 64000.0, "'hälsa'": 70000.0}
    assert selectors._bound(selectors._tsquery_tree("'psykisk' & 'hälsa'"), pair, 800000.0) == 64000.0
    assert selectors._bound(selectors._tsquery_tree("!'psykisk'"), pair, 800000.0) == 800000.0
    assert selectors._bound(None, pair, 800000.0) == 0.0


def test_gin_first_below_the_square_root_of_candidates_times_rows() -> None:
    # √(100 × 800,000) = 8,944: a word in 0.3 % (2,400 rows) is taken from the GIN index, one in 8 % is walked.
    assert selectors.gin_first(2400.0, 800000.0)
    assert selectors.gin_first(8900.0, 800000.0)
    assert not selectors.gin_first(9000.0, 800000.0)
    assert not selectors.gin_first(64000.0, 800000.0)


@pytest.mark.django_db
def test_the_estimate_bounds_a_compound_by_its_rarer_part(organ: Any) -> None:
    for i in range(6):
        DecisionFactory(organ=organ, title=f"Gemensam plan för primärvården {i}", has_published_summary=False)
    DecisionFactory(organ=organ, title="Elevhälsa", has_published_summary=False)
    from django.db import connection

    from decisions import search_statistics

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE decisions_decision")
    search_statistics.forget()
    query_text = selectors.normalised_queries("primärvård", expand_prefixes=False).text
    matches, rows = selectors.estimated_matches(["beslut", "sammanfattning"], query_text)["beslut"]
    search_statistics.forget()
    # Seven rows, six of them about primärvården: the bound is at least those six and never above the table.
    assert rows == 7.0
    assert 6.0 <= matches <= 7.0


@pytest.mark.django_db
def test_a_decision_page_without_areas_or_uppdrag_costs_one_query(organ: Any, django_assert_num_queries: Any) -> None:
    plain = DecisionFactory(organ=organ, has_published_summary=False)
    full = DecisionFactory(organ=organ, has_published_summary=False)
    full.areas.add(AreaFactory(name="Äldre", slug="aldre"))
    AssignmentFactory(decision=full, description="Redovisa uppföljningen")
    client = Client()
    cache.clear()
    with django_assert_num_queries(1):
        assert client.get(f"/beslut/{plain.pk}/").status_code == 200
    with django_assert_num_queries(3):
        body = client.get(f"/beslut/{full.pk}/").content.decode()
    assert "Äldre" in body and "Redovisa uppföljningen" in body


def test_the_same_alternative_is_counted_once() -> None:
    estimate = {"'primärvård'": 3000.0, "'primär'": 2400.0, "'vård'": 300000.0}
    twice = selectors._tsquery_tree("'primärvård' | 'primär' & 'vård' | ( 'primärvård' | 'primär' & 'vård' )")
    assert selectors._bound(twice, estimate, 800000.0) == 5400.0


@pytest.mark.django_db
def test_a_search_runs_one_statement_per_kind_in_one_round_trip_whatever_it_finds_and_however_it_is_filtered(
    organ: Any,
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def statements(q: str, **filters: Any) -> list[str]:
        with CaptureQueriesContext(connection) as ctx:
            selectors.search(q=q, **filters)
        return [s["sql"] for s in ctx.captured_queries]

    for i in range(6):
        DecisionFactory(organ=organ, title=f"Plan för primärvården {i}", has_published_summary=False)
    # The first search of each shape on a connection prepares its four statements (see the next test).
    for filters in ({}, {"organ": organ, "year": 2024}):
        statements("primärvård", **filters)
    six = statements("primärvård")
    for i in range(30):
        DecisionFactory(organ=organ, title=f"Primärvården i kommun {i}", has_published_summary=False)
    assert len(statements("primärvård")) == len(six)
    # Counted by hand: the normalised query with its prefix expansions, one round trip holding the transaction's
    # settings and one statement for each of the four kinds, and the transaction around the kinds (a savepoint in
    # a test: two statements); no "Menade du" with five hits or more.
    (batch,) = [s for s in six if "set_config('plan_cache_mode'" in s]
    assert batch.count("EXECUTE lgl_prep_") == 4 and "PREPARE" not in batch
    assert not any("similarity(" in s for s in six)
    assert len(six) == 4
    # Filtered, or with nothing found and so a lookup for "Menade du", one statement more at most.
    assert len(statements("primärvård", organ=organ, year=2024)) <= len(six) + 1
    nothing = statements("primärvåd")
    assert any("similarity(" in s for s in nothing) and len(nothing) <= len(six) + 1


@pytest.mark.django_db(transaction=True)
def test_each_search_statement_is_prepared_once_per_connection_and_then_only_executed(organ: Any) -> None:
    import datetime as dt

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    DecisionFactory(
        organ=organ, title="Elevhälsan i länet", decided_on=dt.date(2019, 5, 1), has_published_summary=False
    )

    def prepares() -> int:
        with CaptureQueriesContext(connection) as ctx:
            hits = selectors.search(q="elevhälsa", organ=organ, year=2019).groups["beslut"]
        assert [h.title for h in hits] == ["Elevhälsan i länet"]
        return sum(s["sql"].count("PREPARE lgl_prep_") for s in ctx.captured_queries)

    def held() -> int:
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM pg_prepared_statements WHERE name LIKE 'lgl_prep_%%'")
            return int(cursor.fetchone()[0])

    connection.close()  # a new connection holds no prepared statement
    assert prepares() == 5  # the words' normalising and the four kinds: five statements prepared
    assert prepares() == 0  # and only executed from then on
    assert held() == 5
    # A connection made anew (CONN_MAX_AGE, a failed server) prepares them again.
    connection.close()
    assert prepares() == 5
    assert held() == 5


@pytest.mark.django_db
def test_the_compiled_statement_finds_with_each_searchs_own_words_organ_and_year(organ: Any) -> None:
    import datetime as dt

    from tests.factories.groups import OrganFactory

    other = OrganFactory(name="Annat organ", slug="annat-organ")
    DecisionFactory(organ=organ, title="Primärvården 2023", decided_on=dt.date(2023, 5, 1), has_published_summary=False)
    DecisionFactory(
        organ=other, title="Primärvården annat", decided_on=dt.date(2023, 6, 1), has_published_summary=False
    )
    DecisionFactory(organ=organ, title="Elevhälsan 2022", decided_on=dt.date(2022, 5, 1), has_published_summary=False)

    def titles(q: str, **filters: Any) -> list[str]:
        return [h.title for h in selectors.search(q=q, **filters).groups["beslut"]]

    assert sorted(titles("primärvård")) == ["Primärvården 2023", "Primärvården annat"]
    assert titles("primärvård", organ=organ) == ["Primärvården 2023"]
    assert titles("primärvård", organ=other) == ["Primärvården annat"]
    assert titles("elevhälsa", year=2022) == ["Elevhälsan 2022"]
    assert titles("elevhälsa", year=2023) == []


@pytest.mark.django_db
def test_the_decision_pages_compiled_query_reads_each_pages_own_decision_and_never_a_hidden_one(organ: Any) -> None:
    from decisions.models import Decision

    first = DecisionFactory(organ=organ, title="Första beslutet om färdtjänst", has_published_summary=False)
    second = DecisionFactory(organ=organ, title="Andra beslutet om skolskjuts", has_published_summary=False)
    hidden = DecisionFactory(
        organ=organ,
        title="Avpublicerat beslut",
        has_published_summary=False,
        publication=Decision.Publication.AVPUBLICERAT,
    )
    client = Client()
    cache.clear()
    assert "Första beslutet om färdtjänst" in client.get(f"/beslut/{first.pk}/").content.decode()
    body = client.get(f"/beslut/{second.pk}/").content.decode()
    assert "Andra beslutet om skolskjuts" in body and "färdtjänst" not in body
    assert client.get(f"/beslut/{hidden.pk}/").status_code == 404
    assert client.get(f"/beslut/{second.pk + 1000}/").status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("typed", "kind", "index"),
    [
        ("KS 2023/0539", "sammanfattning", "decision_dnr_upper"),
        ("KS 2023/0539", "beslut", "decision_dnr_upper"),
        ("KS 2023/0539", "arende", "agendaitem_dnr_upper"),
        ("§ 157/23", "sammanfattning", "decision_paragraph_label"),
        ("§ 157/23", "beslut", "decision_paragraph_label"),
    ],
)
def test_an_identifiers_lookup_can_use_its_partial_index(typed: str, kind: str, index: str) -> None:
    """The identifier indexes (decisions/0013) are partial (`WHERE diarienummer <> ''`): PostgreSQL uses one only
    where the query itself says so, and `UPPER(diarienummer) = 'KS …'` does not. Without it a Dnr search at
    1,000,000 decisions walked every published summary (5.2 s). The statement is planned as the search sends it
    (the values written into it by the client-side cursor), with table scans priced out, so the index is chosen
    if it can be used at all."""
    from django.db import connection, transaction

    ident = selectors.parse_identifier(typed)
    assert ident is not None
    statement = selectors._identifier_statement(kind, ident, organ=False, year=False, limit=10, user=None)
    values = {
        "dnr": ident.diarienummer,
        "label": ident.paragraph_label,
        "number": ident.paragraph_number,
        "paragraph_year": ident.paragraph_year,
    }
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT set_config('enable_seqscan', 'off', true)")
        cursor.execute(f"EXPLAIN {statement.sql}", statement.params(values))
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert index in plan, plan


@pytest.mark.django_db
def test_the_compiled_identifier_lookup_finds_each_searchs_own_identifier_within_its_filters_and_never_a_hidden_one(
    organ: Any,
) -> None:
    import datetime as dt

    from decisions.models import Decision
    from meetings.models import Meeting
    from tests.factories.groups import OrganFactory
    from tests.factories.meetings import AgendaItemFactory, MeetingFactory

    other = OrganFactory(name="Annat organ", slug="annat-organ")
    # The same Dnr and paragraph on three decisions: two public in two organs and years, one withdrawn.
    for owner, title, day, publication in [
        (organ, "Färdtjänst 2023", dt.date(2023, 5, 1), Decision.Publication.PUBLICERAT),
        (other, "Färdtjänst annat organ", dt.date(2022, 5, 1), Decision.Publication.PUBLICERAT),
        (organ, "Avpublicerat med samma Dnr", dt.date(2024, 5, 1), Decision.Publication.AVPUBLICERAT),
    ]:
        DecisionFactory(
            organ=owner,
            title=title,
            diarienummer="KS 2023/0539",
            paragraph_label="§ 157/23",
            decided_on=day,
            has_published_summary=False,
            publication=publication,
        )
    justerat = MeetingFactory(organ=organ, status=Meeting.Status.JUSTERAT, date=dt.date(2023, 5, 4))
    AgendaItemFactory(
        meeting=justerat, title="Öppet ärende", diarienummer="LGL 2023/0044", paragraph_number=21, paragraph_year=2023
    )
    AgendaItemFactory(
        meeting=justerat,
        title="Sekretessärende",
        diarienummer="LGL 2023/0044",
        paragraph_number=22,
        paragraph_year=2023,
        is_confidential=True,
        confidentiality_reference="26 kap. 1 § OSL",
    )

    def titles(q: str, kind: str = "beslut", **filters: Any) -> list[str]:
        return [h.title for h in selectors.search(q=q, kind=kind, **filters).groups[kind]]

    # Newest first, as the hand-written list says; the withdrawn decision never.
    assert titles("KS 2023/0539") == ["Färdtjänst 2023", "Färdtjänst annat organ"]
    assert titles("dnr ks 2023/0539") == ["Färdtjänst 2023", "Färdtjänst annat organ"]
    assert titles("157/23", organ=other) == ["Färdtjänst annat organ"]
    assert titles("§ 157/23", year=2023) == ["Färdtjänst 2023"]
    assert titles("KS 2023/0540") == []
    assert titles("LGL 2023/0044", kind="arende") == ["Öppet ärende"]
    assert titles("§ 21/23", kind="arende") == ["Öppet ärende"]
    assert titles("§ 21/22", kind="arende") == []
    assert titles("§ 22/23", kind="arende") == []


@pytest.mark.django_db(transaction=True)
def test_an_unfiltered_walk_is_prepared_once_and_a_filtered_one_is_planned_with_its_values(organ: Any) -> None:
    import datetime as dt

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    DecisionFactory(
        organ=organ, title="Elevhälsan i länet", decided_on=dt.date(2019, 5, 1), has_published_summary=False
    )
    words = selectors.normalised_queries("elevhälsa", expand_prefixes=False)
    kinds = list(selectors.SEARCH_KINDS)
    walk = dict.fromkeys(kinds, (1e6, 1e6))  # an estimate of every row matching: every kind walks the date index

    def batch(by_organ: Any, year: int | None) -> str:
        with CaptureQueriesContext(connection) as ctx:
            found, _ = selectors._kind_searches(kinds, words, by_organ, year, 10, None, walk)
        assert [h.title for h in found["beslut"][1]] == ["Elevhälsan i länet"]
        (sent,) = [q["sql"] for q in ctx.captured_queries if "set_config('plan_cache_mode'" in q["sql"]]
        return sent

    connection.close()
    # Without a filter, the walk is the one plan whatever the words (the settings before it leave no other index):
    # its four statements are prepared by the first search on the connection and only executed afterwards.
    assert batch(None, None).count("PREPARE lgl_prep_") == 4
    second = batch(None, None)
    assert second.count("EXECUTE lgl_prep_") == 4 and "PREPARE" not in second
    # With an organ or a year, how far the walk goes depends on the values: planned for each search, never prepared.
    for by_organ, year in ((organ, None), (None, 2019), (organ, 2019)):
        for _ in range(2):
            sent = batch(by_organ, year)
            assert "PREPARE" not in sent and "EXECUTE" not in sent


@pytest.mark.django_db
def test_a_decision_search_through_the_gin_index_can_use_the_partial_index_of_decisions_without_a_summary() -> None:
    """decision_search_gin holds only decisions without a published summary (decisions/search.py): PostgreSQL
    uses it only where the statement itself says `NOT has_published_summary`. In this almost empty database a
    walk along any date index is cheaper still, so the walk's indexes of the same rows are dropped for the plan
    (inside the test's transaction) and table and plain index scans priced out: the GIN index is chosen if it
    can be used at all. (At 1,000,000 decisions the statement read it alone: 567 heap rows for "primärvård"
    where the whole index gave 2,971.)"""
    from django.db import connection, transaction

    from decisions import search as search_documents

    query = search_documents.NormalisedQuery(selectors.normalised_queries("primärvård").text)
    sql, params = selectors._gin_first_sql("beslut", query, None, None, None)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DROP INDEX decision_search_walk, decision_without_summary")
        cursor.execute("SELECT set_config('enable_seqscan', 'off', true), set_config('enable_indexscan', 'off', true)")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
        transaction.set_rollback(True)
    assert "Bitmap Index Scan on decision_search_gin" in plan, plan


@pytest.mark.django_db(transaction=True)
def test_outside_a_transaction_a_search_is_two_messages_and_its_settings_end_with_the_second(organ: Any) -> None:
    """In autocommit (every request), the batch is one message that PostgreSQL runs as one implicit transaction:
    no BEGIN or COMMIT of its own, and the planner settings it makes (the walk turns the table scan off) are gone
    once it has run."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for i in range(6):
        DecisionFactory(organ=organ, title=f"Plan för primärvården {i}", has_published_summary=False)
    selectors.search(q="primärvård")  # prepares its statements on this connection
    walk = dict.fromkeys(selectors.SEARCH_KINDS, (1e6, 1e6))  # every kind walks: the settings turn scans off
    words = selectors.normalised_queries("primärvård")
    with CaptureQueriesContext(connection) as ctx:
        found, _ = selectors._kind_searches(list(selectors.SEARCH_KINDS), words, None, None, 10, None, walk)
    assert len(found["beslut"][1]) == 6
    sent = [q["sql"] for q in ctx.captured_queries]
    assert len(sent) == 1 and "set_config('enable_seqscan', 'off', true)" in sent[0], sent
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('enable_seqscan'), current_setting('plan_cache_mode')")
        assert cursor.fetchone() == ("on", "auto")
    # What crosses the wire, read from libpq's own trace of the connection: two messages, no BEGIN or COMMIT.
    with tempfile.TemporaryFile() as trace:
        connection.connection.pgconn.trace(trace.fileno())
        try:
            assert len(selectors.search(q="primärvård").groups["beslut"]) == 6
        finally:
            connection.connection.pgconn.untrace()
        trace.seek(0)
        messages = [line.split("\t") for line in trace.read().decode().splitlines()]
    queries = [fields[4] for fields in messages if fields[1] == "F" and fields[3] == "Query"]
    assert len(queries) == 2, queries  # the words' normalising and the batch
    assert not any(q.strip(' "') in ("BEGIN", "COMMIT") for q in queries)


def test_a_common_word_asks_the_recent_rows_first_when_they_would_hold_twice_the_candidates() -> None:
    from decisions.search_statistics import DocumentStatistics

    # 53,210 of 800,000 summaries recent (the bench's): a bound of 6,335 matches spreads to 421 recent ones, at
    # least 200; one of 2,400 to 160, fewer (worked out by hand).
    bench = DocumentStatistics(rows=800000.0, recent_rows=53210.0)
    assert selectors.recent_first(6335.0, bench)
    assert not selectors.recent_first(2400.0, bench)
    # No recent index (the other kinds), or a table never analysed: the whole index.
    assert not selectors.recent_first(6335.0, DocumentStatistics(rows=800000.0))
    assert not selectors.recent_first(6335.0, DocumentStatistics(rows=0.0, recent_rows=10.0))


def _newest_candidates(kind: str, *, recent: bool) -> list[int]:
    from django.db import connection

    from decisions import search as search_documents

    query = search_documents.NormalisedQuery(selectors.normalised_queries("primärvård").text)
    sql, params = selectors._gin_first_sql(kind, query, None, None, None, recent=recent)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [pk for (pk,) in cursor.fetchall()]


@pytest.mark.django_db
@pytest.mark.parametrize(("recent_ones", "older_ones"), [(110, 30), (30, 110)])
def test_the_recent_rows_first_give_the_same_newest_candidates_as_the_whole_index(
    organ: Any, recent_ones: int, older_ones: int
) -> None:
    """Enough recent matches (the older rows never searched), and too few (the older ones searched as well):
    either way the same SEARCH_CANDIDATES newest, in the same order, as from the whole GIN index."""
    import datetime as dt

    from decisions import search as search_documents
    from tests.factories.decisions import SummaryFactory

    since = search_documents.RECENT_SINCE
    days = [since + dt.timedelta(days=i) for i in range(recent_ones)]
    days += [since - dt.timedelta(days=1 + i) for i in range(older_ones)]
    for i, day in enumerate(days):
        decision = DecisionFactory(organ=organ, decided_on=day, title=f"Gemensam plan för primärvården {i}")
        SummaryFactory(decision=decision)
    # Two more at the boundary, on the recent date and on the day before it: days with two matches, ordered by id.
    for day in (since, since - dt.timedelta(days=1)):
        SummaryFactory(decision=DecisionFactory(organ=organ, decided_on=day, title="Primärvården i länet"))
    SummaryFactory(decision=DecisionFactory(organ=organ, title="Budget 2027"))

    whole = _newest_candidates("sammanfattning", recent=False)
    assert len(whole) == selectors.SEARCH_CANDIDATES
    assert _newest_candidates("sammanfattning", recent=True) == whole


@pytest.mark.django_db
def test_the_recent_rows_first_read_the_recent_index_in_a_prepared_generic_plan() -> None:
    """The date is written into the statement (decisions/search.py RecentDate), so a generic plan, which knows
    none of the parameters, can still use the recent rows' partial index. As in the test above for the decisions'
    partial index, the date indexes and table and plain index scans are priced out of this small database."""
    from django.db import connection, transaction

    from decisions import search as search_documents
    from lgl_portal.core.prepared import numbered

    query = search_documents.NormalisedQuery(selectors.normalised_queries("primärvård").text)
    sql, params = selectors._gin_first_sql("sammanfattning", query, None, None, None, recent=True)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "DROP INDEX summary_search_walk, summary_search_walk_organ, summary_published_keyset, "
            "summary_published_organ"
        )
        cursor.execute(
            "SELECT set_config('enable_seqscan', 'off', true), set_config('enable_indexscan', 'off', true), "
            "set_config('plan_cache_mode', 'force_generic_plan', true)"
        )
        cursor.execute(f"PREPARE lgl_test_recent AS {numbered(sql)}")
        cursor.execute(f"EXPLAIN EXECUTE lgl_test_recent({', '.join(['%s'] * len(params))})", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
        cursor.execute("DEALLOCATE lgl_test_recent")
        transaction.set_rollback(True)
    assert "Bitmap Index Scan on summary_search_gin_recent" in plan, plan
    assert "One-Time Filter" in plan, plan
