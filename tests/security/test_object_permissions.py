"""Rights on organs and meetings follow from active memberships and the meeting's roles, computed per request."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from guardian.models import UserObjectPermission

from groups import services as group_services
from groups.models import Membership, Organ, OrganUserObjectPermission
from meetings import services as meeting_services
from meetings.models import MeetingUserObjectPermission
from tests.factories.groups import OrganFactory, user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_groups(db: None) -> tuple[Organ, Organ]:
    return OrganFactory(name="Barn och unga", slug="bou"), OrganFactory(name="Äldre", slug="aldre-test")


def test_a_secretary_of_one_group_cannot_touch_another_groups_meetings(two_groups: tuple[Organ, Organ]) -> None:
    own, other = two_groups
    secretary = user_with_role(own, Membership.Role.SEKRETERARE)
    own_meeting = meeting_services.meeting_create(acting_user=secretary, organ=own, date=dt.date(2026, 10, 2))
    other_meeting = meeting_services.meeting_create(acting_user=None, organ=other, date=dt.date(2026, 10, 2))
    client = Client()
    client.force_login(secretary)
    assert client.get(f"/moten/{own_meeting.pk}/redigera/").status_code == 200
    assert client.get(f"/moten/{other_meeting.pk}/redigera/").status_code == 403
    response = client.post(f"/moten/{other_meeting.pk}/redigera/", {"date": "2026-10-03", "title": "Kapat"})
    assert response.status_code == 403
    other_meeting.refresh_from_db()
    assert other_meeting.date == dt.date(2026, 10, 2)
    assert client.post(f"/moten/{other_meeting.pk}/kallelse/").status_code == 403


def test_rights_are_granted_by_starting_and_revoked_by_ending_a_membership(two_groups: tuple[Organ, Organ]) -> None:
    organ, _other = two_groups
    user = user_with_role(organ, Membership.Role.SEKRETERARE)
    assert user.has_perm("groups.manage_organ", organ)
    membership = Membership.objects.get(person__user=user)
    group_services.membership_end(acting_user=None, membership=membership, end_date=dt.date.today() - dt.timedelta(1))
    user = type(user).objects.get(pk=user.pk)  # a fresh object: guardian caches permissions per instance
    assert not user.has_perm("groups.manage_organ", organ)
    assert not user.has_perm("groups.view_organ_internal", organ)


def test_rights_follow_the_membership_dates_with_no_sync(two_groups: tuple[Organ, Organ]) -> None:
    """Issue 15 replaced the guardian rows and the nightly sync: rights are computed from active memberships.

    (This test replaces "a membership written without the services grants nothing" and "organ and meeting rights
    use the direct foreign key tables", which asserted the stored rows that no longer exist.)
    """
    organ, _other = two_groups
    from groups.models import Person

    person = Person.objects.get(user=user_with_role(OrganFactory(), Membership.Role.LEDAMOT))
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    Membership.objects.create(person=person, organ=organ, role=Membership.Role.SEKRETERARE, start_date=tomorrow)
    user = type(person.user).objects.get(pk=person.user.pk)
    assert not user.has_perm("groups.manage_organ", organ)  # starts tomorrow: nothing yet
    Membership.objects.filter(person=person, organ=organ).update(start_date=dt.date(2020, 1, 1))
    user = type(person.user).objects.get(pk=person.user.pk)
    assert user.has_perm("groups.manage_organ", organ) and user.has_perm("groups.view_organ_internal", organ)
    # No guardian rows are written for membership rights any more.
    assert not OrganUserObjectPermission.objects.exists()
    assert not MeetingUserObjectPermission.objects.exists()
    assert not UserObjectPermission.objects.filter(content_type__app_label__in=["groups", "meetings"]).exists()


def test_a_meetings_chair_and_justerare_may_justera_and_nobody_else(
    two_groups: tuple[Organ, Organ], admin_user: Any
) -> None:
    organ, _other = two_groups
    chair_user = user_with_role(organ, Membership.Role.ORDFORANDE)
    member_user = user_with_role(organ, Membership.Role.LEDAMOT)
    from groups.models import Person

    meeting = meeting_services.meeting_create(
        acting_user=admin_user, organ=organ, date=dt.date(2026, 10, 2), chair=Person.objects.get(user=chair_user)
    )
    assert chair_user.has_perm("meetings.justera_meeting", meeting)
    assert not member_user.has_perm("meetings.justera_meeting", meeting)
    meeting_services.meeting_update(acting_user=admin_user, meeting=meeting, chair=Person.objects.get(user=member_user))
    assert not type(chair_user).objects.get(pk=chair_user.pk).has_perm("meetings.justera_meeting", meeting)
    assert type(member_user).objects.get(pk=member_user.pk).has_perm("meetings.justera_meeting", meeting)


def test_organ_and_meeting_questions_of_a_request_cost_at_most_two_queries(
    two_groups: tuple[Organ, Organ], admin_user: Any, django_assert_max_num_queries: Any
) -> None:
    from groups.permissions import can_manage_organ, can_view_organ_internal
    from meetings.permissions import can_justera, can_view_internal

    organ, other = two_groups
    user = user_with_role(organ, Membership.Role.SEKRETERARE)
    meetings = [
        meeting_services.meeting_create(acting_user=admin_user, organ=o, date=dt.date(2026, 10, d))
        for o in (organ, other)
        for d in (1, 2, 3)
    ]
    user = type(user).objects.get(pk=user.pk)
    with django_assert_max_num_queries(2):
        for meeting in meetings:
            can_manage_organ(user, meeting.organ)
            can_view_organ_internal(user, meeting.organ)
            can_view_internal(user, meeting)
            can_justera(user, meeting)
