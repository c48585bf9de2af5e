"""The report commands: each writes its file, and each failure is one line without names."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from cli_stores import plain_store
from pypdf import PdfReader

from facilitator.demo import demo_participants
from ui.entry import main


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def db(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    path = plain_store(tmp_path / "store.sqlite3")
    code, _out, err = run(capsys, "--db", path, "demo")
    assert code == 0, err
    return path


def session_prefix(capsys: pytest.CaptureFixture[str], db: str) -> str:
    _code, listing, _err = run(capsys, "--db", db, "sessions")
    return listing.splitlines()[1].split()[0]


def test_report_notes_writes_shareable_notes_only_unless_asked(
    capsys: pytest.CaptureFixture[str], db: str, tmp_path: Path
) -> None:
    session = session_prefix(capsys, db)
    target = tmp_path / "notes.pdf"
    code, out, err = run(capsys, "--db", db, "report", "notes", session, "-o", str(target))
    assert code == 0, err
    assert "shareable notes only" in out
    shared = "\n".join(p.extract_text() for p in PdfReader(target).pages)
    code, out, err = run(
        capsys,
        "--db",
        db,
        "report",
        "notes",
        session,
        "-o",
        str(target),
        "--include-facilitator-only",
    )
    assert code == 0, err
    assert "INCLUDED" in out
    everything = "\n".join(p.extract_text() for p in PdfReader(target).pages)
    assert "facilitator only" not in shared
    assert "facilitator only" in everything
    assert len(everything) > len(shared)


def test_report_items_and_stats(
    capsys: pytest.CaptureFixture[str], db: str, tmp_path: Path
) -> None:
    items = tmp_path / "items.csv"
    code, out, err = run(capsys, "--db", db, "report", "items", "-o", str(items))
    assert code == 0, err
    assert "4 agreed items" in out
    rows = list(csv.reader(io.StringIO(items.read_bytes().decode("utf-8-sig"))))
    assert len(rows) == 5
    for suffix in ("csv", "pdf"):
        stats = tmp_path / f"stats.{suffix}"
        code, out, err = run(
            capsys,
            "--db",
            db,
            "report",
            "stats",
            "--from",
            "2000-01-01",
            "--to",
            "2100-12-31",
            "-o",
            str(stats),
        )
        assert code == 0, err
        assert "1 sessions held" in out
    text = (tmp_path / "stats.csv").read_bytes().decode("utf-8-sig")
    text += "\n".join(p.extract_text() for p in PdfReader(tmp_path / "stats.pdf").pages)
    assert "Restorative conference" in text
    for person in demo_participants():
        assert person.display_name not in text
    assert "DEMO-2026-014" not in text


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["items", "-o", "items.txt"], "ending in .csv"),
        (["notes", "nosuchsession", "-o", "n.pdf"], "no session"),
        (["stats", "--from", "2026-02-01", "--to", "2026-01-01", "-o", "s.csv"], "ends before"),
        (["items", "-o", "missing/items.csv"], "Cannot write items.csv"),
    ],
)
def test_failures_are_one_line(
    capsys: pytest.CaptureFixture[str], db: str, tmp_path: Path, args: list[str], message: str
) -> None:
    args = [str(tmp_path / a) if a.endswith((".csv", ".pdf", ".txt")) else a for a in args]
    code, _out, err = run(capsys, "--db", db, "report", *args)
    assert code == 1
    assert message in err
    assert len(err.strip().splitlines()) == 1
    assert "Traceback" not in err


def test_a_bad_date_is_a_usage_error(capsys: pytest.CaptureFixture[str], db: str) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--db", db, "report", "stats", "--from", "25/11/2026", "--to", "x", "-o", "s.csv"])
    assert exit_info.value.code == 2
    assert "not a date" in capsys.readouterr().err
