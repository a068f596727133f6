"""The security pages in Chromium: accessible (axe), working without JavaScript, and the TOTP login end to end."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from groups.demo import DEMO_USERS
from tests.browser_support import axe_violations, login_in_browser

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(transactional_db: None) -> None:
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115


def _token(device: TOTPDevice) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = timezone.now().timestamp()
    return f"{totp.token():0{device.digits}d}"


def _assert_accessible(page: Any) -> None:
    violations = axe_violations(page)
    assert violations == [], [(v["id"], [n["target"] for n in v["nodes"]]) for v in violations]


@pytest.mark.parametrize(
    "path", ["/konto/password_reset/", "/konto/password_reset/done/", "/konto/reset/done/", "/finns-inte/"]
)
def test_public_security_pages_have_no_axe_violations(demo: None, live_server: Any, page: Any, path: str) -> None:
    page.goto(f"{live_server.url}{path}")
    _assert_accessible(page)


@pytest.mark.parametrize("path", ["/granskning/", "/konto/tvastegsverifiering/", "/konto/password_change/"])
def test_the_admins_security_pages_have_no_axe_violations(demo: None, live_server: Any, page: Any, path: str) -> None:
    login_in_browser(page, live_server, "admin", DEMO_USERS["admin"][0])
    page.goto(f"{live_server.url}{path}")
    _assert_accessible(page)


def test_the_admin_filters_the_audit_log_without_javascript(demo: None, live_server: Any, browser: Any) -> None:
    context = browser.new_context(locale="sv-SE", java_script_enabled=False)
    page = context.new_page()
    login_in_browser(page, live_server, "admin", DEMO_USERS["admin"][0])
    page.goto(f"{live_server.url}/granskning/")
    page.get_by_label("Händelse").select_option("membership_start")
    page.get_by_role("button", name="Filtrera").click()
    page.wait_for_load_state()
    rows = page.locator("tbody tr")
    assert rows.count() > 0
    assert all("membership_start" in rows.nth(i).inner_text() for i in range(min(rows.count(), 10)))
    context.close()


def test_a_secretary_enrols_totp_and_then_logs_in_with_the_code(demo: None, live_server: Any, page: Any) -> None:
    password = DEMO_USERS["sekreterare"][0]
    login_in_browser(page, live_server, "sekreterare", password)
    page.goto(f"{live_server.url}/konto/tvastegsverifiering/")
    page.get_by_role("button", name="Aktivera tvåstegsverifiering").click()
    page.wait_for_load_state()
    assert page.get_by_role("img", name="QR-kod att skanna med autentiseringsappen").is_visible()
    _assert_accessible(page)

    device = TOTPDevice.objects.get(user__username="sekreterare")
    page.get_by_label("Engångskod").fill(_token(device))
    page.get_by_role("button", name="Bekräfta och aktivera").click()
    page.wait_for_load_state()
    assert page.get_by_text("Tvåstegsverifiering är aktiverad").is_visible()

    page.get_by_role("button", name="Logga ut").click()
    page.wait_for_load_state()
    TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1)  # the same 30-second window may be reused here
    login_in_browser(page, live_server, "sekreterare", password)
    assert page.get_by_role("heading", name="Ange engångskod").is_visible()
    _assert_accessible(page)
    device.refresh_from_db()
    page.get_by_label("Engångskod").fill(_token(device))
    page.get_by_role("button", name="Fortsätt").click()
    page.wait_for_load_state()
    assert page.get_by_role("button", name="Logga ut").is_visible()


def test_the_lockout_page_is_swedish_and_accessible(demo: None, live_server: Any, page: Any) -> None:
    for _attempt in range(5):
        login_in_browser(page, live_server, "ledamot", "fel-lösenord")
    assert page.get_by_role("heading", name="Inloggningen är tillfälligt spärrad").is_visible()
    _assert_accessible(page)
