"""The kinds of document the PDF worker can make, and who contributes each.

The documents app builds the meeting kinds itself (protocol, public protocol, kallelse, extract) and registers
them from its AppConfig.ready(); a higher app that wants a PDF of its own (plans: the status report) registers its
kind from its own ready(). So the documents app never imports the apps that use it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from meetings.documents.models import DocumentJob

# (title, HTML, version): the version enters the content hash (the protocol version; 0 when there is none).
Built = tuple[str, str, int]


@dataclass(frozen=True)
class DocumentKind:
    kind: str
    # Reads the database and returns the document; runs with Swedish active. Raise DocumentInputError for a
    # job that cannot be rendered as asked.
    build: Callable[..., Built]
    # True for kinds made from a meeting (or an extract of one); False for kinds made from params alone.
    meeting_bound: bool = True
    # For kinds made from params: checks a request before its row is written (raises ValidationError).
    validate_params: Callable[[dict[str, Any]], None] | None = None
    # For kinds made from params: may this (logged-in, not admin, not requester) user follow and download it?
    can_view: Callable[[Any, DocumentJob], bool] | None = None


_KINDS: dict[str, DocumentKind] = {}


def register(document_kind: DocumentKind) -> None:
    if document_kind.kind not in DocumentJob.Kind.values:
        raise ValueError(f"{document_kind.kind!r} is not a DocumentJob.Kind")
    _KINDS[document_kind.kind] = document_kind


def get(kind: str) -> DocumentKind | None:
    return _KINDS.get(kind)
