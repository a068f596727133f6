"""Checks every uploaded file before it is stored: size, extension, and that the content matches the extension."""

from __future__ import annotations

import os

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

# Extension -> magic-byte prefixes the content must start with. None = text that must decode as UTF-8.
SIGNATURES: dict[str, tuple[bytes, ...] | None] = {
    ".pdf": (b"%PDF-",),
    ".docx": (b"PK\x03\x04",),
    ".xlsx": (b"PK\x03\x04",),
    ".pptx": (b"PK\x03\x04",),
    ".odt": (b"PK\x03\x04",),
    ".ods": (b"PK\x03\x04",),
    ".odp": (b"PK\x03\x04",),
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".txt": None,
    ".csv": None,
}
DOCUMENT_EXTENSIONS = (".pdf", ".docx", ".xlsx", ".pptx", ".odt", ".ods", ".odp", ".png", ".jpg", ".jpeg", ".txt")
CONTENT_TYPES = {
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ".odt": "application/vnd.oasis.opendocument.text",
    ".ods": "application/vnd.oasis.opendocument.spreadsheet",
    ".odp": "application/vnd.oasis.opendocument.presentation",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".txt": "text/plain; charset=utf-8",
    ".csv": "text/csv; charset=utf-8",
}


def validate_upload(
    upload: UploadedFile, *, allowed: tuple[str, ...] = DOCUMENT_EXTENSIONS, max_bytes: int | None = None
) -> str:
    """Raise a Swedish ValidationError for a file we must not store; return the content type to record."""
    max_bytes = max_bytes or settings.LGL_MAX_UPLOAD_BYTES
    name = os.path.basename(upload.name or "")
    ext = os.path.splitext(name)[1].lower()
    if upload.size is not None and upload.size > max_bytes:
        raise ValidationError(
            _("Filen är för stor (%(size)s MB). Största tillåtna storlek är %(max)s MB.")
            % {"size": round(upload.size / 1_048_576, 1), "max": round(max_bytes / 1_048_576)}
        )
    if upload.size == 0:
        raise ValidationError(_("Filen är tom."))
    if ext not in allowed:
        raise ValidationError(
            _("Filtypen %(ext)s är inte tillåten. Tillåtna typer: %(allowed)s.")
            % {"ext": ext or _("(saknas)"), "allowed": ", ".join(allowed)}
        )
    upload.seek(0)
    head = upload.read(4096)
    upload.seek(0)
    signatures = SIGNATURES.get(ext)
    if signatures is None:
        try:
            head.decode("utf-8")
        except UnicodeDecodeError as exc:
            # A multi-byte character may be cut at 4096 bytes; only an early failure is a real one.
            if exc.start < len(head) - 4:
                raise ValidationError(
                    _("Filen är inte en textfil i UTF-8, som filändelsen %(ext)s säger.") % {"ext": ext}
                ) from exc
        if b"\x00" in head:
            raise ValidationError(_("Filen är inte en textfil, som filändelsen %(ext)s säger.") % {"ext": ext})
    elif not any(head.startswith(sig) for sig in signatures):
        raise ValidationError(
            _("Filens innehåll stämmer inte med filändelsen %(ext)s. Kontrollera att du valt rätt fil.") % {"ext": ext}
        )
    return CONTENT_TYPES[ext]
