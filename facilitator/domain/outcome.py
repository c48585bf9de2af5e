"""How a case ended: the outcome recorded when it is closed."""

from __future__ import annotations

from enum import StrEnum

from facilitator.domain.case import Case, DomainError


class CaseOutcome(StrEnum):
    """The outcome of a closed case (stored as its value in ``Case.outcome``).

    Referrers usually learn only whether the process took place and whether the agreement was
    completed (domain.md §5), so these five answers are all a case records about its end.
    """

    COMPLETED = "completed"
    PARTLY_COMPLETED = "partly_completed"
    NOT_COMPLETED = "not_completed"
    NO_AGREEMENT = "no_agreement"
    WITHDRAWN = "withdrawn"

    @property
    def label(self) -> str:
        """Human label, as shown in lists and reports."""
        return _LABELS[self]


_LABELS: dict[CaseOutcome, str] = {
    CaseOutcome.COMPLETED: "Agreement completed",
    CaseOutcome.PARTLY_COMPLETED: "Agreement partly completed",
    CaseOutcome.NOT_COMPLETED: "Agreement not completed",
    CaseOutcome.NO_AGREEMENT: "No agreement reached",
    CaseOutcome.WITHDRAWN: "Withdrawn",
}


def outcome_of(case: Case) -> CaseOutcome | None:
    """The outcome of a closed case; ``None`` while the case is open.

    Raises:
        DomainError: the case is closed with an outcome this version does not know.
    """
    if case.closed_at is None:
        return None
    try:
        return CaseOutcome(case.outcome)
    except ValueError:
        raise DomainError("This case was closed with an outcome this app does not know.") from None
