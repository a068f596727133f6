"""Stored XSS across the whole portal: a payload in every text column of the demo data, then every page.

Every short text column (CharField) of the project's own models gets a raw payload, as if typed into a plain
form field; every long text column gets what `sanitize_html` keeps of one, as the services store rich text.
Then every URL pattern is fetched as anonymous, member, secretary and admin, and no HTML page may carry live
script, an event handler, inline style or a script URL.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest
from django.apps import apps
from django.db import models
from django.db.models import Value
from django.db.models.functions import Cast, Concat, Left

from lgl_portal.core.richtext import sanitize_html
from tests.security import crawl_support as cs
from tests.security.html_checks import live_markup_problems
from tests.security.urlmap import Unfillable, all_routes, url_for

pytestmark = pytest.mark.django_db
PAYLOAD = '"><script>alert(1)</script><img src=x onerror=alert(2)><a href="javascript:alert(3)">x</a>'
OWN_APPS = {"groups", "meetings", "decisions", "ratification", "documents", "plans", "audit", "members"}
# Columns that are not free text: identifiers, stored MIME types, search configuration and the like.
SKIP_NAMES = {"slug", "content_type", "content_hash", "task_id", "kind", "status", "role", "code", "paragraph_format"}


def _plantable(field: models.Field) -> bool:
    return (
        isinstance(field, (models.CharField, models.TextField))
        and not isinstance(field, (models.SlugField, models.EmailField, models.URLField))
        and not field.choices
        and not field.unique
        and not field.primary_key
        and field.name not in SKIP_NAMES
        and not field.name.endswith(("_type", "_id", "_hash"))
    )


def plant_payloads() -> int:
    planted = 0
    rich = sanitize_html(PAYLOAD + "<p>text</p>")
    for model in apps.get_models():
        if model._meta.app_label not in OWN_APPS or model._meta.proxy:
            continue
        updates = {}
        for field in model._meta.concrete_fields:
            if _plantable(field):
                if isinstance(field, models.TextField):
                    updates[field.name] = rich
                else:
                    # The row's id first, so unique-together constraints (name per county) still hold.
                    text = Concat(Cast("pk", output_field=models.CharField()), Value(PAYLOAD))
                    updates[field.name] = Left(text, field.max_length)
        if updates:
            planted += model._default_manager.update(**updates)
    return planted


@pytest.fixture
def clients(db: None) -> Iterator[dict[str, object]]:
    request_logger = logging.getLogger("django.request")
    level = request_logger.level
    request_logger.setLevel(logging.CRITICAL)
    cs.load_demo()
    cs.supplement_demo()
    assert plant_payloads() > 100
    yield cs.role_clients()
    request_logger.setLevel(level)


def test_no_page_renders_a_stored_payload_live(clients: dict[str, object]) -> None:
    failures = []
    pages = shown = 0
    for route in all_routes():
        if route.allowed_unfilled() or route.name.startswith("admin:"):
            continue
        try:
            url = url_for(route)
        except Unfillable:
            continue
        for role in ("anonymous", "member", "secretary", "admin"):
            outcome, body, content_type = cs.get(clients[role], url)  # type: ignore[arg-type]
            if outcome.status >= 500:
                failures.append(f"{role} {url}: {outcome.status}")
            if outcome.status == 200 and content_type.startswith("text/html"):
                pages += 1
                html = body.decode("utf-8", errors="replace")
                shown += "&lt;script&gt;alert(1)&lt;/script&gt;" in html
                problems = live_markup_problems(html)
                if problems:
                    failures.append(f"{role} {url}: {sorted(set(problems))}")
    assert pages > 150
    assert shown > 50, "the planted texts must actually be on the pages, escaped, for this test to mean anything"
    assert failures == [], "\n".join(failures)
