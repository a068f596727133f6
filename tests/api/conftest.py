from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command


@pytest.fixture
def demo(db: None, settings: Any) -> None:
    """The demo data, loaded by its own management command into the test database."""
    settings.SITE_URL = "https://lgl.example.se"
    with open("/dev/null", "w") as sink:
        call_command("load_demo", stdout=sink)


@pytest.fixture
def live_demo(transactional_db: None, live_server: Any, settings: Any) -> Any:
    """The demo behind a real HTTP server, with canonical ids on that server."""
    settings.SITE_URL = live_server.url
    with open("/dev/null", "w") as sink:
        call_command("load_demo", stdout=sink)
    return live_server
