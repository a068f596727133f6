"""The send-back e-mail carries who sent it back (by name), the comments and a link to the protocol."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail

from groups.models import Organ
from meetings import services
from meetings.models import Meeting
from tests.factories.meetings import meeting_with_signers, person_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(organ: Organ, chair: Any, adjuster: Any, secretary: Any) -> Meeting:
    return meeting_with_signers(organ, chair=chair, adjuster=adjuster, secretary=secretary)


def test_returning_the_protocol_mails_the_secretary_the_senders_name_comment_and_a_link(
    meeting: Meeting, secretary: Any, chair: Any, mail_at_commit: Any
) -> None:
    services.meeting_mark_held(acting_user=secretary, meeting=meeting)
    services.justering_send(acting_user=secretary, meeting=meeting)
    mail.outbox.clear()
    with mail_at_commit():
        services.justering_decide(
            acting_user=chair, meeting=meeting, approve=False, comment="§ 2: fel datum för nästa möte."
        )
    [message] = mail.outbox
    assert message.to == [person_of(secretary).email]
    name = person_of(chair).name
    assert name in message.subject and name in message.body
    assert "§ 2: fel datum för nästa möte." in message.body
    assert f"/moten/{meeting.pk}/protokoll/" in message.body
