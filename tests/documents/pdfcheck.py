"""Test helpers: read our PDFs back as an archive or screen reader would; point Celery at a dead broker."""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pypdf

from lgl_portal.celery import app as celery_app

CLOSED_PORT_BROKER = "redis://127.0.0.1:6390/0"


def pdf_text(data: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() or "" for page in reader.pages)


def _fonts(reader: pypdf.PdfReader) -> list[dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}
    for page in reader.pages:
        resources = page.get("/Resources") or {}
        fonts = resources.get("/Font") or {}
        for ref in fonts.values():
            font = ref.get_object()
            descendants = font.get("/DescendantFonts")
            target = descendants[0].get_object() if descendants else font
            descriptor = target.get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor else {}
            found[str(font.get("/BaseFont"))] = {
                "embedded": any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")),
            }
    return [{"name": k, **v} for k, v in found.items()]


def _struct_types(node: Any, found: set[str]) -> set[str]:
    node = node.get_object() if hasattr(node, "get_object") else node
    if isinstance(node, pypdf.generic.ArrayObject):
        for child in node:
            _struct_types(child, found)
    elif isinstance(node, pypdf.generic.DictionaryObject):
        if "/S" in node:
            found.add(str(node["/S"]))
        if "/K" in node:
            _struct_types(node["/K"], found)
    return found


def archival_facts(data: bytes) -> dict[str, Any]:
    reader = pypdf.PdfReader(io.BytesIO(data))
    root = reader.trailer["/Root"]
    xmp = root["/Metadata"].get_object().get_data().decode("utf-8")
    mark_info = root.get("/MarkInfo") or {}
    return {
        "xmp": xmp,
        "marked": bool(mark_info.get("/Marked")),
        "struct_tree": "/StructTreeRoot" in root,
        "lang": str(root.get("/Lang", "")),
        "title": str((reader.metadata or {}).get("/Title", "")),
        "fonts": _fonts(reader),
        "pages": len(reader.pages),
        "output_intent": "/OutputIntents" in root,
        "struct_types": _struct_types(root["/StructTreeRoot"], set()) if "/StructTreeRoot" in root else set(),
    }


def _reset_broker_pools() -> None:
    # Drop the app's references only: kombu's shared pools stay usable for whoever holds them.
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


@contextmanager
def broker_at(url: str) -> Iterator[None]:
    """Point the portal's Celery app at another broker for a while (a closed port = Redis down)."""
    old = celery_app.conf.broker_url
    _reset_broker_pools()
    celery_app.conf.broker_url = url
    try:
        yield
    finally:
        _reset_broker_pools()
        celery_app.conf.broker_url = old
