"""Writing a report file so that a failure never leaves half a file behind."""

from __future__ import annotations

import os
from pathlib import Path


class ReportError(Exception):
    """A report could not be made or written; the message is safe to show (no names, no notes)."""


def write_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path``: to a file beside it first, then renamed over it.

    A full disk or a cut power supply leaves either the old file or the whole new one, never a
    truncated report.

    Raises:
        ReportError: the file cannot be written (the message names the file and the reason).
    """
    tmp = path.with_name(f".{path.name}.part")
    try:
        with tmp.open("wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        tmp.replace(path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        reason = exc.strerror or "input/output error"
        raise ReportError(f"Cannot write {path.name}: {reason}.") from None
