"""The command line, run in-process through its entry point and once as a real subprocess."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from cli_stores import plain_store

from ui.entry import main


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def db(tmp_path: Path) -> str:
    return plain_store(tmp_path / "store.sqlite3")


def test_demo_then_sessions_lists_it(capsys: pytest.CaptureFixture[str], db: str) -> None:
    code, out, _ = run(capsys, "--db", db, "sessions")
    assert code == 0
    assert "No sessions yet" in out
    code, out, _ = run(capsys, "--db", db, "demo")
    assert code == 0
    session = out.strip().split()[-1]
    code, out, _ = run(capsys, "--db", db, "sessions")
    assert code == 0
    assert session in out
    assert "DEMO-2026-014" in out
    assert "ended" in out


def test_export_import_round_trip(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    a, b = plain_store(tmp_path / "a.sqlite3"), plain_store(tmp_path / "b.sqlite3")
    run(capsys, "--db", a, "demo")
    code, listing, _ = run(capsys, "--db", a, "sessions")
    short = listing.splitlines()[1].split()[0]
    out_file = tmp_path / "s.json"
    code, _, err = run(capsys, "--db", a, "export", short, "--format", "json", "-o", str(out_file))
    assert code == 0, err
    code, out, err = run(capsys, "--db", b, "import", str(out_file))
    assert code == 0, err
    assert "Imported session" in out
    assert "1 agreement version)" in out  # the demo's signed agreement came along
    session_id = json.loads(out_file.read_text(encoding="utf-8"))["session"]["id"]
    code, exported, _ = run(capsys, "--db", b, "export", session_id)
    assert exported == out_file.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "not valid JSON"),
        (b'{"format": "circle-facilitator/session", "version": 7}', "version 7"),
        (b"\x00\x01\x02", "not valid JSON|not UTF-8"),
    ],
)
def test_bad_import_is_one_line_and_nonzero(
    capsys: pytest.CaptureFixture[str], db: str, tmp_path: Path, content: bytes, message: str
) -> None:
    bad = tmp_path / "bad.json"
    bad.write_bytes(content)
    code, _out, err = run(capsys, "--db", db, "import", str(bad))
    assert code == 1
    assert len(err.strip().splitlines()) == 1
    assert err.startswith("circle-facilitator: error:")
    assert "Traceback" not in err
    assert re.search(message, err)


def test_missing_file_and_unknown_session(capsys: pytest.CaptureFixture[str], db: str) -> None:
    code, _, err = run(capsys, "--db", db, "import", "/nonexistent/file.json")
    assert code == 1
    assert "cannot read" in err
    code, _, err = run(capsys, "--db", db, "export", "deadbeef")
    assert code == 1
    assert "no session 'deadbeef'" in err


def test_a_garbage_database_file_is_one_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    bad = tmp_path / "garbage.sqlite3"
    bad.write_bytes(os.urandom(8192))
    before = bad.read_bytes()
    code, _, err = run(capsys, "--db", str(bad), "sessions")
    assert code == 1
    assert len(err.strip().splitlines()) == 1
    assert bad.read_bytes() == before


def test_the_installed_command_runs_as_a_subprocess(tmp_path: Path) -> None:
    exe = Path(sys.executable).with_name("circle-facilitator")
    db = plain_store(tmp_path / "store.sqlite3")
    result = subprocess.run(
        [str(exe), "--db", db, "export", "nothing"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 1
    assert result.stderr.startswith("circle-facilitator: error: no session")
    assert "Traceback" not in result.stderr


def test_search_prints_one_line_per_hit(capsys: pytest.CaptureFixture[str], db: str) -> None:
    run(capsys, "--db", db, "demo")
    code, out, err = run(capsys, "--db", db, "search", "DEMO-2026-014")
    assert code == 0, err
    lines = out.splitlines()
    assert lines
    kind, session, reference, *_snippet = lines[0].split()
    assert kind == "case"
    assert session == "-"
    assert reference == "DEMO-2026-014"
    assert "«DEMO»" in lines[0]


def test_search_with_no_hits_or_no_words_says_so(
    capsys: pytest.CaptureFixture[str], db: str
) -> None:
    run(capsys, "--db", db, "demo")
    code, out, err = run(capsys, "--db", db, "search", "zzzqqq")
    assert (code, err) == (0, "")
    assert out.strip() == "Nothing found. Try fewer words, or another spelling."
    # Operators are words here: "and" is looked for like any word, never parsed.
    code, out, err = run(capsys, "--db", db, "search", '"((( AND * zzzqqq')
    assert (code, err) == (0, "")
    assert out.startswith("Nothing found")
    code, out, err = run(capsys, "--db", db, "search", "((( * ~")
    assert (code, err) == (0, "")
    assert out.startswith("Type a word to search for")


def test_no_command_but_init_makes_a_store(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    # Plain records only by an explicit choice: 'demo' on a new path refuses and writes nothing.
    missing = tmp_path / "new.sqlite3"
    code, _, err = run(capsys, "--db", str(missing), "demo")
    assert code == 1
    assert "init" in err
    assert "--plaintext" in err
    assert list(tmp_path.iterdir()) == []
