"""The follow-up commands: what is overdue or due this week, and closing or reopening a case."""

from __future__ import annotations

import argparse
from datetime import UTC, date, datetime, time
from typing import TYPE_CHECKING, Any, TextIO

from facilitator.cli.base import PROG, CliContext, CliError, Handler
from facilitator.domain.outcome import CaseOutcome

if TYPE_CHECKING:
    from facilitator.agreements.followup import DueItem
    from facilitator.domain.case import Case
    from facilitator.storage.store import Store


def register(commands: Any) -> dict[str, Handler]:
    """Add the follow-up commands; return their handlers."""
    followup = commands.add_parser(
        "followup", help="list agreement items overdue or due this week, grouped by monitor"
    )
    followup.add_argument(
        "--today", type=_day, metavar="YYYY-MM-DD", help="the day to look from (default: today)"
    )
    close = commands.add_parser("close-case", help="close a case, recording its outcome")
    close.add_argument("case", help="the case reference (or a unique beginning of its id)")
    close.add_argument(
        "--outcome",
        required=True,
        choices=[o.value for o in CaseOutcome],
        help="how the case ended",
    )
    close.add_argument(
        "--date", type=_day, metavar="YYYY-MM-DD", help="the day it closed (default: now)"
    )
    reopen = commands.add_parser("reopen-case", help="open a closed case again")
    reopen.add_argument("case", help="the case reference (or a unique beginning of its id)")
    return {"followup": _cmd_followup, "close-case": _cmd_close, "reopen-case": _cmd_reopen}


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError("expected a date as YYYY-MM-DD") from None


def find_case(store: Store, wanted: str) -> Case:
    """The case with this reference (case ignored), or whose id starts with ``wanted``."""
    key = wanted.strip()
    cases = store.list_cases()
    matches = [c for c in cases if c.reference.strip().casefold() == key.casefold()]
    if not matches and key:
        matches = [c for c in cases if c.id.startswith(key.lower())]
    if not matches:
        raise CliError(f"no case {wanted!r} in this store (see '{PROG} sessions')")
    if len(matches) > 1:
        raise CliError(f"{len(matches)} cases match {wanted!r}; give the case id instead")
    return matches[0]


def _cmd_followup(ctx: CliContext, args: argparse.Namespace, out: TextIO) -> None:
    today = args.today or datetime.now(UTC).astimezone().date()
    overview = ctx.store.followup.overview(today)
    print(
        f"Follow-up on {today:%a %Y-%m-%d}: {len(overview.overdue)} overdue, "
        f"{len(overview.due_this_week)} due this week",
        file=out,
    )
    if overview.empty:
        print("Nothing is overdue and nothing is due this week.", file=out)
        return
    groups = overview.by_monitor
    for title, pick in (("Overdue", "overdue"), ("Due this week", "due_this_week")):
        sections = [(g.monitor, getattr(g, pick)) for g in groups if getattr(g, pick)]
        if not sections:
            continue
        print(f"\n{title}", file=out)
        for monitor, items in sections:
            print(f"  {monitor or '(no monitor named)'} ({len(items)})", file=out)
            for item in items:
                print(f"    {_line(item, today)}", file=out)


def _line(item: DueItem, today: date) -> str:
    late = item.days_late(today)
    when = f"{late} day{'s' if late != 1 else ''} late" if late > 0 else f"{item.due:%a}"
    who = item.responsible_name or "-"
    what = " ".join(item.item.description.split())
    return f"{item.due.isoformat()}  {when:<13} {item.case_reference:<14} {who:<20} {what}"


def _cmd_close(ctx: CliContext, args: argparse.Namespace, out: TextIO) -> None:
    store = ctx.store
    case = find_case(store, args.case)
    now = datetime.now(UTC)
    if args.date is not None and args.date > now.astimezone().date():
        raise CliError("a case cannot be closed on a day still to come")
    if args.date is None or args.date == now.astimezone().date():
        closed_at = now
    else:
        # An earlier day: noon on it, local time, so it stays that day in every time zone.
        closed_at = datetime.combine(args.date, time(12), tzinfo=now.astimezone().tzinfo)
    outcome = CaseOutcome(args.outcome)
    store.followup.close_case(case.id, outcome, closed_at.astimezone(UTC))
    print(f"Closed case {case.reference}: {outcome.label}.", file=out)


def _cmd_reopen(ctx: CliContext, args: argparse.Namespace, out: TextIO) -> None:
    store = ctx.store
    case = find_case(store, args.case)
    store.followup.reopen_case(case.id)
    print(f"Reopened case {case.reference}.", file=out)
