"""The OpenAPI schema and the documentation rendered from it.

/api/dokumentation/ is a portal page rendered on the server from the same schema the API serves (works
without JavaScript, accessible like every public page); it links to Swagger UI at
/api/dokumentation/swagger/, whose assets come from drf-spectacular-sidecar as the project's own static files
(no CDN) and whose start-up script is a separate file, for the CSP without unsafe-inline.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

schema_view = SpectacularAPIView.as_view()
swagger_view = SpectacularSwaggerSplitView.as_view(
    url_name="api:schema", title="LGL öppna data – API-dokumentation (Swagger UI)"
)


@cache
def _schema() -> dict[str, Any]:
    return SchemaGenerator().get_schema(request=None, public=True)


def _type_of(response: dict[str, Any]) -> tuple[str, bool]:
    schema = response.get("content", {}).get("application/json", {}).get("schema", {})
    if "$ref" in schema:
        return schema["$ref"].rsplit("/", 1)[-1], False
    items = schema.get("properties", {}).get("data", {}).get("items", {})
    return items.get("$ref", "").rsplit("/", 1)[-1], True


def operations() -> list[dict[str, Any]]:
    out = []
    for path, methods in _schema()["paths"].items():
        op = methods.get("get")
        if op is None:
            continue
        kind, is_list = _type_of(op.get("responses", {}).get("200", {}))
        out.append(
            {
                "path": path,
                "summary": op.get("summary", ""),
                "type": kind,
                "is_list": is_list,
                "parameters": [
                    {
                        "name": p["name"],
                        "where": p["in"],
                        "type": p.get("schema", {}).get("format") or p.get("schema", {}).get("type", ""),
                        "description": p.get("description", ""),
                    }
                    for p in op.get("parameters", [])
                ],
                "statuses": sorted(op.get("responses", {})),
            }
        )
    return out


def docs_view(request: HttpRequest) -> HttpResponse:
    schema = _schema()
    types = {name: sorted(spec.get("properties", {})) for name, spec in schema["components"]["schemas"].items()}
    return render(
        request,
        "api/docs.html",
        {"info": schema["info"], "operations": operations(), "types": types},
    )
