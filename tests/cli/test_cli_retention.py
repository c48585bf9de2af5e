"""The retention commands: rules, a dry run, a purge, and erasing a person."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from cli_stores import plain_store

from facilitator.domain.outcome import CaseOutcome
from facilitator.storage.backups import BackupReason
from facilitator.storage.store import Store
from ui.entry import main


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_rules_dry_run_and_purge(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    db = plain_store(tmp_path / "store.sqlite3")
    assert run(capsys, "--db", db, "demo")[0] == 0
    with Store.open(f"sqlite:///{db}") as store:
        case = store.list_cases()[0]
        closed = max(datetime(2026, 1, 1, tzinfo=UTC), case.created_at or datetime.now(UTC))
        store.followup.close_case(case.id, CaseOutcome.COMPLETED, closed)
        store.backups.backup(BackupReason.DAILY)
        notes_before = [n.text for s in store.list_sessions() for n in store.notes(s.id)]
    assert any(notes_before)

    code, out, err = run(capsys, "--db", db, "retention", "set", "notes", "6")
    assert code == 0, err
    assert "notes         6 months after the case closes" in out
    assert "personal      kept" in out
    code, _, err = run(capsys, "--db", db, "retention", "set", "notes", "six")
    assert code == 1
    assert "whole number" in err

    code, out, err = run(capsys, "--db", db, "purge", "--dry-run", "--today", "2099-01-01")
    assert code == 0, err
    assert "Would purge" in out
    code, out, err = run(capsys, "--db", db, "purge", "--today", "2099-01-01")
    assert code == 0, err
    assert "Purged" in out
    assert "Backups purged the same way: 1." in out
    with Store.open(f"sqlite:///{db}") as store:
        assert all(n.text == "" for s in store.list_sessions() for n in store.notes(s.id))
    code, out, _ = run(capsys, "--db", db, "purge", "--today", "2099-01-01")
    assert "Nothing is due" in out


def test_erase_person_needs_yes(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    db = plain_store(tmp_path / "store.sqlite3")
    run(capsys, "--db", db, "demo")
    with Store.open(f"sqlite:///{db}") as store:
        session = store.list_sessions()[0]
        person = store.participants(session.id)[1]
    code, _, err = run(capsys, "--db", db, "erase-person", person.id)
    assert code == 1
    assert "--yes" in err
    code, out, err = run(capsys, "--db", db, "erase-person", person.id, "--yes")
    assert code == 0, err
    assert "now 'Participant 2'" in out
    assert person.display_name not in out + err
    with Store.open(f"sqlite:///{db}") as store:
        assert store.participants(session.id)[1].display_name == "Participant 2"
    code, _, err = run(capsys, "--db", db, "erase-person", "0" * 32, "--yes")
    assert code == 1
    assert "No participant" in err
