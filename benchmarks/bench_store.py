"""How long the engine waits for the store after each action: one event appended and committed.

Each action of the facilitator appends its event(s) and waits for the commit (WAL,
``synchronous=FULL``, so each commit waits for an fsync). Beside it, in the same run and on the same
kind of file, a bare one-row SQLAlchemy commit is timed, alternating with the appends so that
both see the same disk and the same noise. The goal: p99 under 5 ms, and a median within 2x of
the bare commit (what the store adds on top of the commit itself stays small).
"""

from __future__ import annotations

import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Integer, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from benchmarks.summary import summarize_ns
from facilitator.domain.case import Case, Participant, participant_to_dict
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
from facilitator.domain.session import SessionInfo
from facilitator.engine.events import (
    Event,
    LoggedEvent,
    NoteAdded,
    Passed,
    RoundStarted,
    SessionStarted,
    TurnBegan,
    TurnHow,
)
from facilitator.storage.database import create_engine_for, make_sessionmaker
from facilitator.storage.store import Store

EVENTS = 2000
WARMUP = 20
P99_GOAL_MS = 5.0
RATIO_GOAL = 2.0


class _Base(DeclarativeBase):
    pass


class _Tick(_Base):
    """The baseline's tiny table."""

    __tablename__ = "ticks"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    label: Mapped[str] = mapped_column(Text)


def _template() -> ProcessTemplate:
    return ProcessTemplate(
        id="bench",
        name="Bench circle",
        kind=ProcessKind.CIRCLE,
        phases=(
            PhaseTemplate(
                id="talk",
                title="Talk",
                rounds=(RoundTemplate(id="r", title="Round", order=SpeakingOrder.SEAT),),
            ),
        ),
    )


def _events(people: list[Participant]) -> list[LoggedEvent]:
    """A realistic session: turns, passes and notes of a few hundred characters."""
    keeper, *circle = people
    events: list[Event] = [
        SessionStarted(
            template=_template().to_dict(),
            participants=tuple(participant_to_dict(p) for p in people),
            keeper_id=keeper.id,
            direction=Direction.CLOCKWISE,
        ),
        RoundStarted(0, 0, 1, SpeakingOrder.SEAT, tuple(p.id for p in circle)),
    ]
    turn = 0
    while len(events) < EVENTS:
        speaker = circle[turn % len(circle)]
        events.append(TurnBegan(speaker.id, TurnHow.ROTATION))
        if turn % 4 == 3:
            events.append(Passed(speaker.id))
        elif turn % 2 == 0:
            events.append(
                NoteAdded(
                    note_id=f"{turn:032x}",
                    note_kind=NoteKind.OBSERVATION,
                    visibility=Visibility.FACILITATOR_ONLY,
                    text=("Spoke about the evening of the incident and what it changed. " * 5)[
                        : 200 + (turn * 37) % 200
                    ],
                    phase_index=0,
                    round_no=1,
                    speaker_id=speaker.id,
                )
            )
        turn += 1
    wall = datetime(2026, 3, 2, 17, 0, tzinfo=UTC)
    return [
        LoggedEvent(seq=i + 1, t=i * 3.0, wall=wall + timedelta(seconds=i * 3), event=e)
        for i, e in enumerate(events[:EVENTS])
    ]


def run() -> list[dict[str, Any]]:
    with tempfile.TemporaryDirectory(prefix="cf-bench-") as tmp:
        store = Store.open(f"sqlite:///{Path(tmp) / 'store.sqlite3'}")
        baseline_engine = create_engine_for(f"sqlite:///{Path(tmp) / 'baseline.sqlite3'}")
        try:
            _Base.metadata.create_all(baseline_engine)
            sessions = make_sessionmaker(baseline_engine)
            case = store.add_case(Case("BENCH-1"))
            people = [Participant("Keeper", Role.KEEPER)] + [
                Participant(f"Person {i}", Role.COMMUNITY_MEMBER, seat=i) for i in range(1, 9)
            ]
            info = store.create_session(SessionInfo(case_id=case.id, template=_template()), people)
            log = store.event_log(info.id)
            ours: list[int] = []
            bare: list[int] = []

            def append(logged: LoggedEvent) -> int:
                start = time.perf_counter_ns()
                log.append([logged])
                return time.perf_counter_ns() - start

            def commit(i: int) -> int:
                start = time.perf_counter_ns()
                with sessions.begin() as s:
                    s.add(_Tick(id=i, label="tick"))
                return time.perf_counter_ns() - start

            for i, logged in enumerate(_events(people)):
                # Alternate which goes first, so neither always follows the other's fsync.
                if i % 2:
                    a, b = append(logged), commit(i)
                else:
                    b, a = commit(i), append(logged)
                if i >= WARMUP:
                    ours.append(a)
                    bare.append(b)
        finally:
            store.close()
            baseline_engine.dispose()
    mine, base = summarize_ns(ours), summarize_ns(bare)
    ratio = mine["median_ms"] / base["median_ms"]
    return [
        {
            "name": f"event append + commit (WAL, FULL), {EVENTS:,}-event session",
            **mine,
            "baseline": "bare one-row SQLAlchemy commit",
            "baseline_median_ms": base["median_ms"],
            "baseline_p99_ms": base["p99_ms"],
            "ratio": ratio,
            "goal": f"p99 < {P99_GOAL_MS:g} ms, ratio < {RATIO_GOAL:g}x",
            "ok": mine["p99_ms"] < P99_GOAL_MS and ratio < RATIO_GOAL,
            "samples": len(ours),
        }
    ]
