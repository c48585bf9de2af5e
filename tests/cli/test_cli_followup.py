"""``circle-facilitator followup``, ``close-case`` and ``reopen-case`` over the demo case."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from cli_stores import plain_store

from facilitator.domain.outcome import CaseOutcome, outcome_of
from facilitator.storage.store import Store
from ui.entry import main


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def db(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    """A store holding the demo case, whose agreement everyone signed."""
    path = plain_store(tmp_path / "store.sqlite3")
    assert run(capsys, "--db", path, "demo")[0] == 0
    return path


def test_followup_lists_overdue_and_this_weeks_items_by_monitor(
    capsys: pytest.CaptureFixture[str], db: str
) -> None:
    with Store.open(f"sqlite:///{db}") as store:
        (session,) = store.list_sessions()
        agreement = store.agreements.latest(session.id)
    assert agreement is not None
    letter = next(i for i in agreement.items if "letter" in i.description)
    assert letter.due is not None
    day_after = letter.due + timedelta(days=1)

    code, out, err = run(capsys, "--db", db, "followup", "--today", day_after.isoformat())

    assert (code, err) == (0, "")
    lines = out.splitlines()
    # The demo is dated from today, so whether other items fall in that week varies.
    assert lines[0].startswith(f"Follow-up on {day_after:%a %Y-%m-%d}: 1 overdue, ")
    assert lines[2:4] == ["Overdue", "  Aroha Ngata (1)"]
    assert lines[4].split()[:4] == [letter.due.isoformat(), "1", "day", "late"]
    assert "DEMO-2026-014" in lines[4]
    assert "Jamie Okafor" in lines[4]
    assert "letter of apology" in lines[4]


def test_followup_shows_this_weeks_items_under_their_monitors(
    capsys: pytest.CaptureFixture[str], db: str
) -> None:
    with Store.open(f"sqlite:///{db}") as store:
        (session,) = store.list_sessions()
        agreement = store.agreements.latest(session.id)
    assert agreement is not None
    shed = agreement.items[0]
    assert shed.due is not None

    code, out, _ = run(capsys, "--db", db, "followup", "--today", shed.due.isoformat())

    assert code == 0
    section = out.split("Due this week\n", 1)[1].splitlines()
    # The repainting (checked by Marta) and the lifts (checked by Grace) are both due today.
    assert "  Grace Okafor (1)" in section
    assert "  Marta Kowalczyk (1)" in section
    assert "7 days late" in out.split("Due this week")[0]


def test_close_case_records_the_outcome_and_leaves_the_overview(
    capsys: pytest.CaptureFixture[str], db: str
) -> None:
    code, out, err = run(
        capsys, "--db", db, "close-case", "demo-2026-014", "--outcome", "completed"
    )
    assert (code, err) == (0, "")
    assert out.strip() == "Closed case DEMO-2026-014: Agreement completed."
    with Store.open(f"sqlite:///{db}") as store:
        (case,) = store.list_cases()
    assert outcome_of(case) is CaseOutcome.COMPLETED

    code, out, err = run(
        capsys, "--db", db, "close-case", "DEMO-2026-014", "--outcome", "withdrawn"
    )
    assert code == 1
    assert err.count("\n") == 1
    assert "closed already" in err

    code, out, _ = run(capsys, "--db", db, "reopen-case", "DEMO-2026-014")
    assert (code, out.strip()) == (0, "Reopened case DEMO-2026-014.")
    with Store.open(f"sqlite:///{db}") as store:
        assert store.list_cases()[0].closed_at is None


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("close-case", "NO-SUCH-CASE", "--outcome", "completed"), "no case"),
        (
            ("close-case", "DEMO-2026-014", "--outcome", "completed", "--date", "2999-01-01"),
            "to come",
        ),
        (("reopen-case", "DEMO-2026-014"), "not closed"),
    ],
)
def test_case_command_failures_are_one_line(
    capsys: pytest.CaptureFixture[str], db: str, args: tuple[str, ...], message: str
) -> None:
    code, out, err = run(capsys, "--db", db, *args)
    assert code == 1
    assert out == ""
    assert err.count("\n") == 1
    assert message in err
    assert "Traceback" not in err
