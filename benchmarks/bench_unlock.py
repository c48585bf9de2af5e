"""What encryption at rest costs: unlocking the key, and opening a large encrypted store.

* Unlock: deriving the wrapping key from the passphrase with the default Argon2id parameters
  and unwrapping the data key, as the app does once at start. The goal is "about half a
  second": long enough to make guessing slow, short enough not to annoy.
* Open: :meth:`Store.open` of a 10,000-session store encrypted with SQLCipher (which checks
  every page's HMAC before anything reads it), beside opening the same store in plain SQLite,
  alternating so both see the same disk and the same noise.

The sample store (:mod:`benchmarks.sample_store`) is built plain once, then encrypted with
:func:`~facilitator.storage.cipher.encrypt_store` into the same cache folder; both are copied
into a temporary folder before they are opened, so the cache is never written to.
"""

from __future__ import annotations

import hashlib
import shutil
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks.sample_store import SAMPLE_VERSION, cached_sample_store
from benchmarks.summary import summarize_ms
from facilitator.security.keyfile import KdfParams, create_key_file, unlock
from facilitator.storage.cipher import encrypt_store
from facilitator.storage.store import Store

SESSIONS = 10_000
UNLOCKS = 7
OPENS = 7
UNLOCK_GOAL_MS = (250.0, 1000.0)
#: Opening checks every page's HMAC, so it grows with the file; 10,000 sessions is years of work.
OPEN_GOAL_MS = 1000.0
#: The sample store's key: it holds fictional data only, and a fixed key lets the cache be reused.
_BENCH_KEY = hashlib.sha256(b"circle-facilitator benchmark sample store").digest()


def run() -> list[dict[str, Any]]:
    """The unlock row and the open row."""
    return [_unlock_row(), _open_row()]


def _unlock_row() -> dict[str, Any]:
    params = KdfParams.default()
    with tempfile.TemporaryDirectory(prefix="cf-bench-") as tmp:
        db = Path(tmp) / "store.sqlite3"
        key, _code = create_key_file(db, "a benchmark passphrase", params=params)
        samples: list[float] = []
        for _ in range(UNLOCKS):
            start = time.perf_counter()
            if unlock(db, "a benchmark passphrase") != key:
                raise RuntimeError("unlock returned another key")
            samples.append((time.perf_counter() - start) * 1000)
    summary = summarize_ms(samples)
    low, high = UNLOCK_GOAL_MS
    return {
        "name": (
            f"unlock: Argon2id {params.memory_kib // 1024} MiB, {params.iterations} passes, "
            f"{params.lanes} lanes + AES-GCM unwrap"
        ),
        **summary,
        "goal": f"{low:g}-{high:g} ms (about half a second)",
        "ok": low <= summary["median_ms"] <= high,
        "samples": len(samples),
    }


def _encrypted_sample(plain: Path) -> Path:
    encrypted = plain.with_name(f"sample-v{SAMPLE_VERSION}-{SESSIONS}-encrypted.sqlite3")
    if not encrypted.exists():
        building = encrypted.with_name(encrypted.name + ".building")
        for leftover in plain.parent.glob(f"{building.name}*"):
            leftover.unlink()
        encrypt_store(plain, building, _BENCH_KEY)
        shutil.move(building, encrypted)
    return encrypted


def _open_ms(url: str, key: bytes | None) -> float:
    start = time.perf_counter()
    store = Store.open(url, key=key)
    try:
        store.list_cases()
    finally:
        store.close()
    return (time.perf_counter() - start) * 1000


def _open_row() -> dict[str, Any]:
    cached_plain = cached_sample_store(SESSIONS)
    cached_encrypted = _encrypted_sample(cached_plain)
    with tempfile.TemporaryDirectory(prefix="cf-bench-") as tmp:
        plain = Path(tmp) / "plain.sqlite3"
        encrypted = Path(tmp) / "encrypted.sqlite3"
        shutil.copyfile(cached_plain, plain)
        shutil.copyfile(cached_encrypted, encrypted)
        size_mb = encrypted.stat().st_size / 1e6
        ours: list[float] = []
        base: list[float] = []
        # One unmeasured open of each warms the page cache and the imports.
        _open_ms(f"sqlite:///{encrypted}", _BENCH_KEY)
        _open_ms(f"sqlite:///{plain}", None)
        for i in range(OPENS):
            if i % 2:
                ours.append(_open_ms(f"sqlite:///{encrypted}", _BENCH_KEY))
                base.append(_open_ms(f"sqlite:///{plain}", None))
            else:
                base.append(_open_ms(f"sqlite:///{plain}", None))
                ours.append(_open_ms(f"sqlite:///{encrypted}", _BENCH_KEY))
    mine, bare = summarize_ms(ours), summarize_ms(base)
    ratio = mine["median_ms"] / bare["median_ms"]
    return {
        "name": (
            f"open encrypted store ({SESSIONS:,} sessions, {size_mb:.0f} MB, "
            "every page's HMAC checked)"
        ),
        **mine,
        "baseline": "the same store in plain SQLite",
        "baseline_median_ms": bare["median_ms"],
        "baseline_p99_ms": bare["p99_ms"],
        "ratio": ratio,
        "goal": f"median < {OPEN_GOAL_MS:g} ms",
        "ok": mine["median_ms"] < OPEN_GOAL_MS,
        "samples": len(ours),
    }
