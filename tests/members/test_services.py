"""The members' review services: läst marks, private notes and questions."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError

from lgl_portal.audit.models import AuditEntry
from members import selectors, services
from members.models import PrivateNote, ReadMark
from tests.factories.decisions import AgendaItemFactory
from tests.factories.groups import UserFactory

pytestmark = pytest.mark.django_db


def test_read_marks_toggle_and_survive_a_double_click(member: Any) -> None:
    item = AgendaItemFactory()
    assert services.read_mark_toggle(acting_user=member, item=item, read=True) is True
    assert services.read_mark_toggle(acting_user=member, item=item, read=True) is True
    assert ReadMark.objects.filter(user=member, item=item).count() == 1
    assert services.read_mark_toggle(acting_user=member, item=item) is False
    assert not ReadMark.objects.exists()


def test_a_private_note_is_saved_per_author_and_the_audit_keeps_no_text(member: Any) -> None:
    other = UserFactory()
    item = AgendaItemFactory()
    services.private_note_save(acting_user=member, item=item, text="Min hemliga fundering")
    services.private_note_save(acting_user=other, item=item, text="En annans")
    assert selectors.private_notes_by_item(author=member, item_ids=[item.pk])[item.pk].text == "Min hemliga fundering"
    assert not AuditEntry.objects.filter(changes__icontains="hemliga").exists()
    assert "hemliga" not in str(list(AuditEntry.objects.values_list("changes", flat=True)))
    services.private_note_save(acting_user=member, item=item, text="")
    assert not PrivateNote.objects.filter(author=member).exists()


def test_a_question_needs_text_and_a_valid_addressee(member: Any) -> None:
    item = AgendaItemFactory()
    with pytest.raises(ValidationError) as exc:
        services.member_question_ask(acting_user=member, item=item, text=" ", addressed_to="sekreterare")
    assert "text" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.member_question_ask(acting_user=member, item=item, text="Varför?", addressed_to="kungen")
    assert "addressed_to" in exc.value.message_dict
