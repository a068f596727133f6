"""The one service-form view shape (lgl_portal/core/service_forms.py), seen through pages that use it."""

from __future__ import annotations

import pytest
from django.test import Client

from groups.models import Organ
from lgl_portal.audit.models import AuditEntry

pytestmark = pytest.mark.django_db


def test_a_rejected_form_answers_400_with_the_message_next_to_the_field_and_saves_nothing(
    role_clients: dict[str, Client], organ: Organ
) -> None:
    # The organ form used to answer 200 with its errors; every service form now answers 400.
    response = role_clients["secretary"].post(f"/organ/{organ.slug}/redigera/", {"name": "", "paragraph_format": "x"})
    assert response.status_code == 400
    page = response.content.decode()
    assert 'aria-invalid="true"' in page
    assert f'href="/organ/{organ.slug}/"' in page  # Avbryt, from the shared form include
    organ.refresh_from_db()
    assert organ.name == "Länsgemensam ledning i samverkan"
    assert not AuditEntry.objects.filter(action="organ_update").exists()


def test_an_accepted_form_is_saved_by_the_service_then_redirects_with_a_message(
    role_clients: dict[str, Client], organ: Organ
) -> None:
    response = role_clients["secretary"].post(
        f"/organ/{organ.slug}/redigera/",
        {"name": "LGL i Kalmar län", "paragraph_format": Organ.ParagraphFormat.choices[0][0]},
    )
    assert response.status_code == 302
    assert response["Location"] == f"/organ/{organ.slug}/"
    organ.refresh_from_db()
    assert organ.name == "LGL i Kalmar län"
    assert "Organet har sparats." in role_clients["secretary"].get(response["Location"]).content.decode()
