"""Program statistics for funders: counts and medians over a period, and nothing else.

What is counted (every day is read in the computer's local time zone; the period's first and
last days are both included):

- *Sessions held*: sessions that started on a day in the period, by process type.
- *Agreements*: for each session held, the newest signed (locked) version of its agreement:
  *reached* when it holds at least one action, *no agreement reached* when the parties signed an
  empty one (a valid outcome), *none signed* when no version was signed.
  Agreement rate = reached / (reached + no agreement reached).
- *Cases closed*: cases closed on a day in the period, by outcome.
  Completion rate = closed as completed / closed with an agreement (completed, partly
  completed or not completed); cases closed with no agreement or withdrawn are not in it.
- *Days to completion*: for each case closed as completed in the period, the days from the
  first signing of an agreement with at least one action (any session of the case) to the day
  the case was closed; the median of those. A completed case with no such agreement is left out.
- *Participants by role*: everyone listed in a session held in the period, by role. One person
  in two sessions counts twice (people are recorded per session).

Nothing else is read into the result: no names, no note text, no case summary, no case
reference, no process template name (only its type). :mod:`facilitator.reports.stats_output`
turns the result into tables with small counts suppressed.
"""

from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from facilitator.domain.outcome import CaseOutcome
from facilitator.domain.process import ProcessKind
from facilitator.domain.roles import Role
from facilitator.storage.report_facts import SignedAgreementFacts
from facilitator.storage.store import Store

PROCESS_LABELS: dict[ProcessKind, str] = {
    ProcessKind.CIRCLE: "Peacemaking circle",
    ProcessKind.CONFERENCE: "Restorative conference",
    ProcessKind.COMMUNITY_CONFERENCE: "Community conference",
    ProcessKind.DIALOGUE: "Dialogue or mediation",
    ProcessKind.FAMILY_GROUP: "Family group conference",
    ProcessKind.BOARD: "Reparative board or panel",
}

#: Outcomes that say an agreement with actions existed: the completion rate's denominator.
WITH_AGREEMENT = (
    CaseOutcome.COMPLETED,
    CaseOutcome.PARTLY_COMPLETED,
    CaseOutcome.NOT_COMPLETED,
)


class PeriodError(ValueError):
    """The period is not a period (it ends before it starts)."""


@dataclass(frozen=True, slots=True)
class ProgramStatistics:
    """The counts of one period, exact (before any small-count suppression).

    Attributes:
        start: First day of the period.
        end: Last day of the period.
        sessions_by_process: Sessions held, per process type (every type, zeros too).
        agreements_reached: Sessions whose newest signed agreement holds an action.
        no_agreement: Sessions whose newest signed agreement is empty.
        no_signed_agreement: Sessions held with no signed agreement.
        outcomes: Cases closed in the period, per outcome (every outcome, zeros too).
        days_to_completion: Days from agreement to completion, one per completed case, sorted.
        participants_by_role: People listed in the sessions held, per role (every role).
    """

    start: date
    end: date
    sessions_by_process: dict[ProcessKind, int]
    agreements_reached: int
    no_agreement: int
    no_signed_agreement: int
    outcomes: dict[CaseOutcome, int]
    days_to_completion: tuple[int, ...]
    participants_by_role: dict[Role, int]

    @property
    def sessions_held(self) -> int:
        """Sessions held in the period."""
        return sum(self.sessions_by_process.values())

    @property
    def agreement_rate(self) -> float | None:
        """Reached / (reached + no agreement reached); ``None`` when neither happened."""
        decided = self.agreements_reached + self.no_agreement
        return self.agreements_reached / decided if decided else None

    @property
    def closed_with_agreement(self) -> int:
        """Cases closed as completed, partly completed or not completed."""
        return sum(self.outcomes[o] for o in WITH_AGREEMENT)

    @property
    def completion_rate(self) -> float | None:
        """Completed / closed with an agreement; ``None`` when none was closed so."""
        total = self.closed_with_agreement
        return self.outcomes[CaseOutcome.COMPLETED] / total if total else None

    @property
    def median_days_to_completion(self) -> float | None:
        """The median of :attr:`days_to_completion`; ``None`` without any."""
        return statistics.median(self.days_to_completion) if self.days_to_completion else None


def _day(moment: datetime) -> date:
    return moment.astimezone().date()


def _midnight(day: date) -> datetime:
    """The start of ``day`` in the computer's time zone, as an aware datetime."""
    return datetime.combine(day, time.min).astimezone()


def program_statistics(store: Store, start: date, end: date) -> ProgramStatistics:
    """Count the period from ``start`` to ``end`` (both included).

    A few whole-store queries (``store.report_facts`` and the cases), so a store of 10,000
    sessions is counted in about a second.

    Raises:
        PeriodError: ``end`` is before ``start``.
        StoreError: the store cannot be read.
    """
    if end < start:
        raise PeriodError("The period ends before it starts.")
    facts = store.report_facts
    held = facts.sessions_started(_midnight(start), _midnight(end + timedelta(days=1)))
    newest: dict[str, SignedAgreementFacts] = {}
    first_lock: dict[str, datetime] = {}
    for signed in facts.signed_agreements():
        known = newest.get(signed.session_id)
        if known is None or signed.version > known.version:
            newest[signed.session_id] = signed
        if signed.item_count and signed.locked_at is not None:
            earlier = first_lock.get(signed.case_id)
            first_lock[signed.case_id] = min(earlier or signed.locked_at, signed.locked_at)

    by_process = Counter(f.process_kind for f in held)
    by_role = Counter(role for f in held for role in f.roles)
    verdicts = Counter(_verdict(newest.get(f.session_id)) for f in held)

    outcomes: Counter[CaseOutcome] = Counter()
    days: list[int] = []
    known_outcomes = {o.value for o in CaseOutcome}
    for case in store.list_cases():
        closed = case.closed_at
        if closed is None or not start <= _day(closed) <= end:
            continue
        if case.outcome not in known_outcomes:
            continue
        outcome = CaseOutcome(case.outcome)
        outcomes[outcome] += 1
        if outcome is CaseOutcome.COMPLETED and case.id in first_lock:
            days.append((_day(closed) - _day(first_lock[case.id])).days)

    return ProgramStatistics(
        start=start,
        end=end,
        sessions_by_process={kind: by_process[kind] for kind in ProcessKind},
        agreements_reached=verdicts["reached"],
        no_agreement=verdicts["empty"],
        no_signed_agreement=verdicts["unsigned"],
        outcomes={outcome: outcomes[outcome] for outcome in CaseOutcome},
        days_to_completion=tuple(sorted(days)),
        participants_by_role={role: by_role[role] for role in Role},
    )


def _verdict(signed: SignedAgreementFacts | None) -> str:
    if signed is None:
        return "unsigned"
    return "reached" if signed.item_count else "empty"
