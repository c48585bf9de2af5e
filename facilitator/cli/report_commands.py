"""The report commands: session notes as PDF, agreed items as CSV, program statistics.

Every file is written beside its target and renamed into place, so a failure never leaves half
a report. Messages name files and counts, never people or note text.
"""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import Any, TextIO

from facilitator.cli.base import CliContext, CliError, Handler


def register(commands: Any) -> dict[str, Handler]:
    """Add ``report notes``, ``report items`` and ``report stats``; return their handler."""
    report = commands.add_parser("report", help="write the notes, items or statistics reports")
    kinds = report.add_subparsers(dest="report_kind", metavar="REPORT", required=True)
    notes = kinds.add_parser(
        "notes", help="a session's notes as a PDF (shareable notes only unless asked)"
    )
    notes.add_argument("session", help="session id (or a unique beginning of it)")
    notes.add_argument("-o", "--output", type=Path, required=True, help="PDF file to write")
    notes.add_argument(
        "--include-facilitator-only",
        action="store_true",
        help="also print facilitator-only notes (confidential: keep the file with the case)",
    )
    items = kinds.add_parser(
        "items", help="the items of every signed agreement, with their status, as CSV"
    )
    items.add_argument("-o", "--output", type=Path, required=True, help="CSV file to write")
    stats = kinds.add_parser(
        "stats", help="de-identified program statistics for a period, as PDF or CSV"
    )
    stats.add_argument(
        "--from", dest="start", type=_day, required=True, help="first day, YYYY-MM-DD"
    )
    stats.add_argument("--to", dest="end", type=_day, required=True, help="last day, YYYY-MM-DD")
    stats.add_argument(
        "-o",
        "--output",
        type=Path,
        required=True,
        help="file to write; .pdf or .csv decides the format",
    )
    stats.add_argument(
        "--min-count",
        type=_min_count,
        default=None,
        help="smallest count shown as it is; smaller ones are shown as '<N' (default 3; "
        "1 shows every count)",
    )
    return {"report": _cmd_report}


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def _min_count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError("give a whole number of 1 or more")
    return value


def _cmd_report(ctx: CliContext, args: argparse.Namespace, out: TextIO) -> None:
    from facilitator.reports.files import ReportError  # noqa: PLC0415 - only when run
    from facilitator.reports.statistics import PeriodError  # noqa: PLC0415

    try:
        if args.report_kind == "notes":
            _notes(ctx, args, out)
        elif args.report_kind == "items":
            _items(ctx, args, out)
        else:
            _stats(ctx, args, out)
    except (ReportError, PeriodError) as exc:
        raise CliError(str(exc)) from None


def _notes(ctx: CliContext, args: argparse.Namespace, out: TextIO) -> None:
    from facilitator.cli.store_commands import find_session_id  # noqa: PLC0415
    from facilitator.reports.notes import write_notes_pdf  # noqa: PLC0415

    target = _pdf_or_csv(args.output, {".pdf"})
    session_id = find_session_id(ctx.store, args.session)
    private = bool(args.include_facilitator_only)
    report = write_notes_pdf(ctx.store, session_id, target, include_facilitator_only=private)
    left = "facilitator-only notes INCLUDED (confidential)" if private else "shareable notes only"
    print(f"Wrote {target} ({report.note_count} notes; {left})", file=out)


def _items(ctx: CliContext, args: argparse.Namespace, out: TextIO) -> None:
    from facilitator.reports.items_csv import write_items_csv  # noqa: PLC0415

    target = _pdf_or_csv(args.output, {".csv"})
    count = write_items_csv(ctx.store, target)
    print(f"Wrote {target} ({count} agreed items)", file=out)


def _stats(ctx: CliContext, args: argparse.Namespace, out: TextIO) -> None:
    from facilitator.reports.statistics import program_statistics  # noqa: PLC0415
    from facilitator.reports.stats_output import SMALL_COUNT, write_statistics  # noqa: PLC0415

    target = _pdf_or_csv(args.output, {".pdf", ".csv"})
    stats = program_statistics(ctx.store, args.start, args.end)
    min_count = SMALL_COUNT if args.min_count is None else args.min_count
    write_statistics(stats, target, min_count=min_count)
    print(
        f"Wrote {target} ({stats.sessions_held} sessions held, "
        f"{sum(stats.outcomes.values())} cases closed, {args.start} to {args.end})",
        file=out,
    )


def _pdf_or_csv(path: Path, suffixes: set[str]) -> Path:
    if path.suffix.lower() not in suffixes:
        wanted = " or ".join(sorted(suffixes))
        raise CliError(f"give a file name ending in {wanted}: {path.name}")
    if path.is_dir():
        raise CliError(f"{path.name} is a folder; give a file name")
    return path
