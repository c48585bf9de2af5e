"""The counts behind the program statistics, read in a few queries over the whole store.

Only what the statistics count leaves this module: ids, process types, roles, times and how
many items an agreement holds. No name, note, summary or reference is read, so none can reach a
report by mistake. Reached through :attr:`facilitator.storage.store.Store.report_facts`.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from facilitator.agreements.model import AgreementStatus
from facilitator.domain.process import ProcessKind
from facilitator.domain.roles import Role
from facilitator.storage.errors import StoreError
from facilitator.storage.records import AgreementRow, ParticipantRow, SessionRow

Work = Callable[[], AbstractContextManager[Session]]


@dataclass(frozen=True, slots=True)
class SessionFacts:
    """A session that started, as the statistics see it.

    Attributes:
        session_id: The session.
        case_id: Its case.
        process_kind: The type of process it ran.
        started_at: When it started (UTC).
        roles: The role of everyone listed in it (late joiners too).
    """

    session_id: str
    case_id: str
    process_kind: ProcessKind
    started_at: datetime
    roles: tuple[Role, ...]


@dataclass(frozen=True, slots=True)
class SignedAgreementFacts:
    """A signed (locked) agreement version, as the statistics see it.

    Attributes:
        session_id: The session it came out of.
        case_id: That session's case.
        version: Its version number.
        locked_at: When the last signature locked it (UTC), if recorded.
        item_count: How many actions it holds (0: "no agreement reached").
    """

    session_id: str
    case_id: str
    version: int
    locked_at: datetime | None
    item_count: int


class ReportFacts:
    """Whole-store reads for the reports (use ``store.report_facts``)."""

    def __init__(self, work: Work) -> None:
        self._work = work

    def sessions_started(self, start: datetime, end: datetime) -> list[SessionFacts]:
        """Sessions that started at or after ``start`` and before ``end``, oldest first.

        Raises:
            StoreError: the store cannot be read, or a stored template is damaged.
        """
        when = SessionRow.started_at
        in_period = (when >= start) & (when < end)
        with self._work() as s:
            sessions = s.execute(
                select(SessionRow.id, SessionRow.case_id, SessionRow.template_json, when)
                .where(in_period)
                .order_by(when, SessionRow.id)
            ).all()
            roles: dict[str, list[Role]] = {}
            for session_id, role in s.execute(
                select(ParticipantRow.session_id, ParticipantRow.role)
                .join(SessionRow, SessionRow.id == ParticipantRow.session_id)
                .where(in_period)
            ):
                roles.setdefault(session_id, []).append(_role(role))
        return [
            SessionFacts(
                session_id=session_id,
                case_id=case_id,
                process_kind=_kind(template_json),
                started_at=started,
                roles=tuple(roles.get(session_id, ())),
            )
            for session_id, case_id, template_json, started in sessions
            if started is not None  # the period's bounds rule it out; this tells the types
        ]

    def signed_agreements(self) -> list[SignedAgreementFacts]:
        """Every signed (locked) agreement version in the store.

        Raises:
            StoreError: the store cannot be read, or a stored agreement is damaged.
        """
        with self._work() as s:
            rows = s.execute(
                select(
                    AgreementRow.session_id,
                    SessionRow.case_id,
                    AgreementRow.version,
                    AgreementRow.locked_at,
                    AgreementRow.payload_json,
                )
                .join(SessionRow, SessionRow.id == AgreementRow.session_id)
                .where(AgreementRow.status == AgreementStatus.LOCKED.value)
            ).all()
        return [
            SignedAgreementFacts(session_id, case_id, version, locked_at, _item_count(payload))
            for session_id, case_id, version, locked_at, payload in rows
        ]


def _kind(template_json: str) -> ProcessKind:
    try:
        return ProcessKind(json.loads(template_json)["kind"])
    except (KeyError, TypeError, ValueError):
        raise StoreError(
            "A stored session's process cannot be read; the store may be damaged."
        ) from None


def _role(value: str) -> Role:
    try:
        return Role(value)
    except ValueError:
        raise StoreError(
            "A stored participant's role is unknown; the store may be damaged."
        ) from None


def _item_count(payload: str) -> int:
    try:
        items = json.loads(payload)["items"]
    except (KeyError, TypeError, ValueError):
        items = None
    if not isinstance(items, list):
        raise StoreError("A stored agreement cannot be read; the store may be damaged.")
    return len(items)
