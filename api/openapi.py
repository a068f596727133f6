"""The OpenAPI description of the open API, built on the official OParl 1.1 JSON schemas.

The object schemas are the spec's own files (api/oparl_schema/, tag v1.1.1), turned into OpenAPI components:
their template descriptions and OParl's own keywords (`references`, `cardinality`, ...) are dropped and an
embedded object (`"schema": "File.json"`) becomes a `$ref`. Lists are documented as OParl shapes them:
`{data, pagination, links}`, with the filters every list takes.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema

SCHEMA_DIR = Path(__file__).resolve().parent / "oparl_schema"
TYPES = (
    "System",
    "Body",
    "LegislativeTerm",
    "Organization",
    "Person",
    "Membership",
    "Meeting",
    "Location",
    "AgendaItem",
    "Paper",
    "Consultation",
    "File",
)
_DROP = {"references", "backreference", "cardinality", "schema", "title"}


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _convert(node: Any) -> Any:
    if isinstance(node, dict):
        if "schema" in node and node.get("type") == "object":
            return _ref(node["schema"].removesuffix(".json"))
        out = {}
        for key, value in node.items():
            if key in _DROP or (key == "description" and "{{" in str(value)):
                continue
            out[key] = _convert(value)
        return out
    if isinstance(node, list):
        return [_convert(v) for v in node]
    return node


@cache
def components() -> dict[str, Any]:
    schemas = {name: _convert(json.loads((SCHEMA_DIR / f"{name}.json").read_text())) for name in TYPES}
    schemas["Error"] = {
        "type": "object",
        "required": ["type", "message"],
        "properties": {
            "type": {"type": "string", "enum": ["https://schema.oparl.org/1.1/Error"]},
            "message": {"type": "string"},
            "debug": {"type": "string"},
            "lgl:status": {"type": "integer"},
        },
    }
    return schemas


def add_oparl_components(result: dict[str, Any], generator: Any, request: Any, public: bool) -> dict[str, Any]:
    """drf-spectacular postprocessing hook: the OParl object schemas as components."""
    result.setdefault("components", {}).setdefault("schemas", {}).update(components())
    return result


def list_schema(name: str) -> dict[str, Any]:
    return {
        "type": "object",
        "required": ["data", "pagination", "links"],
        "properties": {
            "data": {"type": "array", "items": _ref(name)},
            "pagination": {
                "type": "object",
                "properties": {
                    "totalElements": {"type": "integer"},
                    "elementsPerPage": {"type": "integer"},
                    "currentPage": {"type": "integer"},
                    "totalPages": {"type": "integer"},
                },
            },
            "links": {
                "type": "object",
                "properties": {
                    key: {"type": "string", "format": "uri"} for key in ("first", "prev", "self", "next", "last")
                },
            },
        },
    }


ERRORS = {
    400: OpenApiResponse(
        response=_ref("Error"),
        description="Felaktig parameter eller adress (NUL, ogiltig UTF-8) (OParl Error, på svenska).",
    ),
    404: OpenApiResponse(response=_ref("Error"), description="Finns inte (OParl Error, på svenska)."),
}
_TIME = "Tidpunkt i ISO 8601 med tid och gärna tidszon, t.ex. 2024-01-31T12:00:00+01:00."
LIST_PARAMETERS = [
    OpenApiParameter("created_since", OpenApiTypes.DATETIME, description=f"Skapade från och med. {_TIME}"),
    OpenApiParameter("created_until", OpenApiTypes.DATETIME, description=f"Skapade till och med. {_TIME}"),
    OpenApiParameter(
        "modified_since",
        OpenApiTypes.DATETIME,
        description=f"Ändrade från och med; listan tar då också med borttagna objekt (deleted: true). {_TIME}",
    ),
    OpenApiParameter("modified_until", OpenApiTypes.DATETIME, description=f"Ändrade till och med. {_TIME}"),
    OpenApiParameter(
        "limit", {"type": "integer", "minimum": 1, "maximum": 1000}, description="Objekt per sida (högst 1000)."
    ),
    OpenApiParameter("cursor", str, description="Sidmarkör; använd länken links.next i stället för att bygga den."),
    OpenApiParameter("omit_internal", str, enum=["true", "false"], description="OParl: utelämna inbäddade listor."),
]


def documented_list(name: str, *extra: OpenApiParameter, summary: str = "", operation_id: str = "") -> Any:
    return extend_schema(
        operation_id=operation_id or None,
        summary=summary,
        description=f"En lista av OParl 1.1-objekt av typen {name}: {{data, pagination, links}}; följ links.next.",
        parameters=[*LIST_PARAMETERS, *extra],
        responses={200: OpenApiResponse(response=list_schema(name)), **ERRORS},
    )


def documented_object(name: str, summary: str = "", operation_id: str = "") -> Any:
    return extend_schema(
        operation_id=operation_id or None,
        summary=summary,
        description=f"Ett OParl 1.1-objekt av typen {name}. Ett borttaget objekt har deleted: true.",
        # 400 too: an address with NUL or invalid UTF-8 is refused before any view (lgl_portal/core/middleware).
        responses={200: OpenApiResponse(response=_ref(name)), **ERRORS},
    )


def id_filter(name: str, description: str) -> OpenApiParameter:
    return OpenApiParameter(name, {"type": "integer", "minimum": 0}, description=description)


PK = OpenApiParameter("pk", {"type": "integer", "minimum": 0}, OpenApiParameter.PATH, description="Objektets id.")
