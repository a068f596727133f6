"""A sealed public protocol and its register row, made the way the worker makes them (render, seal, record)."""

from __future__ import annotations

from typing import Any

from meetings.documents import rendering, sealing
from meetings.documents.models import DocumentJob, SealedFile
from tests.factories.documents import DocDocumentJobFactory, protocol_meeting


def sealed_public_protocol(**meeting_kwargs: Any) -> tuple[Any, bytes]:
    meeting = protocol_meeting(paragraphs=3, **meeting_kwargs)
    kind = DocumentJob.Kind.PUBLIC_PROTOCOL
    doc = rendering.build_input(kind=kind, meeting_id=meeting.pk, extract_id=None, params={})
    pdf, pages = rendering.html_to_pdf(doc.html)
    sealed = sealing.seal_pdf(pdf, reason=sealing.seal_reason(kind=kind, meeting=meeting))
    job = DocDocumentJobFactory(
        kind=kind, meeting=meeting, status=DocumentJob.Status.DONE, content_hash=doc.content_hash, page_count=pages
    )
    check = sealing.check_seal(sealed)
    SealedFile.objects.create(
        job=job,
        sha256=sealing.sha256(sealed),
        signature_sha256=check.signature_sha256,
        sealed_at=check.signing_time,
        reason=check.reason,
    )
    return meeting, sealed


def unsealed_pdf() -> bytes:
    doc = rendering.build_input(
        kind=DocumentJob.Kind.PROTOCOL, meeting_id=protocol_meeting(paragraphs=1).pk, extract_id=None, params={}
    )
    return rendering.html_to_pdf(doc.html)[0]
