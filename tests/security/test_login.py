"""Login hardening: lockout after repeated failures (django-axes), the TOTP second step, the admin gate."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from lgl_portal.audit.models import AuditEntry
from tests.factories.groups import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db
LOGIN = "/konto/logga-in/"


def _post_login(client: Client, username: str, password: str, next_url: str = "") -> Any:
    data = {"username": username, "password": password}
    if next_url:
        data["next"] = next_url
    return client.post(LOGIN, data, REMOTE_ADDR="192.0.2.10")


def _token(device: TOTPDevice, *, offset: int = 0) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = timezone.now().timestamp() + offset * device.step
    return f"{totp.token():0{device.digits}d}"


# --- Brute force ------------------------------------------------------------------------------------------


def test_five_wrong_passwords_lock_the_account_with_the_swedish_lockout_page(settings: Any, secretary: Any) -> None:
    client = Client()
    for attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        response = _post_login(client, secretary.username, f"fel-lösenord-{attempt}")
        assert response.status_code == 400
        assert "Fel användarnamn eller lösenord" in response.content.decode()
    response = _post_login(client, secretary.username, "fel-lösenord-sista")
    assert response.status_code == 429
    assert "Inloggningen är tillfälligt spärrad" in response.content.decode()

    # The right password is refused too, until the cooloff has passed.
    response = _post_login(client, secretary.username, TEST_PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_lockout_lifts_after_the_cooloff(settings: Any, secretary: Any) -> None:
    client = Client()
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        _post_login(client, secretary.username, f"fel-{attempt}")
    assert _post_login(client, secretary.username, TEST_PASSWORD).status_code == 429
    # Move the recorded failures back past the cooloff instead of waiting for it.
    AccessAttempt.objects.update(attempt_time=timezone.now() - settings.AXES_COOLOFF_TIME - dt.timedelta(seconds=1))
    response = _post_login(client, secretary.username, TEST_PASSWORD)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(secretary.pk)


def test_failures_for_one_user_do_not_lock_out_another(settings: Any, secretary: Any, member: Any) -> None:
    client = Client()
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        _post_login(client, secretary.username, f"fel-{attempt}")
    assert _post_login(client, member.username, TEST_PASSWORD).status_code == 302


def test_djangos_own_login_url_leads_to_the_portals_login() -> None:
    response = Client().get("/konto/login/?next=/granskning/")
    assert response.status_code == 302
    assert response["Location"] == "/konto/logga-in/?next=/granskning/"


# --- TOTP enrolment -------------------------------------------------------------------------------------------


def test_a_secretary_enrols_a_totp_device_with_an_inline_svg_qr_code(secretary: Any) -> None:
    client = Client()
    client.force_login(secretary)
    page = client.get("/konto/tvastegsverifiering/")
    assert page.status_code == 200
    assert "Inte aktiverad" in page.content.decode()

    assert client.post("/konto/tvastegsverifiering/", {"action": "start"}).status_code == 302
    page = client.get("/konto/tvastegsverifiering/").content.decode()
    assert '<svg role="img" aria-label="QR-kod' in page
    assert "<img" not in page.split("<main", 1)[1]  # no external image for the secret

    device = TOTPDevice.objects.get(user=secretary)
    wrong = client.post("/konto/tvastegsverifiering/", {"action": "confirm", "token": "000000"})
    assert wrong.status_code == 400
    assert "Koden stämmer inte" in wrong.content.decode()
    assert client.post("/konto/tvastegsverifiering/", {"action": "confirm", "token": _token(device)}).status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    assert set(AuditEntry.objects.filter(actor=secretary).values_list("action", flat=True)) >= {
        "totp_device_start",
        "totp_device_confirm",
    }


def test_two_factor_is_offered_to_secretaries_and_admins_only(member: Any, outsider: Any) -> None:
    assert Client().get("/konto/tvastegsverifiering/").status_code == 302
    for user in (member, outsider):
        client = Client()
        client.force_login(user)
        assert client.get("/konto/tvastegsverifiering/").status_code == 403


def test_turning_two_factor_off_needs_a_current_code(secretary: Any) -> None:
    device = TOTPDevice.objects.create(user=secretary, name="app", confirmed=True)
    client = Client()
    client.force_login(secretary)
    refused = client.post("/konto/tvastegsverifiering/", {"action": "remove", "token": "123456"})
    assert refused.status_code == 400
    assert TOTPDevice.objects.filter(user=secretary).exists()
    client.post("/konto/tvastegsverifiering/", {"action": "remove", "token": _token(device)})
    assert not TOTPDevice.objects.filter(user=secretary).exists()


# --- Login with a device ----------------------------------------------------------------------------------------


def test_a_user_with_a_device_is_not_logged_in_until_the_code_is_given(admin_user: Any) -> None:
    device = TOTPDevice.objects.create(user=admin_user, name="app", confirmed=True)
    client = Client()
    response = _post_login(client, admin_user.username, TEST_PASSWORD, next_url="/granskning/")
    assert response.status_code == 302
    assert response["Location"] == "/konto/logga-in/kod/"
    assert "_auth_user_id" not in client.session
    assert client.get("/granskning/").status_code == 302  # still anonymous

    wrong = client.post("/konto/logga-in/kod/", {"token": "000000"})
    assert wrong.status_code == 400
    assert "Koden stämmer inte" in wrong.content.decode()
    assert "_auth_user_id" not in client.session
    # django-otp throttles: right after a wrong code even the right one waits (1 s, doubling).
    throttled = client.post("/konto/logga-in/kod/", {"token": _token(device)})
    assert "För många felaktiga koder" in throttled.content.decode()
    TOTPDevice.objects.filter(pk=device.pk).update(
        throttling_failure_timestamp=timezone.now() - dt.timedelta(minutes=1)
    )

    response = client.post("/konto/logga-in/kod/", {"token": _token(device)})
    assert response.status_code == 302
    assert response["Location"] == "/granskning/"
    assert client.get("/granskning/").status_code == 200


def test_a_code_cannot_be_used_twice(admin_user: Any) -> None:
    device = TOTPDevice.objects.create(user=admin_user, name="app", confirmed=True)
    token = _token(device)
    first = Client()
    _post_login(first, admin_user.username, TEST_PASSWORD)
    assert first.post("/konto/logga-in/kod/", {"token": token}).status_code == 302
    second = Client()
    _post_login(second, admin_user.username, TEST_PASSWORD)
    assert second.post("/konto/logga-in/kod/", {"token": token}).status_code == 400


def test_the_code_step_without_a_password_step_goes_back_to_login() -> None:
    response = Client().get("/konto/logga-in/kod/")
    assert response.status_code == 302
    assert response["Location"] == LOGIN


def test_demo_style_users_without_a_device_log_in_with_the_password_alone(secretary: Any) -> None:
    client = Client()
    response = _post_login(client, secretary.username, TEST_PASSWORD)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(secretary.pk)


# --- The admin site ------------------------------------------------------------------------------------------------


def test_the_admin_needs_the_second_step_from_a_staff_user_who_has_a_device(admin_user: Any) -> None:
    TOTPDevice.objects.create(user=admin_user, name="app", confirmed=True)
    client = Client()
    client.force_login(admin_user)  # a session from the password alone
    response = client.get("/admin/", follow=True)
    assert response.status_code == 403
    assert "kräver tvåstegsverifiering" in response.content.decode()


def test_the_admin_works_with_the_password_for_a_staff_user_without_a_device(admin_user: Any) -> None:
    client = Client()
    client.force_login(admin_user)
    assert client.get("/admin/").status_code == 200


def test_the_admins_own_login_form_is_not_a_way_around_the_second_step() -> None:
    response = Client().get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/konto/logga-in/?next=/admin/")


def test_a_non_staff_user_is_told_the_admin_is_not_for_them_without_a_redirect_loop(outsider: Any) -> None:
    client = Client()
    client.force_login(outsider)
    response = client.get("/admin/", follow=True)
    assert response.status_code == 403
    assert "bara för portalens administratörer" in response.content.decode()
    assert len(response.redirect_chain) == 1


def test_audit_entries_cannot_be_added_changed_or_deleted_in_the_admin(admin_user: Any) -> None:
    entry = AuditEntry.objects.create(action="organ_update", target_type="groups.organ", target_id="1")
    client = Client()
    client.force_login(admin_user)
    assert client.get("/admin/audit/auditentry/").status_code == 200
    assert client.get("/admin/audit/auditentry/add/").status_code == 403
    assert client.post(f"/admin/audit/auditentry/{entry.pk}/change/", {"action": "x"}).status_code in (200, 403)
    assert client.post(f"/admin/audit/auditentry/{entry.pk}/delete/", {"post": "yes"}).status_code == 403
    entry.refresh_from_db()
    assert entry.action == "organ_update"


def test_a_new_user_can_be_created_only_by_an_admin(outsider: Any) -> None:
    client = Client()
    client.force_login(outsider)
    client.post("/admin/auth/user/add/", {"username": "inkräktare", "password1": "x", "password2": "x"})
    assert not UserFactory._meta.model.objects.filter(username="inkräktare").exists()


def test_a_user_is_locked_after_repeated_failures_from_many_addresses(settings: Any, secretary: Any) -> None:
    """Issue 15: axes counted per username and address, so one account could be tried from many addresses."""
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        Client().post(
            LOGIN, {"username": secretary.username, "password": f"fel-{attempt}"}, REMOTE_ADDR=f"198.51.100.{attempt}"
        )
    response = Client().post(
        LOGIN, {"username": secretary.username, "password": TEST_PASSWORD}, REMOTE_ADDR="203.0.113.99"
    )
    assert response.status_code == 429


def test_an_address_spraying_many_usernames_is_throttled(settings: Any, secretary: Any) -> None:
    """Issue 15: one wrong password each for many usernames from one address was never throttled."""
    settings.LGL_LOGIN_ADDRESS_FAILURE_LIMIT = 6
    for n in range(6):
        Client().post(LOGIN, {"username": f"gissning{n}", "password": "Sommar2026!"}, REMOTE_ADDR="192.0.2.77")
    response = Client().post(
        LOGIN, {"username": secretary.username, "password": TEST_PASSWORD}, REMOTE_ADDR="192.0.2.77"
    )
    assert response.status_code == 429
    assert "Inloggningen är tillfälligt spärrad" in response.content.decode()
    # Another address is not affected.
    other = Client().post(LOGIN, {"username": secretary.username, "password": TEST_PASSWORD}, REMOTE_ADDR="192.0.2.78")
    assert other.status_code == 302


def test_behind_the_proxy_the_client_address_comes_from_the_proxys_header(settings: Any) -> None:
    """The proxy appends the client's address to X-Forwarded-For; what the client wrote before it is ignored."""
    from axes.helpers import get_client_ip_address
    from django.test import RequestFactory

    settings.AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR")
    settings.AXES_IPWARE_PROXY_ORDER = "right-most"
    settings.AXES_IPWARE_PROXY_COUNT = 1
    request = RequestFactory().post(LOGIN, HTTP_X_FORWARDED_FOR="203.0.113.5, 198.51.100.23", REMOTE_ADDR="10.0.0.2")
    assert get_client_ip_address(request) == "198.51.100.23"
