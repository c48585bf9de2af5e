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
from datetime import date, datetime

from facilitator.agreements.model import Agreement, AgreementStatus
from facilitator.domain.outcome import CaseOutcome
from facilitator.domain.process import ProcessKind
from facilitator.domain.roles import Role
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


def program_statistics(store: Store, start: date, end: date) -> ProgramStatistics:
    """Count the period from ``start`` to ``end`` (both included).

    Raises:
        PeriodError: ``end`` is before ``start``.
        StoreError: the store cannot be read.
    """
    if end < start:
        raise PeriodError("The period ends before it starts.")

    def within(moment: datetime | None) -> bool:
        return moment is not None and start <= _day(moment) <= end

    by_process: Counter[ProcessKind] = Counter()
    by_role: Counter[Role] = Counter()
    reached = empty = unsigned = 0
    for summary in store.list_sessions():
        if not within(summary.started_at):
            continue
        by_process[store.get_session(summary.id).template.kind] += 1
        by_role.update(p.role for p in store.participants(summary.id))
        signed = _newest_signed(store.agreements.versions(summary.id))
        if signed is None:
            unsigned += 1
        elif signed.items:
            reached += 1
        else:
            empty += 1

    outcomes: Counter[CaseOutcome] = Counter()
    days: list[int] = []
    completed_cases: dict[str, datetime] = {}
    for case in store.list_cases():
        if not within(case.closed_at) or case.outcome not in set(CaseOutcome):
            continue
        outcome = CaseOutcome(case.outcome)
        outcomes[outcome] += 1
        if outcome is CaseOutcome.COMPLETED and case.closed_at is not None:
            completed_cases[case.id] = case.closed_at
    if completed_cases:
        first_locks = _first_locks(store, set(completed_cases))
        for case_id, closed in completed_cases.items():
            if case_id in first_locks:
                days.append((_day(closed) - _day(first_locks[case_id])).days)

    return ProgramStatistics(
        start=start,
        end=end,
        sessions_by_process={kind: by_process[kind] for kind in ProcessKind},
        agreements_reached=reached,
        no_agreement=empty,
        no_signed_agreement=unsigned,
        outcomes={outcome: outcomes[outcome] for outcome in CaseOutcome},
        days_to_completion=tuple(sorted(days)),
        participants_by_role={role: by_role[role] for role in Role},
    )


def _newest_signed(versions: list[Agreement]) -> Agreement | None:
    signed = [a for a in versions if a.status is AgreementStatus.LOCKED]
    return max(signed, key=lambda a: a.version) if signed else None


def _first_locks(store: Store, case_ids: set[str]) -> dict[str, datetime]:
    """The first time each case had an agreement with an action signed."""
    firsts: dict[str, datetime] = {}
    for summary in store.list_sessions():
        if summary.case_id not in case_ids:
            continue
        for agreement in store.agreements.versions(summary.id):
            locked = agreement.locked_at
            if agreement.status is AgreementStatus.LOCKED and agreement.items and locked:
                known = firsts.get(summary.case_id)
                firsts[summary.case_id] = locked if known is None else min(known, locked)
    return firsts
