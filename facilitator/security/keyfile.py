"""The key file beside an encrypted store: the data key, wrapped twice, never in the clear.

The store is encrypted (SQLCipher) with a random 256-bit *data key*. That key is kept only in
``<store>.keys.json``, wrapped with AES-256-GCM twice:

* under a key derived from the facilitator's passphrase with Argon2id (memory-hard, so a stolen
  laptop's key file cannot be tried against a word list quickly);
* under a key derived with HKDF-SHA256 from the *recovery code*, 256 random bits shown once at
  set-up. Its entropy is what protects it, so a slow KDF would add nothing.

Each wrap stores its KDF parameters, salt and nonce; its associated data binds it to its
purpose and to the file format version, so a wrap cannot be moved to the other slot or read
under another version's rules. A key check (an HMAC of a fixed label under the data key) lets
:func:`change_passphrase` refuse a key that is not this store's.

Every failure to unlock raises :class:`WrongSecret` with one message: it never says whether the
passphrase was wrong, the recovery code was wrong, or the key file was damaged.

Qt-free; it uses only its neighbours in :mod:`facilitator.security` (the lowest layer).
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import hmac
import json
import secrets
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from facilitator.security.kdf import (
    MIN_PASSPHRASE_LENGTH,
    KdfParams,
    WeakPassphrase,
    calibrate,
    check_passphrase,
)
from facilitator.security.key_paths import failures_file_path, has_key_file, key_file_path
from facilitator.security.private_files import write_private_file
from facilitator.security.recovery_code import (
    RECOVERY_SECRET_BYTES,
    RecoveryCodeError,
    format_recovery_code,
    parse_recovery_code,
    recovery_wrapping_key,
)

__all__ = [
    "DATA_KEY_BYTES",
    "MIN_PASSPHRASE_LENGTH",
    "KdfParams",
    "RecoveryCodeError",
    "WeakPassphrase",
    "WrongSecret",
    "calibrate",
    "change_passphrase",
    "check_passphrase",
    "create_key_file",
    "failures_file_path",
    "format_recovery_code",
    "has_key_file",
    "key_file_path",
    "parse_recovery_code",
    "record_failed_unlock",
    "take_failed_unlocks",
    "unlock",
    "unlock_with_recovery",
]

#: The data key's length: SQLCipher's raw key is 256 bits.
DATA_KEY_BYTES = 32

_FORMAT = "circle-facilitator-keys"
_VERSION = 1
_SALT_BYTES = 16
_NONCE_BYTES = 12
_PASSPHRASE = "passphrase"  # noqa: S105 - the name of a wrap slot
_RECOVERY = "recovery"
_CHECK_LABEL = b"circle-facilitator key check v1"


class WrongSecret(Exception):  # noqa: N818 - the name the UI and CLI use
    """The passphrase or recovery code does not open this store (or the key file is damaged)."""

    def __init__(self) -> None:
        """One message for every cause, so a failure tells an attacker nothing."""
        super().__init__("That passphrase or recovery key does not open this store.")


# ----------------------------------------------------------------------------- paths


# ----------------------------------------------------------------------------- the key file


def create_key_file(
    db_path: Path, passphrase: str, *, params: KdfParams | None = None
) -> tuple[bytes, str]:
    """Make a new data key and write its key file beside ``db_path``.

    Args:
        db_path: The store file (it need not exist yet).
        passphrase: The facilitator's passphrase (checked with :func:`check_passphrase`).
        params: Argon2id parameters; :meth:`KdfParams.default` when not given.

    Returns:
        The data key (32 random bytes) and the recovery code to show once.

    Raises:
        WeakPassphrase: the passphrase is refused.
        FileExistsError: the store already has a key file (it would lose its data key).
        OSError: the file cannot be written.
    """
    check_passphrase(passphrase)
    path = key_file_path(db_path)
    if path.exists():
        raise FileExistsError(f"{path.name} already exists")
    data_key = secrets.token_bytes(DATA_KEY_BYTES)
    recovery_secret = secrets.token_bytes(RECOVERY_SECRET_BYTES)
    document = {
        "format": _FORMAT,
        "version": _VERSION,
        "cipher": "sqlcipher4-raw-key",
        "key_check": _b64(_key_check(data_key)),
        "wraps": {
            _PASSPHRASE: _passphrase_wrap(data_key, passphrase, params or KdfParams.default()),
            _RECOVERY: _recovery_wrap(data_key, recovery_secret),
        },
    }
    _write_atomically(path, document)
    return data_key, format_recovery_code(recovery_secret)


def unlock(db_path: Path, passphrase: str) -> bytes:
    """The data key, unwrapped with the passphrase.

    Raises:
        WrongSecret: the passphrase is wrong, or the key file is missing or damaged.
    """
    document = _read(db_path)
    wrap = _wrap(document, _PASSPHRASE)
    try:
        params = KdfParams(
            memory_kib=int(wrap["memory_kib"]),
            iterations=int(wrap["iterations"]),
            lanes=int(wrap["lanes"]),
        )
        salt = _unb64(wrap["salt"])
        if not params.within_limits():
            raise ValueError("KDF parameters out of range")
        wrapping_key = params.derive(passphrase, salt)
    except (KeyError, TypeError, ValueError):
        raise WrongSecret() from None
    return _unwrap(document, wrap, wrapping_key, _PASSPHRASE)


def unlock_with_recovery(db_path: Path, recovery_code: str) -> bytes:
    """The data key, unwrapped with the recovery code.

    Raises:
        RecoveryCodeError: the code is mistyped (caught by its checksum, before any attempt).
        WrongSecret: the code is not this store's, or the key file is missing or damaged.
    """
    secret = parse_recovery_code(recovery_code)
    document = _read(db_path)
    wrap = _wrap(document, _RECOVERY)
    try:
        wrapping_key = recovery_wrapping_key(secret, _unb64(wrap["salt"]))
    except (KeyError, TypeError, ValueError):
        raise WrongSecret() from None
    return _unwrap(document, wrap, wrapping_key, _RECOVERY)


def change_passphrase(
    db_path: Path, data_key: bytes, new_passphrase: str, *, params: KdfParams | None = None
) -> None:
    """Wrap the data key under a new passphrase; the store itself is not touched.

    The recovery wrap is kept as it was, so the printed recovery code still works.

    Raises:
        WeakPassphrase: the new passphrase is refused.
        WrongSecret: ``data_key`` is not this store's key, or the key file is damaged.
        OSError: the file cannot be written.
    """
    check_passphrase(new_passphrase)
    document = _read(db_path)
    if not _matches(document, data_key):
        raise WrongSecret()
    wraps = document["wraps"]
    wraps[_PASSPHRASE] = _passphrase_wrap(data_key, new_passphrase, params or KdfParams.default())
    _write_atomically(key_file_path(db_path), document)


def record_failed_unlock(db_path: Path) -> None:
    """Count one failed unlock, for the audit trail to record after the next successful one.

    Best effort: a count that cannot be written must not stop the facilitator from retrying.
    """
    with contextlib.suppress(OSError):
        path = failures_file_path(db_path)
        count = _read_count(path) + 1
        write_private_file(path, f"{count}\n".encode("ascii"))


def take_failed_unlocks(db_path: Path) -> int:
    """How many unlocks failed since the last call, and reset the count to zero."""
    path = failures_file_path(db_path)
    count = _read_count(path)
    with contextlib.suppress(FileNotFoundError):
        path.unlink()
    return count


# ----------------------------------------------------------------------------- internals


def _passphrase_wrap(data_key: bytes, passphrase: str, params: KdfParams) -> dict[str, Any]:
    salt = secrets.token_bytes(_SALT_BYTES)
    wrap: dict[str, Any] = {
        "kdf": "argon2id",
        "memory_kib": params.memory_kib,
        "iterations": params.iterations,
        "lanes": params.lanes,
        "salt": _b64(salt),
    }
    return _seal(wrap, params.derive(passphrase, salt), data_key, _PASSPHRASE)


def _recovery_wrap(data_key: bytes, secret: bytes) -> dict[str, Any]:
    salt = secrets.token_bytes(_SALT_BYTES)
    wrap: dict[str, Any] = {"kdf": "hkdf-sha256", "salt": _b64(salt)}
    return _seal(wrap, recovery_wrapping_key(secret, salt), data_key, _RECOVERY)


def _seal(
    wrap: dict[str, Any], wrapping_key: bytes, data_key: bytes, purpose: str
) -> dict[str, Any]:
    nonce = secrets.token_bytes(_NONCE_BYTES)
    sealed = AESGCM(wrapping_key).encrypt(nonce, data_key, _aad(purpose, wrap))
    return {**wrap, "nonce": _b64(nonce), "wrapped_key": _b64(sealed)}


def _aad(purpose: str, wrap: dict[str, Any]) -> bytes:
    # The purpose and version stop a wrap from being read in the other slot or under other
    # rules; the KDF settings are bound too, so editing them is detected, not just "wrong".
    bound = {k: wrap[k] for k in sorted(wrap) if k not in ("nonce", "wrapped_key")}
    return json.dumps(
        {"format": _FORMAT, "version": _VERSION, "purpose": purpose, "kdf": bound},
        sort_keys=True,
        separators=(",", ":"),
    ).encode("utf-8")


def _unwrap(
    document: dict[str, Any], wrap: dict[str, Any], wrapping_key: bytes, purpose: str
) -> bytes:
    try:
        nonce = _unb64(wrap["nonce"])
        sealed = _unb64(wrap["wrapped_key"])
        data_key = AESGCM(wrapping_key).decrypt(nonce, sealed, _aad(purpose, wrap))
    except (InvalidTag, KeyError, TypeError, ValueError):
        raise WrongSecret() from None
    if len(data_key) != DATA_KEY_BYTES or not _matches(document, data_key):
        raise WrongSecret()
    return data_key


def _key_check(data_key: bytes) -> bytes:
    return hmac.new(data_key, _CHECK_LABEL, hashlib.sha256).digest()


def _matches(document: dict[str, Any], data_key: bytes) -> bool:
    try:
        stored = _unb64(document["key_check"])
    except (KeyError, TypeError, ValueError):
        return False
    return hmac.compare_digest(stored, _key_check(data_key))


def _read(db_path: Path) -> dict[str, Any]:
    try:
        document = json.loads(key_file_path(db_path).read_bytes())
    except (OSError, ValueError):
        raise WrongSecret() from None
    if (
        not isinstance(document, dict)
        or document.get("format") != _FORMAT
        or document.get("version") != _VERSION
        or not isinstance(document.get("wraps"), dict)
    ):
        raise WrongSecret()
    return document


def _wrap(document: dict[str, Any], purpose: str) -> dict[str, Any]:
    wrap = document["wraps"].get(purpose)
    if not isinstance(wrap, dict):
        raise WrongSecret()
    return wrap


def _read_count(path: Path) -> int:
    try:
        return max(0, int(path.read_text(encoding="ascii").strip() or "0"))
    except (OSError, ValueError):
        return 0


def _write_atomically(path: Path, document: dict[str, Any]) -> None:
    text = json.dumps(document, indent=2, sort_keys=True) + "\n"
    write_private_file(path, text.encode("utf-8"))


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: Any) -> bytes:
    if not isinstance(text, str):
        raise TypeError("not base64 text")
    return base64.b64decode(text, validate=True)
