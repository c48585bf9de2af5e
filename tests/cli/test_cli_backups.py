"""The backup commands: make one, list them, restore one with a quarantine copy kept."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest
from cli_stores import plain_store

from ui.entry import main


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_backup_list_and_restore(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    db = Path(plain_store(tmp_path / "store.sqlite3"))
    code, _, err = run(capsys, "--db", str(db), "demo")
    assert code == 0, err
    code, out, err = run(capsys, "--db", str(db), "backup")
    assert code == 0, err
    assert "Backup written and checked" in out
    code, listing, err = run(capsys, "--db", str(db), "backup", "list")
    assert code == 0, err
    assert "manual" in listing
    name = Path(listing.split()[-1]).name
    assert name.startswith("circle-")
    assert name.endswith("-manual.sqlite3")

    # The store is damaged afterwards; restore brings back the backup and keeps the wreck.
    db.write_bytes(b"\x00" * 4096)
    wreck = hashlib.sha256(db.read_bytes()).hexdigest()
    code, _, err = run(capsys, "--db", str(db), "sessions")
    assert code == 1
    assert "store.sqlite3 is not a Circle Facilitator store or is damaged" in err
    assert str(tmp_path) not in err
    code, out, err = run(capsys, "--db", str(db), "restore", name)
    assert code == 1
    assert "--yes" in err
    code, out, err = run(capsys, "--db", str(db), "restore", name, "--yes")
    assert code == 0, err
    assert "passed its check" in out
    quarantined = next((tmp_path / "store-backups" / "quarantine").iterdir())
    assert hashlib.sha256(quarantined.read_bytes()).hexdigest() == wreck
    code, out, err = run(capsys, "--db", str(db), "sessions")
    assert code == 0, err
    assert "DEMO-2026-014" in out


def test_restore_refuses_a_damaged_backup(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    db = Path(plain_store(tmp_path / "store.sqlite3"))
    run(capsys, "--db", str(db), "demo")
    bad = tmp_path / "bad.sqlite3"
    with sqlite3.connect(bad) as conn:
        conn.execute("CREATE TABLE t (x)")
    conn.close()
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    code, _, err = run(capsys, "--db", str(db), "restore", str(bad), "--yes")
    assert code == 1
    assert "not a Circle Facilitator store" in err
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before


def test_backup_of_a_server_store_is_refused_politely(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, _, err = run(capsys, "--db", "postgresql+psycopg://cf@127.0.0.1:1/none", "backup")
    assert code == 1
    assert "pg_dump" in err
    assert "Traceback" not in err


def test_no_backups_yet(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, _ = run(capsys, "--db", plain_store(tmp_path / "s.sqlite3"), "backup", "list")
    assert code == 0
    assert "No backups yet" in out
