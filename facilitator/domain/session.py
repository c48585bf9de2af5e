"""A session as planned and stored: which case, which process, who, and how far it got."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from facilitator.domain.ids import new_id
from facilitator.domain.process import ProcessTemplate


class SessionStatus(StrEnum):
    """Where a session is in its life."""

    PLANNED = "planned"
    RUNNING = "running"
    ENDED = "ended"


@dataclass(frozen=True, slots=True)
class SessionInfo:
    """A stored session, without its events.

    Attributes:
        id: Session id.
        case_id: The case it belongs to.
        template: Snapshot of the process template it runs (replay never reads template files).
        title: Optional title ("Conference", "Follow-up circle"...).
        status: Planned, running or ended.
        created_at: When it was set up (UTC).
        started_at: When it started (UTC), if it did.
        ended_at: When it ended (UTC), if it did.
        checklist: Preparation checklist: item text -> ticked.
    """

    case_id: str
    template: ProcessTemplate
    title: str = ""
    id: str = field(default_factory=new_id)
    status: SessionStatus = SessionStatus.PLANNED
    created_at: datetime | None = None
    started_at: datetime | None = None
    ended_at: datetime | None = None
    checklist: dict[str, bool] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class SessionSummary:
    """One row of the sessions list."""

    id: str
    case_id: str
    case_reference: str
    template_name: str
    title: str
    status: SessionStatus
    participant_count: int
    created_at: datetime | None
    started_at: datetime | None
    ended_at: datetime | None
