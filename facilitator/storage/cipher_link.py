"""Plain DB-API connections to a store file, encrypted or not, for backups and checks.

Backups, restores and purges of backup files work on closed files outside SQLAlchemy: they
need a bare connection that speaks SQLCipher when the store has a key.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any
from urllib.parse import quote

#: What the drivers raise: sqlcipher3's errors are not subclasses of sqlite3's.
DB_ERRORS: tuple[type[Exception], ...]

try:
    import sqlcipher3

    DB_ERRORS = (sqlite3.Error, sqlcipher3.Error)
except ImportError:  # pragma: no cover - sqlcipher3 is a dependency; kept for a broken install
    DB_ERRORS = (sqlite3.Error,)


def connect_file(path: Path, key: bytes | None, *, read_only: bool = False) -> Any:
    """A DB-API connection to ``path``: SQLCipher with ``key``, plain SQLite without.

    Read-only connections never create the file (nor change it).
    """
    mode = "ro" if read_only else "rwc"
    uri = f"file:{quote(str(path.resolve()))}?mode={mode}"
    if key is None:
        return sqlite3.connect(uri, uri=True, timeout=2.0, isolation_level=None)
    conn = sqlcipher3.connect(uri, uri=True, timeout=2.0, isolation_level=None)
    conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
    return conn
