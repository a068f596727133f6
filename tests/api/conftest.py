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
