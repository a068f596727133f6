from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.db.models import F
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from icalendar import Calendar

from groups.models import Organ
from meetings import services
from meetings.demo import tiny_pdf
from meetings.models import AgendaItem, Attachment, Attendance, Meeting
from tests.factories.groups import OrganFactory, PersonFactory
from tests.factories.meetings import correction_approved, meeting_with_signers, person_of

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "outsider", "member", "secretary", "chair"]


@pytest.fixture
def meeting(organ: Organ, chair: Any, adjuster: Any, secretary: Any) -> Meeting:
    return meeting_with_signers(organ, chair=chair, adjuster=adjuster, secretary=secretary, items=3)


def _justerat(meeting: Meeting, secretary: Any, chair: Any, adjuster: Any) -> Meeting:
    services.meeting_mark_held(acting_user=secretary, meeting=meeting)
    services.justering_send(acting_user=secretary, meeting=meeting)
    services.justering_decide(acting_user=chair, meeting=meeting, approve=True)
    return services.justering_decide(acting_user=adjuster, meeting=meeting, approve=True)


def _assert_refused(response: Any, role: str) -> None:
    if role == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
    else:
        assert response.status_code == 403


# --- State transitions × roles -----------------------------------------------------------------------------

Prepare = Callable[[Meeting, dict[str, Any]], None]


def _held(meeting: Meeting, users: dict[str, Any]) -> None:
    services.meeting_mark_held(acting_user=users["secretary"], meeting=meeting)


def _under_justering(meeting: Meeting, users: dict[str, Any]) -> None:
    _held(meeting, users)
    services.justering_send(acting_user=users["secretary"], meeting=meeting)


def _adjuster_approved(meeting: Meeting, users: dict[str, Any]) -> None:
    _under_justering(meeting, users)
    services.justering_decide(acting_user=users["adjuster"], meeting=meeting, approve=True)


def _justerat_state(meeting: Meeting, users: dict[str, Any]) -> None:
    _justerat(meeting, users["secretary"], users["chair"], users["adjuster"])


def _nothing(meeting: Meeting, users: dict[str, Any]) -> None:
    return None


TRANSITIONS: list[tuple[str, str, Prepare, Callable[[Meeting], dict[str, Any]], str, str]] = [
    # (name, url name, prepare, post data, role allowed, status after)
    ("kallelse", "meetings:kallelse_send", _nothing, lambda m: {"message": "Välkomna"}, "secretary", "kallat"),
    ("genomfört", "meetings:meeting_mark_held", _nothing, lambda m: {}, "secretary", "genomfort"),
    ("till justering", "meetings:justering_send", _held, lambda m: {}, "secretary", "under_justering"),
    (
        "ordförande godkänner",
        "meetings:justering",
        _under_justering,
        lambda m: {"decision": "approve", "comment": ""},
        "chair",
        "under_justering",
    ),
    (
        "sista godkännandet justerar",
        "meetings:justering",
        _adjuster_approved,
        lambda m: {"decision": "approve", "comment": ""},
        "chair",
        "justerat",
    ),
    (
        "återsänd",
        "meetings:justering",
        _under_justering,
        lambda m: {"decision": "return", "comment": "§ 1 behöver rättas"},
        "chair",
        "genomfort",
    ),
    (
        "anslag",
        "meetings:meeting_post",
        _justerat_state,
        lambda m: {"posted_on": timezone.localdate().isoformat(), "storage_place": "Kansliet"},
        "secretary",
        "anslaget",
    ),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "url_name", "prepare", "data", "allowed", "after"), TRANSITIONS)
def test_each_state_transition_is_open_to_its_role_only(
    role_clients: dict[str, Client],
    meeting: Meeting,
    secretary: Any,
    chair: Any,
    adjuster: Any,
    role: str,
    name: str,
    url_name: str,
    prepare: Prepare,
    data: Callable[[Meeting], dict[str, Any]],
    allowed: str,
    after: str,
) -> None:
    prepare(meeting, {"secretary": secretary, "chair": chair, "adjuster": adjuster})
    before = Meeting.objects.get(pk=meeting.pk).status
    response = role_clients[role].post(reverse(url_name, args=[meeting.pk]), data(meeting))
    status = Meeting.objects.get(pk=meeting.pk).status
    if role == allowed:
        assert response.status_code == 302, name
        assert status == after
    else:
        _assert_refused(response, role)
        assert status == before


@pytest.mark.parametrize("role", ROLES)
def test_creating_a_meeting_is_for_secretaries_only(role_clients: dict[str, Client], organ: Organ, role: str) -> None:
    data = {"organ": organ.pk, "date": "2027-02-05", "start_time": "09:00", "end_time": "12:00", "location": "Kalmar"}
    response = role_clients[role].post(reverse("meetings:meeting_create"), data)
    if role == "secretary":
        assert response.status_code == 302
        assert Meeting.objects.filter(organ=organ, date=dt.date(2027, 2, 5)).exists()
    else:
        _assert_refused(response, role)
        assert not Meeting.objects.exists()


@pytest.mark.parametrize("role", ROLES)
def test_agenda_and_protocol_text_are_written_by_secretaries_only(
    role_clients: dict[str, Client], meeting: Meeting, role: str
) -> None:
    item = meeting.items.first()
    responses = [
        role_clients[role].post(
            reverse("meetings:item_create", args=[meeting.pk]), {"title": "Nytt", "kind": "information"}
        ),
        role_clients[role].post(
            reverse("meetings:item_protocol", args=[meeting.pk, item.pk]), {"version": 1, "notes": "Text"}
        ),
        role_clients[role].post(
            reverse("meetings:item_autosave", args=[meeting.pk, item.pk]), {"version": 1, "notes": "Text"}
        ),
        role_clients[role].post(reverse("meetings:item_move", args=[meeting.pk, item.pk]), {"direction": "down"}),
        role_clients[role].post(
            reverse("meetings:attendance", args=[meeting.pk]),
            {"name": "Gäst", "role": "ovrig", "presence": "narvarande"},
        ),
    ]
    item.refresh_from_db()
    if role == "secretary":
        assert all(r.status_code in (200, 302) for r in responses)
        assert item.notes == "<p>Text</p>"
    else:
        for response in responses:
            _assert_refused(response, role)
        assert item.notes == "" and item.position == 1
        assert meeting.items.count() == 3 and not Attendance.objects.exists()


@pytest.mark.parametrize("role", ROLES)
def test_the_draft_protocol_is_for_members_and_signers_only(
    role_clients: dict[str, Client], meeting: Meeting, role: str
) -> None:
    response = role_clients[role].get(reverse("meetings:protocol", args=[meeting.pk]))
    if role in ("member", "secretary", "chair"):
        assert response.status_code == 200
    else:
        _assert_refused(response, role)


# --- Pages -------------------------------------------------------------------------------------------------


def test_the_public_meeting_list_shows_upcoming_and_past_meetings_and_filters_by_organ(
    client: Client, organ: Organ
) -> None:
    other = OrganFactory(name="Äldre")
    secret = OrganFactory(name="Hemlig grupp", is_public=False)
    today = timezone.localdate()
    upcoming = Meeting.objects.create(organ=organ, date=today + dt.timedelta(days=10))
    past = Meeting.objects.create(organ=other, date=today - dt.timedelta(days=10))
    hidden = Meeting.objects.create(organ=secret, date=today)
    page = client.get(reverse("meetings:meeting_list")).content.decode()
    kommande, tidigare = page.split("Kommande möten</h2>")[1].split("Tidigare möten</h2>")
    assert f"/moten/{upcoming.pk}/" in kommande and f"/moten/{past.pk}/" in tidigare
    assert f"/moten/{hidden.pk}/" not in page
    filtered = client.get(reverse("meetings:meeting_list") + f"?organ={other.slug}").content.decode()
    assert f"/moten/{past.pk}/" in filtered and f"/moten/{upcoming.pk}/" not in filtered


def test_handlingar_are_for_members_until_justerat_and_then_public_ones_for_all(
    client: Client,
    role_clients: dict[str, Client],
    meeting: Meeting,
    secretary: Any,
    chair: Any,
    adjuster: Any,
) -> None:
    item = meeting.items.first()
    public = services.attachment_add(
        acting_user=secretary,
        item=item,
        title="Förslag",
        file=SimpleUploadedFile("forslag.pdf", tiny_pdf("Förslag"), content_type="application/pdf"),
    )
    internal = services.attachment_add(
        acting_user=secretary,
        item=item,
        title="Arbetsmaterial",
        file=SimpleUploadedFile("arbete.pdf", tiny_pdf("Arbete")),
        is_public=False,
    )
    download = reverse("meetings:attachment_download", args=[public.pk])
    assert "Förslag" not in client.get(reverse("meetings:meeting_detail", args=[meeting.pk])).content.decode()
    assert client.get(download).status_code == 404
    assert role_clients["outsider"].get(download).status_code == 404
    member_response = role_clients["member"].get(download)
    assert member_response.status_code == 200
    assert b"".join(member_response.streaming_content).startswith(b"%PDF")

    _justerat(meeting, secretary, chair, adjuster)
    cache.clear()
    page = client.get(reverse("meetings:meeting_detail", args=[meeting.pk])).content.decode()
    assert "Förslag" in page and "Arbetsmaterial" not in page
    assert client.get(download).status_code == 200
    assert client.get(reverse("meetings:attachment_download", args=[internal.pk])).status_code == 404
    assert role_clients["member"].get(reverse("meetings:attachment_download", args=[internal.pk])).status_code == 200


def test_a_justerat_protocol_is_public_with_confidential_paragraphs_reduced_to_heading_and_reference(
    client: Client, role_clients: dict[str, Client], meeting: Meeting, secretary: Any, chair: Any, adjuster: Any
) -> None:
    secret = services.item_create(
        acting_user=secretary,
        meeting=meeting,
        # The public sees the public heading (issue 15), never the internal title.
        title="Anställning av Kalle Karlsson",
        public_title="Enskilt ärende",
        is_confidential=True,
        confidentiality_reference="26 kap. 1 § OSL",
    )
    services.item_text_save(acting_user=secretary, item=secret, version=1, texts={"summary": "Känslig uppgift"})
    open_item = meeting.items.first()
    services.item_text_save(acting_user=secretary, item=open_item, version=1, texts={"decision_text": "Bifall"})
    _justerat(meeting, secretary, chair, adjuster)
    page = client.get(reverse("meetings:meeting_detail", args=[meeting.pk])).content.decode()
    assert "Kalle Karlsson" not in page
    assert "Enskilt ärende" in page and "26 kap. 1 § OSL" in page
    assert "Känslig uppgift" not in page
    assert "Bifall" in page and "§ 1" in page
    assert (
        "Känslig uppgift"
        in role_clients["member"].get(reverse("meetings:meeting_detail", args=[meeting.pk])).content.decode()
    )


def test_the_notice_shows_its_dates_and_the_appeal_day_under_kommunallagen_moved_past_easter(
    client: Client, organ: Organ, meeting: Meeting, secretary: Any, chair: Any, adjuster: Any
) -> None:
    Organ.objects.filter(pk=organ.pk).update(kommunallagen_rules=True, protocol_storage_place="Kommunkansliet")
    _justerat(meeting, secretary, chair, adjuster)
    # Justerat and posted on a fixed day so the dates are worked out by hand: Friday 13 March 2026 + three weeks is
    # långfredagen; påskafton, påskdagen and annandag påsk follow, so the last day for överklagande is Tuesday
    # 7 April 2026 (Lag 1930:173), and the notice may come down on the 8th.
    Meeting.objects.filter(pk=meeting.pk).update(justerat_at=timezone.make_aware(dt.datetime(2026, 3, 13, 16, 0)))
    meeting.refresh_from_db()
    services.meeting_post(acting_user=secretary, meeting=meeting, posted_on=dt.date(2026, 3, 13))
    # The anslagstavla lists only the notices up today; the meeting page carries the same facts on any day.
    page = client.get(reverse("meetings:meeting_detail", args=[meeting.pk])).content.decode()

    def sv(d: dt.date) -> str:
        with translation.override("sv"):
            return date_format(d, "j F Y")

    assert "Sista dag för överklagande" in page
    assert "7 april 2026" in page
    assert "8 april 2026" in page
    assert sv(meeting.date) in page and "Kommunkansliet" in page


def test_a_notice_past_its_removal_date_leaves_the_anslagstavla(
    client: Client, meeting: Meeting, secretary: Any, chair: Any, adjuster: Any
) -> None:
    _justerat(meeting, secretary, chair, adjuster)
    services.meeting_post(acting_user=secretary, meeting=meeting, posted_on=timezone.localdate())
    Meeting.objects.filter(pk=meeting.pk).update(remove_on=timezone.localdate() - dt.timedelta(days=1))
    assert "Det finns inga anslag just nu." in client.get(reverse("meetings:anslagstavla")).content.decode()


def test_the_ical_feeds_list_public_meetings_with_a_link_to_each_meeting_page(
    client: Client, organ: Organ, meeting: Meeting
) -> None:
    hidden = Meeting.objects.create(organ=OrganFactory(is_public=False), date=dt.date(2026, 3, 20))
    for url in (reverse("meetings:calendar"), reverse("meetings:calendar_organ", args=[organ.slug])):
        response = client.get(url)
        assert response["Content-Type"].startswith("text/calendar")
        events = Calendar.from_ical(response.content).walk("VEVENT")
        urls = [str(e["URL"]) for e in events]
        assert any(u.endswith(f"/moten/{meeting.pk}/") for u in urls)
        assert not any(u.endswith(f"/moten/{hidden.pk}/") for u in urls)
    assert client.get(reverse("meetings:calendar_organ", args=[hidden.organ.slug])).status_code == 404


def test_a_too_large_or_disallowed_upload_through_the_page_gets_a_clear_error_and_status_400(
    role_clients: dict[str, Client], meeting: Meeting, settings: Any
) -> None:
    settings.LGL_MAX_UPLOAD_BYTES = 1024
    item = meeting.items.first()
    url = reverse("meetings:item_edit", args=[meeting.pk, item.pk])
    for upload, message in (
        (SimpleUploadedFile("stor.pdf", b"%PDF-1.4\n" + b"0" * 4096), "för stor"),
        (SimpleUploadedFile("skript.html", b"<script>alert(1)</script>"), "inte tillåten"),
    ):
        response = role_clients["secretary"].post(
            url,
            {"form": "attachment", "attachment-title": "Fil", "attachment-kind": "dokument", "attachment-file": upload},
        )
        assert response.status_code == 400
        assert message in response.content.decode()
    assert not Attachment.objects.exists()


def test_a_later_save_from_an_old_version_shows_both_versions_to_choose_or_merge(
    role_clients: dict[str, Client], meeting: Meeting, secretary: Any, admin_user: Any
) -> None:
    item = meeting.items.first()
    services.item_text_save(
        acting_user=admin_user, item=item, version=1, texts={"decision_text": "<p>Först sparad</p>"}
    )
    url = reverse("meetings:item_protocol", args=[meeting.pk, item.pk])
    response = role_clients["secretary"].post(url, {"version": 1, "decision_text": "<p>Min sena text</p>"})
    assert response.status_code == 409
    page = response.content.decode()
    assert "Först sparad" in page and "Min sena text" in page
    item.refresh_from_db()
    assert item.decision_text == "<p>Först sparad</p>"

    merged = role_clients["secretary"].post(
        url, {"version": item.version, "decision_text": "<p>Först sparad och min sena text</p>"}
    )
    assert merged.status_code == 302
    item.refresh_from_db()
    assert item.decision_text == "<p>Först sparad och min sena text</p>"
    assert item.summary == ""


def test_autosave_answers_with_the_saved_time_and_new_version_or_a_conflict(
    role_clients: dict[str, Client], meeting: Meeting
) -> None:
    item = meeting.items.first()
    url = reverse("meetings:item_autosave", args=[meeting.pk, item.pk])
    client = role_clients["secretary"]
    first = client.post(url, {"version": 1, "notes": "<p>Hej</p>"}, headers={"HX-Request": "true"})
    assert first.status_code == 200
    body = first.content.decode()
    assert "Sparat" in body and 'value="2"' in body and 'hx-swap-oob="true"' in body
    stale = client.post(url, {"version": 1, "notes": "<p>Annan</p>"}, headers={"HX-Request": "true"})
    assert "någon annan har sparat" in stale.content.decode()
    item.refresh_from_db()
    assert item.notes == "<p>Hej</p>"


def test_history_shows_each_version_with_who_and_the_difference(
    role_clients: dict[str, Client], meeting: Meeting, secretary: Any
) -> None:
    item = meeting.items.first()
    saved = services.item_text_save(acting_user=secretary, item=item, version=1, texts={"notes": "<p>Rad A</p>"})
    services.item_text_save(acting_user=secretary, item=saved, version=2, texts={"notes": "<p>Rad B</p>"})
    page = role_clients["secretary"].get(reverse("meetings:item_history", args=[meeting.pk, item.pk])).content.decode()
    assert "Version 3" in page and "Version 2" in page and "sekreterare" in page
    assert "-Rad A" in page and "+Rad B" in page


@pytest.mark.parametrize("payload", ['<script>alert("x")</script>', '<img src=x onerror="alert(1)">'])
def test_xss_payloads_in_protocol_text_never_reach_a_page(
    client: Client,
    role_clients: dict[str, Client],
    meeting: Meeting,
    secretary: Any,
    chair: Any,
    adjuster: Any,
    payload: str,
) -> None:
    item = meeting.items.first()
    role_clients["secretary"].post(
        reverse("meetings:item_protocol", args=[meeting.pk, item.pk]),
        {"version": 1, **dict.fromkeys(AgendaItem.TEXT_FIELDS, f"<p>Text</p>{payload}")},
    )
    pages = [
        role_clients["secretary"].get(reverse("meetings:protocol", args=[meeting.pk])),
        role_clients["secretary"].get(reverse("meetings:item_history", args=[meeting.pk, item.pk])),
    ]
    _justerat(meeting, secretary, chair, adjuster)
    pages += [
        client.get(reverse("meetings:meeting_detail", args=[meeting.pk])),
        role_clients["chair"].get(reverse("meetings:justering", args=[meeting.pk])),
    ]
    for response in pages:
        html = response.content.decode().lower()
        assert "<script>alert" not in html and "onerror=" not in html


# --- Query counts -----------------------------------------------------------------------------------------


def _meeting_with_items(organ: Organ, secretary: Any, chair: Any, adjuster: Any, n: int, locked: bool) -> Meeting:
    meeting = meeting_with_signers(
        organ, chair=chair, adjuster=adjuster, secretary=secretary, items=0, date=dt.date(2026, 4, n % 28 + 1)
    )
    people = [PersonFactory() for _ in range(3)]
    rows = AgendaItem.objects.bulk_create(
        AgendaItem(meeting=meeting, organ=organ, position=i + 1, title=f"Ärende {i}", summary="<p>Text</p>")
        for i in range(n)
    )
    from meetings.models import Presenter, Recusal

    Presenter.objects.bulk_create(Presenter(item=it, person=people[0]) for it in rows)
    Presenter.objects.bulk_create(Presenter(item=it, name="Gäst", title="Analytiker") for it in rows)
    Attachment.objects.bulk_create(Attachment(item=it, title="Bildspel", url="https://example.se/b") for it in rows)
    Recusal.objects.bulk_create(Recusal(item=it, person=people[1]) for it in rows)
    Attendance.objects.create(meeting=meeting, person=people[2])
    if locked:
        # Straight to the end state: the justerat page renders the whole protocol for the public.
        AgendaItem.objects.filter(meeting=meeting).update(paragraph_year=2026 + n, paragraph_number=F("position"))
        Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.JUSTERAT, justerat_at=timezone.now())
    return meeting


@pytest.mark.parametrize(
    ("role", "url_name", "locked"),
    [
        ("anonymous", "meetings:meeting_detail", False),
        ("anonymous", "meetings:meeting_detail", True),
        ("member", "meetings:meeting_detail", False),
        ("member", "meetings:meeting_detail", True),
        ("secretary", "meetings:meeting_detail", False),
        ("secretary", "meetings:meeting_detail", True),
        ("secretary", "meetings:protocol", False),
        ("member", "meetings:protocol", True),
        ("chair", "meetings:justering", False),
    ],
)
def test_meeting_and_protocol_pages_make_the_same_number_of_queries_for_5_and_100_items(
    role_clients: dict[str, Client],
    organ: Organ,
    secretary: Any,
    chair: Any,
    adjuster: Any,
    django_assert_num_queries: Any,
    role: str,
    url_name: str,
    locked: bool,
) -> None:
    small = _meeting_with_items(organ, secretary, chair, adjuster, 5, locked)
    large = _meeting_with_items(organ, secretary, chair, adjuster, 100, locked)
    client = role_clients[role]
    client.get(reverse(url_name, args=[small.pk]))  # warm sessions and caches outside the measured request
    cache.clear()
    with CaptureQueriesContext(connection) as small_queries:
        assert client.get(reverse(url_name, args=[small.pk])).status_code == 200
    cache.clear()
    with django_assert_num_queries(len(small_queries)):
        response = client.get(reverse(url_name, args=[large.pk]))
    assert response.status_code == 200
    assert "Ärende 99" in response.content.decode()


def test_in_the_conflict_view_the_secretary_can_keep_the_saved_version_of_a_field(
    role_clients: dict[str, Client], meeting: Meeting, admin_user: Any
) -> None:
    item = meeting.items.first()
    services.item_text_save(
        acting_user=admin_user, item=item, version=1, texts={"notes": "<p>Deras</p>", "summary": "<p>Deras S</p>"}
    )
    url = reverse("meetings:item_protocol", args=[meeting.pk, item.pk])
    response = role_clients["secretary"].post(
        url,
        {"version": 2, "notes": "<p>Min</p>", "choice-notes": "merged", "summary": "x", "choice-summary": "theirs"},
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.notes == "<p>Min</p>" and item.summary == "<p>Deras S</p>"


def test_the_sammantradesplan_form_creates_the_years_meetings_and_reports_a_bad_date_next_to_the_field(
    role_clients: dict[str, Client], organ: Organ
) -> None:
    url = reverse("meetings:plan_create")
    bad = role_clients["secretary"].post(url, {"organ": organ.pk, "dates": "2027-02-05\n5 mars"})
    assert bad.status_code == 400
    assert "är inte ett datum i formen ÅÅÅÅ-MM-DD" in bad.content.decode()
    assert not Meeting.objects.exists()
    good = role_clients["secretary"].post(
        url, {"organ": organ.pk, "dates": "2027-02-05\n2027-04-09, 2027-06-11", "start_time": "09:00"}
    )
    assert good.status_code == 302
    assert sorted(Meeting.objects.values_list("date", flat=True)) == [
        dt.date(2027, 2, 5),
        dt.date(2027, 4, 9),
        dt.date(2027, 6, 11),
    ]
    assert role_clients["member"].get(url).status_code == 403


def test_a_meeting_form_with_the_end_before_the_start_is_shown_again_with_the_error_and_status_400(
    role_clients: dict[str, Client], organ: Organ
) -> None:
    response = role_clients["secretary"].post(
        reverse("meetings:meeting_create"),
        {"organ": organ.pk, "date": "2027-02-05", "start_time": "15:00", "end_time": "14:00"},
    )
    assert response.status_code == 400
    assert "Sluttiden måste vara efter starttiden." in response.content.decode()
    assert 'aria-invalid="true"' in response.content.decode()
    assert not Meeting.objects.exists()


def test_the_secretary_removes_a_presenter_and_a_handling_and_the_file_goes_with_it(
    role_clients: dict[str, Client], meeting: Meeting, secretary: Any, django_capture_on_commit_callbacks: Any
) -> None:
    item = meeting.items.first()
    presenter = services.presenter_add(acting_user=secretary, item=item, name="Gäst")
    attachment = services.attachment_add(
        acting_user=secretary, item=item, title="Fil", file=SimpleUploadedFile("a.pdf", tiny_pdf("a"))
    )
    storage, name = attachment.file.storage, attachment.file.name
    url = reverse("meetings:item_edit", args=[meeting.pk, item.pk])
    assert role_clients["member"].post(url, {"form": "remove_presenter", "pk": presenter.pk}).status_code == 403
    with django_capture_on_commit_callbacks(execute=True):
        role_clients["secretary"].post(url, {"form": "remove_presenter", "pk": presenter.pk})
        role_clients["secretary"].post(url, {"form": "remove_attachment", "pk": attachment.pk})
    assert not item.presenters.exists() and not item.attachments.exists()
    assert not storage.exists(name)
    assert role_clients["secretary"].post(url, {"form": "remove_attachment", "pk": "x"}).status_code == 404


def test_taken_down_notices_are_listed_below_the_current_ones(
    client: Client, meeting: Meeting, secretary: Any, chair: Any, adjuster: Any
) -> None:
    _justerat(meeting, secretary, chair, adjuster)
    services.meeting_post(acting_user=secretary, meeting=meeting, posted_on=timezone.localdate())
    Meeting.objects.filter(pk=meeting.pk).update(remove_on=timezone.localdate() - dt.timedelta(days=1))
    page = client.get(reverse("meetings:anslagstavla")).content.decode()
    assert "Det finns inga anslag just nu." in page
    assert "Nedtagna anslag" in page and f"/moten/{meeting.pk}/" in page


def test_the_secretary_changes_and_removes_a_row_of_the_attendance_list(
    role_clients: dict[str, Client], meeting: Meeting, secretary: Any, member: Any
) -> None:
    row = services.attendance_add(acting_user=secretary, meeting=meeting, person=person_of(member))
    url = reverse("meetings:attendance_update", args=[meeting.pk, row.pk])
    assert role_clients["member"].post(url, {"presence": "franvarande"}).status_code == 403
    role_clients["secretary"].post(url, {"presence": "franvarande"})
    row.refresh_from_db()
    assert row.presence == Attendance.Presence.FRANVARANDE
    role_clients["secretary"].post(url, {"presence": "ogiltig"})
    row.refresh_from_db()
    assert row.presence == Attendance.Presence.FRANVARANDE
    role_clients["secretary"].post(url, {"remove": "1"})
    assert not Attendance.objects.filter(pk=row.pk).exists()


# --- Each relation read once --------------------------------------------------------------------------------
_RELATIONS = {
    "signatures": '"meetings_justeringsignature"',
    # The approved ones (the justering page also asks, separately, for a rättelse waiting for approval).
    "godkända rättelser": '"meetings_protocolcorrection"."status" = \'approved\'',
    "rättelsernas godkännanden": 'FROM "meetings_correctionapproval"',
    "närvaro": 'FROM "meetings_attendance"',
    # The justerare as people (the permission check's own join asks which meetings a user signs, not who signs).
    "justerare": 'FROM "groups_person" INNER JOIN "meetings_meeting_adjusters"',
}


@pytest.mark.parametrize(
    ("role", "url_name"),
    [
        ("anonymous", "meetings:meeting_detail"),
        ("member", "meetings:meeting_detail"),
        ("secretary", "meetings:meeting_detail"),
        ("member", "meetings:protocol"),
        ("chair", "meetings:justering"),
    ],
)
def test_a_justerat_meetings_pages_read_each_of_its_relations_once(
    role_clients: dict[str, Client],
    meeting: Meeting,
    secretary: Any,
    chair: Any,
    adjuster: Any,
    role: str,
    url_name: str,
) -> None:
    # The page of a justerat meeting with an approved rättelse: the protocol's frame, its rättelse notes and the
    # justering block each need some of the same rows (signatures, rättelser, närvaro, justerare). Each is read
    # once; a second query for the same rows is work the page throws away.
    _justerat(meeting, secretary, chair, adjuster)
    item = meeting.items.order_by("position").first()
    correction_approved(
        acting_user=secretary, meeting=meeting, item=item, reason="Fel datum", texts={"decision_text": "<p>Rätt</p>"}
    )
    client = role_clients[role]
    url = reverse(url_name, args=[meeting.pk])
    client.get(url)
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    assert "Fel datum" in response.content.decode()
    reads = {name: sum(marker in q["sql"] for q in queries.captured_queries) for name, marker in _RELATIONS.items()}
    assert all(count == 1 for count in reads.values()), reads
