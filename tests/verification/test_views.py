"""/verifiera/ and /api/verifiera/ as an anonymous visitor: the verdicts, the limits, nothing stored."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

from meetings.documents import sealing
from meetings.documents.models import SealedFile
from tests.verification.support import sealed_public_protocol, unsealed_pdf

pytestmark = pytest.mark.django_db

PAGE = "/verifiera/"
API = "/api/verifiera/"


def text_of(response: Any) -> str:
    return " ".join(response.content.decode().split())


def upload(client: Client, url: str, data: bytes, name: str = "protokoll.pdf") -> Any:
    return client.post(url, {"file": SimpleUploadedFile(name, data, content_type="application/pdf")})


def appended_update(sealed: bytes) -> bytes:
    writer = IncrementalPdfFileWriter(io.BytesIO(sealed))
    writer.root["/Lang"] = writer.root["/Lang"].__class__("en")
    writer.update_root()
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_the_page_explains_itself_to_an_anonymous_visitor(client: Client) -> None:
    response = client.get(PAGE)
    assert response.status_code == 200
    text = text_of(response)
    assert "Kontrollera ett protokoll" in text
    assert "Filen sparas inte" in text


def test_the_sealed_public_protocol_is_named_with_organ_date_and_version(client: Client, dev_seal: Path) -> None:
    meeting, sealed = sealed_public_protocol()
    response = upload(client, PAGE, sealed)
    assert response.status_code == 200
    text = text_of(response)
    assert "Resultat: Äkta och oförändrad" in text
    assert (
        "Det här är den offentliga versionen av det justerade protokollet från sammanträdet med "
        "Länsgemensam ledning i samverkan den 29 september 2023, version 1." in text
    )
    assert "och den är oförändrad sedan dess" in text
    assert hashlib.sha256(sealed).hexdigest() in text
    assert f'href="/moten/{meeting.pk}/"' in response.content.decode()


def test_a_copy_with_one_byte_changed_is_reported_as_changed_after_sealing(client: Client, dev_seal: Path) -> None:
    _meeting, sealed = sealed_public_protocol()
    copy = bytearray(sealed)
    copy[len(sealed) // 3] ^= 0x01
    text = text_of(upload(client, PAGE, bytes(copy)))
    assert "Resultat: Ändrad efter förseglingen" in text
    assert "Sigillet hör till den offentliga versionen av det justerade protokollet från sammanträdet med" in text
    assert "Lita inte på den här kopian" in text


def test_a_copy_with_an_update_appended_is_reported_as_changed(client: Client, dev_seal: Path) -> None:
    _meeting, sealed = sealed_public_protocol()
    text = text_of(upload(client, PAGE, appended_update(sealed)))
    assert "Resultat: Ändrad efter förseglingen" in text


def test_an_unrelated_pdf_is_unknown_to_the_portal(client: Client, dev_seal: Path) -> None:
    text = text_of(upload(client, PAGE, unsealed_pdf()))
    assert "Resultat: Okänd för portalen" in text
    assert "Filen har inget sigill från portalen" in text


def test_a_file_sealed_by_the_portal_but_missing_from_the_register_is_still_recognised(
    client: Client, dev_seal: Path
) -> None:
    _meeting, sealed = sealed_public_protocol()
    SealedFile.objects.all().delete()
    text = text_of(upload(client, PAGE, sealed))
    assert "Resultat: Äkta och oförändrad" in text
    assert "Portalens register saknar uppgift om vilket sammanträde den hör till." in text


def test_a_checksum_answers_without_a_file(client: Client, dev_seal: Path) -> None:
    _meeting, sealed = sealed_public_protocol()
    digest = hashlib.sha256(sealed).hexdigest()
    text = text_of(client.get(PAGE, {"sha256": digest.upper()}))
    assert "Resultat: Äkta och oförändrad" in text
    assert "den 29 september 2023, version 1" in text

    text = text_of(client.get(PAGE, {"sha256": "0" * 64}))
    assert "Resultat: Okänd för portalen" in text
    assert "Ingen fil som portalen har förseglat har den kontrollsumman." in text

    response = client.get(PAGE, {"sha256": "inte-en-summa"})
    assert response.status_code == 400
    assert "En sha256-kontrollsumma har 64 tecken" in text_of(response)


def test_a_file_over_the_limit_is_refused_in_swedish_and_never_touches_the_disk(
    client: Client, settings: Any, tmp_path: Path
) -> None:
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path)
    big = b"%PDF-1.7\n" + b"0" * (25 * 1024 * 1024)
    response = upload(client, PAGE, big)
    assert response.status_code == 400
    assert "Filen är för stor (25.0 MB). Största tillåtna storlek är 20 MB." in text_of(response)
    assert list(tmp_path.iterdir()) == []
    assert not SealedFile.objects.exists()


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("anteckningar.txt", b"Det har ar ingen pdf", "Filtypen .txt är inte tillåten. Tillåtna typer: .pdf."),
        ("protokoll.pdf", b"Det har ar ingen pdf", "Filens innehåll stämmer inte med filändelsen .pdf."),
    ],
)
def test_a_file_that_is_not_a_pdf_is_refused_in_swedish(client: Client, name: str, data: bytes, message: str) -> None:
    response = upload(client, PAGE, data, name=name)
    assert response.status_code == 400
    assert message in text_of(response)


def test_posting_nothing_asks_for_a_file(client: Client) -> None:
    response = client.post(PAGE, {})
    assert response.status_code == 400
    assert "Välj en PDF-fil att kontrollera." in text_of(response)


def test_the_api_gives_the_same_verdicts_as_json(client: Client, dev_seal: Path) -> None:
    _meeting, sealed = sealed_public_protocol()
    body = upload(client, API, sealed).json()
    assert body["outcome"] == "sealed"
    assert body["document"]["organ"] == "Länsgemensam ledning i samverkan"
    assert body["document"]["meeting_date"] == "2023-09-29"
    assert body["document"]["protocol_version"] == 1
    assert body["document"]["kind"] == "public_protocol"
    assert body["seal"]["intact"] and body["seal"]["trusted"] and body["seal"]["covers_whole_file"]
    assert body["sha256"] == hashlib.sha256(sealed).hexdigest()

    assert client.get(API, {"sha256": body["sha256"]}).json()["outcome"] == "sealed"
    assert upload(client, API, appended_update(sealed)).json()["outcome"] == "changed"
    assert upload(client, API, unsealed_pdf()).json()["outcome"] == "unknown"

    refused = upload(client, API, b"ingen pdf", name="x.txt")
    assert refused.status_code == 400
    assert refused.json()["errors"]["file"] == ["Filtypen .txt är inte tillåten. Tillåtna typer: .pdf."]
    assert client.get(API, {"sha256": "x"}).status_code == 400


def test_a_later_correction_is_pointed_out(client: Client, dev_seal: Path) -> None:
    meeting, sealed = sealed_public_protocol()
    meeting.protocol_version = 2
    meeting.save(update_fields=["protocol_version"])
    text = text_of(upload(client, PAGE, sealed))
    assert "Resultat: Äkta och oförändrad" in text
    assert "Den gällande versionen är version 2." in text


def test_the_seal_check_alone_matches_the_register(dev_seal: Path) -> None:
    _meeting, sealed = sealed_public_protocol()
    record = SealedFile.objects.get()
    assert record.signature_sha256 == sealing.check_seal(sealed).signature_sha256
