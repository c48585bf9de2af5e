"""Where a store's key file and its count of failed unlocks live (no cryptography imported).

The start asks :func:`has_key_file` before anything heavy has loaded: a plain store's history can
then be read early, and an encrypted one goes to the unlock dialog.
"""

from __future__ import annotations

from pathlib import Path


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
