from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from lgl_portal.core import errors

pytestmark = pytest.mark.django_db


def test_a_request_over_the_size_limit_gets_a_clear_swedish_400(settings: Any, admin_user: Any) -> None:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    client = Client()
    client.force_login(admin_user)
    response = client.post("/personer/ny/", {"name": "x" * 20_000, "title": "Socialchef"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "Det du skickade är för stort för att tas emot" in body
    assert '<html lang="sv">' in body


def test_an_unknown_page_gets_the_portals_swedish_404() -> None:
    response = Client().get("/finns-inte-alls/")
    assert response.status_code == 404
    assert "Sidan hittades inte" in response.content.decode()


def test_an_api_error_is_json() -> None:
    response = Client().get("/api/finns-inte/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["message"]  # an OParl Error object (issue 16)


def test_a_forbidden_page_explains_in_swedish(outsider: Any) -> None:
    client = Client()
    client.force_login(outsider)
    response = client.get("/granskning/")
    assert response.status_code == 403
    assert "Du har inte behörighet" in response.content.decode()


def test_the_500_page_renders_without_database_or_session(rf: Any) -> None:
    response = errors.server_error(rf.get("/"))
    assert response.status_code == 500
    assert "Ett tekniskt fel uppstod" in response.content.decode()


def test_a_missing_csrf_token_gets_a_swedish_403(outsider: Any) -> None:
    client = Client(enforce_csrf_checks=True)
    response = client.post("/konto/logga-in/", {"username": "x", "password": "y"})
    assert response.status_code == 403
    assert "Ladda om sidan och försök igen" in response.content.decode()
