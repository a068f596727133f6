"""The crawl: every URL pattern of the project, GET as every role, checked against docs/permissions.md.

URL patterns are enumerated from the resolver, so a page another app adds is crawled without editing this
file; its path parameters are filled from the demo data (tests/security/urlmap.py). Each route has an access
class from the permission matrix (EXPECTED below). A route without a class is still checked against the
matrix's invariants (no role above another gets less, a secretary of another group gets no more than an
outsider, nobody gets a server error), and test_every_route_has_an_access_class names it so it gets one.
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Callable, Iterator

import pytest

from tests.security import crawl_support as cs
from tests.security.crawl_support import ROLES, Outcome
from tests.security.urlmap import Route, Unfillable, all_routes, url_for

pytestmark = pytest.mark.django_db

# --- Access classes: what each role gets on a page of that class (docs/permissions.md, "Klasser") ----------

Check = Callable[[Outcome], bool]


def ok(o: Outcome) -> bool:
    return o.ok


def denied(o: Outcome) -> bool:
    return o.status in (403, 404)


def to_login(o: Outcome) -> bool:
    return o.to_login


def not_allowed(o: Outcome) -> bool:
    return o.status == 405


def redirect(o: Outcome) -> bool:
    return o.status in (301, 302, 303)


def _table(anonymous: Check, granted: set[str], other: Check = denied) -> dict[str, Check]:
    return {role: (anonymous if role == "anonymous" else ok if role in granted else other) for role in ROLES}


LOGGED_IN = set(ROLES) - {"anonymous"}
CLASSES: dict[str, dict[str, Check]] = {
    # Everyone, logged in or not.
    "public": _table(ok, LOGGED_IN),
    # Login form: for visitors; a logged-in user is sent on.
    "anonymous_form": _table(ok, set(), other=redirect),
    # Any logged-in user (own account pages, Mina sidor).
    "logged_in": _table(to_login, LOGGED_IN),
    # Members of the organ read internal material: handlingar before justering, the draft protocol.
    "member": _table(to_login, {"member", "justerare", "chair", "secretary", "admin"}),
    # Like member, but anonymous gets the same 404 as for a missing id (no probing of which ids exist); the
    # 404 page offers the login (generated documents, issue 15).
    "member_hidden": _table(denied, {"member", "justerare", "chair", "secretary", "admin"}),
    # Chair and justerare of the meeting (and its secretary, who follows the justering) approve the protocol.
    "justera": _table(to_login, {"justerare", "chair", "secretary", "admin"}),
    # The organ's secretary (sekreterare/samordnare) drafts, sends kallelse, posts anslag, edits plans.
    "secretary": _table(to_login, {"secretary", "admin"}),
    # A secretary of any organ: shared registers (people), creating meetings and cases, two-factor enrolment.
    "any_secretary": _table(to_login, {"secretary", "group_secretary", "admin"}),
    # Admins only: the audit log, personal-data export and anonymisation.
    "admin": _table(to_login, {"admin"}),
    # Writes answer POST only; a GET changes nothing, whoever sends it.
    "post_only": dict.fromkeys(ROLES, not_allowed),
    # Redirects that need no right and reveal nothing (language switch, the login's second step without a
    # pending login, django.contrib.auth's konto/login/).
    "redirect": dict.fromkeys(ROLES, redirect),
    # Addresses nothing answers: a JSON or HTML 404 for everyone.
    "not_found": dict.fromkeys(ROLES, lambda o: o.status == 404),
    # File downloads: whether 200, a redirect to a public link or 404 depends on the file (tests/security/
    # test_files.py checks them per file); here only the invariants apply.
    "file": {},
}

EXPECTED: dict[str, str] = {
    # core, accounts, auth
    "pages:start": "public",
    "core:healthz": "public",
    "core:robots": "public",
    "login": "anonymous_form",
    "logout": "post_only",
    "accounts:login_verify": "redirect",
    "accounts:two_factor": "any_secretary",
    "accounts:django_login": "redirect",
    "password_change": "logged_in",
    "password_change_done": "logged_in",
    "password_reset": "public",
    "password_reset_done": "public",
    "password_reset_complete": "public",
    "set_language": "redirect",
    # groups
    "groups:organ_list": "public",
    "groups:organ_detail": "public",
    "groups:organ_edit": "secretary",
    "groups:membership_create": "secretary",
    "groups:membership_end": "secretary",
    "groups:membership_replace": "secretary",
    "groups:vacant_seat_create": "secretary",
    "groups:vacant_seat_end": "secretary",
    "groups:person_list": "any_secretary",
    "groups:person_create": "any_secretary",
    "groups:person_detail": "public",
    "groups:person_edit": "secretary",
    "groups:person_privacy": "admin",
    "groups:person_data_export": "admin",
    # meetings and documents
    "meetings:meeting_list": "public",
    "meetings:meeting_create": "any_secretary",
    "meetings:plan_create": "any_secretary",
    "meetings:attachment_download": "file",
    "meetings:meeting_detail": "public",
    "meetings:meeting_edit": "secretary",
    "meetings:kallelse_send": "secretary",
    "meetings:meeting_mark_held": "post_only",
    "meetings:meeting_cancel": "secretary",
    "meetings:meeting_move": "secretary",
    "meetings:item_create": "secretary",
    "meetings:item_edit": "secretary",
    "meetings:item_move": "post_only",
    "meetings:item_delete": "post_only",
    "meetings:item_delete_confirm": "secretary",
    "meetings:attachment_remove_confirm": "secretary",
    "meetings:items_add": "post_only",
    "meetings:attendance_remove_confirm": "secretary",
    "meetings:item_protocol": "secretary",
    "meetings:item_autosave": "post_only",
    "meetings:item_history": "secretary",
    "meetings:item_proceedings": "secretary",
    "meetings:attendance": "secretary",
    "meetings:adjournments": "secretary",
    "meetings:attendance_prefill": "post_only",
    "meetings:attendance_update": "post_only",
    "meetings:protocol": "member",
    "meetings:protocol_editor": "secretary",
    "meetings:section_save": "post_only",
    "meetings:protocol_presence": "post_only",
    "meetings:item_revision_restore": "post_only",
    "meetings:justering_send": "post_only",
    "meetings:justering": "justera",
    "meetings:justering_comment": "post_only",
    "meetings:meeting_post": "secretary",
    "meetings:protocol_correction": "secretary",
    "meetings:correction_decide": "post_only",
    "meetings:protocol_extract": "secretary",
    "meetings:anslagstavla": "public",
    "meetings:calendar": "public",
    "meetings:calendar_organ": "public",
    "documents:request": "post_only",
    "documents:detail": "member_hidden",
    "documents:download": "file",
    "documents:retry": "post_only",
    # decisions, search, Mina sidor, API
    "decisions:list": "public",
    "decisions:feed": "public",
    "decisions:detail": "public",
    "decisions:manage": "any_secretary",
    "decisions:create": "any_secretary",
    "decisions:edit": "secretary",
    "decisions:summary_edit": "secretary",
    "decisions:summary_publish": "post_only",
    "decisions:publish": "post_only",
    "decisions:depublish": "post_only",
    "decisions:summary_depublish": "post_only",
    "decisions:assignment_create": "secretary",
    "decisions:assignment_overview": "any_secretary",
    "decisions:assignment_edit": "secretary",
    "decisions:search": "public",
    "pages:accessibility": "public",
    "members:my_pages": "logged_in",
    "members:item_read": "post_only",
    "members:item_note": "post_only",
    "members:item_question": "post_only",
    "members:question_answered": "post_only",
    # ratification
    "ratification:case_list": "public",
    "ratification:case_create": "any_secretary",
    "ratification:case_detail": "public",
    "ratification:case_edit": "secretary",
    "ratification:case_required": "secretary",
    "ratification:missing": "secretary",
    "ratification:register_day": "secretary",
    "ratification:document_add": "secretary",
    "ratification:document_download": "file",
    "ratification:register": "secretary",
    "ratification:confirm_change": "post_only",
    "ratification:extract_download": "file",
    # plans
    "plans:group_list": "public",
    "plans:group_detail": "public",
    "plans:action_edit": "secretary",
    "plans:action_create": "secretary",
    "plans:action_plan_report": "secretary",
    "plans:plan_list": "public",
    "plans:workstream_detail": "public",
    "plans:workstream_status": "secretary",
    "plans:workstream_links": "secretary",
    "plans:milestone_create": "secretary",
    "plans:milestone_edit": "secretary",
    "plans:plan_detail": "public",
    "plans:plan_timeline": "public",
    "plans:plan_status_report": "post_only",
    "plans:indicator_list": "public",
    "plans:measurement_import": "secretary",
    "plans:indicator_detail": "public",
    "plans:measurement_create": "secretary",
    # expediering: the organ's secretary
    "expediering:overview": "secretary",
    "expediering:recipient_add": "post_only",
    "expediering:recipient_remove": "post_only",
    "expediering:send": "post_only",
    "expediering:retry": "post_only",
    # verification of sealed protocols: anyone, no login
    "verification:verify": "public",
    "verification:api_verify": "public",
    # api: the open data is public, and anything else under /api/ is a JSON 404
    **{
        f"api:{name}": "public"
        for name in (
            "system",
            "schema",
            "docs",
            "swagger",
            "body_list",
            "body_detail",
            "body_terms",
            "organization_detail",
            "person_detail",
            "membership_detail",
            "meeting_detail",
            "location_detail",
            "agendaitem_detail",
            "paper_detail",
            "paper_consultation",
            "proposal_detail",
            "consultation_detail",
            "file_detail",
            "protocolfile_detail",
            "proposalfile_detail",
            "organizations_list",
            "people_list",
            "memberships_list",
            "meetings_list",
            "agendaitems_list",
            "papers_list",
            "files_list",
            "consultations_list",
            "body_organizations",
            "body_people",
            "body_meetings",
            "body_papers",
        )
    },
    "api:unknown": "not_found",
    # audit
    "audit:entry_list": "admin",
    "audit:entry_detail": "admin",
}

# Roles ordered by rights on the demo organ: whatever a role may read, every role after it may too.
CHAINS = (
    ("outsider", "member", "justerare", "admin"),
    ("outsider", "member", "chair", "admin"),
    ("member", "secretary", "admin"),
)


def crawled_routes() -> Iterator[Route]:
    for route in all_routes():
        if route.allowed_unfilled() is None:
            yield route


def _invariant_failures(route: Route, results: dict[str, Outcome]) -> list[str]:
    failures = []
    cls = EXPECTED.get(route.label, "")
    for role, outcome in results.items():
        if outcome.status >= 500:
            failures.append(f"{role}: {outcome}")
        if role != "anonymous" and outcome.to_login and cls != "redirect":
            failures.append(f"{role} är inloggad men skickas till inloggningen")
    if cls == "anonymous_form":
        return failures
    if results["anonymous"].ok:
        failures += [f"{role} får {o} där anonym får 200" for role, o in results.items() if not o.ok]
    for chain in CHAINS:
        for lower, higher in itertools.pairwise(chain):
            if results[lower].ok and not results[higher].ok:
                failures.append(f"{higher} får {results[higher]} där {lower} får 200")
    if cls != "any_secretary" and results["group_secretary"].ok and not results["outsider"].ok:
        failures.append("sekreterare i en annan grupp får 200 där en utomstående nekas")
    return failures


@pytest.fixture
def crawl_results(db: None) -> Iterator[dict[str, tuple[str, dict[str, Outcome]]]]:
    # Every 403 would otherwise log a traceback; the statuses are what this test reads.
    request_logger = logging.getLogger("django.request")
    level = request_logger.level
    request_logger.setLevel(logging.ERROR)
    cs.load_demo()
    cs.supplement_demo()
    clients = cs.role_clients()
    results: dict[str, tuple[str, dict[str, Outcome]]] = {}
    for route in crawled_routes():
        try:
            url = url_for(route)
        except Unfillable as exc:
            results[route.label] = (f"KAN INTE FYLLAS: {exc}", {})
            continue
        results[route.label] = (url, {role: cs.get(clients[role], url)[0] for role in ROLES})
    yield results
    request_logger.setLevel(level)


def test_every_url_pattern_is_crawled_as_every_role_and_matches_the_matrix(
    crawl_results: dict[str, tuple[str, dict[str, Outcome]]],
) -> None:
    failures = []
    for label, (url, results) in crawl_results.items():
        if not results:
            failures.append(f"{label}: {url}")
            continue
        route_class = EXPECTED.get(label)
        problems = _invariant_failures(next(r for r in crawled_routes() if r.label == label), results)
        for role, check in CLASSES.get(route_class or "", {}).items():
            if not check(results[role]):
                problems.append(f"{role} fick {results[role]} ({route_class})")
        if problems:
            failures.append(f"{label} {url}: " + "; ".join(problems))
    assert len(crawl_results) > 100, "the crawl found suspiciously few URL patterns"
    assert failures == [], "\n".join(failures)


def test_every_route_has_an_access_class() -> None:
    missing = sorted(route.label for route in crawled_routes() if route.label not in EXPECTED)
    assert missing == [], f"Ge dessa en klass i EXPECTED (se docs/permissions.md): {missing}"


def test_every_access_class_in_the_table_exists_and_names_a_real_route() -> None:
    names = {route.label for route in all_routes()}
    assert {c for c in EXPECTED.values() if c not in CLASSES} == set()
    assert sorted(set(EXPECTED) - names) == []


def test_the_allow_list_stays_small_and_explained() -> None:
    from tests.security.urlmap import ALLOW_UNFILLED

    assert len(ALLOW_UNFILLED) <= 5
    assert all(len(reason) > 20 for reason in ALLOW_UNFILLED.values())


def test_the_invariants_catch_a_leak_so_the_crawl_can_fail() -> None:
    route = Route(name="x:leak", route="leak/", callback=None)
    leaking = dict.fromkeys(ROLES, Outcome(403))
    leaking["group_secretary"] = Outcome(200)
    leaking["anonymous"] = Outcome(302, "/konto/logga-in/?next=/leak/")
    assert _invariant_failures(route, leaking) == ["sekreterare i en annan grupp får 200 där en utomstående nekas"]
    broken = dict.fromkeys(ROLES, Outcome(200))
    broken["admin"] = Outcome(500)
    assert any("admin: 500" in f for f in _invariant_failures(route, broken))


DOC_COLUMNS = ("anonymous", "outsider", "group_secretary", "member", "justerare", "chair", "secretary", "admin")
DOC_CELLS = {
    "200": [Outcome(200)],
    "login": [Outcome(302, "/konto/logga-in/?next=/x/")],
    "403/404": [Outcome(403), Outcome(404)],
    "redirect": [Outcome(302, "/")],
}
# What each cell of the doc allows: "redirect" is any redirect, the login page included.
DOC_ALLOWS = {"200": {"200"}, "login": {"login"}, "403/404": {"403/404"}, "redirect": {"redirect", "login"}}


def test_the_matrix_in_docs_permissions_md_is_what_the_crawl_checks() -> None:
    from pathlib import Path

    doc = (Path(__file__).resolve().parents[2] / "docs" / "permissions.md").read_text(encoding="utf-8")
    rows = {}
    for line in doc.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if cells and cells[0].startswith("`") and cells[0].split("`")[1] in CLASSES:
            rows[cells[0].split("`")[1]] = cells[1:]
    assert set(rows) == set(CLASSES), "every access class has its row in docs/permissions.md"
    mismatches = []
    for cls, cells in rows.items():
        if not all(cell in DOC_CELLS for cell in cells[: len(DOC_COLUMNS)]) or len(cells) < len(DOC_COLUMNS):
            continue  # rows written as a sentence (post_only, not_found, redirect/file) are checked by name only
        for role, cell in zip(DOC_COLUMNS, cells, strict=False):
            check = CLASSES[cls][role]
            for kind, outcomes in DOC_CELLS.items():
                for outcome in outcomes:
                    if check(outcome) != (kind in DOC_ALLOWS[cell]):
                        mismatches.append(f"{cls}/{role}: doc says {cell}, crawl on {outcome} says {check(outcome)}")
    assert mismatches == []


def test_a_relinked_users_old_account_gets_exactly_what_an_outsider_gets() -> None:
    """Issue 15: re-linking a Person to another user left the old user with view_organ_internal on LGL and Äldre.

    The demo's ledamot (Patrik Glasberg, member of LGL and Äldre, and the justerare of none) is re-linked to a new
    account; every URL pattern is then fetched as the old account and as the outsider, and must answer the same.
    Rights are computed at request time, so no sync is needed (or run) for this to hold.
    """
    from django.contrib.auth import get_user_model
    from django.test import Client

    from groups import services as group_services
    from groups.models import Person
    from tests.factories.groups import UserFactory

    request_logger = logging.getLogger("django.request")
    level = request_logger.level
    request_logger.setLevel(logging.ERROR)
    try:
        cs.load_demo()
        cs.supplement_demo()
        old_user = get_user_model().objects.get(username="ledamot")
        person = Person.objects.get(user=old_user)
        member_before = Client()
        member_before.force_login(old_user)
        assert member_before.get("/mina-sidor/").status_code == 200
        group_services.person_update(acting_user=None, person=person, user=UserFactory(username="ny-ledamot"))
        old, outsider = Client(), Client()
        old.force_login(get_user_model().objects.get(pk=old_user.pk))
        outsider.force_login(get_user_model().objects.get(username="utomstaende"))
        differences = []
        crawled = 0
        for route in crawled_routes():
            try:
                url = url_for(route)
            except Unfillable:
                continue
            crawled += 1
            got, expected = cs.get(old, url)[0], cs.get(outsider, url)[0]
            if got.status != expected.status:
                differences.append(f"{route.label} {url}: gammalt konto {got}, utomstående {expected}")
        assert crawled > 100
        assert differences == [], "\n".join(differences)
    finally:
        request_logger.setLevel(level)
