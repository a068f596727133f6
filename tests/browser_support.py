"""Helpers for Playwright tests (fixtures `browser` and `page` are in conftest.py)."""

from __future__ import annotations

import subprocess
import time
from typing import Any

import pytest

from tests.factories.groups import TEST_PASSWORD


def axe_violations(page: Any) -> list[dict[str, Any]]:
    """WCAG 2.1 A and AA violations axe-core finds on the current page."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(
        page, options={"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
    )
    return results.response["violations"]


def login_in_browser(page: Any, live_server: Any, username: str, password: str = TEST_PASSWORD) -> None:
    page.goto(f"{live_server.url}/konto/logga-in/")
    page.get_by_label("Användarnamn").fill(username)
    page.get_by_label("Lösenord").fill(password)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_load_state()


def pdftotext(data: bytes) -> str:
    """The PDF's text as poppler's pdftotext reads it (an outside reader, not our renderer), whitespace joined."""
    out = subprocess.run(["pdftotext", "-", "-"], input=data, capture_output=True, check=True)
    return " ".join(out.stdout.decode().split())


def wait_for_worker(predicate: Any, *, seconds: float = 120) -> Any:
    """Poll until `predicate()` gives something (a finished job, a file): the real worker runs beside the test."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = predicate()
        if found:
            return found
        time.sleep(0.25)
    pytest.fail("Timed out waiting for the worker")
