"""Field-level saving (meetings/services/editing.py), revisions, attendance edits and the page cache."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from groups.models import Membership, Organ
from lgl_portal.core.cache import VERSION_KEY
from meetings import services
from meetings.merge import Outcome, only_adds, text_hash
from meetings.models import AgendaItem, Attachment, Attendance, ItemRevision, Meeting
from meetings.services.editing import TextEdit
from tests.factories.groups import user_with_role
from tests.factories.meetings import meeting_with_signers, person_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(organ: Organ, chair: Any, adjuster: Any, secretary: Any) -> Meeting:
    return meeting_with_signers(organ, chair=chair, adjuster=adjuster, secretary=secretary, items=3)


def _edit(mine: str, base: str, version: int = 1) -> TextEdit:
    return TextEdit(mine=mine, base_hash=text_hash(base), base_version=version, base_text=base)


def test_a_save_of_one_field_leaves_a_field_someone_else_wrote_alone(
    meeting: Meeting, secretary: Any, chair: Any
) -> None:
    item = meeting.items.first()
    services.item_text_merge(acting_user=chair, item=item, edits={"protocol_notes": _edit("<p>B:s not</p>", "")})
    report = services.item_text_merge(
        acting_user=secretary, item=item, edits={"decision_text": _edit("<p>A:s beslut</p>", "")}
    )
    assert report.results["decision_text"].outcome is Outcome.APPLIED
    saved = AgendaItem.objects.get(pk=item.pk)
    assert (saved.decision_text, saved.protocol_notes, saved.version) == ("<p>A:s beslut</p>", "<p>B:s not</p>", 3)


def test_words_changed_in_different_places_of_one_field_merge_and_the_same_words_conflict(
    meeting: Meeting, secretary: Any, chair: Any
) -> None:
    item = meeting.items.first()
    base = "<p>Ledningen godkänner planen.</p>"
    services.item_text_merge(acting_user=secretary, item=item, edits={"decision_text": _edit(base, "")})
    services.item_text_merge(
        acting_user=chair, item=item, edits={"decision_text": _edit("<p>Ledningen i länet godkänner planen.</p>", base)}
    )
    merged = services.item_text_merge(
        acting_user=secretary,
        item=item,
        edits={"decision_text": _edit("<p>Ledningen godkänner planen i sin helhet.</p>", base)},
    )
    assert merged.results["decision_text"].outcome is Outcome.MERGED
    assert merged.item.decision_text == "<p>Ledningen i länet godkänner planen i sin helhet.</p>"
    conflict = services.item_text_merge(
        acting_user=secretary, item=item, edits={"decision_text": _edit("<p>Ledningen avslår planen.</p>", base)}
    )
    assert set(conflict.conflicts) == {"decision_text"}
    assert not conflict.wrote
    assert AgendaItem.objects.get(pk=item.pk).decision_text == "<p>Ledningen i länet godkänner planen i sin helhet.</p>"


def test_a_base_without_its_text_is_found_in_the_revision_of_that_version(
    meeting: Meeting, secretary: Any, chair: Any
) -> None:
    item = meeting.items.first()
    base = "<p>Ett två tre.</p>"
    services.item_text_merge(acting_user=secretary, item=item, edits={"summary": _edit(base, "")})
    services.item_text_merge(
        acting_user=chair, item=item, edits={"summary": _edit("<p>Noll ett två tre.</p>", base, 2)}
    )
    report = services.item_text_merge(
        acting_user=secretary,
        item=item,
        edits={"summary": TextEdit(mine="<p>Ett två tre fyra.</p>", base_hash=text_hash(base), base_version=2)},
    )
    assert report.item.summary == "<p>Noll ett två tre fyra.</p>"


def test_saving_is_refused_as_a_whole_under_justering(meeting: Meeting, secretary: Any) -> None:
    item = meeting.items.first()
    services.meeting_mark_held(acting_user=secretary, meeting=meeting)
    services.justering_send(acting_user=secretary, meeting=meeting)
    with pytest.raises(services.ProtocolNotEditable):
        services.item_text_merge(acting_user=secretary, item=item, edits={"notes": _edit("<p>x</p>", "")})
    assert AgendaItem.objects.get(pk=item.pk).notes == ""


def test_one_persons_autosaves_coalesce_into_one_revision_but_a_removal_starts_a_new_one(
    meeting: Meeting, secretary: Any, chair: Any
) -> None:
    item = meeting.items.first()
    texts = ["<p>Ett</p>", "<p>Ett två</p>", "<p>Ett två tre</p>"]
    base = ""
    for text in texts:
        services.item_text_merge(acting_user=secretary, item=item, edits={"notes": _edit(text, base)})
        base = text
    assert list(ItemRevision.objects.filter(item=item).values_list("version", "data__notes")) == [
        (4, "<p>Ett två tre</p>")
    ]
    # Taking words away keeps the fuller text in the history.
    services.item_text_merge(acting_user=secretary, item=item, edits={"notes": _edit("<p>Ett</p>", base)})
    # Someone else's save is its own revision, and the next of mine after it too.
    services.item_text_merge(acting_user=chair, item=item, edits={"summary": _edit("<p>S</p>", "")})
    services.item_text_merge(acting_user=secretary, item=item, edits={"notes": _edit("<p>Ett fyra</p>", "<p>Ett</p>")})
    history = list(
        ItemRevision.objects.filter(item=item).order_by("version").values_list("version", "created_by__username")
    )
    assert history == [(4, "sekreterare"), (5, "sekreterare"), (6, "ordforande"), (7, "sekreterare")]
    # Beyond the window, a new revision.
    ItemRevision.objects.filter(item=item, version=7).update(created_at=timezone.now() - dt.timedelta(minutes=6))
    services.item_text_merge(
        acting_user=secretary, item=item, edits={"notes": _edit("<p>Ett fyra fem</p>", "<p>Ett fyra</p>")}
    )
    assert ItemRevision.objects.filter(item=item).count() == 5


def test_only_adds_means_the_old_text_is_kept_in_order() -> None:
    assert only_adds("<p>Ett</p>", "<p>Ett två</p>")
    assert only_adds("", "x")
    assert not only_adds("<p>Ett två</p>", "<p>Ett</p>")
    assert not only_adds("ab", "ba")


def test_any_version_can_be_restored_as_a_new_version(meeting: Meeting, secretary: Any, chair: Any) -> None:
    item = meeting.items.first()
    services.item_text_merge(acting_user=secretary, item=item, edits={"notes": _edit("<p>Första</p>", "")})
    services.item_text_merge(acting_user=chair, item=item, edits={"notes": _edit("<p>Andra</p>", "<p>Första</p>")})
    client = Client()
    client.force_login(secretary)
    response = client.post(reverse("meetings:item_revision_restore", args=[meeting.pk, item.pk]), {"version": 2})
    assert response.status_code == 302
    saved = AgendaItem.objects.get(pk=item.pk)
    assert (saved.notes, saved.version) == ("<p>Första</p>", 4)
    assert list(ItemRevision.objects.filter(item=item).order_by("version").values_list("version", flat=True)) == [
        2,
        3,
        4,
    ]
    with pytest.raises(ValidationError):
        services.item_revision_restore(acting_user=secretary, item=item, version=99)


def test_changing_presence_keeps_note_range_and_replaces(meeting: Meeting, secretary: Any, organ: Organ) -> None:
    first, _second, third = meeting.items.order_by("position")
    member = person_of(user_with_role(organ, Membership.Role.LEDAMOT, username="bo"))
    substitute = person_of(user_with_role(organ, Membership.Role.ERSATTARE, username="eva"))
    row = services.attendance_add(
        acting_user=secretary,
        meeting=meeting,
        person=substitute,
        role=Attendance.Role.ERSATTARE,
        replaces=member,
        ranges=[(first, first), (third, third)],
        note="ersätter Bo Eliasson (V) § 1, 3",
    )
    services.attendance_update(acting_user=secretary, attendance=row, presence=Attendance.Presence.VIA_LANK)
    row.refresh_from_db()
    assert (row.presence, row.note, row.role, row.replaces, _ranges(row)) == (
        "via_lank",
        "ersätter Bo Eliasson (V) § 1, 3",
        "ersattare",
        member,
        [(first.pk, first.pk), (third.pk, third.pk)],
    )
    services.attendance_update(acting_user=secretary, attendance=row, ranges=[], note="hela mötet")
    row.refresh_from_db()
    assert (_ranges(row), row.note, row.presence) == ([], "hela mötet", "via_lank")
    with pytest.raises(ValidationError):
        services.attendance_update(acting_user=secretary, attendance=row, ranges=[(third, first)])
    assert _ranges(row) == []


def _ranges(row: Attendance) -> list[tuple[int | None, int | None]]:
    return [(r.from_item_id, r.until_item_id) for r in row.ranges.order_by("id")]


def test_the_narvaro_page_posts_only_what_it_shows_and_keeps_the_rest(
    meeting: Meeting, secretary: Any, organ: Organ
) -> None:
    first = meeting.items.order_by("position").first()
    person = person_of(user_with_role(organ, Membership.Role.LEDAMOT, username="bo"))
    row = services.attendance_add(
        acting_user=secretary, meeting=meeting, person=person, ranges=[(first, None)], note="fr.o.m. § 1"
    )
    client = Client()
    client.force_login(secretary)
    page = client.get(reverse("meetings:attendance", args=[meeting.pk])).content.decode()
    assert 'value="fr.o.m. § 1"' in page
    client.post(reverse("meetings:attendance_update", args=[meeting.pk, row.pk]), {"presence": "franvarande"})
    row.refresh_from_db()
    assert (row.presence, row.note, _ranges(row)) == ("franvarande", "fr.o.m. § 1", [(first.pk, None)])


def test_prefill_takes_each_members_role_from_the_membership(meeting: Meeting, secretary: Any, organ: Organ) -> None:
    user_with_role(organ, Membership.Role.ADJUNGERAD, username="adjungerad")
    user_with_role(organ, Membership.Role.ERSATTARE, username="ersattare")
    user_with_role(organ, Membership.Role.BRUKARREPRESENTANT, username="brukare")
    services.attendance_prefill(acting_user=secretary, meeting=meeting)
    roles = dict(meeting.attendances.values_list("person__user__username", "role"))
    assert roles["adjungerad"] == "ovrig"
    # Present, not serving, until the secretary names whom she serves for (issue 13).
    assert roles["ersattare"] == "ej_tjanstgorande"
    assert roles["brukare"] == "beslutande" and roles["ordforande"] == "beslutande"
    assert "sekreterare" not in roles


@pytest.mark.parametrize("what", ["item", "attachment", "attendance"])
def test_deleting_asks_first_on_a_page_that_works_without_javascript(
    meeting: Meeting, secretary: Any, member: Any, what: str
) -> None:
    item = meeting.items.first()
    if what == "item":
        confirm = reverse("meetings:item_delete_confirm", args=[meeting.pk, item.pk])
        gone = lambda: not AgendaItem.objects.filter(pk=item.pk).exists()  # noqa: E731
    elif what == "attachment":
        attachment = services.attachment_add(
            acting_user=secretary, item=item, title="Bildspel", url="https://example.org/b"
        )
        confirm = reverse("meetings:attachment_remove_confirm", args=[attachment.pk])
        gone = lambda: not Attachment.objects.filter(pk=attachment.pk).exists()  # noqa: E731
    else:
        row = services.attendance_add(acting_user=secretary, meeting=meeting, person=person_of(member))
        confirm = reverse("meetings:attendance_remove_confirm", args=[meeting.pk, row.pk])
        gone = lambda: not Attendance.objects.filter(pk=row.pk).exists()  # noqa: E731
    client = Client()
    client.force_login(secretary)
    page = client.get(confirm)
    assert page.status_code == 200 and not gone()
    body = page.content.decode()
    assert "Ja, ta bort" in body and "<script" not in body.split("<main", 1)[-1].split("</main>")[0]
    action = body.split('<form method="post" action="', 1)[1].split('"', 1)[0]
    hidden = {
        part.split('name="')[1].split('"')[0]: part.split('value="')[1].split('"')[0]
        for part in body.split('<input type="hidden"')[1:]
        if 'name="' in part and "csrfmiddlewaretoken" not in part
    }
    client.post(action, hidden)
    assert gone()


def test_a_draft_autosave_keeps_the_anonymous_page_cache_and_a_public_write_drops_it(
    meeting: Meeting, secretary: Any
) -> None:
    item = meeting.items.first()
    anonymous = Client()
    url = reverse("meetings:meeting_detail", args=[meeting.pk])
    assert anonymous.get(url)["X-Page-Cache"] == "miss"
    version = cache.get(VERSION_KEY)
    author = Client()
    author.force_login(secretary)
    author.post(
        reverse("meetings:section_save", args=[meeting.pk, item.pk]),
        {"field": "notes", "base_version": 1, "base_hash": text_hash(""), "base_text": "", "text": "Utkast"},
        headers={"Accept": "application/json"},
    )
    assert AgendaItem.objects.get(pk=item.pk).notes == "<p>Utkast</p>"
    assert cache.get(VERSION_KEY) == version
    assert anonymous.get(url)["X-Page-Cache"] == "hit"
    services.item_update(acting_user=secretary, item=item, title="Ny rubrik")
    assert cache.get(VERSION_KEY) != version
    assert anonymous.get(url)["X-Page-Cache"] == "miss"


def test_only_the_secretary_saves_sections_and_signals_presence_and_bad_input_is_a_4xx(
    meeting: Meeting, secretary: Any, member: Any, organ: Organ
) -> None:
    item = meeting.items.first()
    save = reverse("meetings:section_save", args=[meeting.pk, item.pk])
    presence = reverse("meetings:protocol_presence", args=[meeting.pk])
    data = {"field": "notes", "base_version": 1, "base_hash": text_hash(""), "base_text": "", "text": "x"}
    reader = Client()
    reader.force_login(member)
    assert reader.post(save, data).status_code == 403
    assert reader.post(presence, {"section": f"{item.pk}:notes"}).status_code == 403
    writer = Client()
    writer.force_login(secretary)
    assert writer.post(save, {**data, "field": "title"}).status_code == 404
    assert (
        writer.post(
            save, {**data, "base_version": "x", "base_hash": ""}, headers={"Accept": "application/json"}
        ).status_code
        == 409
    )
    other = meeting_with_signers(organ, chair=secretary, adjuster=secretary, secretary=secretary, items=1)
    foreign = reverse("meetings:section_save", args=[other.pk, item.pk])
    assert writer.post(foreign, data).status_code == 404
    assert AgendaItem.objects.get(pk=item.pk).notes == ""
    # The presence answer names the others and where they are, never the asker.
    assert writer.post(presence, {"section": f"{item.pk}:notes"}).json() == {"others": []}
    colleague = Client()
    colleague.force_login(user_with_role(organ, Membership.Role.SAMORDNARE, username="samordnare"))
    others = colleague.post(presence, {"section": "påhittad"}).json()["others"]
    assert others == [{"name": "sekreterare", "section": f"{item.pk}:notes", "where": "1. Anteckningar"}]
