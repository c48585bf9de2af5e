"""A corpus of damaged stores: each is refused with one clear sentence naming its cause.

For every case: the message names no folder (only the file), the file's SHA-256 is the same
afterwards, no file appears in the folder, and nothing new is created in the store's place.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import closing
from pathlib import Path

import pytest
from store_samples import add_session, logged, note_added

from facilitator.engine.events import Event
from facilitator.security.keyfile import key_file_path
from facilitator.storage.backups import BackupManager, BackupReason
from facilitator.storage.errors import StoreError
from facilitator.storage.store import Store
from facilitator.storage.store_problems import Cause, StoreProblemError, diagnose

PAGE = 4096


def full_store(path: Path, notes: int = 200) -> None:
    """A closed store with enough events to span many pages."""
    with Store.open(f"sqlite:///{path}") as store:
        info, _cast = add_session(store)
        events: list[Event] = [note_added(f"{i:032x}", "Ghi chú " * 200) for i in range(notes)]
        store.event_log(info.id).append(logged(events))


def rewrite(path: Path, change: Callable[[bytearray], None]) -> None:
    data = bytearray(path.read_bytes())
    change(data)
    path.write_bytes(bytes(data))


def truncate_to(keep: int) -> Callable[[Path, Path], None]:
    def build(path: Path, _tmp: Path) -> None:
        full_store(path)
        with path.open("r+b") as f:
            f.truncate(keep)

    return build


def truncate_fraction(fraction: float) -> Callable[[Path, Path], None]:
    def build(path: Path, _tmp: Path) -> None:
        full_store(path)
        with path.open("r+b") as f:
            f.truncate(int(path.stat().st_size * fraction) // PAGE * PAGE)

    return build


def bytes_file(content: bytes) -> Callable[[Path, Path], None]:
    def build(path: Path, _tmp: Path) -> None:
        path.write_bytes(content)

    return build


def garbage_from_page(first_page: int, fill: bytes = b"\xff") -> Callable[[Path, Path], None]:
    def build(path: Path, _tmp: Path) -> None:
        full_store(path)

        def wreck(data: bytearray) -> None:
            start = first_page * PAGE
            data[start:] = fill * (len(data) - start)

        rewrite(path, wreck)

    return build


def header_field(offset: int, value: bytes) -> Callable[[Path, Path], None]:
    def build(path: Path, _tmp: Path) -> None:
        full_store(path, notes=5)

        def poke(data: bytearray) -> None:
            data[offset : offset + len(value)] = value

        rewrite(path, poke)

    return build


def schema_page_wrecked(path: Path, _tmp: Path) -> None:
    full_store(path, notes=5)

    def wreck(data: bytearray) -> None:
        data[100:PAGE] = os.urandom(PAGE - 100)

    rewrite(path, wreck)


def index_page_wrecked(path: Path, _tmp: Path) -> None:
    # Header and schema intact; a b-tree page in the middle overwritten: only a check finds it.
    full_store(path)

    def wreck(data: bytearray) -> None:
        middle = (len(data) // PAGE // 2) * PAGE
        data[middle : middle + PAGE] = b"\x0d" + os.urandom(PAGE - 1)

    rewrite(path, wreck)


def other_program(path: Path, _tmp: Path) -> None:
    with closing(sqlite3.connect(path)) as conn:
        conn.execute("CREATE TABLE recipes (name TEXT, minutes INTEGER)")
        conn.execute("INSERT INTO recipes VALUES ('soup', 40)")
        conn.commit()


def schema_revision(revisions: list[str]) -> Callable[[Path, Path], None]:
    def build(path: Path, _tmp: Path) -> None:
        full_store(path, notes=1)
        with closing(sqlite3.connect(path)) as conn:
            conn.execute("PRAGMA journal_mode=DELETE")
            conn.execute("DELETE FROM alembic_version")
            conn.executemany("INSERT INTO alembic_version VALUES (?)", [(r,) for r in revisions])
            conn.commit()

    return build


def folder_in_place(path: Path, _tmp: Path) -> None:
    path.mkdir()
    (path / "inside.txt").write_text("a folder, not a store", encoding="utf-8")


def dangling_link(path: Path, tmp: Path) -> None:
    path.symlink_to(tmp / "gone.sqlite3")


def stray_journal(path: Path, _tmp: Path) -> None:
    # The app crashed with a WAL full of pages, then the store file was deleted.
    full_store(path, notes=3)
    with closing(sqlite3.connect(path)) as conn:
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA wal_autocheckpoint=0")
        conn.execute("CREATE TABLE pending (x)")
        conn.commit()
        shutil.copy(f"{path}-wal", f"{path}.keep-wal")
    Path(f"{path}.keep-wal").replace(f"{path}-wal")
    Path(f"{path}-shm").unlink(missing_ok=True)
    path.unlink()


def backups_without_store(path: Path, _tmp: Path) -> None:
    full_store(path, notes=1)
    BackupManager(path).backup(BackupReason.DAILY)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def journal_of_another_store(path: Path, tmp: Path) -> None:
    # A -wal copied from another store's crash lands beside a healthy store.
    full_store(path, notes=3)
    other = tmp / "other" / "other.sqlite3"
    other.parent.mkdir()
    full_store(other, notes=50)
    with closing(sqlite3.connect(other)) as conn:
        conn.execute("PRAGMA wal_autocheckpoint=0")
        conn.execute("DELETE FROM events")
        conn.execute("DROP TABLE notes")
        conn.commit()
        shutil.copy(f"{other}-wal", f"{path}-wal")


def pages_swapped(path: Path, _tmp: Path) -> None:
    full_store(path)

    def swap(data: bytearray) -> None:
        a, b = 3 * PAGE, (len(data) // PAGE - 2) * PAGE
        data[a : a + PAGE], data[b : b + PAGE] = data[b : b + PAGE], data[a : a + PAGE]

    rewrite(path, swap)


def bits_flipped(path: Path, _tmp: Path) -> None:
    full_store(path)

    def flip(data: bytearray) -> None:
        for offset in range(PAGE + 8, len(data), 997):
            data[offset] ^= 0x5A

    rewrite(path, flip)


def encrypted_without_key(path: Path, _tmp: Path) -> None:
    key = bytes(range(32))
    with Store.open(f"sqlite:///{path}", key=key) as store:
        add_session(store)


def encrypted_with_its_key_file(path: Path, tmp: Path) -> None:
    encrypted_without_key(path, tmp)
    # Only its presence matters here: the store says it needs its passphrase.
    key_file_path(path).write_text("{}", encoding="utf-8")


SQLITE_HEADER_ONLY = b"SQLite format 3\x00" + b"\x10\x00\x01\x01" + bytes(80)

#: Damage in pages that opening does not read (a full check on every start would cost seconds
#: on a big store): the daily backup reads every page and refuses, and :func:`diagnose` names it.
FOUND_WHEN_READ = {"garbage-after-page-40", "one-page-random", "pages-swapped"}

#: (id, how to build it, expected cause)
CORPUS: list[tuple[str, Callable[[Path, Path], None], Cause]] = [
    ("zero-bytes", bytes_file(b""), Cause.EMPTY),
    ("one-byte", bytes_file(b"S"), Cause.TRUNCATED),
    ("half-the-magic", bytes_file(b"SQLite for"), Cause.TRUNCATED),
    ("magic-only", bytes_file(b"SQLite format 3\x00"), Cause.TRUNCATED),
    ("header-only", bytes_file(SQLITE_HEADER_ONLY), Cause.TRUNCATED),
    ("random-64k", bytes_file(os.urandom(64 * 1024)), Cause.NOT_SQLITE),
    ("random-one-page", bytes_file(os.urandom(PAGE)), Cause.NOT_SQLITE),
    ("zeros", bytes_file(bytes(8 * PAGE)), Cause.NOT_SQLITE),
    ("text", bytes_file(b"Dear diary, the circle went well.\n" * 200), Cause.NOT_SQLITE),
    (
        "json",
        bytes_file(b'{"format": "circle-facilitator-session", "version": 1}'),
        Cause.NOT_SQLITE,
    ),
    ("pdf", bytes_file(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n"), Cause.NOT_SQLITE),
    ("zip", bytes_file(b"PK\x03\x04" + os.urandom(4000)), Cause.NOT_SQLITE),
    ("truncated-half", truncate_fraction(0.5), Cause.TRUNCATED),
    ("truncated-90pc", truncate_fraction(0.9), Cause.TRUNCATED),
    ("truncated-one-page", truncate_to(PAGE), Cause.TRUNCATED),
    ("truncated-two-pages", truncate_to(2 * PAGE), Cause.TRUNCATED),
    ("truncated-mid-page", truncate_to(3 * PAGE + 17), Cause.TRUNCATED),
    ("truncated-in-header", truncate_to(60), Cause.TRUNCATED),
    ("garbage-after-page-1", garbage_from_page(1), Cause.CORRUPT),
    ("garbage-after-page-40", garbage_from_page(40), Cause.CORRUPT),  # found when read
    ("zeros-after-page-2", garbage_from_page(2, b"\x00"), Cause.CORRUPT),
    ("schema-page-random", schema_page_wrecked, Cause.CORRUPT),
    ("one-page-random", index_page_wrecked, Cause.CORRUPT),
    ("pages-swapped", pages_swapped, Cause.CORRUPT),
    ("bits-flipped", bits_flipped, Cause.CORRUPT),
    ("magic-changed", header_field(7, b"X"), Cause.NOT_SQLITE),
    ("page-size-3", header_field(16, b"\x00\x03"), Cause.CORRUPT),
    ("page-size-odd", header_field(16, b"\x10\x01"), Cause.CORRUPT),
    ("another-programs-database", other_program, Cause.FOREIGN),
    ("newer-schema", schema_revision(["9999"]), Cause.NEWER),
    ("two-schema-heads", schema_revision(["0006", "0005"]), Cause.FOREIGN),
    ("folder-in-place", folder_in_place, Cause.NOT_A_FILE),
    ("dangling-link", dangling_link, Cause.NOT_A_FILE),
    ("journal-without-store", stray_journal, Cause.STRAY_JOURNAL),
    ("backups-without-store", backups_without_store, Cause.MISSING_WITH_BACKUPS),
    ("journal-of-another-store", journal_of_another_store, Cause.CORRUPT),
    ("encrypted-opened-without-key", encrypted_without_key, Cause.NOT_SQLITE),
    ("encrypted-with-key-file", encrypted_with_its_key_file, Cause.ENCRYPTED),
]


def digest(folder: Path) -> dict[str, str]:
    """Every file in ``folder`` (recursively) and its SHA-256."""
    out = {}
    for item in sorted(folder.rglob("*")):
        if item.is_file() and not item.is_symlink():
            out[str(item.relative_to(folder))] = hashlib.sha256(item.read_bytes()).hexdigest()
        else:
            out[str(item.relative_to(folder))] = "link" if item.is_symlink() else "folder"
    return out


@pytest.fixture
def place(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    return folder / "circle-facilitator.sqlite3"


def test_the_corpus_is_big_enough() -> None:
    assert len(CORPUS) >= 30
    assert len({name for name, _, _ in CORPUS}) == len(CORPUS)


def refusal(place: Path, name: str, tmp_path: Path) -> StoreProblemError:
    """What the facilitator is told: on open, or, for damage deep inside, by the daily backup
    (which reads every page) and the diagnosis the app then runs."""
    if name not in FOUND_WHEN_READ:
        with pytest.raises(StoreProblemError) as raised:
            Store.open(f"sqlite:///{place}")
        return raised.value
    with pytest.raises(StoreError, match="damaged"):
        BackupManager(place, folder=tmp_path / "elsewhere").backup(BackupReason.DAILY)
    found = diagnose(place)
    assert found is not None
    return found


@pytest.mark.parametrize(("name", "build", "cause"), CORPUS, ids=[c[0] for c in CORPUS])
def test_a_damaged_store_is_refused_clearly_and_left_as_it_was(
    place: Path, tmp_path: Path, name: str, build: Callable[[Path, Path], None], cause: Cause
) -> None:
    build(place, tmp_path)
    before = digest(place.parent)
    problem = refusal(place, name, tmp_path)
    assert problem.cause is cause, str(problem)
    message = str(problem)
    assert place.name in message or cause is Cause.MISSING_FOLDER
    assert str(place.parent) not in message
    assert "Traceback" not in message
    assert "\n" not in message
    assert digest(place.parent) == before
    # Looking again says the same, and still changes nothing.
    again = diagnose(place)
    assert again is not None
    assert again.cause is cause
    assert digest(place.parent) == before


def test_a_wrong_key_is_refused_and_named(place: Path, tmp_path: Path) -> None:
    encrypted_without_key(place, tmp_path)
    before = digest(place.parent)
    wrong = bytes(32)
    with pytest.raises(StoreError, match="key"):
        Store.open(f"sqlite:///{place}", key=wrong)
    problem = diagnose(place, key=wrong)
    assert problem is not None
    assert problem.cause is Cause.WRONG_KEY
    assert digest(place.parent) == before
    # The right key finds nothing wrong (and the file is still the same).
    assert diagnose(place, key=bytes(range(32))) is None
    assert digest(place.parent)[place.name] == before[place.name]


def test_a_missing_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(StoreProblemError) as raised:
        Store.open(f"sqlite:///{tmp_path / 'nowhere' / 'store.sqlite3'}")
    assert raised.value.cause is Cause.MISSING_FOLDER
    assert not (tmp_path / "nowhere").exists()


@pytest.fixture
def locked(place: Path) -> Iterator[Path]:
    full_store(place, notes=1)
    holder = sqlite3.connect(place, check_same_thread=False)
    holder.execute("PRAGMA locking_mode=EXCLUSIVE")
    holder.execute("BEGIN EXCLUSIVE")
    holder.execute("CREATE TABLE held (x)")
    try:
        yield place
    finally:
        holder.rollback()
        holder.close()


def test_a_store_locked_by_another_program_says_so(locked: Path) -> None:
    before = digest(locked.parent)
    with pytest.raises(StoreProblemError) as raised:
        Store.open(f"sqlite:///{locked}")
    assert raised.value.cause is Cause.LOCKED
    assert not raised.value.restorable
    assert digest(locked.parent) == before


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every file whatever its permissions")
def test_a_store_this_account_may_not_read_says_so(place: Path) -> None:
    full_store(place, notes=1)
    place.chmod(0)
    try:
        with pytest.raises(StoreProblemError) as raised:
            Store.open(f"sqlite:///{place}")
        assert raised.value.cause is Cause.UNREADABLE
    finally:
        place.chmod(0o600)


def test_a_first_start_still_creates_a_store(place: Path) -> None:
    assert diagnose(place) is None
    with Store.open(f"sqlite:///{place}") as store:
        assert store.list_sessions() == []


def test_a_healthy_store_has_nothing_to_diagnose(place: Path) -> None:
    full_store(place, notes=3)
    assert diagnose(place) is None


def test_the_cure_is_offered_for_damage_not_for_a_lock(place: Path) -> None:
    place.write_bytes(b"")
    problem = diagnose(place)
    assert problem is not None
    assert problem.restorable


def test_only_the_busy_thread_waits(locked: Path) -> None:
    # The check runs on the app's worker thread: it must give up, not hang the app.
    done = threading.Event()

    def attempt() -> None:
        try:
            diagnose(locked)
        finally:
            done.set()

    worker = threading.Thread(target=attempt)
    worker.start()
    assert done.wait(timeout=30)
    worker.join()
