"""The recovery code: 256 random bits in a printable form that catches typos.

32 secret bytes and a 3-byte checksum are written in base32 (56 letters and digits, 14 groups of
4). The checksum catches a mistyped or swapped group before anything is tried against the key
file. The code is shown once at set-up; it wraps the data key through HKDF (its entropy, not a
slow KDF, is what protects it). Qt-free; part of the lowest layer of the core.
"""

from __future__ import annotations

import base64
import hashlib
import hmac

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

__all__ = [
    "RECOVERY_SECRET_BYTES",
    "RecoveryCodeError",
    "format_recovery_code",
    "parse_recovery_code",
    "recovery_wrapping_key",
]

RECOVERY_SECRET_BYTES = 32
_RECOVERY_CHECK_BYTES = 3
_RECOVERY_GROUP = 4
# Base32 has no 0, 1 or 8; a reader who copies O as 0 or I as 1 or B as 8 still gets in.
_LOOKALIKES = str.maketrans({"0": "O", "1": "I", "8": "B"})


class RecoveryCodeError(ValueError):
    """The recovery code is mistyped (wrong length, a letter not in the code, or a typo)."""


def format_recovery_code(secret: bytes) -> str:
    """The printable form of a recovery secret: base32 in groups of 4, with a checksum.

    32 secret bytes and 3 checksum bytes make 56 letters and digits, 14 groups.
    """
    if len(secret) != RECOVERY_SECRET_BYTES:
        raise ValueError("a recovery secret is 32 bytes")
    raw = secret + _recovery_checksum(secret)
    text = base64.b32encode(raw).decode("ascii").rstrip("=")
    return "-".join(text[i : i + _RECOVERY_GROUP] for i in range(0, len(text), _RECOVERY_GROUP))


def parse_recovery_code(code: str) -> bytes:
    """The secret in a typed recovery code; spaces, dashes and case do not matter.

    Raises:
        RecoveryCodeError: the code has the wrong length, a character that is not in any code,
            or a typo (the checksum does not match). Nothing is tried against the key file.
    """
    cleaned = "".join(ch for ch in code.upper() if not ch.isspace() and ch != "-")
    cleaned = cleaned.translate(_LOOKALIKES)
    expected = len(format_recovery_code(bytes(RECOVERY_SECRET_BYTES)).replace("-", ""))
    if len(cleaned) != expected:
        raise RecoveryCodeError(
            f"A recovery code has {expected} letters and digits; this one has {len(cleaned)}."
        )
    padding = "=" * (-len(cleaned) % 8)
    try:
        raw = base64.b32decode(cleaned + padding)
    except ValueError:
        raise RecoveryCodeError(
            "The recovery code holds a character that is not in any recovery code."
        ) from None
    secret, check = raw[:RECOVERY_SECRET_BYTES], raw[RECOVERY_SECRET_BYTES:]
    if not hmac.compare_digest(check, _recovery_checksum(secret)):
        raise RecoveryCodeError(
            "The recovery code has a typo: compare it group by group with the printed copy."
        )
    return secret


def _recovery_checksum(secret: bytes) -> bytes:
    return hashlib.sha256(b"circle-facilitator recovery code" + secret).digest()[
        :_RECOVERY_CHECK_BYTES
    ]


def recovery_wrapping_key(secret: bytes, salt: bytes) -> bytes:
    """The 256-bit key that wraps the data key under the recovery secret."""
    hkdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=b"recovery wrap")
    return hkdf.derive(secret)
