"""Seal a signed agreement PDF, and tell later whether a file is that sealed agreement.

The seal is a PAdES certification signature (pyHanko) that permits no change at all (DocMDP
level 1). pyHanko is imported inside the functions: importing it costs about 0.4 s, which the
app's start should not pay.

Verification says one of three things:

* ``valid``: the seal is intact, covers every byte of the file (nothing added after it), and
  the agreement's content hash in the file matches the version kept in the store;
* ``modified``: the file is damaged, changed, truncated or extended after sealing, or its
  content differs from the stored version;
* ``unknown``: the file carries no seal of ours, or names an agreement this store does not hold.
"""

from __future__ import annotations

import io
import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import Any, Protocol

from facilitator.agreements.keys import CERT_FILE, SealKey, default_keys_dir
from facilitator.agreements.pdf import KEYWORD_PREFIX

SEAL_FIELD = "AgreementSeal"

_KEYWORDS = re.compile(
    re.escape(KEYWORD_PREFIX) + r" id=([0-9a-f]{32}) version=(\d+) sha256=([0-9a-f]{64})"
)


class VerdictStatus(StrEnum):
    """What verification found."""

    VALID = "valid"
    MODIFIED = "modified"
    UNKNOWN = "unknown"


@dataclass(frozen=True, slots=True)
class Verdict:
    """The result of :func:`verify_pdf`.

    Attributes:
        status: Valid, modified or unknown.
        reason: Why, in a sentence for the person checking.
        agreement_id: The agreement the file names, when it could be read.
    """

    status: VerdictStatus
    reason: str
    agreement_id: str | None = None


class HashLookup(Protocol):
    """What verification needs from the store: the stored content hash of a version."""

    def content_hash_of(self, agreement_id: str) -> str | None:
        """The stored hash, or ``None`` when the agreement is not stored."""


class AgreementLookup(Protocol):
    """A store with agreements (:class:`facilitator.storage.store.Store`)."""

    @property
    def agreements(self) -> HashLookup:
        """The agreements part of the store."""


def seal_pdf(pdf: bytes, key: SealKey) -> bytes:
    """Certify ``pdf`` with ``key``, permitting no further change.

    Returns:
        The sealed file.
    """
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter  # noqa: PLC0415
    from pyhanko.sign import fields, signers  # noqa: PLC0415

    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    meta = signers.PdfSignatureMetadata(
        field_name=SEAL_FIELD,
        certify=True,
        docmdp_permissions=fields.MDPPerm.NO_CHANGES,
        subfilter=fields.SigSeedSubFilter.PADES,
        md_algorithm="sha256",
        reason="Sealed by Circle Facilitator after the last signature",
    )
    out = signers.PdfSigner(meta, signer=_signer(key)).sign_pdf(writer)
    return bytes(out.getbuffer())


def _signer(key: SealKey) -> Any:
    from pyhanko.keys import (  # noqa: PLC0415
        load_certs_from_pemder_data,
        load_private_key_from_pemder_data,
    )
    from pyhanko.sign import signers  # noqa: PLC0415
    from pyhanko_certvalidator.registry import SimpleCertificateStore  # noqa: PLC0415

    cert = next(iter(load_certs_from_pemder_data(key.cert_pem)))
    chain = list(load_certs_from_pemder_data(key.chain_pem)) if key.chain_pem else []
    return signers.SimpleSigner(
        signing_cert=cert,
        signing_key=load_private_key_from_pemder_data(key.key_pem, passphrase=None),
        cert_registry=SimpleCertificateStore.from_certs([cert, *chain]),  # type: ignore[no-untyped-call]
    )


def verify_pdf(
    path: Path, store: AgreementLookup, trusted: Sequence[bytes] | None = None
) -> Verdict:
    """Check a sealed agreement file against the store.

    Args:
        path: The PDF.
        store: The store holding the agreement.
        trusted: PEM certificates whose seals are accepted; by default the sealing key's
            certificate in the user data directory (the program's own, or the agency's).

    Raises:
        OSError: the file cannot be read.
    """
    return verify_bytes(path.read_bytes(), store, trusted)


def verify_bytes(  # noqa: PLR0911 - one return per verdict reads plainer than a chain
    data: bytes, store: AgreementLookup, trusted: Sequence[bytes] | None = None
) -> Verdict:
    """:func:`verify_pdf` on bytes already read."""
    from pyhanko.pdf_utils.misc import PdfError  # noqa: PLC0415
    from pyhanko.pdf_utils.reader import PdfFileReader  # noqa: PLC0415

    _quiet_pyhanko()
    # A damaged PDF is "modified"; only a file that is no PDF of ours at all is "unknown".
    # Either sign is enough, so one changed byte cannot hide both.
    ours = data.startswith(b"%PDF-") or KEYWORD_PREFIX.encode() in data
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=True)
        signatures = reader.embedded_signatures
        found = _KEYWORDS.search(str(reader.trailer_view["/Info"].get("/Keywords", "")))
    except (PdfError, ValueError, KeyError, TypeError, IndexError, AttributeError, OSError):
        if ours:
            return _modified("The file is damaged or was changed: it cannot be read as a PDF.")
        return Verdict(VerdictStatus.UNKNOWN, "This is not an agreement sealed by this program.")
    if not signatures:
        return Verdict(
            VerdictStatus.UNKNOWN,
            "The file carries no seal (a copy printed for signing on paper is never sealed).",
            found.group(1) if found else None,
        )
    if found is None:
        return _modified("The file no longer names the agreement it holds.")
    agreement_id, digest = found.group(1), found.group(3)
    certs = _trusted_certs(trusted)
    problem = _seal_problem(data, signatures, certs)
    if problem:
        return _modified(problem, agreement_id)
    signer = _signer_problem(signatures[0], certs)
    if signer is not None:
        return Verdict(signer[0], signer[1], agreement_id)
    stored = store.agreements.content_hash_of(agreement_id)
    if stored is None:
        return Verdict(
            VerdictStatus.UNKNOWN,
            "The seal is intact, but this store holds no agreement with this id.",
            agreement_id,
        )
    if stored != digest:
        return _modified(
            "The seal is intact, but the content differs from the agreement in the store.",
            agreement_id,
        )
    return Verdict(
        VerdictStatus.VALID,
        "The seal is intact, covers the whole file, and the content matches the store.",
        agreement_id,
    )


def _seal_problem(data: bytes, signatures: list[Any], certs: list[Any]) -> str:  # noqa: PLR0911
    """Why the seal does not vouch for every byte of ``data``, or ``""``."""
    from pyhanko.sign.fields import MDPPerm  # noqa: PLC0415
    from pyhanko.sign.validation import validate_pdf_signature  # noqa: PLC0415
    from pyhanko.sign.validation.errors import SignatureValidationError  # noqa: PLC0415
    from pyhanko.sign.validation.status import SignatureCoverageLevel  # noqa: PLC0415
    from pyhanko_certvalidator import ValidationContext  # noqa: PLC0415

    if len(signatures) != 1:
        return "The file holds more than one signature; the seal allows none after it."
    sig = signatures[0]
    gap = _gap_problem(data, sig)
    if gap:
        return gap
    try:
        context = ValidationContext(trust_roots=certs, allow_fetching=False)
        status = validate_pdf_signature(sig, signer_validation_context=context, skip_diff=True)
    except (SignatureValidationError, ValueError, KeyError, TypeError) as exc:
        return f"The seal cannot be checked ({type(exc).__name__}): the file was changed."
    if not status.intact or not status.valid:
        return "The seal does not match the file's content: the file was changed."
    if status.coverage is not SignatureCoverageLevel.ENTIRE_FILE:
        return "Something was added to or removed from the file after it was sealed."
    if sig.docmdp_level is not MDPPerm.NO_CHANGES:
        return "The seal does not forbid changes, so it is not ours."
    return ""


@cache
def _quiet_pyhanko() -> None:
    # A changed file makes pyHanko log the failure with a traceback; with no logging set up,
    # Python would print that to stderr. The verdict already says what went wrong.
    for name in ("pyhanko", "pyhanko_certvalidator"):
        logging.getLogger(name).addHandler(logging.NullHandler())


def _trusted_certs(trusted: Sequence[bytes] | None) -> list[Any]:
    from pyhanko.keys import load_certs_from_pemder_data  # noqa: PLC0415

    if trusted is None:
        cert_path = default_keys_dir() / CERT_FILE
        trusted = [cert_path.read_bytes()] if cert_path.is_file() else []
    return [cert for pem in trusted for cert in load_certs_from_pemder_data(pem)]


def _signer_problem(sig: Any, trusted: list[Any]) -> tuple[VerdictStatus, str] | None:
    """Whether the seal was made with a trusted key, with its certificate unchanged."""
    cert = sig.signer_cert
    if any(cert.dump() == known.dump() for known in trusted):
        return None
    if any(cert.public_key.dump() == known.public_key.dump() for known in trusted):
        return (VerdictStatus.MODIFIED, "The certificate inside the seal was changed.")
    return (
        VerdictStatus.UNKNOWN,
        "The seal is intact, but it was made with a key this installation does not know.",
    )


def _gap_problem(data: bytes, sig: Any) -> str:
    """Check the one stretch the seal cannot cover: the signature value itself.

    It must be exactly ``<`` + the signature in upper-case hex, padded with zeros, + ``>``, as
    pyHanko writes it; otherwise bytes could change there unnoticed (a lower-case hex digit, or
    a non-zero in the padding).
    """
    byte_range = list(sig.sig_object["/ByteRange"])
    if len(byte_range) != 4 or byte_range[0] != 0:
        return "The seal's byte range is not the whole file."
    start, end = byte_range[1], byte_range[2]
    if byte_range[2] + byte_range[3] != len(data):
        return "Something was added to or removed from the file after it was sealed."
    gap = data[start:end]
    if len(gap) < 2 or gap[:1] != b"<" or gap[-1:] != b">":
        return "The seal's value was changed."
    hex_digits = gap[1:-1]
    if re.fullmatch(rb"[0-9A-F]*", hex_digits) is None or len(hex_digits) % 2:
        return "The seal's value was changed."
    contents = bytes.fromhex(hex_digits.decode("ascii"))
    length = _der_length(contents)
    if length is None or any(contents[length:]):
        return "The seal's value was changed."
    return ""


def _der_length(der: bytes) -> int | None:
    """Total length of the DER element at the start of ``der``, or ``None`` if malformed."""
    if len(der) < 2 or der[0] != 0x30:
        return None
    first = der[1]
    if first < 0x80:
        total = 2 + first
    else:
        count = first & 0x7F
        if count == 0 or count > 4 or len(der) < 2 + count:
            return None
        total = 2 + count + int.from_bytes(der[2 : 2 + count], "big")
    return total if total <= len(der) else None


def _modified(reason: str, agreement_id: str | None = None) -> Verdict:
    return Verdict(VerdictStatus.MODIFIED, reason, agreement_id)
