"""Stores for command-line tests: made the way a facilitator makes one, with 'init'."""

from __future__ import annotations

import contextlib
import io
from pathlib import Path

from facilitator.cli import main


def plain_store(path: Path) -> str:
    """Create an unencrypted store at ``path`` with ``init --plaintext``; return the path."""
    with contextlib.redirect_stdout(io.StringIO()):
        code = main(["--db", str(path), "init", "--plaintext"])
    assert code == 0, "init --plaintext failed"
    return str(path)
