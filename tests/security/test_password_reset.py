"""Password reset by e-mail, in the portal's Swedish pages, with the locmem mail backend."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core import mail
from django.test import Client

from tests.factories.groups import UserFactory

pytestmark = pytest.mark.django_db
NEW_PASSWORD = "en-helt-ny-lång-lösenfras-2026"


@pytest.fixture(autouse=True)
def _locmem_mail(settings: Any) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def test_a_user_resets_the_password_through_the_link_in_the_email(mail_at_commit: Any) -> None:
    user = UserFactory(username="helene", email="helene.wendell@example.se")
    client = Client()
    page = client.get("/konto/password_reset/")
    assert "Glömt lösenordet" in page.content.decode()

    with mail_at_commit():
        response = client.post("/konto/password_reset/", {"email": "helene.wendell@example.se"})
    assert response.status_code == 302
    assert "Kolla din e-post" in client.get(response["Location"]).content.decode()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == "Nytt lösenord till LGL-portalen"
    assert message.to == ["helene.wendell@example.se"]
    assert "kontot helene i LGL-portalen" in message.body

    link = re.search(r"https?://[^/\s]+(/konto/reset/\S+)", message.body).group(1)
    form_page = client.get(link, follow=True)
    assert "Välj nytt lösenord" in form_page.content.decode()
    set_url = form_page.redirect_chain[-1][0]
    weak = client.post(set_url, {"new_password1": "kort", "new_password2": "kort"})
    assert weak.status_code == 200
    assert "minst 10 tecken" in weak.content.decode()
    done = client.post(set_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert done.status_code == 302
    assert "Lösenordet är bytt" in client.get(done["Location"]).content.decode()

    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    assert user.password.startswith("argon2")
    # The link works once.
    assert "Länken fungerar inte" in client.get(link, follow=True).content.decode()


def test_an_unknown_address_gets_the_same_answer_and_no_mail(mail_at_commit: Any) -> None:
    with mail_at_commit():
        response = Client().post("/konto/password_reset/", {"email": "ingen@example.se"})
    assert response.status_code == 302
    assert response["Location"] == "/konto/password_reset/done/"
    assert mail.outbox == []


def test_a_logged_in_user_changes_the_password_on_a_swedish_page(member: Any) -> None:
    client = Client()
    client.force_login(member)
    assert "Byt lösenord" in client.get("/konto/password_change/").content.decode()
