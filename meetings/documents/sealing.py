"""The organisation seal: a PAdES signature on a finished PDF, and the check of a sealed copy against our root.

Sealing appends an incremental update to the PDF/A-2 file WeasyPrint wrote, so every byte of the rendered file
stays as it was (with its XMP, structure tree and fonts) and the signature covers the whole file. The seal is
a certification signature that allows no changes: anything appended later, however harmless it looks, breaks
it. The field is invisible and lies outside the page (PDF/A wants the print flag, PDF/UA wants an annotation
nobody can reach); the approvals are printed in the protocol's signature block and named in the seal's reason.

No timestamp authority is asked: the signing time is the portal's clock, recorded as the signature's /M.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import datetime as dt
import hashlib
import io
import logging
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

from django.conf import settings

logger = logging.getLogger(__name__)
T = TypeVar("T")

FIELD_NAME = "LGL-sigill"
SIGNER_NAME = "LGL-portalen"
LOCATION = "Kalmar län"
# Room for the CMS blob (a 3072-bit RSA signature with its two certificates needs about 3.5 kB; a production
# chain may be longer); a fixed size spares pyHanko a dummy signature run to estimate it.
BYTES_RESERVED = 16384
# The documents a justerat protocol is sealed in (the Kind values of meetings.documents.models.DocumentJob).
SEALED_KINDS = ("protocol", "public_protocol", "extract")


class SealError(Exception):
    """The seal is configured but cannot be used (a wrong password, a missing file)."""


@dataclass(frozen=True)
class SealCheck:
    """What a copy's signature says, in terms the verification page can explain."""

    signed: bool
    intact: bool = False
    trusted: bool = False
    whole_file: bool = False
    signing_time: dt.datetime | None = None
    signer: str = ""
    reason: str = ""
    # sha256 of the CMS blob: a modified copy still carries the original signature, which names the original.
    signature_sha256: str = ""
    error: str = ""

    @property
    def valid(self) -> bool:
        """Sealed by a certificate under our root and not a byte changed or added since."""
        return self.signed and self.intact and self.trusted and self.whole_file


def _without_event_loop(function: Callable[[], T]) -> T:
    """pyHanko's sync API calls asyncio.run, which refuses to start inside a running loop (an ASGI server,
    Playwright's sync API in a test): run it on a short-lived thread then."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return function()
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(function).result()


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def seal_configured() -> bool:
    return bool(getattr(settings, "LGL_SEAL_P12", ""))


def _signer_class():  # type: ignore[no-untyped-def]
    from cryptography.hazmat.primitives.asymmetric.padding import PKCS1v15
    from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey
    from pyhanko.sign.signers import SimpleSigner
    from pyhanko_certvalidator.util import get_pyca_cryptography_hash

    class SealSigner(SimpleSigner):
        """pyHanko's signer with the key parsed once: it re-reads the key for every signature, and the RSA
        consistency check on loading costs a quarter of a second, more than the rest of the seal together."""

        def __init__(self, *args, pyca_key, **kwargs):  # type: ignore[no-untyped-def]
            super().__init__(*args, **kwargs)
            self._pyca_key = pyca_key

        def sign_raw(self, data: bytes, digest_algorithm: str) -> bytes:
            mechanism = self.get_signature_mechanism_for_digest(digest_algorithm)
            try:
                algorithm = mechanism.signature_algo
            except ValueError:
                algorithm = mechanism["algorithm"].native
            if algorithm == "rsassa_pkcs1v15" and isinstance(self._pyca_key, RSAPrivateKey):
                return self._pyca_key.sign(data, PKCS1v15(), get_pyca_cryptography_hash(digest_algorithm))
            return super().sign_raw(data, digest_algorithm)

    return SealSigner


@lru_cache(maxsize=4)
def _signer(path: str, password: str, mtime: float):  # type: ignore[no-untyped-def]
    from cryptography.hazmat.primitives.serialization import pkcs12
    from pyhanko.keys.internal import (
        translate_pyca_cryptography_cert_to_asn1,
        translate_pyca_cryptography_key_to_asn1,
    )
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    try:
        key, cert, others = pkcs12.load_key_and_certificates(
            Path(path).read_bytes(), password.encode() if password else None
        )
    except (OSError, ValueError) as exc:
        raise SealError(f"Sigillet i {path} kunde inte läsas (fel lösenord eller fil): {exc}") from exc
    if key is None or cert is None:
        raise SealError(f"Sigillfilen {path} saknar nyckel eller certifikat.")
    store = SimpleCertificateStore()
    # The chain travels inside the signature, so a verifier needs only the root.
    store.register_multiple([translate_pyca_cryptography_cert_to_asn1(c) for c in others])
    return _signer_class()(
        signing_cert=translate_pyca_cryptography_cert_to_asn1(cert),
        signing_key=translate_pyca_cryptography_key_to_asn1(key),
        cert_registry=store,
        pyca_key=key,
    )


def _configured_signer():  # type: ignore[no-untyped-def]
    path = settings.LGL_SEAL_P12
    try:
        mtime = Path(path).stat().st_mtime
    except OSError as exc:
        raise SealError(f"Sigillfilen {path} saknas: {exc}") from exc
    # The modification time is part of the key so a replaced seal file is read again without a restart.
    return _signer(path, settings.LGL_SEAL_PASSWORD, mtime)


def seal_pdf(data: bytes, *, reason: str) -> bytes:
    """Return `data` with the organisation seal appended as an incremental update."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers
    from pyhanko.sign.fields import InvisSigSettings, MDPPerm, SigFieldSpec

    signer = _configured_signer()
    writer = IncrementalPdfFileWriter(io.BytesIO(data))
    _align_producer(writer)
    meta = signers.PdfSignatureMetadata(
        field_name=FIELD_NAME,
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
        reason=reason,
        location=LOCATION,
        name=SIGNER_NAME,
        certify=True,
        docmdp_permissions=MDPPerm.NO_CHANGES,
    )
    spec = SigFieldSpec(
        sig_field_name=FIELD_NAME,
        invis_sig_settings=InvisSigSettings(set_print_flag=True, set_hidden_flag=False, box_out_of_bounds=True),
    )
    pdf_signer = signers.PdfSigner(meta, signer=signer, new_field_spec=spec)
    out = _without_event_loop(lambda: pdf_signer.sign_pdf(writer, bytes_reserved=BYTES_RESERVED))
    return out.getvalue()


@dataclass(frozen=True)
class SealedPdf:
    """A sealed file and what the register keeps about it."""

    data: bytes
    sha256: str
    signature_sha256: str
    signed_at: dt.datetime
    reason: str


def seal_document(data: bytes, *, reason: str) -> SealedPdf:
    """Seal `data` and read back what the register needs (the signature's own bytes and its time)."""
    from pyhanko.pdf_utils.reader import PdfFileReader

    sealed = seal_pdf(data, reason=reason)
    [embedded] = [s for s in PdfFileReader(io.BytesIO(sealed)).embedded_signatures if s.field_name == FIELD_NAME]
    signed_at = embedded.self_reported_timestamp or dt.datetime.now(dt.UTC)
    return SealedPdf(
        data=sealed,
        sha256=sha256(sealed),
        signature_sha256=sha256(bytes(embedded.pkcs7_content)),
        signed_at=signed_at,
        reason=reason,
    )


def _align_producer(writer) -> None:  # type: ignore[no-untyped-def]
    """PDF/A wants the Info dictionary's /Producer equal to the XMP pdf:Producer. pyHanko writes its own name
    into the XMP but appends it to the Info entry; giving the Info entry that same name first keeps them equal."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.metadata.model import VENDOR

    if "/Info" not in writer.trailer:
        return
    info_ref = writer.trailer.raw_get("/Info")
    info = info_ref.get_object()
    info["/Producer"] = generic.TextStringObject(VENDOR)
    if isinstance(info_ref, generic.IndirectObject):
        writer.mark_update(info_ref)


def _trust_roots() -> list[Any]:
    from pyhanko.keys import load_certs_from_pemder

    paths = [p for p in getattr(settings, "LGL_SEAL_TRUST_ROOTS", []) if p]
    roots = []
    for path in paths:
        try:
            roots.extend(load_certs_from_pemder([path]))
        except OSError:
            logger.warning("Rotcertifikatet %s för sigillet kunde inte läsas", path, exc_info=True)
    return roots


def check_seal(data: bytes) -> SealCheck:
    """Validate the portal's seal in `data` with pyHanko against the configured trust roots. Never raises."""
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import SignatureCoverageLevel, validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        signatures = reader.embedded_signatures
    except Exception as exc:
        # Anything unreadable is simply not a sealed file; the page says so.
        return SealCheck(signed=False, error=f"{type(exc).__name__}: {exc}")
    if not signatures:
        return SealCheck(signed=False)
    ours = [s for s in signatures if s.field_name == FIELD_NAME]
    embedded = (ours or signatures)[0]
    reason = str(embedded.sig_object.get("/Reason", ""))
    signature_digest = sha256(bytes(embedded.pkcs7_content))
    try:
        context = ValidationContext(trust_roots=_trust_roots(), allow_fetching=False)
        status = _without_event_loop(lambda: validate_pdf_signature(embedded, context))
    except Exception as exc:
        logger.info("Sigillet kunde inte valideras", exc_info=True)
        return SealCheck(signed=True, reason=reason, signature_sha256=signature_digest, error=str(exc))
    try:
        signer = status.signing_cert.subject.human_friendly
    except Exception:
        signer = ""
    return SealCheck(
        signed=True,
        intact=bool(status.intact and status.valid),
        trusted=bool(status.trusted),
        whole_file=status.coverage == SignatureCoverageLevel.ENTIRE_FILE,
        signing_time=status.signer_reported_dt,
        signer=signer,
        reason=reason,
        signature_sha256=signature_digest,
    )


def seal_reason(*, kind: str, meeting, labels: str = "") -> str:  # type: ignore[no-untyped-def]
    """The seal's reason: what is sealed, which protocol version, and who approved it when.

    The approvals come from the same function that prints the protocol's signature block, so the seal and the
    page never disagree; the public version names people as the public version prints them.
    """
    from django.utils import timezone, translation
    from django.utils.translation import gettext as _

    from meetings.documents.models import DocumentJob
    from meetings.documents.rendering import _approvals

    public = kind == DocumentJob.Kind.PUBLIC_PROTOCOL
    with translation.override("sv"):
        approvals = _approvals(meeting, public=public)
        lines = []
        for role, line in [(_("ordförande"), approvals["chair"])] + [
            (_("justerare"), a) for a in approvals["adjusters"]
        ]:
            if line and line["approved"]:
                lines.append(f"{role} {line['name']} {timezone.localtime(line['at']):%Y-%m-%d %H:%M}")
        what = str(DocumentJob.Kind(kind).label)
        if labels:
            what = f"{what} {labels}"
        parts = [
            _("%(what)s, %(organ)s %(date)s, protokollversion %(version)s.")
            % {
                "what": what,
                "organ": meeting.organ.name,
                "date": f"{meeting.date:%Y-%m-%d}",
                "version": meeting.protocol_version,
            },
        ]
        if lines:
            parts.append(_("Justerat och godkänt av %(approvals)s.") % {"approvals": ", ".join(lines)})
        parts.append(_("Förseglat av LGL-portalen."))
    return " ".join(parts)


def reason_for_job(job) -> str | None:  # type: ignore[no-untyped-def]
    """The seal's reason when this render must be sealed, else None.

    Sealed: the protocol, its public version and extracts of a justerat (locked) protocol; drafts never are.
    Without a configured seal the file is rendered unsealed and the worker says so in its log.
    """
    from meetings.documents.models import DocumentJob
    from meetings.models import Meeting

    if job.kind not in SEALED_KINDS or not job.meeting_id:
        return None
    meeting = (
        Meeting.objects.select_related("organ", "chair")
        .prefetch_related("adjusters", "signatures")
        .filter(pk=job.meeting_id, status__in=Meeting.LOCKED_STATUSES)
        .first()
    )
    if meeting is None:
        return None
    if not seal_configured():
        logger.warning("LGL_SEAL_P12 saknas: %s för %s skapas utan sigill.", job.kind, meeting)
        return None
    labels = ""
    if job.kind == DocumentJob.Kind.EXTRACT and job.extract_id:
        items = sorted(job.extract.items.all(), key=lambda i: i.position)
        labels = ", ".join(i.paragraph_label or f"{i.position}." for i in items)
    return seal_reason(kind=job.kind, meeting=meeting, labels=labels)
