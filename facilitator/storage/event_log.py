"""A session's event log in the store: the durable :class:`facilitator.engine.log.EventLog`.

Every append is one transaction, committed (``synchronous=FULL`` on SQLite) before it returns:
the events and the rows derived from them (:mod:`facilitator.storage.projections`) are written
together or not at all. The append path is kept lean because the engine waits on it after every
action: one prepared Core insert for the events, and no query for the current last ``seq`` (the
caller numbers events; the primary key refuses a number written twice).
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import func, insert, select
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from facilitator.engine.events import LoggedEvent
from facilitator.engine.log import LogWriteError
from facilitator.storage.audit_hooks import audit_session_events
from facilitator.storage.errors import StoreError, error_code
from facilitator.storage.mapping import event_from_row, event_values
from facilitator.storage.projections import apply_events
from facilitator.storage.records import EventRow

_INSERT_EVENTS = insert(EventRow.__table__)  # type: ignore[arg-type]


class StoreEventLog:
    """The event log of one stored session (see :meth:`facilitator.storage.store.Store.event_log`).

    It remembers the last ``seq`` it wrote or read, to refuse a gap without asking the database.
    """

    def __init__(self, sessions: sessionmaker[Session], session_id: str, last_seq: int) -> None:
        self._sessions = sessions
        self._session_id = session_id
        self._last_seq = last_seq

    @property
    def session_id(self) -> str:
        """The session this log belongs to."""
        return self._session_id

    def append(self, events: Sequence[LoggedEvent]) -> None:
        """Durably append ``events`` in one transaction: all of them, or none.

        Raises:
            LogWriteError: nothing was written: the numbers do not follow the log, another
                writer already recorded one of them, or the database refused the write (disk
                full, read-only, I/O error). The message holds no session content.
        """
        if not events:
            return
        expected = self._last_seq + 1
        for offset, logged in enumerate(events):
            if logged.seq != expected + offset:
                raise LogWriteError(
                    f"Event {logged.seq} does not follow the session's log (expected "
                    f"{expected + offset}); nothing was written."
                )
        try:
            rows = [event_values(self._session_id, logged) for logged in events]
            with self._sessions.begin() as s:
                s.execute(_INSERT_EVENTS, rows)
                apply_events(s, self._session_id, events)
                audit_session_events(s, self._session_id, events)
        except IntegrityError:
            raise LogWriteError(
                "Another writer has already recorded events for this session; nothing was "
                "written. Close the session and open it again."
            ) from None
        except (SQLAlchemyError, OSError, ValueError, StoreError) as exc:
            raise LogWriteError(
                "The session could not be saved: the database refused the write (the disk may "
                f"be full, read-only or failing; {error_code(exc)}). Nothing was written."
            ) from None
        self._last_seq = events[-1].seq

    def read(self) -> list[LoggedEvent]:
        """All events of the session, in ``seq`` order."""
        with self._sessions.begin() as s:
            events = read_events(s, self._session_id)
        self._last_seq = events[-1].seq if events else 0
        return events


def read_events(s: Session, session_id: str) -> list[LoggedEvent]:
    """The events of ``session_id`` in ``seq`` order, inside the caller's transaction."""
    rows = s.scalars(
        select(EventRow).where(EventRow.session_id == session_id).order_by(EventRow.seq)
    )
    return [event_from_row(row) for row in rows]


def last_seq(s: Session, session_id: str) -> int:
    """The highest ``seq`` of the session's log, 0 for an empty log."""
    found = s.scalar(select(func.max(EventRow.seq)).where(EventRow.session_id == session_id))
    return found or 0
