"""The worker seals a justerat protocol: validated with pyHanko against the development root, byte by byte."""

from __future__ import annotations

import hashlib
import io
import time
from pathlib import Path
from typing import Any

import pytest
from django.db import transaction
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import SignatureCoverageLevel

from meetings.documents import services
from meetings.documents.models import DocumentJob, SealedFile
from tests.documents.pdfcheck import archival_facts, pdf_text
from tests.documents.seal_support import pyhanko_status
from tests.factories.documents import protocol_meeting
from tests.factories.groups import UserFactory
from tests.factories.meetings import correction_approved

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def rendered(meeting: Any, kind: str) -> DocumentJob:
    with transaction.atomic():
        job = services.document_request(acting_user=UserFactory(), kind=kind, meeting=meeting)
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if job.status in (DocumentJob.Status.DONE, DocumentJob.Status.FAILED):
            assert job.status == DocumentJob.Status.DONE, job.error
            return job
        time.sleep(0.1)
    pytest.fail(f"Jobb {job.pk} blev aldrig klart")


def test_the_worker_seals_a_justerat_protocol_that_validates_and_a_changed_byte_does_not(
    worker: Any, dev_seal: Path
) -> None:
    meeting = protocol_meeting(paragraphs=3)
    job = rendered(meeting, DocumentJob.Kind.PROTOCOL)
    data = job.file.read()

    status = pyhanko_status(data, dev_seal / "dev-ca.pem")
    assert status.intact and status.valid and status.trusted
    assert status.coverage == SignatureCoverageLevel.ENTIRE_FILE
    assert status.signer_reported_dt is not None
    [signature] = PdfFileReader(io.BytesIO(data)).embedded_signatures
    reason = str(signature.sig_object["/Reason"])
    assert "protokollversion 1" in reason
    assert "ordförande Anna Hasselbom Trofast 2023-10-05 14:12" in reason
    assert "justerare Johanna Fors 2023-10-05 14:12" in reason

    copy = bytearray(data)
    copy[len(data) // 2] ^= 0x01
    assert not pyhanko_status(bytes(copy), dev_seal / "dev-ca.pem").intact

    # Still the archival file the PDF tests expect, and registered under its checksum for /verifiera/.
    facts = archival_facts(data)
    assert 'pdfaid:part="2"' in facts["xmp"] and facts["marked"] and facts["lang"] == "sv"
    assert facts["fonts"] and all(f["embedded"] for f in facts["fonts"])
    assert "Beslut 26: uppdragsbeskrivningen godkänns." in " ".join(pdf_text(data).split())
    record = SealedFile.objects.get(job=job)
    assert record.sha256 == hashlib.sha256(data).hexdigest()
    assert record.reason == reason


def test_the_public_version_is_sealed_too_and_a_draft_is_not(worker: Any, dev_seal: Path) -> None:
    meeting = protocol_meeting(paragraphs=3)
    public = rendered(meeting, DocumentJob.Kind.PUBLIC_PROTOCOL).file.read()
    assert pyhanko_status(public, dev_seal / "dev-ca.pem").trusted
    assert SealedFile.objects.filter(job__kind=DocumentJob.Kind.PUBLIC_PROTOCOL, job__meeting=meeting).count() == 1

    draft = protocol_meeting(paragraphs=2, locked=False)
    data = rendered(draft, DocumentJob.Kind.PROTOCOL).file.read()
    assert PdfFileReader(io.BytesIO(data)).embedded_signatures == []
    assert not SealedFile.objects.filter(job__meeting=draft).exists()


def test_a_correction_is_sealed_again_as_the_next_version(worker: Any, dev_seal: Path) -> None:
    meeting = protocol_meeting(paragraphs=2)
    first = rendered(meeting, DocumentJob.Kind.PROTOCOL)
    with transaction.atomic():
        correction_approved(
            acting_user=UserFactory(),
            meeting=meeting,
            item=meeting.items.order_by("position").first(),
            reason="Felskrivet belopp",
            texts={"decision_text": "<p>Beslut 26, rättat: uppdragsbeskrivningen godkänns.</p>"},
        )
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        second = DocumentJob.objects.filter(
            meeting=meeting, kind=DocumentJob.Kind.PROTOCOL, protocol_version=2, status=DocumentJob.Status.DONE
        ).first()
        if second is not None:
            break
        time.sleep(0.1)
    else:
        pytest.fail("Den rättade versionen blev aldrig klar")
    data = second.file.read()
    assert pyhanko_status(data, dev_seal / "dev-ca.pem").trusted
    [signature] = PdfFileReader(io.BytesIO(data)).embedded_signatures
    assert "protokollversion 2" in str(signature.sig_object["/Reason"])
    assert "rättat" in pdf_text(data)
    # Both versions stay in the register, each under its own checksum.
    assert SealedFile.objects.filter(job__meeting=meeting, job__kind=DocumentJob.Kind.PROTOCOL).count() == 2
    assert first.file.read() != data
