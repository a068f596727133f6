from __future__ import annotations

from typing import Any

import pytest

from groups.models import Membership
from tests.factories.groups import user_with_role


@pytest.fixture
def adjuster(organ: Any) -> Any:
    """A member appointed justerare of the test meetings."""
    return user_with_role(organ, Membership.Role.LEDAMOT, username="justerare")


@pytest.fixture(autouse=True)
def _media_in_tmp(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
