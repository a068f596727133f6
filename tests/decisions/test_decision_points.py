"""A paragraph with several beslutspunkter (issue 13): the decision register holds one decision per point, and
the decision's page says which point of which paragraph it is."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from decisions import selectors, services
from meetings import services as meeting_services
from meetings.models import AgendaItem, Meeting
from meetings.services import proceedings
from tests.factories.groups import OrganFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def paragraph(organ: Any, secretary: Any) -> AgendaItem:
    meeting = meeting_services.meeting_create(acting_user=secretary, organ=organ, date=dt.date(2026, 10, 13))
    item = meeting_services.item_create(acting_user=secretary, meeting=meeting, title="Budget 2027")
    for text in ("att godkänna budgeten", "att ge socialnämnden ett uppdrag"):
        proceedings.decision_point_add(acting_user=secretary, item=item, text=text)
    return item


def test_each_beslutspunkt_gets_its_own_decision_and_the_paragraph_keeps_room_for_one(
    paragraph: AgendaItem, secretary: Any, organ: Any
) -> None:
    first, second = paragraph.decision_points.order_by("position")
    one = services.decision_create(
        acting_user=secretary, organ=organ, title="Budget", decided_on=dt.date(2026, 10, 13), decision_point=first
    )
    two = services.decision_create(
        acting_user=secretary, organ=organ, title="Uppdrag", decided_on=dt.date(2026, 10, 13), decision_point=second
    )
    assert (one.paragraph_item, two.paragraph_item) == (paragraph, paragraph)
    assert one.meeting == paragraph.meeting
    assert two.paragraph_label == "Budget 2027, punkt 2"  # not numbered yet: the title stands for the §
    with pytest.raises(ValidationError) as exc:
        services.decision_create(
            acting_user=secretary, organ=organ, title="Igen", decided_on=dt.date(2026, 10, 13), decision_point=first
        )
    assert "decision_point" in exc.value.message_dict
    # A point in the register cannot be removed from the protocol under it.
    with pytest.raises(ValidationError):
        proceedings.decision_point_remove(acting_user=secretary, point=first)


def test_a_point_of_another_organ_is_refused(paragraph: AgendaItem, secretary: Any) -> None:
    other = OrganFactory(name="Annat organ", slug="annat")
    with pytest.raises(ValidationError) as exc:
        services.decision_create(
            acting_user=secretary,
            organ=other,
            title="Fel",
            decided_on=dt.date(2026, 10, 13),
            decision_point=paragraph.decision_points.first(),
        )
    assert "decision_point" in exc.value.message_dict


def test_the_decision_page_names_the_point_and_a_confidential_paragraphs_point_is_never_public(
    paragraph: AgendaItem, secretary: Any, organ: Any, client: Client
) -> None:
    second = paragraph.decision_points.get(position=2)
    decision = services.decision_create(
        acting_user=secretary, organ=organ, title="Uppdrag", decided_on=dt.date(2026, 10, 13), decision_point=second
    )
    Meeting.objects.filter(pk=paragraph.meeting_id).update(status=Meeting.Status.JUSTERAT)
    page = client.get(f"/beslut/{decision.pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Punkt 2 i" in html and "att ge socialnämnden ett uppdrag" in html
    AgendaItem.objects.filter(pk=paragraph.pk).update(is_confidential=True, confidentiality_reference="26 kap. 1 § OSL")
    assert not selectors.decision_is_public(decision)


def test_the_page_of_a_beslutspunkt_reads_its_point_paragraph_and_organ_in_its_one_query(
    paragraph: AgendaItem, secretary: Any, organ: Any, client: Client, django_assert_num_queries: Any
) -> None:
    from django.core.cache import cache

    from groups.models import Organ

    Organ.objects.filter(pk=organ.pk).update(paragraph_format=Organ.ParagraphFormat.YEAR)
    AgendaItem.objects.filter(pk=paragraph.pk).update(paragraph_number=5, paragraph_year=2026)
    decision = services.decision_create(
        acting_user=secretary,
        organ=organ,
        title="Uppdrag",
        decided_on=dt.date(2026, 10, 13),
        decision_point=paragraph.decision_points.get(position=2),
    )
    Meeting.objects.filter(pk=paragraph.meeting_id).update(status=Meeting.Status.JUSTERAT)
    cache.clear()
    with django_assert_num_queries(1):
        html = client.get(f"/beslut/{decision.pk}/").content.decode()
    assert "Punkt 2 i § 5/26 Budget 2027" in html
    assert "att ge socialnämnden ett uppdrag" in html
