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

This module is Qt-free and imports nothing else of ours.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import hmac
import json
import os
import secrets
import time
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.argon2 import Argon2id
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

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
#: The shortest passphrase accepted (see :func:`check_passphrase`).
MIN_PASSPHRASE_LENGTH = 8

_FORMAT = "circle-facilitator-keys"
_VERSION = 1
_SALT_BYTES = 16
_NONCE_BYTES = 12
_PASSPHRASE = "passphrase"  # noqa: S105 - the name of a wrap slot
_RECOVERY = "recovery"
_CHECK_LABEL = b"circle-facilitator key check v1"

_RECOVERY_SECRET_BYTES = 32
_RECOVERY_CHECK_BYTES = 3
_RECOVERY_GROUP = 4
# Base32 has no 0, 1 or 8; a reader who copies O as 0 or I as 1 or B as 8 still gets in.
_LOOKALIKES = str.maketrans({"0": "O", "1": "I", "8": "B"})


class WrongSecret(Exception):  # noqa: N818 - the name the UI and CLI use
    """The passphrase or recovery code does not open this store (or the key file is damaged)."""

    def __init__(self) -> None:
        """One message for every cause, so a failure tells an attacker nothing."""
        super().__init__("That passphrase or recovery key does not open this store.")


class WeakPassphrase(ValueError):  # noqa: N818 - reads as the condition it reports
    """The passphrase is refused before use; the message says why."""


class RecoveryCodeError(ValueError):
    """The recovery code is mistyped (wrong length, a letter not in the code, or a typo)."""


@dataclass(frozen=True, slots=True)
class KdfParams:
    """Argon2id parameters, stored with each passphrase wrap so they can change later.

    Attributes:
        memory_kib: Memory cost in KiB.
        iterations: Passes over the memory.
        lanes: Degree of parallelism.
    """

    memory_kib: int
    iterations: int
    lanes: int

    @classmethod
    def default(cls) -> KdfParams:
        """256 MiB, 4 passes, 4 lanes: about 0.5 s on the reference laptop (2 cores).

        Measured with :func:`calibrate` on 2026-11-25: 64 MiB needed 16 passes for 0.4 s; a
        larger memory cost at fewer passes costs an attacker's GPUs more for the same wait.
        """
        return cls(memory_kib=256 * 1024, iterations=4, lanes=4)

    @classmethod
    def fast_for_tests(cls) -> KdfParams:
        """Tiny parameters (1 MiB, 1 pass) that derive in about a millisecond.

        For tests only: they run thousands of unlocks (1,000 wrong passphrases) and would take
        minutes with :meth:`default`. The code path is identical; only the cost differs, and the
        parameters stored in the file are the ones used, so a test key file stays weak and a
        real one stays strong.
        """
        return cls(memory_kib=1024, iterations=1, lanes=1)

    def within_limits(self) -> bool:
        """Whether these parameters are sane to run (4 GiB, 64 passes, 64 lanes at most).

        An edited key file must not make an unlock take hours or all the memory.
        """
        return (
            8 * self.lanes <= self.memory_kib <= 4 * 1024 * 1024
            and 1 <= self.iterations <= 64
            and 1 <= self.lanes <= 64
        )

    def derive(self, passphrase: str, salt: bytes) -> bytes:
        """The 256-bit wrapping key for ``passphrase``; the passphrase is NFC-normalised."""
        kdf = Argon2id(
            salt=salt,
            length=32,
            iterations=self.iterations,
            lanes=self.lanes,
            memory_cost=self.memory_kib,
        )
        return kdf.derive(_passphrase_bytes(passphrase))


def calibrate(target_seconds: float = 0.5, *, memory_kib: int = 256 * 1024) -> KdfParams:
    """The fewest passes at ``memory_kib`` that take at least ``target_seconds`` here.

    Used to choose :meth:`KdfParams.default`; not run at set-up, because a busy machine would
    pick weaker parameters.
    """
    salt = secrets.token_bytes(_SALT_BYTES)
    iterations = 1
    while True:
        params = KdfParams(memory_kib=memory_kib, iterations=iterations, lanes=4)
        start = time.perf_counter()
        params.derive("calibration passphrase", salt)
        if time.perf_counter() - start >= target_seconds or iterations >= 64:
            return params
        iterations += 1


# ----------------------------------------------------------------------------- paths


def key_file_path(db_path: Path) -> Path:
    """Where the key file of the store at ``db_path`` lives: ``<store file name>.keys.json``."""
    return db_path.with_name(f"{db_path.name}.keys.json")


def failures_file_path(db_path: Path) -> Path:
    """Where failed unlocks are counted: ``<store file name>.unlock-failures``.

    Kept apart from the wraps so that counting a failure never rewrites the key file.
    """
    return db_path.with_name(f"{db_path.name}.unlock-failures")


def has_key_file(db_path: Path) -> bool:
    """Whether the store at ``db_path`` has a key file (so it is encrypted)."""
    return key_file_path(db_path).is_file()


# ----------------------------------------------------------------------------- passphrases


def check_passphrase(passphrase: str) -> None:
    """Refuse a passphrase too short to be one.

    The only rule is a minimum of :data:`MIN_PASSPHRASE_LENGTH` characters (not counting
    spaces at either end): length is what makes a passphrase strong, and composition rules
    push people towards ``Password1!``. Argon2id makes each guess slow; the recovery code, not
    the passphrase, is the way back in when it is forgotten.

    Raises:
        WeakPassphrase: the passphrase is empty or too short.
    """
    stripped = passphrase.strip()
    if not stripped:
        raise WeakPassphrase("The passphrase is empty.")
    if len(stripped) < MIN_PASSPHRASE_LENGTH:
        raise WeakPassphrase(
            f"The passphrase needs at least {MIN_PASSPHRASE_LENGTH} characters; "
            "a few words in a row are easy to remember and hard to guess."
        )


def _passphrase_bytes(passphrase: str) -> bytes:
    # The same passphrase typed on another keyboard or system may arrive composed differently.
    return unicodedata.normalize("NFC", passphrase).encode("utf-8")


# ----------------------------------------------------------------------------- recovery codes


def format_recovery_code(secret: bytes) -> str:
    """The printable form of a recovery secret: base32 in groups of 4, with a checksum.

    32 secret bytes and 3 checksum bytes make 56 letters and digits, 14 groups.
    """
    if len(secret) != _RECOVERY_SECRET_BYTES:
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
    expected = len(format_recovery_code(bytes(_RECOVERY_SECRET_BYTES)).replace("-", ""))
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
    secret, check = raw[:_RECOVERY_SECRET_BYTES], raw[_RECOVERY_SECRET_BYTES:]
    if not hmac.compare_digest(check, _recovery_checksum(secret)):
        raise RecoveryCodeError(
            "The recovery code has a typo: compare it group by group with the printed copy."
        )
    return secret


def _recovery_checksum(secret: bytes) -> bytes:
    return hashlib.sha256(b"circle-facilitator recovery code" + secret).digest()[
        :_RECOVERY_CHECK_BYTES
    ]


def _recovery_wrapping_key(secret: bytes, salt: bytes) -> bytes:
    hkdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=b"recovery wrap")
    return hkdf.derive(secret)


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
    recovery_secret = secrets.token_bytes(_RECOVERY_SECRET_BYTES)
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
        wrapping_key = _recovery_wrapping_key(secret, _unb64(wrap["salt"]))
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
        _write_bytes_atomically(path, f"{count}\n".encode("ascii"))


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
    return _seal(wrap, _recovery_wrapping_key(secret, salt), data_key, _RECOVERY)


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
    _write_bytes_atomically(path, text.encode("utf-8"))


def _write_bytes_atomically(path: Path, data: bytes) -> None:
    # Written beside the target, flushed to disk, then renamed over it: a crash leaves the old
    # file or the new one, never half of one. Created 0600, so never readable by others.
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.part")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        tmp.replace(path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    _fsync_dir(path.parent)


def _fsync_dir(folder: Path) -> None:
    # The rename is durable only once the folder is flushed (not possible on Windows).
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: Any) -> bytes:
    if not isinstance(text, str):
        raise TypeError("not base64 text")
    return base64.b64decode(text, validate=True)
