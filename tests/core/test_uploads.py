from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from lgl_portal.core.uploads import validate_upload

PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 64


def _message(exc: pytest.ExceptionInfo[ValidationError]) -> str:
    return " ".join(exc.value.messages)


def test_a_real_pdf_is_accepted_with_its_content_type() -> None:
    assert validate_upload(SimpleUploadedFile("Bildspel.pdf", PDF)) == "application/pdf"


def test_a_file_over_the_limit_is_refused_with_sizes_in_megabytes() -> None:
    upload = SimpleUploadedFile("stor.pdf", PDF + b"0" * (3 * 1_048_576))
    with pytest.raises(ValidationError) as exc:
        validate_upload(upload, max_bytes=2 * 1_048_576)
    assert "Filen är för stor (3.0 MB). Största tillåtna storlek är 2 MB." in _message(exc)


def test_the_site_wide_upload_limit_applies_when_none_is_given(settings: object) -> None:
    settings.LGL_MAX_UPLOAD_BYTES = 1024  # type: ignore[attr-defined]
    with pytest.raises(ValidationError) as exc:
        validate_upload(SimpleUploadedFile("handling.pdf", PDF + b"0" * 2048))
    assert "för stor" in _message(exc)


def test_a_disallowed_extension_is_refused_and_the_allowed_ones_are_listed() -> None:
    with pytest.raises(ValidationError) as exc:
        validate_upload(SimpleUploadedFile("program.exe", EXE))
    assert "Filtypen .exe är inte tillåten. Tillåtna typer: .pdf" in _message(exc)


def test_a_file_without_extension_is_refused() -> None:
    with pytest.raises(ValidationError) as exc:
        validate_upload(SimpleUploadedFile("protokoll", PDF))
    assert "Filtypen (saknas) är inte tillåten" in _message(exc)


def test_a_png_renamed_to_pdf_is_refused() -> None:
    with pytest.raises(ValidationError) as exc:
        validate_upload(SimpleUploadedFile("protokoll.pdf", PNG))
    assert "Filens innehåll stämmer inte med filändelsen .pdf" in _message(exc)


def test_an_exe_renamed_to_pdf_is_refused() -> None:
    with pytest.raises(ValidationError) as exc:
        validate_upload(SimpleUploadedFile("faktura.PDF", EXE))
    assert "stämmer inte med filändelsen .pdf" in _message(exc)


def test_an_exe_renamed_to_docx_is_refused() -> None:
    with pytest.raises(ValidationError) as exc:
        validate_upload(SimpleUploadedFile("handling.docx", EXE))
    assert "stämmer inte med filändelsen .docx" in _message(exc)


def test_binary_content_in_a_txt_file_is_refused() -> None:
    with pytest.raises(ValidationError) as exc:
        validate_upload(SimpleUploadedFile("anteckningar.txt", EXE))
    assert "inte en textfil" in _message(exc)


def test_an_empty_file_is_refused() -> None:
    with pytest.raises(ValidationError) as exc:
        validate_upload(SimpleUploadedFile("tom.pdf", b""))
    assert "Filen är tom." in _message(exc)


def test_a_narrower_allow_list_refuses_what_the_default_would_accept() -> None:
    with pytest.raises(ValidationError):
        validate_upload(SimpleUploadedFile("bild.png", PNG), allowed=(".pdf",))
