"""A planned session as the set-up works on it, written to the store at every change.

No widgets here: :class:`PlannedSession` holds what is stored (the session, its case, people and
consent records) and changes it only through the store, so what it holds is always what a
restart would read back. Every method may raise :class:`StoreError`; nothing changes then.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from facilitator.domain.case import Case, Participant
from facilitator.domain.consent import ConsentRecord
from facilitator.domain.process import ProcessTemplate
from facilitator.domain.session import SessionInfo, SessionStatus, SessionSummary
from facilitator.storage.store import Store
from ui.setup.readiness import Readiness, active_consent, check_start
from ui.setup.seating import copy_people, normalise_seats


class PlannedSession:
    """One stored session being set up. Create it with :meth:`open` or :meth:`create`."""

    def __init__(self, store: Store, info: SessionInfo, case: Case) -> None:
        self._store = store
        self.info = info
        self.case = case
        self.people: list[Participant] = []
        self.consents: list[ConsentRecord] = []

    @classmethod
    def open(cls, store: Store, session_id: str) -> PlannedSession:
        """Read a stored session with its case, people and consent records.

        Raises:
            StoreError: it cannot be read (``NotFound`` when there is no such session).
        """
        info = store.get_session(session_id)
        planned = cls(store, info, store.get_case(info.case_id))
        planned.reload()
        return planned

    @classmethod
    def create(
        cls,
        store: Store,
        case: Case,
        template: ProcessTemplate,
        title: str = "",
        copy_from: str = "",
    ) -> PlannedSession:
        """Store a new session of ``case``, with copies of the people of ``copy_from`` if given.

        The checklist starts with every item of the template unticked; consent is never copied.

        Raises:
            StoreError: the session could not be stored.
        """
        people: list[Participant] = []
        if copy_from:
            people, _skipped = copy_people(store.participants(copy_from), [])
        info = store.create_session(
            SessionInfo(
                case_id=case.id,
                template=template,
                title=title,
                checklist=dict.fromkeys(template.checklist, False),
            ),
            normalise_seats(people),
        )
        planned = cls(store, info, case)
        planned.reload()
        return planned

    @property
    def id(self) -> str:
        """The session id."""
        return self.info.id

    @property
    def template(self) -> ProcessTemplate:
        """The process the session will run (its stored snapshot)."""
        return self.info.template

    @property
    def is_planned(self) -> bool:
        """Whether it has not started yet (only then can it be set up)."""
        return self.info.status is SessionStatus.PLANNED

    def reload(self) -> None:
        """Read everything again from the store."""
        self.info = self._store.get_session(self.info.id)
        self.people = self._store.participants(self.info.id)
        self.consents = self._store.consents(self.info.id)

    def person(self, pid: str | None) -> Participant | None:
        """The participant ``pid``, if they are in the session."""
        return next((p for p in self.people if p.id == pid), None) if pid else None

    def consented(self) -> set[str]:
        """The ids with an active consent record."""
        return set(active_consent(self.consents))

    def readiness(self) -> Readiness:
        """Whether it may start, and why not."""
        return check_start(self.template, self.people, self.consents)

    def save_people(self, people: Sequence[Participant]) -> None:
        """Make ``people`` the session's people (seats normalised), in this order."""
        people = normalise_seats(people)
        self._store.set_participants(self.info.id, people)
        self.people = list(people)
        # People removed take their consent records with them.
        self.consents = self._store.consents(self.info.id)

    def record_consent(self, record: ConsentRecord) -> None:
        """Store a consent record."""
        self._store.record_consent(self.info.id, record)
        self.consents.append(record)

    def set_checklist(self, checklist: Mapping[str, bool]) -> None:
        """Store the preparation checklist."""
        self._store.set_checklist(self.info.id, checklist)
        self.info = self._store.get_session(self.info.id)

    def earlier_sessions(self) -> list[SessionSummary]:
        """The other sessions of the same case, newest first."""
        return [
            s
            for s in self._store.list_sessions()
            if s.case_id == self.info.case_id and s.id != self.info.id
        ]

    def copy_people_from(self, session_id: str) -> int:
        """Add copies of another session's people; return how many were already here."""
        people, skipped = copy_people(self._store.participants(session_id), self.people)
        self.save_people(people)
        return skipped
