"""A file that is not a store, or a damaged one, is refused with a clear message and never
changed: the facilitator may still get the data back from it."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest
from store_samples import add_session, logged, note_added

from facilitator.storage.store import Store, StoreError

DAMAGED = "is not a Circle Facilitator store or is damaged"


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def full_store(path: Path) -> None:
    """A closed store with enough events to span many pages."""
    with Store.open(f"sqlite:///{path}") as store:
        info, _cast = add_session(store)
        events = [note_added(f"{i:032x}", "Ghi chú " * 200) for i in range(200)]
        store.event_log(info.id).append(logged(events))


def refuse(path: Path) -> None:
    before = sha256(path)
    with pytest.raises(StoreError, match=DAMAGED):
        Store.open(f"sqlite:///{path}")
    assert sha256(path) == before


def test_random_bytes_are_refused(sqlite_path: Path) -> None:
    sqlite_path.write_bytes(os.urandom(64 * 1024))
    refuse(sqlite_path)


def test_a_text_file_is_refused(sqlite_path: Path) -> None:
    sqlite_path.write_text("Dear diary, today the circle went well.\n" * 100, encoding="utf-8")
    refuse(sqlite_path)


def test_an_empty_file_is_refused_not_taken_for_a_new_store(sqlite_path: Path) -> None:
    sqlite_path.write_bytes(b"")
    refuse(sqlite_path)


@pytest.mark.parametrize("keep", [0.5, 0.9, 4096 + 17, 60, 2 * 4096, 3 * 4096, 8 * 4096])
def test_a_truncated_store_is_refused(sqlite_path: Path, keep: float) -> None:
    full_store(sqlite_path)
    size = sqlite_path.stat().st_size
    assert size > 64 * 1024
    with sqlite_path.open("r+b") as f:
        f.truncate(int(size * keep) if keep < 1 else int(keep))
    refuse(sqlite_path)


@pytest.mark.parametrize("keep_pages", [1, 40])
def test_a_store_with_garbage_pages_is_refused(sqlite_path: Path, keep_pages: int) -> None:
    full_store(sqlite_path)
    data = bytearray(sqlite_path.read_bytes())
    # Keep the first pages (the schema; with 40, the small tables too), wreck the rest: the
    # damage is met on open, or later when the events are read.
    start = keep_pages * 4096
    data[start:] = b"\xff" * (len(data) - start)
    sqlite_path.write_bytes(bytes(data))
    before = sha256(sqlite_path)
    with (  # noqa: PT012 - whichever step meets the damage raises
        pytest.raises(StoreError, match="damaged"),
        Store.open(f"sqlite:///{sqlite_path}") as store,
    ):
        for summary in store.list_sessions():
            store.events(summary.id)
    assert sha256(sqlite_path) == before


def test_a_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="not a file"):
        Store.open(f"sqlite:///{tmp_path}")


def test_a_missing_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="does not exist"):
        Store.open(f"sqlite:///{tmp_path / 'nowhere' / 'store.sqlite3'}")
    assert not (tmp_path / "nowhere").exists()
