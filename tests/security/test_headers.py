"""Security headers on every response: CSP without 'unsafe-inline', frame denial, referrer policy, HSTS."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", ["/", "/organ/", "/konto/logga-in/", "/finns-inte/"])
def test_every_page_carries_a_strict_content_security_policy(path: str) -> None:
    policy = Client().get(path)["Content-Security-Policy"]
    directives = dict(([*part.strip().split(" ", 1), ""])[:2] for part in policy.split(";") if part.strip())
    assert "unsafe-inline" not in policy
    assert "unsafe-eval" not in policy
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"


def test_frames_are_denied_and_the_referrer_stays_on_the_site() -> None:
    response = Client().get("/")
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_hsts_is_sent_over_https_in_the_production_configuration(settings: Any) -> None:
    settings.SECURE_HSTS_SECONDS = 31536000
    response = Client().get("/", secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"


def test_plain_http_is_redirected_to_https_in_the_production_configuration(settings: Any) -> None:
    settings.SECURE_SSL_REDIRECT = True
    response = Client().get("/organ/")
    assert response.status_code == 301
    assert response["Location"] == "https://testserver/organ/"


def test_session_and_csrf_cookies_are_secure_and_httponly_in_production(settings: Any, admin_user: Any) -> None:
    from tests.factories.groups import TEST_PASSWORD

    settings.SESSION_COOKIE_SECURE = True
    settings.CSRF_COOKIE_SECURE = True
    client = Client()
    client.get("/konto/logga-in/")
    assert client.cookies["csrftoken"]["secure"] is True
    response = client.post("/konto/logga-in/", {"username": admin_user.username, "password": TEST_PASSWORD})
    assert response.status_code == 302
    session = response.cookies["sessionid"]
    assert session["secure"] is True
    assert session["httponly"] is True
    assert session["samesite"] == "Lax"
    assert session["max-age"] == ""  # a browser-session cookie: gone when the browser closes


def test_a_session_ends_with_the_browser_and_after_eight_hours_at_most(admin_user: Any) -> None:
    client = Client()
    client.force_login(admin_user)
    assert client.session.get_expire_at_browser_close() is True
    assert client.session.get_expiry_age() <= 8 * 3600


def test_passwords_are_stored_with_argon2(admin_user: Any) -> None:
    assert admin_user.password.startswith("argon2")


def test_uploaded_files_have_no_public_url() -> None:
    from django.conf import settings
    from django.urls import Resolver404, resolve

    with pytest.raises(Resolver404):
        resolve(settings.MEDIA_URL + "handlingar/2023/protokoll.pdf")
