"""An OParl 1.1 client for the tests: walks the API from /api/ by links only and checks everything it reads
against the official JSON schemas (api/oparl_schema/, copied verbatim from OParl/spec tag v1.1.1)."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jsonschema import Draft4Validator

SCHEMA_DIR = Path(__file__).resolve().parents[2] / "api" / "oparl_schema"
PREFIX = "https://schema.oparl.org/1.1/"
# Links that lead out of OParl (the OpenAPI description and its rendered documentation).
NOT_OPARL = {"lgl:openapi", "lgl:documentation"}
# The properties in which OParl 1.1 embeds whole objects (spec, "Interne Ausgabe von Objekten").
EMBEDDED = {
    "legislativeTerm",
    "location",
    "locationObject",
    "membership",
    "agendaItem",
    "invitation",
    "resultsProtocol",
    "verbatimProtocol",
    "auxiliaryFile",
    "resolutionFile",
    "mainFile",
    "consultation",
}


def _validators() -> dict[str, Draft4Validator]:
    out = {}
    for path in SCHEMA_DIR.glob("*.json"):
        schema = json.loads(path.read_text())
        Draft4Validator.check_schema(schema)
        out[path.stem] = Draft4Validator(schema, format_checker=Draft4Validator.FORMAT_CHECKER)
    return out


VALIDATORS = _validators()


def _check_datetime(value: str, where: str) -> None:
    parsed = dt.datetime.fromisoformat(value)
    assert parsed.tzinfo is not None, f"{where}: {value} has no offset"


@dataclass
class Walk:
    get: Callable[[str], Any]  # path -> response
    site: str
    objects: dict[str, dict[str, Any]] = field(default_factory=dict)
    listed: list[dict[str, Any]] = field(default_factory=list)  # objects as they appeared in lists
    problems: list[str] = field(default_factory=list)
    fetched: int = 0

    def path_of(self, url: str) -> str:
        assert url.startswith(self.site + "/api/"), f"not a canonical API URL: {url}"
        return url[len(self.site) :]

    def check_object(self, obj: dict[str, Any], where: str, embedded: bool = False) -> None:
        kind = obj.get("type", "").removeprefix(PREFIX)
        validator = VALIDATORS.get(kind)
        if validator is None:
            self.problems.append(f"{where}: unknown type {obj.get('type')!r}")
            return
        for error in validator.iter_errors(obj):
            self.problems.append(f"{where} {obj.get('id')}: {error.message}")
        if embedded and obj.get("deleted"):
            self.problems.append(f"{where}: a deleted object is embedded (OParl forbids it): {obj['id']}")
        for key in ("created", "modified"):
            if key in obj:
                _check_datetime(obj[key], f"{obj['id']} {key}")
            elif not obj.get("deleted") or key == "modified":
                self.problems.append(f"{obj.get('id')}: no {key}")
        for key, value in obj.items():
            if key.startswith("lgl:") or key in ("id", "type"):
                continue
            if key not in validator.schema["properties"]:
                self.problems.append(f"{obj['id']}: {key} is neither OParl nor prefixed lgl:")
            if value in ("", [], {}, None):
                self.problems.append(f"{obj['id']}: {key} is empty; empty values are left out")
            if key in EMBEDDED:
                for inner in value if isinstance(value, list) else [value]:
                    if isinstance(inner, dict):
                        self.check_object(inner, f"{where} > {key}", embedded=True)
                        self.objects.setdefault(inner["id"], inner)

    def links(self, node: Any, key: str = "") -> Iterator[str]:
        if key in NOT_OPARL:
            return
        if isinstance(node, str):
            if node.startswith(self.site + "/api/"):
                yield node
        elif isinstance(node, list):
            for value in node:
                yield from self.links(value, key)
        elif isinstance(node, dict):
            for k, value in node.items():
                if k != "id":
                    yield from self.links(value, k)

    def run(self, start: str = "/api/", query: str = "") -> Walk:
        seen: set[str] = set()
        queue = [self.site + start]
        while queue:
            url = queue.pop()
            if url in seen:
                continue
            seen.add(url)
            is_list_url = (
                url.rstrip("/").rsplit("/", 1)[-1]
                in {
                    "bodies",
                    "organizations",
                    "people",
                    "meetings",
                    "papers",
                    "legislative-terms",
                }
                or "?" in url
            )
            target = self.path_of(url)
            if query and is_list_url and "?" not in target:
                target += "?" + query
            response = self.get(target)
            self.fetched += 1
            if response.status_code != 200:
                self.problems.append(f"{target}: HTTP {response.status_code}")
                continue
            body = response.json()
            if "data" in body:
                for key in ("data", "pagination", "links"):
                    if key not in body:
                        self.problems.append(f"{target}: list without {key}")
                for obj in body["data"]:
                    self.check_object(obj, target)
                    self.objects.setdefault(obj["id"], obj)
                    self.listed.append(obj)
                    queue += [u for u in self.links(obj) if u not in seen]
                if "next" in body["links"]:
                    queue.append(body["links"]["next"])
            else:
                self.check_object(body, target)
                if body.get("id") and body["id"] != url and "?" not in url:
                    self.problems.append(f"{target}: id {body['id']} differs from its URL")
                self.objects.setdefault(body["id"], body)
                queue += [u for u in self.links(body) if u not in seen]
        # Every object, embedded or listed, is also at its own id, and is the same object there.
        for id_, obj in list(self.objects.items()):
            if id_ in seen or obj.get("deleted"):
                continue
            response = self.get(self.path_of(id_))
            self.fetched += 1
            if response.status_code != 200 or response.json() != obj:
                self.problems.append(f"{id_}: HTTP {response.status_code}, not the object that was embedded or listed")
        return self

    def counts(self) -> Counter[str]:
        return Counter(o["type"].removeprefix(PREFIX) for o in self.objects.values() if not o.get("deleted"))
