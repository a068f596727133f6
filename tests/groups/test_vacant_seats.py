"""Vacant seats of an organ (issue 13): kept by the secretary in the browser, counted among the seats, printed
as "Vakant (M)"."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from groups import selectors, services
from groups.models import Membership, Organ, VacantSeat
from tests.factories.groups import MembershipFactory

pytestmark = pytest.mark.django_db


def test_the_seats_on_a_day_are_the_deciding_members_and_the_vacant_seats(organ: Organ) -> None:
    MembershipFactory(organ=organ, role=Membership.Role.ORDFORANDE, start_date=dt.date(2023, 1, 1))
    MembershipFactory(organ=organ, role=Membership.Role.LEDAMOT, start_date=dt.date(2023, 1, 1))
    MembershipFactory(organ=organ, role=Membership.Role.ERSATTARE, start_date=dt.date(2023, 1, 1))
    MembershipFactory(organ=organ, role=Membership.Role.SEKRETERARE, start_date=dt.date(2023, 1, 1))
    seat = services.vacant_seat_add(acting_user=None, organ=organ, party="M", start_date=dt.date(2026, 4, 1))
    # Before the vacancy: two seats (ordförande, ledamot); from it: three; after it is filled: two again.
    assert selectors.organ_seats(organ_id=organ.pk, day=dt.date(2026, 3, 31)).count == 2
    assert selectors.organ_seats(organ_id=organ.pk, day=dt.date(2026, 4, 1)).count == 3
    services.vacant_seat_end(acting_user=None, vacant_seat=seat, end_date=dt.date(2026, 9, 30))
    assert selectors.organ_seats(organ_id=organ.pk, day=dt.date(2026, 10, 1)).count == 2
    assert str(seat) == "Vakant (M)"


def test_a_vacancy_ending_before_it_begins_is_refused(organ: Organ) -> None:
    with pytest.raises(ValidationError) as exc:
        services.vacant_seat_add(
            acting_user=None, organ=organ, party="S", start_date=dt.date(2026, 4, 1), end_date=dt.date(2026, 3, 1)
        )
    assert exc.value.message_dict == {"end_date": ["Slutdatum kan inte ligga före startdatum."]}
    assert not VacantSeat.objects.exists()


@pytest.mark.parametrize(
    ("role", "expected"),
    [("anonymous", 302), ("outsider", 403), ("member", 403), ("secretary", 200), ("chair", 403)],
)
def test_only_the_secretary_may_record_a_vacant_seat(
    role_clients: dict[str, Client], organ: Organ, role: str, expected: int
) -> None:
    url = f"/organ/{organ.slug}/vakant/ny/"
    assert role_clients[role].get(url).status_code == expected
    response = role_clients[role].post(url, {"party": "M", "start_date": "2026-04-01"})
    assert VacantSeat.objects.exists() == (role == "secretary")
    if role == "secretary":
        assert response.status_code == 302


def test_the_secretary_records_and_ends_a_vacancy_on_the_organ_page(
    role_clients: dict[str, Client], organ: Organ
) -> None:
    client = role_clients["secretary"]
    bad = client.post(f"/organ/{organ.slug}/vakant/ny/", {"party": "M", "start_date": "1 april"})
    assert bad.status_code == 400
    assert "Ange ett datum som ÅÅÅÅ-MM-DD." in bad.content.decode()
    client.post(f"/organ/{organ.slug}/vakant/ny/", {"party": "M", "start_date": "2020-04-01", "note": "Avsägelse"})
    page = client.get(f"/organ/{organ.slug}/").content.decode()
    assert "Vakant (M)" in page
    seat = VacantSeat.objects.get()
    refused = client.post(f"/vakant-plats/{seat.pk}/avsluta/", {"end_date": "2019-01-01"})
    assert refused.status_code == 400
    assert "Slutdatum kan inte ligga före startdatum." in refused.content.decode()
    client.post(f"/vakant-plats/{seat.pk}/avsluta/", {"end_date": "2020-12-31"})
    seat.refresh_from_db()
    assert seat.end_date == dt.date(2020, 12, 31)
    assert "Vakant (M)" not in client.get(f"/organ/{organ.slug}/").content.decode()
