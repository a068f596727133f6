"""Fixtures for sealed documents: a development CA and seal made by the project's own command, per test session."""

from __future__ import annotations

import concurrent.futures
import io
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

SEAL_PASSWORD = "test-sigill-lösenord"


@pytest.fixture(scope="session")
def dev_seal_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("seal")
    call_command("seal_dev_certificate", dir=str(directory), password=SEAL_PASSWORD, stdout=io.StringIO())
    return directory


@pytest.fixture
def dev_seal(settings: Any, dev_seal_dir: Path) -> Path:
    """Seal with the development certificate and trust its CA, as `make run` does."""
    settings.LGL_SEAL_P12 = str(dev_seal_dir / "dev-seal.p12")
    settings.LGL_SEAL_PASSWORD = SEAL_PASSWORD
    settings.LGL_SEAL_TRUST_ROOTS = [str(dev_seal_dir / "dev-ca.pem")]
    return dev_seal_dir


def pyhanko_status(data: bytes, root: Path) -> Any:
    """pyHanko's own verdict on the one signature in `data`, asked directly rather than through the portal.

    On a thread of its own: pyHanko's sync API starts an event loop, which fails where one already runs (the
    session's Playwright browser does in the main thread once a browser test has run).
    """
    from pyhanko.keys import load_cert_from_pemder
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    def validate() -> Any:
        [signature] = PdfFileReader(io.BytesIO(data)).embedded_signatures
        context = ValidationContext(trust_roots=[load_cert_from_pemder(str(root))], allow_fetching=False)
        return validate_pdf_signature(signature, context)

    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(validate).result()
