"""The organisation seal on a real rendered protocol, checked with pyHanko and with the archival checks."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path
from typing import Any

import pypdf
import pytest
from cryptography import x509
from django.core.management import call_command
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import SignatureCoverageLevel

from meetings.documents import rendering, sealing
from meetings.documents.models import DocumentJob
from tests.documents.pdfcheck import archival_facts
from tests.documents.seal_support import pyhanko_status
from tests.factories.documents import protocol_meeting

pytestmark = pytest.mark.django_db


def rendered_protocol(kind: str = DocumentJob.Kind.PROTOCOL) -> tuple[Any, bytes]:
    meeting = protocol_meeting(paragraphs=3)
    doc = rendering.build_input(kind=kind, meeting_id=meeting.pk, extract_id=None, params={})
    pdf, _pages = rendering.html_to_pdf(doc.html)
    return meeting, pdf


def test_a_sealed_protocol_is_intact_trusted_and_covered_whole_under_the_development_root(dev_seal: Path) -> None:
    meeting, pdf = rendered_protocol()
    reason = sealing.seal_reason(kind=DocumentJob.Kind.PROTOCOL, meeting=meeting)
    sealed = sealing.seal_pdf(pdf, reason=reason)

    status = pyhanko_status(sealed, dev_seal / "dev-ca.pem")
    assert status.intact and status.valid and status.trusted
    assert status.coverage == SignatureCoverageLevel.ENTIRE_FILE
    assert status.signer_reported_dt is not None
    assert "UTVECKLINGSSIGILL" in status.signing_cert.subject.human_friendly
    # The seal names what it seals, the version, and both approvals (seed-shaped data: justerat 5 Oct 14.12).
    assert reason == (
        "Protokoll, Länsgemensam ledning i samverkan 2023-09-29, protokollversion 1. "
        "Justerat och godkänt av ordförande Anna Hasselbom Trofast 2023-10-05 14:12, "
        "justerare Johanna Fors 2023-10-05 14:12. Förseglat av LGL-portalen."
    )
    [signature] = PdfFileReader(io.BytesIO(sealed)).embedded_signatures
    assert str(signature.sig_object["/Reason"]) == reason

    check = sealing.check_seal(sealed)
    assert check.valid and check.reason == reason


def test_sealing_appends_an_update_and_the_file_passes_the_same_archival_checks(dev_seal: Path) -> None:
    _meeting, pdf = rendered_protocol()
    sealed = sealing.seal_pdf(pdf, reason="Test")
    # Incremental: the rendered bytes come first, unchanged.
    assert sealed.startswith(pdf) and len(sealed) > len(pdf)

    facts = archival_facts(sealed)
    assert 'pdfaid:part="2"' in facts["xmp"] and 'pdfaid:conformance="A"' in facts["xmp"]
    assert facts["marked"] and facts["struct_tree"] and facts["output_intent"]
    assert {"/Document", "/H1", "/H2", "/H3", "/L", "/LI"} <= facts["struct_types"]
    assert facts["lang"] == "sv"
    assert facts["title"] == "Protokoll – Länsgemensam ledning i samverkan 2023-09-29"
    assert facts["fonts"] and all(f["embedded"] for f in facts["fonts"])
    assert facts["pages"] == archival_facts(pdf)["pages"]
    # PDF/A: the Info dictionary and the XMP must agree on the producer.
    producer = str(pypdf.PdfReader(io.BytesIO(sealed)).metadata["/Producer"])
    assert f'pdf:Producer="{producer}"' in facts["xmp"] or f"<pdf:Producer>{producer}<" in facts["xmp"]
    # PDF/A-2 is PDF 1.7: the seal must not raise the catalog's version to 2.0.
    root = pypdf.PdfReader(io.BytesIO(sealed)).trailer["/Root"]
    assert str(root.get("/Version", "/1.7")) != "/2.0"
    # PDF/A: the invisible widget is printable and not hidden (flags 4 set, 2 and 32 clear).
    [annotation] = [a.get_object() for p in pypdf.PdfReader(io.BytesIO(sealed)).pages for a in p.get("/Annots", [])]
    flags = int(annotation["/F"])
    assert flags & 4 and not flags & 2 and not flags & 32


def test_a_byte_changed_in_a_sealed_copy_fails_validation(dev_seal: Path) -> None:
    _meeting, pdf = rendered_protocol()
    sealed = sealing.seal_pdf(pdf, reason="Test")
    copy = bytearray(sealed)
    # A byte in the middle of the rendered page content, inside the signed range.
    copy[len(pdf) // 2] ^= 0x01

    status = pyhanko_status(bytes(copy), dev_seal / "dev-ca.pem")
    assert not status.intact
    check = sealing.check_seal(bytes(copy))
    assert check.signed and not check.valid and not check.intact


def test_an_update_appended_after_sealing_is_outside_the_seal(dev_seal: Path) -> None:
    _meeting, pdf = rendered_protocol()
    sealed = sealing.seal_pdf(pdf, reason="Test")
    writer = IncrementalPdfFileWriter(io.BytesIO(sealed))
    writer.root["/Lang"] = writer.root["/Lang"].__class__("en")
    writer.update_root()
    out = io.BytesIO()
    writer.write(out)

    check = sealing.check_seal(out.getvalue())
    assert check.signed and check.intact and not check.whole_file and not check.valid


def test_a_seal_from_another_root_is_not_trusted(dev_seal: Path, tmp_path: Path, settings: Any) -> None:
    _meeting, pdf = rendered_protocol()
    call_command("seal_dev_certificate", dir=str(tmp_path), password="annat", stdout=io.StringIO())
    settings.LGL_SEAL_P12, settings.LGL_SEAL_PASSWORD = str(tmp_path / "dev-seal.p12"), "annat"
    foreign = sealing.seal_pdf(pdf, reason="Test")

    settings.LGL_SEAL_TRUST_ROOTS = [str(dev_seal / "dev-ca.pem")]
    check = sealing.check_seal(foreign)
    assert check.signed and check.intact and check.whole_file and not check.trusted and not check.valid


def test_an_unsealed_or_unreadable_file_has_no_seal(dev_seal: Path) -> None:
    _meeting, pdf = rendered_protocol()
    assert not sealing.check_seal(pdf).signed
    assert not sealing.check_seal(b"inte en pdf").signed


def test_the_development_certificate_is_made_once_and_says_it_is_not_for_production(tmp_path: Path) -> None:
    call_command("seal_dev_certificate", dir=str(tmp_path), password="x", stdout=io.StringIO())
    first = (tmp_path / "dev-seal.p12").read_bytes()
    out = io.StringIO()
    call_command("seal_dev_certificate", dir=str(tmp_path), password="x", stdout=out)
    assert (tmp_path / "dev-seal.p12").read_bytes() == first
    assert "finns redan" in out.getvalue()

    ca = x509.load_pem_x509_certificate((tmp_path / "dev-ca.pem").read_bytes())
    assert "UTVECKLINGS-CA" in ca.subject.rfc4514_string()
    assert "ej giltig i produktion" in ca.subject.rfc4514_string()
    assert oct((tmp_path / "dev-seal.p12").stat().st_mode & 0o777) == "0o600"


def test_what_the_register_keeps_matches_what_the_validator_reads(dev_seal: Path) -> None:
    _meeting, pdf = rendered_protocol()
    sealed = sealing.seal_document(pdf, reason="Registrerat")
    check = sealing.check_seal(sealed.data)
    assert check.valid
    assert sealed.sha256 == hashlib.sha256(sealed.data).hexdigest()
    assert sealed.signature_sha256 == check.signature_sha256
    assert sealed.signed_at == check.signing_time
    assert sealed.reason == check.reason == "Registrerat"
