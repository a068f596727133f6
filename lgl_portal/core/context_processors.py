from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest


def portal(request: HttpRequest) -> dict[str, Any]:
    return {"SITE_URL": settings.SITE_URL, "PORTAL_NAME": "Länsgemensam ledning i samverkan"}
