"""``circle-facilitator audit verify|list``, and the exports and seals the CLI records."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest
from cli_stores import plain_store

from facilitator.cli import main
from facilitator.storage.store import Store


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("CIRCLE_FACILITATOR_KEYS", str(tmp_path / "keys"))
    return plain_store(tmp_path / "store.sqlite3")


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def demo(capsys: pytest.CaptureFixture[str], db: str) -> str:
    code, _out, err = run(capsys, "--db", db, "demo")
    assert code == 0, err
    with Store.open(f"sqlite:///{db}") as store:
        return store.list_sessions()[0].id


def last_entry(db: str) -> tuple[str, str | None, str | None]:
    with Store.open(f"sqlite:///{db}") as store:
        entry = store.audit.entries(limit=1)[0]
    return entry.kind, entry.session_id, entry.detail_sha256


def test_the_demo_leaves_a_trail_that_lists_ids_only_and_verifies(
    capsys: pytest.CaptureFixture[str], db: str
) -> None:
    session_id = demo(capsys, db)
    with Store.open(f"sqlite:///{db}") as store:
        names = [p.display_name for p in store.participants(session_id)]
        total = len(store.audit.entries())
    code, out, _ = run(capsys, "--db", db, "audit", "list", "--limit", "1000")
    assert code == 0
    lines = out.splitlines()
    assert len(lines) == total
    for kind in ("consent_recorded", "session_started", "session_ended", "agreement_locked"):
        assert kind in out
    assert f"session={session_id}" in out
    assert not [name for name in names if name in out]
    assert "DEMO-2026-014" not in out
    code, out, _ = run(capsys, "--db", db, "audit", "list", "--limit", "2")
    assert len(out.splitlines()) == 2
    assert out.splitlines()[-1].startswith(f"#{total}")
    code, out, _ = run(capsys, "--db", db, "audit", "verify")
    assert code == 0
    first, head = out.splitlines()
    assert first == f"chain intact: {total} entries"
    assert head.startswith(f"head: {total}:")
    code, out, _ = run(capsys, "--db", db, "audit", "verify", "--anchor", head.split()[-1])
    assert (code, out.splitlines()[0]) == (0, f"chain intact: {total} entries")


def test_export_and_sealing_are_recorded_with_the_hash_of_the_file(
    capsys: pytest.CaptureFixture[str], db: str, tmp_path: Path
) -> None:
    session_id = demo(capsys, db)
    exported = tmp_path / "session.json"
    code, _out, err = run(capsys, "--db", db, "export", session_id[:8], "-o", str(exported))
    assert code == 0, err
    digest = hashlib.sha256(exported.read_bytes()).hexdigest()
    assert last_entry(db) == ("export", session_id, digest)
    code, out, _ = run(capsys, "--db", db, "export", session_id[:8])
    assert last_entry(db) == ("export", session_id, hashlib.sha256(out.encode()).hexdigest())

    pdf = tmp_path / "agreement.pdf"
    code, _out, err = run(capsys, "--db", db, "agreement", "render", session_id[:8], "-o", str(pdf))
    assert code == 0, err
    sealed = last_entry(db)
    assert sealed == ("agreement_sealed", session_id, hashlib.sha256(pdf.read_bytes()).hexdigest())
    paper = tmp_path / "paper.pdf"
    run(capsys, "--db", db, "agreement", "render", session_id[:8], "--paper", "-o", str(paper))
    assert paper.exists()
    assert last_entry(db) == sealed


def test_verify_says_where_a_tampered_chain_breaks(
    capsys: pytest.CaptureFixture[str], db: str
) -> None:
    demo(capsys, db)
    with sqlite3.connect(db) as raw:
        raw.execute("DROP TRIGGER audit_entries_no_update")
        raw.execute("UPDATE audit_entries SET ref_id = NULL WHERE seq = 2")
    raw.close()
    code, out, _ = run(capsys, "--db", db, "audit", "verify")
    assert code == 1
    broken, last_sound = out.splitlines()
    assert broken == "chain broken at entry #2: edited"
    assert last_sound.startswith("last sound entry: 1:")


def test_wrong_arguments_are_one_line(capsys: pytest.CaptureFixture[str], db: str) -> None:
    code, _out, err = run(capsys, "--db", db, "audit", "verify", "--anchor", "Zoë")
    assert code == 1
    assert err.count("\n") == 1
    assert "SEQ:HASH" in err
    code, _out, err = run(capsys, "--db", db, "audit", "list", "--limit", "0")
    assert code == 1
    assert "--limit" in err
    code, out, _ = run(capsys, "--db", db, "audit", "list")
    assert (code, out) == (0, "The audit trail is empty.\n")
