"""Importing a whole session: what comes out of one store goes into another unchanged, in one
transaction, with the derived rows rebuilt from the events."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

import pytest
from sqlalchemy import create_engine, text
from store_samples import NAMES, add_session, consent, every_event, logged, note_added

from facilitator.domain.case import Case, Participant
from facilitator.domain.consent import ConsentRecord
from facilitator.domain.roles import Role
from facilitator.domain.session import SessionInfo, SessionStatus
from facilitator.engine.events import LoggedEvent
from facilitator.storage.store import Store, StoreError

NOTE_ID = "d" * 32


class Exported(NamedTuple):
    case: Case
    info: SessionInfo
    participants: list[Participant]
    consents: list[ConsentRecord]
    events: list[LoggedEvent]


def export(store: Store, session_id: str) -> Exported:
    info = store.get_session(session_id)
    return Exported(
        store.get_case(info.case_id),
        info,
        store.participants(session_id),
        store.consents(session_id),
        store.events(session_id),
    )


def table_counts(url: str) -> dict[str, int]:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return {
                name: conn.execute(text(f"SELECT count(*) FROM {name}")).scalar_one()
                for name in ("cases", "sessions", "participants", "consents", "events", "notes")
            }
    finally:
        engine.dispose()


@pytest.fixture
def source(tmp_path: Path) -> Iterator[Store]:
    """Another store holding a finished session with a late joiner, a withdrawal and notes."""
    with Store.open(f"sqlite:///{tmp_path / 'source.sqlite3'}") as store:
        yield store


def finished_session(store: Store) -> str:
    info, cast = add_session(store)
    for i, person in enumerate(cast[1:]):
        store.record_consent(info.id, consent(person, minutes=i))
    late = Participant(NAMES["emoji"], Role.COMMUNITY_MEMBER, seat=2)
    store.event_log(info.id).append(logged(every_event(cast, late, note_id=NOTE_ID)))
    return info.id


def test_a_session_moves_between_stores_unchanged(
    source: Store, store: Store, store_url: str, tmp_path: Path
) -> None:
    session_id = finished_session(source)
    bundle = export(source, session_id)
    imported = store.import_session(*bundle)
    assert imported == bundle.info
    assert imported.status is SessionStatus.ENDED
    assert export(store, session_id) == bundle
    assert store.notes(session_id) == source.notes(session_id)
    assert store.note_history(NOTE_ID) == source.note_history(NOTE_ID)
    withdrawn = [c for c in store.consents(session_id) if not c.active]
    assert len(withdrawn) == 1
    assert table_counts(store_url) == table_counts(f"sqlite:///{tmp_path / 'source.sqlite3'}")


def test_the_same_session_twice_is_refused(source: Store, store: Store, store_url: str) -> None:
    bundle = export(source, finished_session(source))
    store.import_session(*bundle)
    before = table_counts(store_url)
    with pytest.raises(StoreError, match="already in this store"):
        store.import_session(*bundle)
    assert table_counts(store_url) == before


def test_a_second_session_of_the_same_case_shares_it(source: Store, store: Store) -> None:
    first = export(source, finished_session(source))
    second_info = source.create_session(
        SessionInfo(case_id=first.case.id, template=first.info.template, title="Follow-up"),
        [Participant("Keeper", Role.KEEPER)],
    )
    second = export(source, second_info.id)
    store.import_session(*first)
    store.import_session(*second)
    assert store.list_cases() == [first.case]
    assert {s.id for s in store.list_sessions()} == {first.info.id, second_info.id}


def test_a_different_case_under_the_same_id_is_refused(
    source: Store, store: Store, store_url: str
) -> None:
    bundle = export(source, finished_session(source))
    store.add_case(dataclasses.replace(bundle.case, summary="Something else"))
    before = table_counts(store_url)
    with pytest.raises(StoreError, match="different case"):
        store.import_session(*bundle)
    assert table_counts(store_url) == before


def test_events_must_be_numbered_from_one(source: Store, store: Store, store_url: str) -> None:
    bundle = export(source, finished_session(source))
    with pytest.raises(StoreError, match="not numbered"):
        store.import_session(*bundle._replace(events=bundle.events[1:]))
    assert table_counts(store_url)["cases"] == 0


def test_consent_of_someone_not_in_the_session_is_refused(source: Store, store: Store) -> None:
    bundle = export(source, finished_session(source))
    stranger = consent(Participant("Stranger", Role.OBSERVER))
    with pytest.raises(StoreError, match="not in the session"):
        store.import_session(*bundle._replace(consents=[*bundle.consents, stranger]))
    assert store.list_cases() == []


def test_a_failure_while_rebuilding_writes_nothing(
    source: Store, store: Store, store_url: str
) -> None:
    info, cast = add_session(source)
    bundle = export(source, info.id)
    # Two notes under one id: the second fails in the notes projection, after the case, the
    # session, the people and every event were written in the same transaction.
    events = logged([note_added(NOTE_ID, "one"), note_added(NOTE_ID, "two")])
    with pytest.raises(StoreError):
        store.import_session(*bundle._replace(events=events))
    assert table_counts(store_url) == dict.fromkeys(table_counts(store_url), 0)
    assert len(cast) == len(bundle.participants)
