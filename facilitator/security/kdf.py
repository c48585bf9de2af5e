"""Deriving a wrapping key from the facilitator's passphrase (Argon2id), and what we accept.

Qt-free; part of the lowest layer of the core.
"""

from __future__ import annotations

import secrets
import time
import unicodedata
from dataclasses import dataclass

from cryptography.hazmat.primitives.kdf.argon2 import Argon2id

__all__ = ["MIN_PASSPHRASE_LENGTH", "KdfParams", "WeakPassphrase", "calibrate", "check_passphrase"]

#: The shortest passphrase accepted (see :func:`check_passphrase`).
MIN_PASSPHRASE_LENGTH = 8


class WeakPassphrase(ValueError):  # noqa: N818 - reads as the condition it reports
    """The passphrase is refused before use; the message says why."""


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
    salt = secrets.token_bytes(16)
    iterations = 1
    while True:
        params = KdfParams(memory_kib=memory_kib, iterations=iterations, lanes=4)
        start = time.perf_counter()
        params.derive("calibration passphrase", salt)
        if time.perf_counter() - start >= target_seconds or iterations >= 64:
            return params
        iterations += 1


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
