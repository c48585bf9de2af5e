"""The key that seals agreements: the program's own, or an agency's imported certificate.

On first use the program makes an ECDSA P-256 key and a self-signed certificate and keeps them
in ``<user data dir>/keys/`` (``seal-key.pem``, ``seal-cert.pem``), readable by the user only
(0600, in a 0700 folder). An agency can import its own PKCS#12 file instead; it replaces the
program's key in the same place.

Not done here (the later security issue): the key is stored as unencrypted PKCS#8 PEM,
protected by file permissions only. Encrypting it with a passphrase (PKCS#8 with
``BestAvailableEncryption``) and unlocking it at start is that issue's job.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import platformdirs
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID

from facilitator.agreements.model import AgreementError
from facilitator.agreements.templates import APP_DIR_NAME

KEY_FILE = "seal-key.pem"
CERT_FILE = "seal-cert.pem"
#: How long the program's self-signed certificate is valid.
CERT_YEARS = 20


class SealKeyError(AgreementError):
    """The sealing key cannot be made, read or imported; the message says why."""


@dataclass(frozen=True, slots=True)
class SealKey:
    """A private key and its certificate, as PEM bytes.

    Attributes:
        key_pem: The private key, unencrypted PKCS#8 PEM.
        cert_pem: The signing certificate, PEM.
        chain_pem: Further certificates of an imported chain, PEM (may be empty).
    """

    key_pem: bytes
    cert_pem: bytes
    chain_pem: bytes = b""

    @property
    def subject(self) -> str:
        """The certificate's subject, for messages."""
        return x509.load_pem_x509_certificate(self.cert_pem).subject.rfc4514_string()


#: Overrides the keys folder (tests, or an agency that keeps keys on another drive).
KEYS_ENV_VAR = "CIRCLE_FACILITATOR_KEYS"


def default_keys_dir() -> Path:
    """``$CIRCLE_FACILITATOR_KEYS`` if set, else ``keys/`` in the user data directory."""
    override = os.environ.get(KEYS_ENV_VAR, "").strip()
    if override:
        return Path(override).expanduser()
    return Path(platformdirs.user_data_dir(APP_DIR_NAME, appauthor=False)) / "keys"


def load_or_create_key(keys_dir: Path | None = None) -> SealKey:
    """The sealing key in ``keys_dir``, made on first use.

    Raises:
        SealKeyError: the folder or files cannot be written or read.
    """
    folder = keys_dir or default_keys_dir()
    key_path, cert_path = folder / KEY_FILE, folder / CERT_FILE
    try:
        if key_path.exists() and cert_path.exists():
            chain_path = folder / "seal-chain.pem"
            chain = chain_path.read_bytes() if chain_path.exists() else b""
            return SealKey(key_path.read_bytes(), cert_path.read_bytes(), chain)
        key = _new_program_key()
        _write_key(folder, key)
    except OSError as exc:
        raise SealKeyError(
            f"The sealing key cannot be kept in {folder} ({exc.strerror})."
        ) from None
    return key


def import_pkcs12(path: Path, passphrase: bytes | None, keys_dir: Path | None = None) -> SealKey:
    """Make an agency's PKCS#12 certificate the sealing key from now on.

    Raises:
        SealKeyError: the file cannot be read, the passphrase is wrong, or it holds no key.
    """
    try:
        key, cert, extra = pkcs12.load_key_and_certificates(path.read_bytes(), passphrase)
    except OSError as exc:
        raise SealKeyError(f"{path.name} cannot be read ({exc.strerror}).") from None
    except ValueError:
        raise SealKeyError(
            f"{path.name} is not a PKCS#12 file, or the passphrase is wrong."
        ) from None
    if key is None or cert is None:
        raise SealKeyError(f"{path.name} holds no private key with a certificate.")
    sealed = SealKey(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        ),
        cert.public_bytes(serialization.Encoding.PEM),
        b"".join(c.public_bytes(serialization.Encoding.PEM) for c in extra),
    )
    try:
        _write_key(keys_dir or default_keys_dir(), sealed)
    except OSError as exc:
        raise SealKeyError(f"The imported key cannot be kept ({exc.strerror}).") from None
    return sealed


def _new_program_key() -> SealKey:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, "Circle Facilitator agreement seal"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Circle Facilitator (this computer)"),
        ]
    )
    now = datetime.now(UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=365 * CERT_YEARS))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .sign(key, hashes.SHA256())
    )
    return SealKey(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        ),
        cert.public_bytes(serialization.Encoding.PEM),
    )


def _write_key(folder: Path, key: SealKey) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    folder.chmod(0o700)
    files = {KEY_FILE: key.key_pem, CERT_FILE: key.cert_pem, "seal-chain.pem": key.chain_pem}
    for name, data in files.items():
        target = folder / name
        tmp = folder / f".{name}.part"
        # Created 0600 from the start: the key is never readable by others, not even briefly.
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as stream:
            stream.write(data)
        tmp.replace(target)
