"""A large store for benchmarks: thousands of sessions over the real schema, written fast.

:func:`build_sample_store` opens the store (so the migrations create the real schema), then writes
cases, sessions, participants, consents, event logs, notes, search entries and agreements with
bulk SQLAlchemy Core inserts, a few thousand sessions per transaction. Every event log is one the
engine folds (a keeper-led circle of two seat rounds, with passes and notes), so any session can
be opened and reviewed; the derived rows (status, notes, search index) say what the logs say.

:func:`cached_sample_store` keeps one SQLite file per size and version in the temporary
directory, so a second benchmark run (or a second benchmark) does not build it again. Copy the
file before writing to it.
"""

from __future__ import annotations

import random
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, insert

from facilitator.agreements.model import Agreement, AgreementStatus, Party
from facilitator.agreements.serial import agreement_to_dict, content_hash
from facilitator.domain.case import Participant, participant_to_dict
from facilitator.domain.notes import NoteKind, Visibility
from facilitator.domain.process import (
    Direction,
    PhaseTemplate,
    ProcessKind,
    ProcessTemplate,
    RoundTemplate,
    SpeakingOrder,
)
from facilitator.domain.roles import Role
from facilitator.domain.session import SessionStatus
from facilitator.engine.events import (
    Event,
    LoggedEvent,
    NoteAdded,
    Passed,
    PhaseEntered,
    PieceReturned,
    RoundEnded,
    RoundStarted,
    SessionEnded,
    SessionStarted,
    TurnBegan,
    TurnHow,
)
from facilitator.storage.database import create_engine_for
from facilitator.storage.mapping import dumps, event_values, participant_values
from facilitator.storage.records import (
    AgreementRow,
    CaseRow,
    ConsentRow,
    EventRow,
    NoteRow,
    ParticipantRow,
    SessionRow,
)
from facilitator.storage.search import folded_words, search_entries
from facilitator.storage.store import Store

#: Bump when what is built changes, so a cached file of the old shape is not reused.
SAMPLE_VERSION = 3
#: Sessions written per transaction.
_BATCH = 2_000
#: The newest session day; the others go back about four years from it.
_NEWEST = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)
_FACILITATORS = ("A. Ngata", "B. Okafor", "C. Lindqvist")
_NAMES = (
    "Marta Kowalska",
    "Jamie Reid",
    "Nguyễn Thị Ánh",
    "Μαρία Παπαδοπούλου",
    "Олександр Шевченко",
    "فاطمة الزهراء",
    "Siobhán O'Brien",
    "Tomás Ortega",
    "Aiko Tanaka",
    "Kwame Mensah",
    "Zoë Laurent",
    "Łukasz Nowak",
    "Priya Raman",
    "José Álvarez",
)
_ROLES = (
    Role.PERSON_HARMED,
    Role.PERSON_RESPONSIBLE,
    Role.SUPPORTER_HARMED,
    Role.SUPPORTER_RESPONSIBLE,
    Role.COMMUNITY_MEMBER,
)
_NOTES = (
    (NoteKind.OBSERVATION, "Spoke about the evening plainly and looked up while speaking."),
    (NoteKind.HARM, "The garden lost two weeks of seedlings; volunteers stopped coming."),
    (NoteKind.NEED, "Would like the shed back in use before the spring planting."),
    (NoteKind.AGREEMENT_IDEA, "Offered to repaint the shed on two Saturdays with a volunteer."),
    (NoteKind.FOLLOW_UP, "Check in with the school counsellor about the apology letter."),
)
_OUTCOMES = ("completed", "partly_completed", "not_completed", "no_agreement", "withdrawn")


def _round(rid: str, title: str) -> RoundTemplate:
    return RoundTemplate(id=rid, title=title, order=SpeakingOrder.SEAT, question=f"{title}?")


def _process(pid: str, name: str, kind: ProcessKind) -> ProcessTemplate:
    return ProcessTemplate(
        id=pid,
        name=name,
        kind=kind,
        direction=Direction.CLOCKWISE,
        phases=(
            PhaseTemplate(id="opening", title="Opening", rounds=(_round("in", "Check-in"),)),
            PhaseTemplate(id="issue", title="The harm", rounds=(_round("impact", "Impact"),)),
            PhaseTemplate(id="closing", title="Closing"),
        ),
    )


PROCESSES = (
    _process("sample-circle", "Peacemaking circle", ProcessKind.CIRCLE),
    _process("sample-conference", "Restorative conference", ProcessKind.CONFERENCE),
    _process("sample-dialogue", "Victim-offender dialogue", ProcessKind.DIALOGUE),
)


@dataclass
class _Batch:
    """The rows of one transaction, by table."""

    cases: list[dict[str, Any]] = field(default_factory=list)
    sessions: list[dict[str, Any]] = field(default_factory=list)
    participants: list[dict[str, Any]] = field(default_factory=list)
    consents: list[dict[str, Any]] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)
    notes: list[dict[str, Any]] = field(default_factory=list)
    search: list[dict[str, Any]] = field(default_factory=list)
    agreements: list[dict[str, Any]] = field(default_factory=list)

    def write(self, engine: Engine) -> None:
        with engine.begin() as conn:
            for table, rows in (
                (CaseRow.__table__, self.cases),
                (SessionRow.__table__, self.sessions),
                (ParticipantRow.__table__, self.participants),
                (ConsentRow.__table__, self.consents),
                (EventRow.__table__, self.events),
                (NoteRow.__table__, self.notes),
                (AgreementRow.__table__, self.agreements),
                (search_entries, self.search),
            ):
                if rows:
                    conn.execute(insert(table), rows)  # type: ignore[arg-type]


class _Ids:
    """Deterministic 32-hex-digit ids (``new_id``'s shape), one counter per run."""

    def __init__(self) -> None:
        self._n = 0

    def __call__(self) -> str:
        self._n += 1
        return f"{self._n:032x}"


def build_sample_store(url: str, sessions: int = 10_000) -> None:
    """Create a store at ``url`` (new and empty) holding ``sessions`` sessions.

    About two sessions per case, 4-10 people each, most ended with a full event log, notes and
    (for most) an agreement; the newest few are planned or still running. Deterministic: the
    same ``sessions`` gives the same store.
    """
    Store.open(url).close()
    engine = create_engine_for(url)
    rng = random.Random(20261125 + sessions)
    ids = _Ids()
    try:
        case_id = ""
        batch = _Batch()
        for n in range(sessions):
            if n % 2 == 0 or not case_id:
                case_id = _add_case(batch, rng, ids, n, sessions)
            _add_session(batch, rng, ids, case_id, n, sessions)
            if len(batch.sessions) >= _BATCH:
                batch.write(engine)
                batch = _Batch()
        batch.write(engine)
    finally:
        engine.dispose()


def cached_sample_store(sessions: int = 10_000) -> Path:
    """An SQLite sample store of ``sessions`` sessions, built once and kept for later runs."""
    folder = Path(tempfile.gettempdir()) / "circle-facilitator-bench"
    folder.mkdir(exist_ok=True)
    path = folder / f"sample-v{SAMPLE_VERSION}-{sessions}.sqlite3"
    if not path.exists():
        building = path.with_suffix(".building")
        for leftover in folder.glob(f"{building.name}*"):
            leftover.unlink()
        build_sample_store(f"sqlite:///{building}", sessions)
        shutil.move(building, path)
    return path


def _day(n: int, total: int) -> datetime:
    # Spread evenly over about four years, oldest first, each at some hour of a working day.
    days_back = (total - 1 - n) * 1460 // max(total, 1)
    return _NEWEST - timedelta(days=days_back, hours=n % 7)


def _add_case(batch: _Batch, rng: random.Random, ids: _Ids, n: int, total: int) -> str:
    case_id = ids()
    opened = _day(n, total) - timedelta(days=20)
    closed = opened + timedelta(days=120) if n < total * 0.8 and rng.random() < 0.7 else None
    reference = f"RJ-{opened.year}-{n // 2 + 1:05d}"
    batch.cases.append(
        {
            "id": case_id,
            "reference": reference,
            "referral_source": rng.choice(("Police", "School", "Prosecutor", "Court")),
            "summary": "A neutral summary of the referral, written for the facilitator only.",
            "created_at": opened,
            "closed_at": closed,
            "outcome": rng.choice(_OUTCOMES) if closed else "",
        }
    )
    batch.search.append(_entry("case", case_id, None, case_id, reference))
    return case_id


def _people(rng: random.Random, ids: _Ids) -> list[Participant]:
    others = rng.randint(3, 9)
    names = rng.sample(_NAMES, others + 1)
    keeper = Participant(names[0], Role.KEEPER, id=ids(), seat=0)
    return [keeper] + [
        Participant(names[i], rng.choice(_ROLES), id=ids(), seat=i) for i in range(1, others + 1)
    ]


def _add_session(
    batch: _Batch, rng: random.Random, ids: _Ids, case_id: str, n: int, total: int
) -> None:
    session_id = ids()
    template = PROCESSES[n % len(PROCESSES)]
    day = _day(n, total)
    people = _people(rng, ids)
    # The newest few are not over yet: planned, or left running.
    status = SessionStatus.ENDED
    if n >= total - max(total // 1000, 2):
        status = SessionStatus.PLANNED if n % 2 else SessionStatus.RUNNING
    for position, p in enumerate(people):
        batch.participants.append(
            {
                "id": p.id,
                "session_id": session_id,
                "position": position,
                "joined_late": False,
                **participant_values(p),
            }
        )
        consent_id = ids()
        batch.consents.append(
            {
                "id": consent_id,
                "session_id": session_id,
                "participant_id": p.id,
                "recorded_by": _FACILITATORS[n % len(_FACILITATORS)],
                "recorded_at": day - timedelta(days=7),
                "method": "written",
                "info_sheet_version": "2026-1",
                "witness_present": False,
                "interpreter_present": False,
                "guardian_present": False,
                "withdrawn_at": None,
                "withdrawal_note": "",
            }
        )
        batch.search.append(_entry("participant", p.id, session_id, case_id, p.display_name))
    ended_at = None
    if status is not SessionStatus.PLANNED:
        events = list(
            _conversation(rng, ids, template, people, ended=status is SessionStatus.ENDED)
        )
        logged = _stamp(events, day, rng)
        ended_at = logged[-1].wall if status is SessionStatus.ENDED else None
        batch.events.extend(event_values(session_id, e) for e in logged)
        for e in logged:
            if isinstance(e.event, NoteAdded):
                batch.notes.append(_note_row(session_id, e, e.event))
                batch.search.append(
                    _entry("note", e.event.note_id, session_id, case_id, e.event.text)
                )
    batch.sessions.append(
        {
            "id": session_id,
            "case_id": case_id,
            "title": "",
            "template_id": template.id,
            "template_name": template.name,
            "template_json": _TEMPLATE_JSON[template.id],
            "status": status.value,
            "created_at": day - timedelta(days=10),
            "started_at": None if status is SessionStatus.PLANNED else day,
            "ended_at": ended_at,
            "checklist_json": "{}",
        }
    )
    if status is SessionStatus.ENDED and rng.random() < 0.7:
        _add_agreements(batch, rng, ids, session_id, people, day)


def _conversation(
    rng: random.Random,
    ids: _Ids,
    template: ProcessTemplate,
    people: list[Participant],
    *,
    ended: bool,
) -> Iterator[Event]:
    keeper, circle = people[0], people[1:]
    order = tuple(p.id for p in circle)
    yield SessionStarted(
        template=template.to_dict(),
        participants=tuple(participant_to_dict(p) for p in people),
        keeper_id=keeper.id,
        direction=template.direction,
    )
    round_no = 0
    for phase_index, phase in enumerate(template.phases):
        yield PhaseEntered(phase_index)
        for round_index, _rnd in enumerate(phase.rounds):
            round_no += 1
            yield RoundStarted(phase_index, round_index, round_no, SpeakingOrder.SEAT, order)
            for p in circle:
                yield TurnBegan(p.id, TurnHow.ROTATION)
                if rng.random() < 0.15:
                    yield Passed(p.id)
                elif rng.random() < 0.4:
                    kind, text = rng.choice(_NOTES)
                    yield NoteAdded(
                        note_id=ids(),
                        note_kind=kind,
                        visibility=Visibility.FACILITATOR_ONLY
                        if rng.random() < 0.7
                        else Visibility.SHAREABLE,
                        text=text,
                        phase_index=phase_index,
                        round_no=round_no,
                        speaker_id=p.id,
                    )
            yield PieceReturned()
            yield RoundEnded()
            if not ended:
                return
    yield SessionEnded()


def _stamp(events: list[Event], day: datetime, rng: random.Random) -> list[LoggedEvent]:
    logged = []
    t = 0.0
    for seq, event in enumerate(events, start=1):
        logged.append(LoggedEvent(seq, t, day + timedelta(seconds=t), event))
        # A turn lasts a minute or three; the rest of the steps take seconds.
        t += rng.uniform(40, 180) if isinstance(event, TurnBegan) else rng.uniform(2, 20)
    return logged


def _note_row(session_id: str, logged: LoggedEvent, event: NoteAdded) -> dict[str, Any]:
    return {
        "id": event.note_id,
        "session_id": session_id,
        "created_seq": logged.seq,
        "kind": event.note_kind.value,
        "visibility": event.visibility.value,
        "text": event.text,
        "phase_index": event.phase_index,
        "round_no": event.round_no,
        "speaker_id": event.speaker_id,
        "created_t": logged.t,
        "updated_t": logged.t,
        "struck": False,
        "struck_reason": "",
        "revision_count": 1,
    }


def _add_agreements(
    batch: _Batch,
    rng: random.Random,
    ids: _Ids,
    session_id: str,
    people: list[Participant],
    day: datetime,
) -> None:
    parties = tuple(Party(p.id, p.display_name, p.role, signs=True) for p in people[1:])
    status = rng.choice((AgreementStatus.DRAFT, AgreementStatus.FINALISED, AgreementStatus.LOCKED))
    versions = [status]
    if status is AgreementStatus.LOCKED and rng.random() < 0.15:
        versions.append(rng.choice((AgreementStatus.DRAFT, AgreementStatus.LOCKED)))
    previous: str | None = None
    for number, version_status in enumerate(versions, start=1):
        created = day + timedelta(hours=2, days=number - 1)
        agreement = Agreement(
            session_id=session_id,
            case_reference="",
            template_id="sample",
            title="Agreement",
            parties=parties,
            id=ids(),
            version=number,
            previous_version_id=previous,
            status=version_status,
            created_at=created,
        )
        batch.agreements.append(
            {
                "id": agreement.id,
                "session_id": session_id,
                "version": number,
                "previous_version_id": previous,
                "status": version_status.value,
                "content_sha256": content_hash(agreement),
                "payload_json": dumps(agreement_to_dict(agreement)),
                "created_at": created,
                "locked_at": created if version_status is AgreementStatus.LOCKED else None,
            }
        )
        previous = agreement.id


def _entry(
    kind: str, ref_id: str, session_id: str | None, case_id: str, text: str
) -> dict[str, Any]:
    return {
        "kind": kind,
        "ref_id": ref_id,
        "session_id": session_id,
        "case_id": case_id,
        "text": text,
        "folded": folded_words(text),
    }


_TEMPLATE_JSON = {p.id: dumps(p.to_dict()) for p in PROCESSES}


if __name__ == "__main__":
    print(cached_sample_store())
