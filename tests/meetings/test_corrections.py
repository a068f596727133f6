"""A rättelse after justering is itself justered: proposed with a reason, approved by the same signers."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from groups.models import Organ
from meetings import services
from meetings.documents.models import DocumentJob
from meetings.models import CorrectionApproval, Meeting, ProtocolCorrection
from meetings.services import correction as corrections
from tests.factories.meetings import meeting_with_signers, person_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(organ: Organ, chair: Any, adjuster: Any, secretary: Any) -> Meeting:
    meeting = meeting_with_signers(organ, chair=chair, adjuster=adjuster, secretary=secretary, items=2)
    item = meeting.items.order_by("position").first()
    services.item_text_save(acting_user=secretary, item=item, version=1, texts={"decision_text": "<p>Gammal</p>"})
    services.meeting_mark_held(acting_user=secretary, meeting=meeting)
    services.justering_send(acting_user=secretary, meeting=meeting)
    services.justering_decide(acting_user=chair, meeting=meeting, approve=True)
    services.justering_decide(acting_user=adjuster, meeting=meeting, approve=True)
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.JUSTERAT
    return meeting


def _propose(meeting: Meeting, secretary: Any, text: str = "<p>Ny</p>") -> ProtocolCorrection:
    return corrections.protocol_correction_propose(
        acting_user=secretary,
        meeting=meeting,
        item=meeting.items.order_by("position").first(),
        reason="Felskrivet datum",
        texts={"decision_text": text},
    )


def test_a_proposed_correction_changes_nothing_until_the_chair_and_the_justerare_have_approved(
    meeting: Meeting, secretary: Any, chair: Any, adjuster: Any
) -> None:
    item = meeting.items.order_by("position").first()
    correction = _propose(meeting, secretary)
    assert correction.status == ProtocolCorrection.Status.PROPOSED
    assert {a.person for a in correction.approvals.all()} == {person_of(chair), person_of(adjuster)}
    corrections.protocol_correction_decide(acting_user=chair, correction=correction, approve=True)
    item.refresh_from_db()
    meeting.refresh_from_db()
    assert (item.decision_text, meeting.protocol_version) == ("<p>Gammal</p>", 1)

    assert not DocumentJob.objects.filter(meeting=meeting, protocol_version=2).exists()
    corrections.protocol_correction_decide(acting_user=adjuster, correction=correction, approve=True)
    item.refresh_from_db()
    meeting.refresh_from_db()
    correction.refresh_from_db()
    assert (item.decision_text, meeting.protocol_version) == ("<p>Ny</p>", 2)
    assert correction.status == ProtocolCorrection.Status.APPROVED and correction.version == 2
    assert correction.snapshot["items"][0]["decision_text"] == "<p>Gammal</p>"
    # The public and archival PDFs are ordered again for version 2 through the outbox.
    kinds = set(DocumentJob.objects.filter(meeting=meeting, protocol_version=2).values_list("kind", flat=True))
    assert kinds == {DocumentJob.Kind.PROTOCOL, DocumentJob.Kind.PUBLIC_PROTOCOL}


def test_the_secretary_and_others_cannot_approve_a_correction(meeting: Meeting, secretary: Any, member: Any) -> None:
    correction = _propose(meeting, secretary)
    for user in (secretary, member):
        with pytest.raises(ValidationError):
            corrections.protocol_correction_decide(acting_user=user, correction=correction, approve=True)


def test_a_corrected_text_with_a_personnummer_is_refused_and_nothing_is_saved(meeting: Meeting, secretary: Any) -> None:
    with pytest.raises(ValidationError) as exc:
        _propose(meeting, secretary, text="<p>Gäller 811228-9874</p>")
    assert "personnummer" in str(exc.value)
    assert not ProtocolCorrection.objects.filter(meeting=meeting).exists()


def test_a_correction_needs_a_reason_and_must_change_something(meeting: Meeting, secretary: Any) -> None:
    item = meeting.items.order_by("position").first()
    with pytest.raises(ValidationError) as exc:
        corrections.protocol_correction_propose(
            acting_user=secretary, meeting=meeting, item=item, reason=" ", texts={"decision_text": "<p>Ny</p>"}
        )
    assert "reason" in exc.value.message_dict
    with pytest.raises(ValidationError):
        _propose(meeting, secretary, text="<p>Gammal</p>")


def test_only_one_correction_waits_for_approval_at_a_time(meeting: Meeting, secretary: Any) -> None:
    _propose(meeting, secretary)
    with pytest.raises(ValidationError):
        _propose(meeting, secretary, text="<p>Annan</p>")


def test_a_returned_correction_tells_the_secretary_who_returned_it_why_and_where_and_frees_the_version(
    meeting: Meeting, secretary: Any, chair: Any, adjuster: Any, mail_at_commit: Any
) -> None:
    correction = _propose(meeting, secretary)
    mail.outbox.clear()
    with pytest.raises(ValidationError) as exc:
        corrections.protocol_correction_decide(acting_user=adjuster, correction=correction, approve=False)
    assert "comment" in exc.value.message_dict
    with mail_at_commit():
        corrections.protocol_correction_decide(
            acting_user=adjuster, correction=correction, approve=False, comment="Datumet ska vara 12 mars."
        )
    correction.refresh_from_db()
    assert correction.status == ProtocolCorrection.Status.RETURNED
    [message] = mail.outbox
    assert message.to == [person_of(secretary).email]
    name = person_of(adjuster).name
    assert name in message.subject and name in message.body
    assert "Datumet ska vara 12 mars." in message.body
    assert f"/moten/{meeting.pk}/rattelse/" in message.body
    again = _propose(meeting, secretary, text="<p>Ny igen</p>")
    assert again.version == 2
    assert CorrectionApproval.objects.filter(correction=again).count() == 2


def test_a_proposed_correction_waits_on_the_signers_mina_sidor_list(
    meeting: Meeting, secretary: Any, chair: Any, member: Any
) -> None:
    from meetings import selectors

    _propose(meeting, secretary)
    [waiting] = selectors.waiting_for_signer(user=chair)
    assert (waiting.meeting, waiting.kind) == (meeting, "rattelse")
    assert selectors.waiting_for_signer(user=member) == []
