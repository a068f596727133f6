"""The API documentation: rendered from the served schema, linked from every page, accessible, no CDN."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from tests.browser_support import axe_violations


@pytest.mark.django_db
def test_the_documentation_page_is_rendered_from_the_schema_and_linked_from_the_footer(client: Client) -> None:
    schema = client.get("/api/schema/?format=json").json()
    page = client.get("/api/dokumentation/").content.decode()
    for path in schema["paths"]:
        assert f"GET {path}" in page
    assert "modified_since" in page and "{data, pagination, links}" in page
    assert 'href="/api/dokumentation/"' in client.get("/beslut/").content.decode()
    # The OpenAPI lists document OParl's list shape and the filters (not DRF's next/previous/results).
    papers = schema["paths"]["/api/bodies/{key}/papers/"]["get"]
    names = {p["name"] for p in papers["parameters"]}
    assert {"created_since", "created_until", "modified_since", "modified_until", "limit", "cursor"} <= names
    shape = papers["responses"]["200"]["content"]["application/json"]["schema"]
    assert shape["required"] == ["data", "pagination", "links"]
    assert shape["properties"]["data"]["items"] == {"$ref": "#/components/schemas/Paper"}


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_documentation_is_accessible_at_320_px_and_swagger_loads_only_from_the_project(
    live_server: Any, browser: Any
) -> None:
    context = browser.new_context(locale="sv-SE", viewport={"width": 320, "height": 800})
    page = context.new_page()
    page.goto(f"{live_server.url}/api/dokumentation/")
    assert axe_violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.goto(f"{live_server.url}/api/dokumentation/swagger/")
    page.wait_for_selector(".opblock", timeout=20000)
    assert requested and all(url.startswith(live_server.url) for url in requested), requested
    assert not [e for e in errors if "Content Security Policy" in e], errors
    context.close()
