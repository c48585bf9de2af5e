"""Program statistics over a store whose numbers were counted by hand, and the suppression of
small counts."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

import pytest
from report_samples import add_case, add_session, cast, item, noon, sign

from facilitator.domain.outcome import CaseOutcome
from facilitator.domain.process import ProcessKind
from facilitator.domain.roles import Role
from facilitator.reports.files import ReportError
from facilitator.reports.statistics import PeriodError, ProgramStatistics, program_statistics
from facilitator.reports.stats_output import published, stats_csv, write_statistics
from facilitator.storage.store import Store

START, END = date(2026, 3, 1), date(2026, 6, 30)
R = Role


def close(store: Store, case_id: str, outcome: CaseOutcome, day: date) -> None:
    store.followup.close_case(case_id, outcome, noon(day))


def build(store: Store) -> None:
    """The hand-counted program (see each comment for what it adds to the counts)."""
    # A: conference in the period, agreement reached, completed 30 days after signing.
    a = add_case(store, "A")
    a_people = cast(R.FACILITATOR, R.PERSON_HARMED, R.PERSON_RESPONSIBLE, R.SUPPORTER_HARMED)
    a1 = add_session(store, a, ProcessKind.CONFERENCE, a_people, started=date(2026, 3, 10))
    sign(store, a1, a, (item(), item("Apology letter")), locked=date(2026, 3, 10))
    close(store, a.id, CaseOutcome.COMPLETED, date(2026, 4, 9))
    # B: circle, signed empty agreement ("no agreement reached"), closed so.
    b = add_case(store, "B")
    b1 = add_session(
        store,
        b,
        ProcessKind.CIRCLE,
        cast(R.KEEPER, R.PERSON_HARMED, R.PERSON_RESPONSIBLE),
        started=date(2026, 3, 15),
    )
    sign(store, b1, b, (), locked=date(2026, 3, 15))
    close(store, b.id, CaseOutcome.NO_AGREEMENT, date(2026, 3, 20))
    # C: a conference with only a draft, then a circle signed on 05-20 and amended on 05-25;
    # completed 06-09: 20 days from the FIRST signing.
    c = add_case(store, "C")
    c_people = cast(R.FACILITATOR, R.PERSON_HARMED, R.PERSON_RESPONSIBLE, R.SUPPORTER_RESPONSIBLE)
    c1 = add_session(store, c, ProcessKind.CONFERENCE, c_people, started=date(2026, 5, 1))
    sign(store, c1, c, (item(),), locked=None)
    c2 = add_session(
        store,
        c,
        ProcessKind.CIRCLE,
        cast(R.KEEPER, R.PERSON_HARMED, R.PERSON_RESPONSIBLE),
        started=date(2026, 5, 20),
    )
    first = sign(store, c2, c, (item(),), locked=date(2026, 5, 20))
    sign(store, c2, c, (item("Other"),), locked=date(2026, 5, 25), version=2, previous=first.id)
    close(store, c.id, CaseOutcome.COMPLETED, date(2026, 6, 9))
    # D: a dialogue before the period (not counted as held) whose case completes in it: 61 days.
    d = add_case(store, "D")
    d1 = add_session(
        store,
        d,
        ProcessKind.DIALOGUE,
        cast(R.FACILITATOR, R.INTERPRETER),
        started=date(2025, 12, 31),
    )
    sign(store, d1, d, (item(),), locked=date(2025, 12, 31))
    close(store, d.id, CaseOutcome.COMPLETED, date(2026, 3, 2))
    # E: a board on the period's last day; partly completed that same day.
    e = add_case(store, "E")
    e1 = add_session(
        store,
        e,
        ProcessKind.BOARD,
        cast(R.PANEL_MEMBER, R.PERSON_RESPONSIBLE),
        started=date(2026, 6, 30),
    )
    sign(store, e1, e, (item(),), locked=date(2026, 6, 30))
    close(store, e.id, CaseOutcome.PARTLY_COMPLETED, date(2026, 6, 30))
    # F: withdrawn before any session.
    close(store, add_case(store, "F").id, CaseOutcome.WITHDRAWN, date(2026, 4, 1))
    # G: a conference after the period, closed after it; and a planned session never held.
    g = add_case(store, "G")
    add_session(
        store, g, ProcessKind.CONFERENCE, cast(R.FACILITATOR, R.OBSERVER), started=date(2026, 7, 1)
    )
    add_session(store, g, ProcessKind.CONFERENCE, cast(R.FACILITATOR, R.OBSERVER), started=None)
    close(store, g.id, CaseOutcome.NOT_COMPLETED, date(2026, 7, 5))
    # H: not completed on the period's first day.
    close(store, add_case(store, "H").id, CaseOutcome.NOT_COMPLETED, date(2026, 3, 1))
    # I: completed, but with no signed agreement: in the rate, not in the median.
    close(store, add_case(store, "I").id, CaseOutcome.COMPLETED, date(2026, 6, 15))
    # J: open.
    add_case(store, "J")


@pytest.fixture
def counted(any_store: Store) -> ProgramStatistics:
    build(any_store)
    return program_statistics(any_store, START, END)


def test_sessions_by_process_type(counted: ProgramStatistics) -> None:
    assert counted.sessions_by_process == {
        ProcessKind.CIRCLE: 2,
        ProcessKind.CONFERENCE: 2,
        ProcessKind.COMMUNITY_CONFERENCE: 0,
        ProcessKind.DIALOGUE: 0,
        ProcessKind.FAMILY_GROUP: 0,
        ProcessKind.BOARD: 1,
    }
    assert counted.sessions_held == 5


def test_agreements_reached(counted: ProgramStatistics) -> None:
    assert (counted.agreements_reached, counted.no_agreement, counted.no_signed_agreement) == (
        3,
        1,
        1,
    )
    assert counted.agreement_rate == 0.75


def test_outcomes_and_completion_rate(counted: ProgramStatistics) -> None:
    assert counted.outcomes == {
        CaseOutcome.COMPLETED: 4,
        CaseOutcome.PARTLY_COMPLETED: 1,
        CaseOutcome.NOT_COMPLETED: 1,
        CaseOutcome.NO_AGREEMENT: 1,
        CaseOutcome.WITHDRAWN: 1,
    }
    assert counted.closed_with_agreement == 6
    assert counted.completion_rate == pytest.approx(4 / 6)


def test_days_to_completion(counted: ProgramStatistics) -> None:
    assert counted.days_to_completion == (20, 30, 61)
    assert counted.median_days_to_completion == 30


def test_participants_by_role(counted: ProgramStatistics) -> None:
    assert {role: n for role, n in counted.participants_by_role.items() if n} == {
        R.FACILITATOR: 2,
        R.KEEPER: 2,
        R.PERSON_HARMED: 4,
        R.PERSON_RESPONSIBLE: 5,
        R.SUPPORTER_HARMED: 1,
        R.SUPPORTER_RESPONSIBLE: 1,
        R.PANEL_MEMBER: 1,
    }


def test_an_even_number_of_days_has_the_mean_of_the_middle_two(tmp_path: Path) -> None:
    with Store.open(f"sqlite:///{tmp_path / 's.sqlite3'}") as store:
        for n, days in enumerate((3, 10)):
            case = add_case(store, f"K{n}")
            info = add_session(
                store, case, ProcessKind.CIRCLE, cast(R.KEEPER), started=date(2026, 3, 1)
            )
            sign(store, info, case, (item(),), locked=date(2026, 3, 1))
            close(store, case.id, CaseOutcome.COMPLETED, date(2026, 3, 1 + days))
        stats = program_statistics(store, START, END)
    assert stats.median_days_to_completion == 6.5


def test_an_empty_period_has_zeros_and_no_rates(tmp_path: Path) -> None:
    with Store.open(f"sqlite:///{tmp_path / 's.sqlite3'}") as store:
        build(store)
        stats = program_statistics(store, date(2030, 1, 1), date(2030, 12, 31))
    assert stats.sessions_held == 0
    assert sum(stats.outcomes.values()) == 0
    assert stats.agreement_rate is None
    assert stats.completion_rate is None
    assert stats.median_days_to_completion is None
    cells = table(stats_csv(published(stats, min_count=1)))
    assert cells[("Agreements (sessions held)", "Agreement rate")] == "n/a"
    closed = "Cases closed, by outcome"
    assert cells[(closed, "Median days from agreement to completion")] == "n/a"
    assert cells[(closed, "All cases closed")] == "0"


def test_a_period_that_ends_before_it_starts_is_refused(tmp_path: Path) -> None:
    with Store.open(f"sqlite:///{tmp_path / 's.sqlite3'}") as store, pytest.raises(PeriodError):
        program_statistics(store, END, START)


def table(data: bytes) -> dict[tuple[str, str], str]:
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0] == ["section", "measure", "value"]
    return {(section, measure): value for section, measure, value in rows[1:]}


def test_the_csv_holds_the_exact_numbers_without_suppression(
    counted: ProgramStatistics,
) -> None:
    cells = table(stats_csv(published(counted, min_count=1)))
    assert cells[("Period", "From")] == "2026-03-01"
    assert cells[("Sessions held, by process type", "Peacemaking circle")] == "2"
    assert cells[("Sessions held, by process type", "All sessions held")] == "5"
    assert cells[("Agreements (sessions held)", "Agreement rate")] == "75.0%"
    closed = "Cases closed, by outcome"
    assert cells[(closed, "Agreement completed")] == "4"
    assert cells[(closed, "Completion rate (completed / closed with an agreement)")] == "66.7%"
    assert cells[(closed, "Median days from agreement to completion")] == "30"
    assert cells[("Participants, by role", "Person responsible")] == "5"
    assert cells[("Participants, by role", "All participants")] == "16"
    assert ("Participants, by role", "Observer") not in cells


def test_small_counts_are_suppressed_and_cannot_be_worked_out(
    counted: ProgramStatistics,
) -> None:
    cells = table(stats_csv(published(counted, min_count=3)))
    sessions = "Sessions held, by process type"
    for label in ("Peacemaking circle", "Restorative conference", "Reparative board or panel"):
        assert cells[(sessions, label)] == "<3"
    assert cells[(sessions, "All sessions held")] == "5"
    assert cells[(sessions, "Dialogue or mediation")] == "0"
    roles = "Participants, by role"
    assert cells[(roles, "Supporter of the person harmed")] == "<3"
    assert cells[(roles, "Person responsible")] == "5"
    closed = "Cases closed, by outcome"
    assert cells[(closed, "Median days from agreement to completion")] == "30"
    # With a threshold of 4, three completed cases are too few for a median.
    cells = table(stats_csv(published(counted, min_count=4)))
    assert cells[(closed, "Median days from agreement to completion")] == "withheld"
    assert cells[(closed, "Completed cases in the median")] == "<4"


def test_a_lone_small_count_beside_a_total_takes_another_count_with_it(
    counted: ProgramStatistics,
) -> None:
    cells = table(stats_csv(published(counted, min_count=2)))
    sessions = "Sessions held, by process type"
    # Board (1) is the only small count; with the total shown it could be worked out, so the
    # smallest other count (the circles' 2, first of the two) is withheld too.
    assert cells[(sessions, "Reparative board or panel")] == "<2"
    assert cells[(sessions, "Peacemaking circle")] == "withheld"
    assert cells[(sessions, "Restorative conference")] == "2"
    assert cells[(sessions, "All sessions held")] == "5"


def test_the_format_follows_the_suffix(counted: ProgramStatistics, tmp_path: Path) -> None:
    write_statistics(counted, tmp_path / "stats.CSV")
    assert table((tmp_path / "stats.CSV").read_bytes())
    write_statistics(counted, tmp_path / "stats.pdf")
    assert (tmp_path / "stats.pdf").read_bytes().startswith(b"%PDF")
    with pytest.raises(ReportError, match=r"\.csv or \.pdf"):
        write_statistics(counted, tmp_path / "stats.txt")
    assert not (tmp_path / "stats.txt").exists()


def test_a_failed_write_leaves_nothing_behind(counted: ProgramStatistics, tmp_path: Path) -> None:
    target = tmp_path / "missing-folder" / "stats.csv"
    with pytest.raises(ReportError, match=r"Cannot write stats\.csv"):
        write_statistics(counted, target)
    assert not target.exists()
    assert not list(tmp_path.rglob("*.part"))


def test_a_failed_rename_removes_the_partial_file(
    counted: ProgramStatistics, tmp_path: Path
) -> None:
    target = tmp_path / "taken.csv"
    target.mkdir()
    with pytest.raises(ReportError, match=r"Cannot write taken\.csv"):
        write_statistics(counted, target)
    assert target.is_dir()
    assert not list(tmp_path.glob(".*.part"))
