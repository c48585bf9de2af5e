"""What the history list shows and asks for: plain types, free of SQLAlchemy.

The store's history (:mod:`facilitator.storage.history`) and the early reader that fills the list
before SQLAlchemy has loaded (:mod:`facilitator.storage.early_history`) both answer in these
types, and the history page talks to either through :class:`HistorySource`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Any, Protocol

from facilitator.agreements.status import AgreementStatus
from facilitator.domain.session import SessionStatus, SessionSummary


class HistoryColumn(StrEnum):
    """What the history list can be sorted by."""

    DATE = "date"
    CASE = "case"
    PROCESS = "process"
    PARTICIPANTS = "participants"
    AGREEMENT = "agreement"
    OUTCOME = "outcome"


@dataclass(frozen=True, slots=True)
class HistorySort:
    """How to order the history list.

    Attributes:
        column: The column to sort by; ties are broken by date (newest first), then by id.
        descending: Largest first (newest first for dates).
    """

    column: HistoryColumn = HistoryColumn.DATE
    descending: bool = True


@dataclass(frozen=True, slots=True)
class HistoryFilter:
    """Which sessions to list; an empty field does not filter.

    Attributes:
        date_from: First day (inclusive) of the session's date: when it started, else when it
            was set up. Days are read in the computer's local time zone.
        date_to: Last day (inclusive).
        template_ids: Only sessions of these processes (template ids).
        agreement_statuses: Only sessions whose newest agreement version has one of these
            statuses; ``None`` in the set stands for "no agreement".
        case_text: Only cases whose reference contains this text (case-insensitive).
    """

    date_from: date | None = None
    date_to: date | None = None
    template_ids: frozenset[str] = frozenset()
    agreement_statuses: frozenset[AgreementStatus | None] = frozenset()
    case_text: str = ""


@dataclass(frozen=True, slots=True)
class HistoryRow:
    """One session in the history list.

    Attributes:
        session_id: The session.
        case_id: Its case.
        case_reference: The case reference, as written on the program's paperwork.
        when: When it started, else when it was set up (UTC).
        process_name: The name of the process template it ran.
        template_id: The id of that template.
        title: The session's own title, if it has one.
        status: Planned, running or ended.
        participant_count: Everyone listed in it, late joiners included.
        agreement_status: The status of the newest agreement version, ``None`` without one.
        agreement_version: That version's number, ``None`` without one.
        case_outcome: The outcome recorded when the case was closed; empty while open.
    """

    session_id: str
    case_id: str
    case_reference: str
    when: datetime | None
    process_name: str
    template_id: str
    title: str
    status: SessionStatus
    participant_count: int
    agreement_status: AgreementStatus | None
    agreement_version: int | None
    case_outcome: str


def history_row(values: Sequence[Any], when: datetime | None) -> HistoryRow:
    """A :class:`HistoryRow` from the history query's columns, in the order both readers select.

    The columns: session id, case id, case reference, when (passed on its own as ``when``, read
    as each reader reads times), process name, template id, title, status, participant count,
    newest agreement status and version, case outcome.
    """
    return HistoryRow(
        session_id=values[0],
        case_id=values[1],
        case_reference=values[2],
        when=when,
        process_name=values[4],
        template_id=values[5],
        title=values[6],
        status=SessionStatus(values[7]),
        participant_count=values[8],
        agreement_status=None if values[9] is None else AgreementStatus(values[9]),
        agreement_version=values[10],
        case_outcome=values[11],
    )


def recent_summary(
    values: Sequence[Any],
    participant_count: int,
    times: tuple[datetime, datetime | None, datetime | None],
) -> SessionSummary:
    """A home-list row from the newest-sessions query's columns, in the order both readers select.

    The columns: session id, case id, case reference, process name, title, status (then the
    three times, passed as ``times``, read as each reader reads times: set up, started, ended).
    """
    created_at, started_at, ended_at = times
    return SessionSummary(
        id=values[0],
        case_id=values[1],
        case_reference=values[2],
        template_name=values[3],
        title=values[4],
        status=SessionStatus(values[5]),
        participant_count=participant_count,
        created_at=created_at,
        started_at=started_at,
        ended_at=ended_at,
    )


@dataclass(frozen=True, slots=True)
class ProcessChoice:
    """A process that at least one stored session ran, for the history filter."""

    template_id: str
    name: str


class HistorySource(Protocol):
    """Where the history page reads its list: ``store.history``, or the early reader."""

    def ids(
        self, history_filter: HistoryFilter | None = None, sort: HistorySort | None = None
    ) -> list[str]:
        """Ids of the sessions that pass ``history_filter``, in the order of ``sort``."""
        ...

    def rows(self, session_ids: Sequence[str]) -> list[HistoryRow]:
        """The rows of ``session_ids``, in that order (ids no longer stored are left out)."""
        ...

    def list_processes(self) -> list[ProcessChoice]:
        """Every process at least one stored session ran, by name."""
        ...
