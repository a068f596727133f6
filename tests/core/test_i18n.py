from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_pages_are_swedish_even_when_the_browser_asks_for_english(client: Client) -> None:
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert '<html lang="sv">' in response.content.decode()
    assert "Hoppa till huvudinnehållet" in response.content.decode()


def test_the_language_button_switches_to_english(client: Client) -> None:
    response = client.post("/sprak/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    html = client.get("/").content.decode()
    assert '<html lang="en">' in html
    # The English catalogue is compiled: the skip link is translated, not left in Swedish.
    assert "Skip to main content" in html
