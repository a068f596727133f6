from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from groups.models import Organ
from lgl_portal.audit.models import AuditEntry
from meetings import permissions, services
from meetings.demo import tiny_pdf
from meetings.documents.models import DocumentJob
from meetings.models import (
    AgendaItem,
    Attachment,
    Attendance,
    ItemRevision,
    JusteringSignature,
    Meeting,
    ProtocolCorrection,
)
from tests.factories.groups import OrganFactory, OrganisationFactory, PersonFactory
from tests.factories.meetings import meeting_with_signers, person_of

pytestmark = pytest.mark.django_db

XSS_PAYLOADS = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    '<a href="javascript:alert(1)">klick</a>',
    '<p onclick="alert(1)">text</p>',
    "<svg><script>alert(1)</script></svg>",
    '<iframe src="https://evil.example"></iframe>',
    "<style>body{display:none}</style>",
]


@pytest.fixture
def meeting(organ: Organ, chair: Any, adjuster: Any, secretary: Any) -> Meeting:
    return meeting_with_signers(organ, chair=chair, adjuster=adjuster, secretary=secretary, items=3)


def _to_justerat(meeting: Meeting, secretary: Any, chair: Any, adjuster: Any) -> Meeting:
    services.meeting_mark_held(acting_user=secretary, meeting=meeting)
    services.justering_send(acting_user=secretary, meeting=meeting)
    services.justering_decide(acting_user=chair, meeting=meeting, approve=True)
    return services.justering_decide(acting_user=adjuster, meeting=meeting, approve=True)


# --- Meetings and kallelse ---------------------------------------------------------------------------------


def test_setting_chair_and_justerare_grants_them_the_justera_permission_and_removing_takes_it_away(
    meeting: Meeting, chair: Any, adjuster: Any, member: Any, secretary: Any
) -> None:
    assert permissions.can_justera(chair, meeting)
    assert permissions.can_justera(adjuster, meeting)
    assert not permissions.can_justera(member, meeting)

    services.meeting_update(acting_user=secretary, meeting=meeting, adjusters=[person_of(member)])

    fresh = type(adjuster).objects.get(pk=adjuster.pk)
    assert not permissions.can_justera(fresh, meeting)
    assert permissions.can_justera(type(member).objects.get(pk=member.pk), meeting)


def test_end_time_before_start_time_is_refused_next_to_the_field(organ: Organ, secretary: Any) -> None:
    with pytest.raises(ValidationError) as exc:
        services.meeting_create(
            acting_user=secretary, organ=organ, date=dt.date(2026, 5, 1), start_time=dt.time(15), end_time=dt.time(14)
        )
    assert "end_time" in exc.value.message_dict
    assert Meeting.objects.count() == 0


def test_a_sammantradesplan_creates_one_meeting_per_new_date_and_skips_existing(organ: Organ, secretary: Any) -> None:
    services.meeting_create(acting_user=secretary, organ=organ, date=dt.date(2027, 2, 5))
    created = services.meeting_plan_create(
        acting_user=secretary,
        organ=organ,
        dates=[dt.date(2027, 2, 5), dt.date(2027, 4, 9), dt.date(2027, 6, 11)],
        start_time=dt.time(9),
        end_time=dt.time(12),
    )
    assert [m.date for m in created] == [dt.date(2027, 4, 9), dt.date(2027, 6, 11)]
    assert Meeting.objects.filter(organ=organ).count() == 3


def test_kallelse_mails_every_active_member_a_link_and_marks_the_meeting_kallat(
    meeting: Meeting, secretary: Any, member: Any, mail_at_commit: Any
) -> None:
    services.meeting_update(
        acting_user=secretary,
        meeting=meeting,
        start_time=dt.time(9),
        end_time=dt.time(12),
        location="Regionhuset, Kalmar",
    )
    with mail_at_commit():
        count = services.kallelse_send(acting_user=secretary, meeting=meeting, message="Välkomna!")
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.KALLAT
    assert meeting.kallelse_sent_at is not None
    recipients = {m.to[0] for m in mail.outbox}
    assert person_of(member).email in recipients
    assert count == len(mail.outbox) >= 4
    assert f"/moten/{meeting.pk}/" in mail.outbox[0].body
    assert "1. Ärende 1\n2. Ärende 2\n3. Ärende 3" in mail.outbox[0].body
    assert "2026-03-13 09:00–12:00, Regionhuset, Kalmar" in mail.outbox[0].body


def test_kallelse_without_agenda_items_is_refused(organ: Organ, secretary: Any) -> None:
    empty = services.meeting_create(acting_user=secretary, organ=organ, date=dt.date(2026, 9, 1))
    with pytest.raises(ValidationError):
        services.kallelse_send(acting_user=secretary, meeting=empty)
    empty.refresh_from_db()
    assert empty.status == Meeting.Status.PLANERAT


# --- Agenda ----------------------------------------------------------------------------------------------


def test_meeting_and_item_updates_change_only_the_fields_named_and_refuse_an_unknown_one_with_type_error(
    meeting: Meeting, secretary: Any
) -> None:
    item = meeting.items.order_by("position").first()
    assert item is not None
    original_date = meeting.date
    with pytest.raises(TypeError):
        services.meeting_update(acting_user=secretary, meeting=meeting, organ=None)
    with pytest.raises(TypeError):
        services.item_update(acting_user=secretary, item=item, notes="x")
    services.meeting_update(acting_user=secretary, meeting=meeting, location="Regionhuset")
    services.item_update(acting_user=secretary, item=item, diarienummer="LGL 2026/7")
    meeting.refresh_from_db()
    item.refresh_from_db()
    assert (meeting.location, meeting.date) == ("Regionhuset", original_date)
    assert (item.diarienummer, item.title) == ("LGL 2026/7", "Ärende 1")


def test_items_can_be_moved_up_and_down_and_positions_stay_consecutive(meeting: Meeting, secretary: Any) -> None:
    first, second, third = meeting.items.order_by("position")
    services.item_move(acting_user=secretary, item=third, direction="up")
    assert list(meeting.items.order_by("position").values_list("pk", flat=True)) == [first.pk, third.pk, second.pk]
    services.item_move(acting_user=secretary, item=first, direction="down")
    assert list(meeting.items.order_by("position").values_list("position", flat=True)) == [1, 2, 3]
    assert meeting.items.order_by("position").first().pk == third.pk


def test_a_confidential_item_needs_its_legal_reference(meeting: Meeting, secretary: Any) -> None:
    with pytest.raises(ValidationError) as exc:
        services.item_create(acting_user=secretary, meeting=meeting, title="Personärende", is_confidential=True)
    assert "confidentiality_reference" in exc.value.message_dict


def test_a_per_capsulam_date_belongs_to_a_tillagg(meeting: Meeting, secretary: Any) -> None:
    with pytest.raises(ValidationError):
        services.item_create(
            acting_user=secretary, meeting=meeting, title="Beslut", per_capsulam_date=dt.date(2023, 6, 21)
        )
    item = services.item_create(
        acting_user=secretary,
        meeting=meeting,
        title="Tillägg i protokoll",
        kind=AgendaItem.Kind.TILLAGG,
        per_capsulam_date=dt.date(2023, 6, 21),
    )
    assert item.per_capsulam_date == dt.date(2023, 6, 21)


def test_a_presenter_is_a_person_of_the_portal_or_a_typed_name(meeting: Meeting, secretary: Any) -> None:
    item = meeting.items.first()
    with pytest.raises(ValidationError):
        services.presenter_add(acting_user=secretary, item=item)
    services.presenter_add(
        acting_user=secretary, item=item, name="Sofia Hartz", title="Planeringsdirektör", organisation_name="Region"
    )
    services.presenter_add(acting_user=secretary, item=item, person=PersonFactory(name="Cecilia Frid"))
    assert [p.display_name for p in item.presenters.all()] == ["Sofia Hartz", "Cecilia Frid"]


def test_a_valid_pdf_is_stored_with_its_type_and_size(meeting: Meeting, secretary: Any) -> None:
    data = tiny_pdf("Handling")
    attachment = services.attachment_add(
        acting_user=secretary,
        item=meeting.items.first(),
        title="Förslag",
        file=SimpleUploadedFile("forslag.pdf", data, content_type="application/pdf"),
    )
    assert attachment.content_type == "application/pdf"
    assert attachment.size == len(data)
    assert attachment.file.storage.exists(attachment.file.name)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("program.exe", b"MZ\x90\x00binary", "inte tillåten"),
        ("forslag.pdf", b"<html>not a pdf</html>", "stämmer inte"),
        ("tom.pdf", b"", "tom"),
    ],
)
def test_disallowed_or_false_uploads_are_refused_with_a_clear_message_and_nothing_stored(
    meeting: Meeting, secretary: Any, settings: Any, name: str, content: bytes, message: str
) -> None:
    with pytest.raises(ValidationError) as exc:
        services.attachment_add(
            acting_user=secretary, item=meeting.items.first(), title="Fil", file=SimpleUploadedFile(name, content)
        )
    assert message in " ".join(exc.value.message_dict["file"])
    assert Attachment.objects.count() == 0
    assert not (settings.MEDIA_ROOT / "handlingar").exists() or not any(
        (settings.MEDIA_ROOT / "handlingar").rglob("*.*")
    )


def test_a_too_large_upload_is_refused_and_nothing_stored(meeting: Meeting, secretary: Any, settings: Any) -> None:
    settings.LGL_MAX_UPLOAD_BYTES = 1024
    big = SimpleUploadedFile("stor.pdf", b"%PDF-1.4\n" + b"0" * 2048)
    with pytest.raises(ValidationError) as exc:
        services.attachment_add(acting_user=secretary, item=meeting.items.first(), title="Stor", file=big)
    assert "för stor" in exc.value.message_dict["file"][0]
    assert Attachment.objects.count() == 0


# --- Protocol text ---------------------------------------------------------------------------------------


def test_saving_text_raises_the_version_and_keeps_a_revision_with_who(meeting: Meeting, secretary: Any) -> None:
    item = meeting.items.first()
    saved = services.item_text_save(
        acting_user=secretary, item=item, version=item.version, texts={"summary": "<p>Första</p>"}
    )
    saved = services.item_text_save(
        acting_user=secretary, item=saved, version=saved.version, texts={"summary": "<p>Andra</p>"}
    )
    assert saved.version == 3
    revisions = list(ItemRevision.objects.filter(item=item).order_by("version"))
    assert [r.data["summary"] for r in revisions] == ["<p>Första</p>", "<p>Andra</p>"]
    assert all(r.created_by == secretary for r in revisions)
    assert AuditEntry.objects.filter(action="item_text_save").count() == 2


def test_a_save_from_an_older_version_is_a_conflict_and_never_overwrites(
    meeting: Meeting, secretary: Any, admin_user: Any
) -> None:
    item = meeting.items.first()
    services.item_text_save(acting_user=secretary, item=item, version=1, texts={"decision_text": "<p>Min text</p>"})
    with pytest.raises(services.EditConflict) as exc:
        services.item_text_save(
            acting_user=admin_user, item=item, version=1, texts={"decision_text": "<p>Din text</p>"}
        )
    assert exc.value.current.decision_text == "<p>Min text</p>"
    assert exc.value.attempted == {"decision_text": "<p>Din text</p>"}
    item.refresh_from_db()
    assert item.decision_text == "<p>Min text</p>"
    assert item.version == 2


def test_resending_the_same_text_after_a_lost_answer_is_no_conflict(meeting: Meeting, secretary: Any) -> None:
    item = meeting.items.first()
    services.item_text_save(acting_user=secretary, item=item, version=1, texts={"notes": "<p>Anteckning</p>"})
    again = services.item_text_save(acting_user=secretary, item=item, version=1, texts={"notes": "<p>Anteckning</p>"})
    assert again.version == 2
    assert ItemRevision.objects.filter(item=item).count() == 1


def test_plain_text_typed_without_javascript_keeps_its_paragraphs(meeting: Meeting, secretary: Any) -> None:
    item = meeting.items.first()
    saved = services.item_text_save(
        acting_user=secretary, item=item, version=1, texts={"notes": "Rad ett\nrad två\n\nStycke två & <mer>"}
    )
    assert saved.notes.startswith("<p>Rad ett<br>rad två</p><p>Stycke två &amp;")


@pytest.mark.parametrize("field", AgendaItem.TEXT_FIELDS)
@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_no_script_or_event_handler_survives_in_any_rich_field(
    meeting: Meeting, secretary: Any, field: str, payload: str
) -> None:
    item = meeting.items.first()
    saved = services.item_text_save(
        acting_user=secretary, item=item, version=item.version, texts={field: f"<p>Före</p>{payload}"}
    )
    stored = getattr(saved, field).lower()
    for bad in ("<script", "onerror", "onclick", "javascript:", "<iframe", "<style", "<svg"):
        assert bad not in stored
    assert "före" in stored


# --- Justering ---------------------------------------------------------------------------------------------


def test_sending_for_justering_numbers_the_paragraphs_creates_signatures_and_mails_the_signers(
    meeting: Meeting, secretary: Any, chair: Any, adjuster: Any, mail_at_commit: Any
) -> None:
    services.meeting_mark_held(acting_user=secretary, meeting=meeting)
    with mail_at_commit():
        services.justering_send(acting_user=secretary, meeting=meeting)
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.UNDER_JUSTERING
    assert list(meeting.items.order_by("position").values_list("paragraph_number", flat=True)) == [1, 2, 3]
    assert {(s.person.user, s.role) for s in meeting.signatures.select_related("person")} == {
        (chair, JusteringSignature.Role.ORDFORANDE),
        (adjuster, JusteringSignature.Role.JUSTERARE),
    }
    assert {m.to[0] for m in mail.outbox} == {person_of(chair).email, person_of(adjuster).email}
    assert "/justering/" in mail.outbox[0].body


def test_paragraph_numbers_run_per_organ_and_restart_at_a_new_year(
    organ: Organ, secretary: Any, chair: Any, adjuster: Any
) -> None:
    december = meeting_with_signers(
        organ, chair=chair, adjuster=adjuster, secretary=secretary, items=2, date=dt.date(2023, 12, 15)
    )
    november = meeting_with_signers(
        organ, chair=chair, adjuster=adjuster, secretary=secretary, items=3, date=dt.date(2023, 11, 10)
    )
    january = meeting_with_signers(
        organ, chair=chair, adjuster=adjuster, secretary=secretary, items=2, date=dt.date(2024, 1, 19)
    )
    other_organ = OrganFactory(paragraph_format=Organ.ParagraphFormat.YEAR)
    services.meeting_update(
        acting_user=secretary, meeting=november, chair=person_of(chair), adjusters=[person_of(adjuster)]
    )
    for m in (november, december, january):
        services.meeting_mark_held(acting_user=secretary, meeting=m)
        services.justering_send(acting_user=secretary, meeting=m)
    other = meeting_with_signers(
        other_organ, chair=chair, adjuster=adjuster, secretary=secretary, items=1, date=dt.date(2023, 12, 20)
    )
    services.meeting_mark_held(acting_user=secretary, meeting=other)
    services.justering_send(acting_user=secretary, meeting=other)

    def numbers(m: Meeting) -> list[tuple[int, int]]:
        return list(m.items.order_by("position").values_list("paragraph_number", "paragraph_year"))

    assert numbers(november) == [(1, 2023), (2, 2023), (3, 2023)]
    assert numbers(december) == [(4, 2023), (5, 2023)]
    assert numbers(january) == [(1, 2024), (2, 2024)]
    assert numbers(other) == [(1, 2023)]
    assert other.items.get().paragraph_label == "§ 1/23"
    assert january.items.order_by("position").first().paragraph_label == "§ 1"


def test_the_database_refuses_two_paragraphs_with_the_same_number_in_an_organ_and_year(meeting: Meeting) -> None:
    from django.db import IntegrityError, transaction

    first, second = meeting.items.order_by("position")[:2]
    AgendaItem.objects.filter(pk=first.pk).update(paragraph_number=7, paragraph_year=2026)
    with pytest.raises(IntegrityError), transaction.atomic():
        AgendaItem.objects.filter(pk=second.pk).update(paragraph_number=7, paragraph_year=2026)


def test_justering_needs_a_chair_and_a_justerare(organ: Organ, secretary: Any) -> None:
    bare = services.meeting_create(acting_user=secretary, organ=organ, date=dt.date(2026, 3, 1))
    services.item_create(acting_user=secretary, meeting=bare, title="Ärende")
    services.meeting_mark_held(acting_user=secretary, meeting=bare)
    with pytest.raises(ValidationError) as exc:
        services.justering_send(acting_user=secretary, meeting=bare)
    assert "chair" in exc.value.message_dict
    assert not bare.items.filter(paragraph_number__isnull=False).exists()


def test_all_approvals_make_the_protocol_justerat_locked_and_order_both_pdfs(
    meeting: Meeting, secretary: Any, chair: Any, adjuster: Any
) -> None:
    services.meeting_mark_held(acting_user=secretary, meeting=meeting)
    services.justering_send(acting_user=secretary, meeting=meeting)
    after_chair = services.justering_decide(acting_user=chair, meeting=meeting, approve=True)
    assert after_chair.status == Meeting.Status.UNDER_JUSTERING
    done = services.justering_decide(acting_user=adjuster, meeting=meeting, approve=True)
    assert done.status == Meeting.Status.JUSTERAT
    assert done.justerat_at is not None
    assert done.is_locked
    signature = meeting.signatures.get(person__user=chair)
    assert signature.decided_by == chair and signature.decided_at is not None
    assert set(DocumentJob.objects.filter(meeting=meeting).values_list("kind", flat=True)) == {
        DocumentJob.Kind.PROTOCOL,
        DocumentJob.Kind.PUBLIC_PROTOCOL,
    }


def test_the_secretary_gets_the_returning_signers_comment_by_mail_word_for_word(
    meeting: Meeting, secretary: Any, adjuster: Any, mail_at_commit: Any
) -> None:
    meeting.organ.name = "Styrelse & råd <Kalmar>"
    meeting.organ.save()
    services.meeting_mark_held(acting_user=secretary, meeting=meeting)
    services.justering_send(acting_user=secretary, meeting=meeting)
    mail.outbox.clear()
    with mail_at_commit():
        services.justering_decide(acting_user=adjuster, meeting=meeting, approve=False, comment="§ 2 & § 3 <saknas>")
    assert [m.to for m in mail.outbox] == [[person_of(secretary).email]]
    # Plain-text mail: nothing is HTML-escaped, neither the organ's name nor the comment.
    assert "Styrelse & råd <Kalmar>" in mail.outbox[0].subject
    assert "\n\n§ 2 & § 3 <saknas>\n\n" in mail.outbox[0].body


def test_returning_needs_a_comment_and_sends_the_protocol_back_for_a_new_round(
    meeting: Meeting, secretary: Any, chair: Any, adjuster: Any
) -> None:
    services.meeting_mark_held(acting_user=secretary, meeting=meeting)
    services.justering_send(acting_user=secretary, meeting=meeting)
    with pytest.raises(ValidationError) as exc:
        services.justering_decide(acting_user=adjuster, meeting=meeting, approve=False)
    assert "comment" in exc.value.message_dict
    returned = services.justering_decide(
        acting_user=adjuster, meeting=meeting, approve=False, comment="§ 2 saknar beslutet."
    )
    assert returned.status == Meeting.Status.GENOMFORT
    item = meeting.items.order_by("position")[1]
    services.item_text_save(acting_user=secretary, item=item, version=item.version, texts={"decision_text": "Bifall"})
    services.justering_send(acting_user=secretary, meeting=meeting)
    assert meeting.signatures.filter(round=2).count() == 2
    # Numbers given in round one stay.
    assert list(meeting.items.order_by("position").values_list("paragraph_number", flat=True)) == [1, 2, 3]


def test_only_the_meetings_signers_may_approve_or_comment(
    meeting: Meeting, secretary: Any, member: Any, chair: Any
) -> None:
    services.meeting_mark_held(acting_user=secretary, meeting=meeting)
    services.justering_send(acting_user=secretary, meeting=meeting)
    for user in (member, secretary):
        with pytest.raises(ValidationError):
            services.justering_decide(acting_user=user, meeting=meeting, approve=True)
        with pytest.raises(ValidationError):
            services.justering_comment_add(acting_user=user, item=meeting.items.first(), text="Hej")
    comment = services.justering_comment_add(acting_user=chair, item=meeting.items.first(), text="Stavfel i stycke 2.")
    assert comment.author == chair
    services.justering_decide(acting_user=chair, meeting=meeting, approve=True)
    with pytest.raises(ValidationError):
        services.justering_decide(acting_user=chair, meeting=meeting, approve=True)


def test_a_justerat_protocol_refuses_every_change(
    meeting: Meeting, secretary: Any, chair: Any, adjuster: Any, member: Any
) -> None:
    _to_justerat(meeting, secretary, chair, adjuster)
    item = meeting.items.first()
    attendance_person = person_of(member)
    attempts = [
        lambda: services.meeting_update(acting_user=secretary, meeting=meeting, title="Nytt"),
        lambda: services.item_create(acting_user=secretary, meeting=meeting, title="Nytt"),
        lambda: services.item_update(acting_user=secretary, item=item, title="Nytt"),
        lambda: services.item_move(acting_user=secretary, item=item, direction="down"),
        lambda: services.item_delete(acting_user=secretary, item=item),
        lambda: services.item_text_save(acting_user=secretary, item=item, version=item.version, texts={"notes": "x"}),
        lambda: services.presenter_add(acting_user=secretary, item=item, name="X"),
        lambda: services.attachment_add(acting_user=secretary, item=item, title="Länk", url="https://example.se"),
        lambda: services.attendance_add(acting_user=secretary, meeting=meeting, person=attendance_person),
        lambda: services.attendance_prefill(acting_user=secretary, meeting=meeting),
        lambda: services.recusal_add(acting_user=secretary, item=item, person=attendance_person),
        lambda: services.justering_send(acting_user=secretary, meeting=meeting),
        lambda: services.kallelse_send(acting_user=secretary, meeting=meeting),
    ]
    for attempt in attempts:
        with pytest.raises(ValidationError):
            attempt()
    item.refresh_from_db()
    assert item.notes == "" and item.title == "Ärende 1"


def test_a_correction_after_justering_is_a_new_numbered_version_with_reason_and_the_old_text_kept(
    meeting: Meeting, secretary: Any, chair: Any, adjuster: Any
) -> None:
    item = meeting.items.first()
    services.item_text_save(acting_user=secretary, item=item, version=1, texts={"decision_text": "<p>Gammal</p>"})
    _to_justerat(meeting, secretary, chair, adjuster)
    with pytest.raises(ValidationError) as exc:
        services.protocol_correction_propose(
            acting_user=secretary, meeting=meeting, item=item, reason=" ", texts={"decision_text": "<p>Ny</p>"}
        )
    assert "reason" in exc.value.message_dict
    # A rättelse is itself justered (issue 14): proposed by the secretary, approved by the chair and justerare.
    correction = services.protocol_correction_propose(
        acting_user=secretary,
        meeting=meeting,
        item=item,
        reason="Felskrivet datum",
        texts={"decision_text": "<p>Ny</p>"},
    )
    for signer in (chair, adjuster):
        services.protocol_correction_decide(acting_user=signer, correction=correction, approve=True)
    correction.refresh_from_db()
    meeting.refresh_from_db()
    item.refresh_from_db()
    assert meeting.protocol_version == 2 == correction.version
    assert item.decision_text == "<p>Ny</p>"
    assert correction.snapshot["items"][0]["decision_text"] == "<p>Gammal</p>"
    assert ProtocolCorrection.objects.filter(meeting=meeting).count() == 1


def test_a_protocol_extract_takes_chosen_paragraphs_for_a_recipient(
    meeting: Meeting, secretary: Any, chair: Any, adjuster: Any
) -> None:
    recipient = OrganisationFactory(name="Borgholms kommun")
    with pytest.raises(ValidationError):
        services.protocol_extract_create(
            acting_user=secretary, meeting=meeting, items=meeting.items.all()[:1], recipient=recipient
        )
    _to_justerat(meeting, secretary, chair, adjuster)
    extract = services.protocol_extract_create(
        acting_user=secretary, meeting=meeting, items=meeting.items.order_by("position")[1:2], recipient=recipient
    )
    assert [it.paragraph_number for it in extract.items.all()] == [2]


# --- Anslag ------------------------------------------------------------------------------------------------


def test_posting_under_kommunallagen_gives_three_weeks_for_appeal_and_refuses_an_earlier_removal(
    organ: Organ, meeting: Meeting, secretary: Any, chair: Any, adjuster: Any
) -> None:
    Organ.objects.filter(pk=organ.pk).update(kommunallagen_rules=True)
    meeting.organ.refresh_from_db()
    _to_justerat(meeting, secretary, chair, adjuster)
    # Fixed days, worked out by hand: justerat and posted on the meeting day, Friday 13 March 2026. Three weeks end
    # on Friday 3 April, långfredagen; påskafton (a Saturday), påskdagen and annandag påsk follow, so the last day
    # for överklagande is Tuesday 7 April 2026 (Lag 1930:173), and the notice may come down on the 8th.
    Meeting.objects.filter(pk=meeting.pk).update(justerat_at=timezone.make_aware(dt.datetime(2026, 3, 13, 16, 0)))
    meeting.refresh_from_db()
    posted_on = dt.date(2026, 3, 13)
    with pytest.raises(ValidationError) as exc:
        services.meeting_post(
            acting_user=secretary, meeting=meeting, posted_on=posted_on, remove_on=dt.date(2026, 4, 7)
        )
    assert "remove_on" in exc.value.message_dict
    posted = services.meeting_post(acting_user=secretary, meeting=meeting, posted_on=posted_on)
    assert posted.status == Meeting.Status.ANSLAGET
    assert services.appeal_last_day(posted_on) == dt.date(2026, 4, 7)
    assert posted.remove_on == dt.date(2026, 4, 8)
    assert not services.posted_late(posted)


def test_posting_later_than_the_second_day_after_justering_is_flagged(
    meeting: Meeting, secretary: Any, chair: Any, adjuster: Any
) -> None:
    _to_justerat(meeting, secretary, chair, adjuster)
    today = timezone.localdate()
    posted = services.meeting_post(acting_user=secretary, meeting=meeting, posted_on=today + dt.timedelta(days=3))
    assert services.posted_late(posted)


def test_posting_before_justering_or_an_unjusterat_protocol_is_refused(
    meeting: Meeting, secretary: Any, chair: Any, adjuster: Any
) -> None:
    with pytest.raises(ValidationError):
        services.meeting_post(acting_user=secretary, meeting=meeting, posted_on=timezone.localdate())
    _to_justerat(meeting, secretary, chair, adjuster)
    with pytest.raises(ValidationError) as exc:
        services.meeting_post(
            acting_user=secretary, meeting=meeting, posted_on=timezone.localdate() - dt.timedelta(days=1)
        )
    assert "posted_on" in exc.value.message_dict


# --- Late justering ----------------------------------------------------------------------------------------


def test_the_late_justering_warning_goes_out_once_per_meeting_after_the_deadline(
    meeting: Meeting, secretary: Any, mail_at_commit: Any
) -> None:
    services.meeting_mark_held(acting_user=secretary, meeting=meeting)
    on_time = meeting.date + dt.timedelta(days=14)
    with mail_at_commit():
        assert services.late_justering_warn(today=on_time) == 0
        assert services.late_justering_warn(today=on_time + dt.timedelta(days=1)) == 1
        assert services.late_justering_warn(today=on_time + dt.timedelta(days=2)) == 0
    assert [m.to for m in mail.outbox] == [[person_of(secretary).email]]


def test_the_celery_task_runs_the_warning(meeting: Meeting, secretary: Any) -> None:
    from meetings.tasks import warn_late_justering

    Meeting.objects.filter(pk=meeting.pk).update(date=timezone.localdate() - dt.timedelta(days=30))
    services.meeting_mark_held(acting_user=secretary, meeting=meeting)
    assert warn_late_justering.apply().get() == 1


def test_while_under_justering_the_text_cannot_change_until_it_is_returned(
    meeting: Meeting, secretary: Any, chair: Any
) -> None:
    services.meeting_mark_held(acting_user=secretary, meeting=meeting)
    services.justering_send(acting_user=secretary, meeting=meeting)
    item = meeting.items.first()
    with pytest.raises(ValidationError) as exc:
        services.item_text_save(acting_user=secretary, item=item, version=item.version, texts={"notes": "Ny"})
    assert "under justering" in exc.value.messages[0]
    services.justering_decide(acting_user=chair, meeting=meeting, approve=False, comment="Lägg till beslutet.")
    saved = services.item_text_save(acting_user=secretary, item=item, version=item.version, texts={"notes": "Ny"})
    assert saved.notes == "<p>Ny</p>"
    with pytest.raises(ValidationError):
        services.item_move(acting_user=secretary, item=item, direction="down")


def test_attendance_records_via_link_an_ersattare_for_a_named_member_and_partial_presence(
    meeting: Meeting, secretary: Any, member: Any, chair: Any
) -> None:
    first, _second, third = meeting.items.order_by("position")
    substitute = PersonFactory(name="Ersättare Ersättarsson")
    with pytest.raises(ValidationError) as exc:
        services.attendance_add(
            acting_user=secretary, meeting=meeting, person=substitute, role=Attendance.Role.ERSATTARE
        )
    assert "replaces" in exc.value.message_dict
    services.attendance_add(
        acting_user=secretary,
        meeting=meeting,
        person=substitute,
        role=Attendance.Role.ERSATTARE,
        replaces=person_of(member),
    )
    services.attendance_add(
        acting_user=secretary, meeting=meeting, person=person_of(chair), presence=Attendance.Presence.VIA_LANK
    )
    with pytest.raises(ValidationError) as exc:
        services.attendance_add(acting_user=secretary, meeting=meeting, name="Gäst", ranges=[(third, first)])
    assert "paragraphs" in exc.value.message_dict
    partial = services.attendance_add(
        acting_user=secretary, meeting=meeting, name="Gäst", role=Attendance.Role.OVRIG, ranges=[(third, None)]
    )
    assert [(r.from_item, r.until_item) for r in partial.ranges.all()] == [(third, None)]
    with pytest.raises(ValidationError):
        services.attendance_add(acting_user=secretary, meeting=meeting, person=person_of(chair))
    assert meeting.attendances.count() == 3


def test_prefilling_attendance_adds_the_members_once_and_not_the_secretary(
    meeting: Meeting, secretary: Any, member: Any, chair: Any
) -> None:
    added = services.attendance_prefill(acting_user=secretary, meeting=meeting)
    again = services.attendance_prefill(acting_user=secretary, meeting=meeting)
    people = set(meeting.attendances.values_list("person__user__username", flat=True))
    assert again == 0 and added == len(people)
    assert {"ledamot", "ordforande", "justerare"} <= people and "sekreterare" not in people
