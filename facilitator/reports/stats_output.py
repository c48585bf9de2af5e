"""Program statistics as tables: small counts suppressed, then written as CSV or PDF.

Suppression (see docs/reports.md): a count from 1 to ``min_count - 1`` is shown as
``<min_count``. When exactly one count of a table with a total is suppressed, the smallest
other non-zero count of that table is withheld too (shown as ``withheld``), so the total does
not give the small one away. A rate or a median is withheld when it rests on fewer than
``min_count`` cases or sessions; with none at all it is ``n/a``. ``min_count=1`` turns
suppression off (every count is shown).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from facilitator.reports.csv_cells import csv_bytes
from facilitator.reports.files import ReportError, write_atomically
from facilitator.reports.statistics import PROCESS_LABELS, ProgramStatistics

#: Default smallest count shown as it is.
SMALL_COUNT = 3
WITHHELD = "withheld"
#: A rate or median with nothing to rest on (no case or session of that kind in the period).
NOT_APPLICABLE = "n/a"
CSV_HEADER = ("section", "measure", "value")


@dataclass(frozen=True, slots=True)
class Row:
    """One line of a table: what is measured and the value as published.

    Attributes:
        label: What is measured.
        value: The value as shown ("12", "<3", "withheld", "83.3%").
        count: The exact count behind a count row when it is published; else ``None`` (for the
            chart, which draws only published counts).
        total: Whether the row is a table's total.
    """

    label: str
    value: str
    count: int | None = None
    total: bool = False


@dataclass(frozen=True, slots=True)
class Section:
    """A titled table."""

    title: str
    rows: tuple[Row, ...]


def published(stats: ProgramStatistics, min_count: int = SMALL_COUNT) -> tuple[Section, ...]:
    """The statistics as tables, with small counts suppressed.

    Raises:
        ValueError: ``min_count`` is below 1.
    """
    if min_count < 1:
        raise ValueError("min_count must be at least 1")
    period = Section(
        "Period",
        (Row("From", stats.start.isoformat()), Row("To", stats.end.isoformat())),
    )
    sessions = _counts(
        "Sessions held, by process type",
        [(PROCESS_LABELS[kind], n) for kind, n in stats.sessions_by_process.items()],
        "All sessions held",
        min_count,
    )
    decided = stats.agreements_reached + stats.no_agreement
    agreements = _counts(
        "Agreements (sessions held)",
        [
            ("Agreement reached (signed, with actions)", stats.agreements_reached),
            ("No agreement reached (signed, empty)", stats.no_agreement),
            ("No signed agreement", stats.no_signed_agreement),
        ],
        "All sessions held",
        min_count,
        extra=(Row("Agreement rate", _rate(stats.agreement_rate, decided, min_count)),),
    )
    median = stats.median_days_to_completion
    n_days = len(stats.days_to_completion)
    cases = _counts(
        "Cases closed, by outcome",
        [(outcome.label, n) for outcome, n in stats.outcomes.items()],
        "All cases closed",
        min_count,
        extra=(
            Row(
                "Completion rate (completed / closed with an agreement)",
                _rate(stats.completion_rate, stats.closed_with_agreement, min_count),
            ),
            Row(
                "Median days from agreement to completion",
                _median(median, n_days, min_count),
            ),
            Row("Completed cases in the median", _shown(n_days, min_count)),
        ),
    )
    people = _counts(
        "Participants, by role",
        [(role.label, n) for role, n in stats.participants_by_role.items() if n],
        "All participants",
        min_count,
    )
    return (period, sessions, agreements, cases, people)


def _shown(count: int, min_count: int) -> str:
    return f"<{min_count}" if 0 < count < min_count else str(count)


def _counts(
    title: str,
    counts: Sequence[tuple[str, int]],
    total_label: str,
    min_count: int,
    extra: tuple[Row, ...] = (),
) -> Section:
    shown = [_shown(n, min_count) for _label, n in counts]
    small = [i for i, (_label, n) in enumerate(counts) if 0 < n < min_count]
    if len(small) == 1:
        # One suppressed cell beside a total could be worked out by subtraction.
        others = [(n, i) for i, (_label, n) in enumerate(counts) if n >= min_count]
        if others:
            shown[min(others)[1]] = WITHHELD
    rows = [
        Row(label, value, n if value == str(n) else None)
        for (label, n), value in zip(counts, shown, strict=True)
    ]
    total = sum(n for _label, n in counts)
    rows.append(Row(total_label, _shown(total, min_count), total=True))
    return Section(title, (*rows, *extra))


def _rate(rate: float | None, base: int, min_count: int) -> str:
    if rate is None:
        return NOT_APPLICABLE
    if base < min_count:
        return WITHHELD
    return f"{rate * 100:.1f}%"


def _median(median: float | None, count: int, min_count: int) -> str:
    if median is None:
        return NOT_APPLICABLE
    if count < min_count:
        return WITHHELD
    return f"{median:g}"


def stats_csv(sections: Sequence[Section]) -> bytes:
    """The published tables as one CSV file: section, measure, value."""
    return csv_bytes(
        CSV_HEADER,
        ((section.title, row.label, row.value) for section in sections for row in section.rows),
    )


def write_statistics(stats: ProgramStatistics, path: Path, *, min_count: int = SMALL_COUNT) -> None:
    """Write the statistics as CSV or PDF, chosen by the file's suffix (atomically).

    Raises:
        ReportError: the suffix is neither ``.csv`` nor ``.pdf``, or the file cannot be written.
    """
    sections = published(stats, min_count)
    suffix = path.suffix.lower()
    if suffix == ".csv":
        data = stats_csv(sections)
    elif suffix == ".pdf":
        from facilitator.reports.stats_pdf import render_statistics_pdf  # noqa: PLC0415

        data = render_statistics_pdf(sections, min_count)
    else:
        raise ReportError("Statistics are written as .csv or .pdf; give a file name ending so.")
    write_atomically(path, data)
