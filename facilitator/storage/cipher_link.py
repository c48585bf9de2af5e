"""Plain DB-API connections to a store file, encrypted or not, for backups and checks.

Backups, restores and purges of backup files work on closed files outside SQLAlchemy: they
need a bare connection that speaks SQLCipher when the store has a key.
"""

from __future__ import annotations

import sqlite3
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import quote

from facilitator.storage.cipher import cipher_module, key_pragma


def db_errors() -> tuple[type[Exception], ...]:
    """What the drivers raise: sqlcipher3's errors are not subclasses of sqlite3's.

    sqlcipher3 is a C extension only encrypted stores load; if it was never imported, none of
    its errors can be raised.
    """
    cipher = sys.modules.get("sqlcipher3")
    return (sqlite3.Error,) if cipher is None else (sqlite3.Error, cipher.Error)


def connect_file(path: Path, key: bytes | None, *, read_only: bool = False) -> Any:
    """A DB-API connection to ``path``: SQLCipher with ``key``, plain SQLite without.

    Read-only connections never create the file (nor change it).
    """
    mode = "ro" if read_only else "rwc"
    uri = f"file:{quote(str(path.resolve()))}?mode={mode}"
    if key is None:
        return sqlite3.connect(uri, uri=True, timeout=2.0, isolation_level=None)
    conn = cipher_module().connect(uri, uri=True, timeout=2.0, isolation_level=None)
    try:
        # SQLCipher reports a failed page check on stderr too; our errors say it in one line.
        conn.execute("PRAGMA cipher_log_level = NONE")
        conn.execute(key_pragma(key))
    except BaseException:
        conn.close()
        raise
    return conn


def absent_companions(path: Path) -> list[Path]:
    """The ``-wal`` and ``-shm`` of ``path`` that do not exist now."""
    companions = [path.with_name(path.name + suffix) for suffix in ("-wal", "-shm")]
    return [c for c in companions if not c.exists()]


def remove_created(absent: list[Path]) -> None:
    """Remove those of ``absent`` a read-only connection created (a ``-wal`` only if empty)."""
    for created in absent:
        try:
            if created.name.endswith("-shm") or created.stat().st_size == 0:
                created.unlink(missing_ok=True)
        except OSError:
            continue


@contextmanager
def leaving_no_trace(path: Path) -> Iterator[None]:
    """Remove the empty ``-wal`` and the ``-shm`` a read-only look at ``path`` created.

    A read-only connection to a WAL database creates them when missing and cannot remove them
    on close. Only files that did not exist before are removed (a live store's are left), and a
    ``-wal`` only when empty.
    """
    absent = absent_companions(path)
    try:
        yield
    finally:
        remove_created(absent)
