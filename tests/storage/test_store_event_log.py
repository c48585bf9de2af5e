"""The event log: every event comes back in order, an append is all or nothing, and the rows
derived from the events follow them in the same transaction."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event
from sqlalchemy.pool import Pool
from store_samples import NAMES, WALL, add_session, consent, every_event, logged, note_added

from facilitator.domain.case import Participant, participant_to_dict
from facilitator.domain.notes import NoteKind, NoteRevision, Visibility
from facilitator.domain.roles import Role
from facilitator.domain.session import SessionStatus
from facilitator.engine.events import (
    EVENT_TYPES,
    ConsentWithdrawn,
    NoteAdded,
    NoteEdited,
    NoteStruck,
    ParticipantJoined,
    Passed,
    SessionEnded,
    TurnBegan,
    TurnHow,
)
from facilitator.engine.log import LogWriteError
from facilitator.storage.store import NotFound, Store

NOTE_ID = "a" * 32


def note(text: str, note_id: str = NOTE_ID) -> NoteAdded:
    return note_added(note_id, text)


def test_every_event_type_comes_back_in_order(store: Store, store_url: str) -> None:
    info, cast = add_session(store)
    late = Participant(NAMES["emoji"], Role.COMMUNITY_MEMBER, seat=2)
    events = logged(every_event(cast, late, note_id=NOTE_ID))
    assert {type(e.event) for e in events} == set(EVENT_TYPES)
    log = store.event_log(info.id)
    log.append(events[:3])
    for one in events[3:10]:
        log.append([one])
    log.append(events[10:])
    assert log.read() == events
    assert store.events(info.id) == events
    # And from another connection pool, as after a restart.
    with Store.open(store_url) as again:
        assert again.events(info.id) == events


def test_appending_nothing_writes_nothing(store: Store) -> None:
    info, _cast = add_session(store)
    store.event_log(info.id).append([])
    assert store.events(info.id) == []


def test_log_of_a_missing_session(store: Store) -> None:
    with pytest.raises(NotFound):
        store.event_log("0" * 32)
    with pytest.raises(NotFound):
        store.events("0" * 32)


def test_a_second_writer_of_the_same_seq_is_refused(store: Store) -> None:
    info, cast = add_session(store)
    ours = store.event_log(info.id)
    theirs = store.event_log(info.id)
    first = logged([TurnBegan(cast[1].id, TurnHow.ROTATION), Passed(cast[1].id)])
    ours.append(first)
    with pytest.raises(LogWriteError, match="Another writer"):
        theirs.append(logged([TurnBegan(cast[2].id, TurnHow.KEEPER)]))
    assert store.events(info.id) == first


def test_a_gap_in_the_numbers_is_refused(store: Store) -> None:
    info, cast = add_session(store)
    log = store.event_log(info.id)
    with pytest.raises(LogWriteError, match="does not follow"):
        log.append(logged([Passed(cast[1].id)], first_seq=2))
    with pytest.raises(LogWriteError, match="does not follow"):
        log.append([*logged([Passed(cast[1].id)]), *logged([Passed(cast[2].id)], first_seq=3)])
    assert store.events(info.id) == []


def test_a_failure_mid_batch_writes_nothing(store: Store) -> None:
    info, cast = add_session(store)
    log = store.event_log(info.id)
    before = logged([note("first")])
    log.append(before)
    # The second event of this batch adds a note whose id is taken: its projection row fails
    # after the batch's events were inserted.
    batch = logged(
        [TurnBegan(cast[1].id, TurnHow.ROTATION), note("again"), Passed(cast[1].id)],
        first_seq=2,
    )
    with pytest.raises(LogWriteError):
        log.append(batch)
    assert store.events(info.id) == before
    assert [n.text for n in store.notes(info.id)] == ["first"]
    # The log is still usable: the same numbers go in once the batch is right.
    log.append(logged([TurnBegan(cast[1].id, TurnHow.ROTATION)], first_seq=2))
    assert len(store.events(info.id)) == 2


@pytest.fixture
def disk_limit() -> Iterator[dict[str, int]]:
    """Cap every SQLite connection's file at ``limit["pages"]`` pages: SQLite's "disk full"."""
    limit = {"pages": 2**30}

    def cap(dbapi_connection: Any, _record: Any, _proxy: Any) -> None:
        if type(dbapi_connection).__module__ == "sqlite3":
            dbapi_connection.execute(f"PRAGMA max_page_count = {limit['pages']:d}")

    event.listen(Pool, "checkout", cap)
    try:
        yield limit
    finally:
        event.remove(Pool, "checkout", cap)


def test_disk_full_writes_nothing_and_says_nothing_of_the_content(
    sqlite_path: Path, disk_limit: dict[str, int]
) -> None:
    with Store.open(f"sqlite:///{sqlite_path}") as store:
        info, cast = add_session(store)
        log = store.event_log(info.id)
        kept = logged([TurnBegan(cast[1].id, TurnHow.ROTATION)])
        log.append(kept)
        disk_limit["pages"] = 1  # never below the current size: the file cannot grow
        secret = f"{NAMES['arabic']} said something private " * 40_000
        with pytest.raises(LogWriteError) as caught:
            log.append(logged([Passed(cast[1].id), note(secret)], first_seq=2))
        message = str(caught.value)
        assert "SQLITE_FULL" in message
        assert NAMES["arabic"] not in message
        assert caught.value.__cause__ is None
        disk_limit["pages"] = 2**30
        assert store.events(info.id) == kept
        assert store.notes(info.id) == []
        log.append(logged([Passed(cast[1].id)], first_seq=2))


def test_a_one_megabyte_note_round_trips(store: Store) -> None:
    info, _cast = add_session(store)
    text = (f"{NAMES['vietnamese']} 🌱 {NAMES['greek']} ") * 25_000
    text = text[:1_000_000]
    events = logged([note(text)])
    store.event_log(info.id).append(events)
    assert store.events(info.id) == events
    assert store.notes(info.id)[0].text == text


# ----------------------------------------------------------------------------- projections


def test_start_and_end_set_the_session_status(store: Store) -> None:
    info, cast = add_session(store)
    log = store.event_log(info.id)
    events = logged(every_event(cast, Participant("Late", Role.OBSERVER), note_id=NOTE_ID))
    log.append(events[:1])
    running = store.get_session(info.id)
    assert running.status is SessionStatus.RUNNING
    assert running.started_at == events[0].wall
    assert running.ended_at is None
    log.append(events[1:])
    ended = store.get_session(info.id)
    assert ended.status is SessionStatus.ENDED
    assert ended.ended_at == events[-1].wall
    assert store.unfinished_sessions() == []


def test_a_late_joiner_is_added_once(store: Store) -> None:
    info, cast = add_session(store)
    log = store.event_log(info.id)
    late = Participant(NAMES["cyrillic"], Role.COMMUNITY_MEMBER, seat=2)
    log.append(logged([ParticipantJoined(participant_to_dict(late))]))
    assert store.participants(info.id) == [*cast, late]
    # The app may also have added them through the store: the event updates, never duplicates.
    moved = late.replace(seat=4, address_as="Саша")
    log.append(logged([ParticipantJoined(participant_to_dict(moved))], first_seq=2))
    assert store.participants(info.id) == [*cast, moved]


def test_withdrawal_marks_the_latest_active_consent(store: Store) -> None:
    info, cast = add_session(store)
    person = cast[1]
    older = store.record_consent(info.id, consent(person, minutes=0))
    newer = store.record_consent(info.id, consent(person, minutes=5))
    other = store.record_consent(info.id, consent(cast[2], minutes=1))
    events = logged([ConsentWithdrawn(person.id, "Kā", note=NAMES["greek"])], t0=600)
    store.event_log(info.id).append(events)
    by_id = {c.id: c for c in store.consents(info.id)}
    assert by_id[newer.id].withdrawn_at == events[0].wall
    assert by_id[newer.id].withdrawal_note == NAMES["greek"]
    assert not by_id[newer.id].active
    assert by_id[older.id] == older
    assert by_id[other.id] == other


def test_withdrawal_without_consent_on_record_is_still_logged(store: Store) -> None:
    info, cast = add_session(store)
    events = logged([ConsentWithdrawn(cast[1].id, "Kā")])
    store.event_log(info.id).append(events)
    assert store.events(info.id) == events
    assert store.consents(info.id) == []


def test_notes_follow_their_events(store: Store) -> None:
    info, cast = add_session(store)
    second_id = "b" * 32
    events = logged(
        [
            note("one"),
            NoteAdded(second_id, NoteKind.HARM, Visibility.SHAREABLE, "two", 1, 2, cast[1].id),
            NoteEdited(NOTE_ID, "one, again", NoteKind.NEED, Visibility.SHAREABLE),
            NoteEdited(NOTE_ID, "one, third", NoteKind.FOLLOW_UP, Visibility.FACILITATOR_ONLY),
            NoteStruck(second_id, reason="wrong round"),
            SessionEnded(),
        ]
    )
    store.event_log(info.id).append(events)
    first, second = store.notes(info.id)
    assert (first.id, first.text, first.kind, first.visibility) == (
        NOTE_ID,
        "one, third",
        NoteKind.FOLLOW_UP,
        Visibility.FACILITATOR_ONLY,
    )
    assert first.created_at == events[0].t
    assert not first.struck
    assert first.history == ()
    assert second.struck
    assert second.struck_reason == "wrong round"
    assert (second.phase_index, second.round_no, second.speaker_id) == (1, 2, cast[1].id)
    assert store.note_history(NOTE_ID) == (
        NoteRevision("one", NoteKind.OBSERVATION, Visibility.FACILITATOR_ONLY, events[0].t),
        NoteRevision("one, again", NoteKind.NEED, Visibility.SHAREABLE, events[2].t),
    )
    assert store.note_history(second_id) == ()
    with pytest.raises(NotFound):
        store.note_history("c" * 32)


# ----------------------------------------------------------------------------- durability


def test_events_survive_a_crash_right_after_append(sqlite_path: Path) -> None:
    url = f"sqlite:///{sqlite_path}"
    with Store.open(url) as store:
        info, cast = add_session(store)
    child = textwrap.dedent(
        f"""
        import os
        from datetime import datetime, UTC
        from facilitator.engine.events import LoggedEvent, Passed
        from facilitator.storage.store import Store
        store = Store.open({url!r})
        log = store.event_log({info.id!r})
        for seq in range(1, 51):
            wall = datetime(2026, 3, 2, 17, 0, tzinfo=UTC)
            log.append([LoggedEvent(seq, float(seq), wall, Passed({cast[1].id!r}))])
        os._exit(0)  # no close, no checkpoint: the events are only in the WAL
        """
    )
    subprocess.run([sys.executable, "-c", child], check=True, timeout=60)
    assert sqlite_path.with_name(sqlite_path.name + "-wal").exists()
    with Store.open(url) as store:
        events = store.events(info.id)
    assert [e.seq for e in events] == list(range(1, 51))
    assert events[0].event == Passed(cast[1].id)
    assert events[0].wall == WALL
