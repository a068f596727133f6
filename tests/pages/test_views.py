from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.test import Client

pytestmark = pytest.mark.django_db


def test_the_accessibility_statement_lets_a_visitor_report_a_problem(client: Client, mail_at_commit: Any) -> None:
    assert client.get("/tillganglighet/").status_code == 200
    assert client.post("/tillganglighet/", {"description": ""}).status_code == 400
    with mail_at_commit():
        response = client.post("/tillganglighet/", {"description": "Kontrasten är för låg", "page": "/beslut/"})
    assert response.status_code == 302
    assert "Kontrasten är för låg" in mail.outbox[0].body
