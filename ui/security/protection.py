"""What the security dialogs share: the store's protection, the unlock call, passphrase rules.

Qt-free on purpose: the key derivation runs on a worker thread (see :class:`ui.tasks.TaskRunner`)
and these functions are what it runs. ``facilitator.security`` is imported only when a secret is
checked: nothing of it is needed for the first paint.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication

if TYPE_CHECKING:
    from facilitator.security.keyfile import KdfParams

#: Fewer characters than this are refused outright; the strength hint asks for more.
MIN_PASSPHRASE_LENGTH = 8


def _tr(text: str) -> str:
    return QCoreApplication.translate("security", text)


def not_unlocked_message() -> str:
    """The one message for every refused passphrase or recovery code: it never says which."""
    # The same words as the command line's (facilitator.security.keyfile.WrongSecret).
    return _tr("That passphrase or recovery key does not open this store.")


@dataclass(frozen=True, slots=True)
class StoreProtection:
    """How the open store is protected, for the lock and the passphrase dialog.

    Attributes:
        db_path: The SQLite file, or ``None`` for a database server (its own controls apply).
        encrypted: Whether the file is encrypted with a key wrapped under a passphrase.
        kdf_params: Key-derivation settings for a new wrap (``None``: the safe default); tests
            pass fast ones.
    """

    db_path: Path | None
    encrypted: bool
    kdf_params: KdfParams | None = None

    def unlocker(self) -> Unlocker | None:
        """The unlocker of an encrypted file, or ``None`` (nothing to check a secret against)."""
        if self.encrypted and self.db_path is not None:
            return Unlocker(self.db_path, self.kdf_params)
        return None


class Unlocker:
    """Checks a passphrase or recovery code against the store's key file (slow: run on a worker).

    Every refusal is counted with ``record_failed_unlock`` so the audit trail can report it.

    Args:
        db_path: The encrypted SQLite file.
        kdf_params: Key-derivation settings for a new wrap (a changed passphrase).
    """

    def __init__(self, db_path: Path, kdf_params: KdfParams | None = None) -> None:
        self._db_path = db_path
        self._kdf_params = kdf_params

    @property
    def db_path(self) -> Path:
        """The encrypted file."""
        return self._db_path

    def unlock(self, secret: str, *, recovery: bool = False) -> bytes:
        """The data key, if ``secret`` is the passphrase (or, with ``recovery``, the code).

        Raises:
            WrongSecret: the secret does not unwrap the key (the refusal is recorded).
        """
        from facilitator.security import keyfile  # noqa: PLC0415 - only when a secret is checked

        try:
            if recovery:
                return keyfile.unlock_with_recovery(self._db_path, secret)
            return keyfile.unlock(self._db_path, secret)
        except keyfile.WrongSecret:
            keyfile.record_failed_unlock(self._db_path)
            raise

    def change_passphrase(self, current: str, new: str) -> None:
        """Wrap the data key under ``new`` after checking ``current`` (the data stays as it is).

        Raises:
            WrongSecret: ``current`` is not the passphrase (the refusal is recorded).
        """
        from facilitator.security import keyfile  # noqa: PLC0415 - only when a secret is checked

        key = self.unlock(current)
        keyfile.change_passphrase(self._db_path, key, new, params=self._kdf_params)


def secret_error_message(exc: Exception) -> str:
    """What to show for a failed unlock, set-up or change, never saying which part was wrong.

    A refused secret always gets :func:`not_unlocked_message`. A recovery code with a typo is
    caught by its own checksum before the key file is tried, and a passphrase that is too short
    is refused before use: their messages say only that, so they are shown. Anything else is a
    file that cannot be read or written, named by its kind.
    """
    from facilitator.security.keyfile import (  # noqa: PLC0415 - see the module docstring
        RecoveryCodeError,
        WeakPassphrase,
        WrongSecret,
    )

    if isinstance(exc, WrongSecret):
        return not_unlocked_message()
    if isinstance(exc, RecoveryCodeError | WeakPassphrase):
        return str(exc)
    if isinstance(exc, OSError):
        return _tr("The key file could not be read or written ({error}).").format(
            error=exc.strerror or type(exc).__name__
        )
    return _tr("Something went wrong with the key file ({error}).").format(error=type(exc).__name__)


class Strength(Enum):
    """A rough strength of a passphrase, for a hint (not a guarantee)."""

    TOO_SHORT = "too_short"
    WEAK = "weak"
    FAIR = "fair"
    GOOD = "good"


def passphrase_strength(text: str) -> Strength:
    """Judge ``text`` by length and variety, the two things a facilitator can act on.

    Several ordinary words are long and easy to remember, so length counts most; a short
    passphrase needs mixed kinds of characters to reach "fair".
    """
    if len(text.strip()) < MIN_PASSPHRASE_LENGTH:
        return Strength.TOO_SHORT
    kinds = sum(
        (
            any(c.islower() for c in text),
            any(c.isupper() for c in text),
            any(c.isdigit() for c in text),
            any(not c.isalnum() for c in text),
        )
    )
    distinct = len(set(text))
    if len(text) >= 16 and distinct >= 8:
        return Strength.GOOD
    if (len(text) >= 12 or kinds >= 3) and distinct >= 6:
        return Strength.FAIR
    return Strength.WEAK


def strength_hint(text: str) -> str:
    """One line that says how strong ``text`` is and what would make it stronger."""
    hints = {
        Strength.TOO_SHORT: _tr("Too short: use at least {n} characters.").format(
            n=MIN_PASSPHRASE_LENGTH
        ),
        Strength.WEAK: _tr("Weak: a few unrelated words make a passphrase long and memorable."),
        Strength.FAIR: _tr("Fair: one or two more words would make it strong."),
        Strength.GOOD: _tr("Strong."),
    }
    return hints[passphrase_strength(text)]
