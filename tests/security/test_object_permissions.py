"""Rights are guardian object permissions per organ and meeting, granted and revoked by the services only."""

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


def test_a_membership_written_without_the_services_grants_nothing(two_groups: tuple[Organ, Organ]) -> None:
    """No signal hands out rights behind the services' back: only the services (and the nightly sync) do."""
    organ, _other = two_groups
    from groups.models import Person

    person = Person.objects.get(user=user_with_role(OrganFactory(), Membership.Role.LEDAMOT))
    Membership.objects.create(
        person=person, organ=organ, role=Membership.Role.SEKRETERARE, start_date=dt.date(2020, 1, 1)
    )
    assert not person.user.has_perm("groups.manage_organ", organ)
    group_services.organ_permissions_sync(user=person.user, organ=organ)
    user = type(person.user).objects.get(pk=person.user.pk)
    assert user.has_perm("groups.manage_organ", organ)


def test_organ_and_meeting_rights_use_the_direct_foreign_key_tables(
    two_groups: tuple[Organ, Organ], admin_user: Any
) -> None:
    organ, _other = two_groups
    chair_user = user_with_role(organ, Membership.Role.ORDFORANDE)
    from groups.models import Person

    meeting = meeting_services.meeting_create(
        acting_user=admin_user, organ=organ, date=dt.date(2026, 10, 2), chair=Person.objects.get(user=chair_user)
    )
    assert OrganUserObjectPermission.objects.filter(user=chair_user, content_object=organ).exists()
    assert MeetingUserObjectPermission.objects.filter(user=chair_user, content_object=meeting).exists()
    # guardian's generic table, whose text object_pk cannot be indexed in a join, is not used for them.
    assert not UserObjectPermission.objects.filter(content_type__app_label__in=["groups", "meetings"]).exists()
