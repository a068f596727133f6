"""Create a development CA and an organisation-seal certificate for it, once (`make run` calls this).

Both are clearly marked as development material in their names: a file sealed with them says so to anyone who
opens its signature panel. Production mounts a real seal (LGL_SEAL_P12) and its CA (LGL_SEAL_TRUST_ROOTS).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID
from django.conf import settings
from django.core.management.base import BaseCommand

CA_FILE = "dev-ca.pem"
SEAL_FILE = "dev-seal.p12"
CA_NAME = "LGL-portalen UTVECKLINGS-CA (ej giltig i produktion)"
SEAL_NAME = "LGL-portalen UTVECKLINGSSIGILL (ej giltigt i produktion)"
ORGANISATION = "Länsgemensam ledning i samverkan – utveckling"
KEY_BITS = 3072


def _name(common_name: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "SE"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, ORGANISATION),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


def create_dev_certificates(directory: Path, *, password: str) -> tuple[Path, Path]:
    """Write dev-ca.pem and dev-seal.p12 (seal key, certificate and CA) into `directory`."""
    directory.mkdir(parents=True, exist_ok=True)
    now = dt.datetime.now(dt.UTC)
    # The validity starts a day back so a clock a little behind on another machine still accepts it.
    not_before, ca_until, seal_until = (
        now - dt.timedelta(days=1),
        now + dt.timedelta(days=3650),
        now + dt.timedelta(days=1825),
    )

    # RSA on purpose: with an EC key pyHanko declares the ISO 32002 extension and PDF 2.0 in the catalog,
    # which a PDF/A-2 (PDF 1.7) file must not claim.
    ca_key = rsa.generate_private_key(public_exponent=65537, key_size=KEY_BITS)
    ca_cert = (
        x509.CertificateBuilder()
        .subject_name(_name(CA_NAME))
        .issuer_name(_name(CA_NAME))
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before)
        .not_valid_after(ca_until)
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=False,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), critical=False)
        .sign(ca_key, hashes.SHA256())
    )

    seal_key = rsa.generate_private_key(public_exponent=65537, key_size=KEY_BITS)
    seal_cert = (
        x509.CertificateBuilder()
        .subject_name(_name(SEAL_NAME))
        .issuer_name(ca_cert.subject)
        .public_key(seal_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before)
        .not_valid_after(seal_until)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        # An organisation seal: signatures (digital_signature) that commit to content (non-repudiation).
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(seal_key.public_key()), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False)
        .sign(ca_key, hashes.SHA256())
    )

    ca_path, seal_path = directory / CA_FILE, directory / SEAL_FILE
    ca_path.write_bytes(ca_cert.public_bytes(serialization.Encoding.PEM))
    p12 = pkcs12.serialize_key_and_certificates(
        name=SEAL_NAME.encode(),
        key=seal_key,
        cert=seal_cert,
        cas=[ca_cert],
        encryption_algorithm=serialization.BestAvailableEncryption(password.encode()),
    )
    seal_path.write_bytes(p12)
    seal_path.chmod(0o600)
    # The CA key is not kept: nothing else is ever issued under this root; a new run makes a new root.
    return ca_path, seal_path


class Command(BaseCommand):
    help = "Skapar en utvecklings-CA och ett sigillcertifikat under var/seal/ om de saknas (bara för utveckling)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--dir", default=str(settings.LGL_SEAL_DEV_DIR), help="Mapp för dev-ca.pem och dev-seal.p12."
        )
        parser.add_argument("--password", default=settings.LGL_SEAL_DEV_PASSWORD, help="Lösenordet för dev-seal.p12.")
        parser.add_argument("--force", action="store_true", help="Skapa nya även om filerna finns.")

    def handle(self, *args: Any, **options: Any) -> None:
        directory = Path(options["dir"])
        ca_path, seal_path = directory / CA_FILE, directory / SEAL_FILE
        if ca_path.exists() and seal_path.exists() and not options["force"]:
            self.stdout.write(f"Utvecklingssigillet finns redan: {seal_path}")
            return
        ca_path, seal_path = create_dev_certificates(directory, password=options["password"])
        self.stdout.write(f"Skapade utvecklings-CA {ca_path} och sigill {seal_path} (ej för produktion).")
