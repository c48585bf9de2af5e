"""Cases, sessions, participants and consent go in and come out exactly as they were."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy import create_engine, text
from store_samples import NAMES, WALL, add_session, consent, logged, people, template

from facilitator.domain.case import Case, Participant
from facilitator.domain.consent import ConsentMethod, ConsentRecord
from facilitator.domain.roles import Participation, Role, Side
from facilitator.domain.session import SessionInfo, SessionStatus
from facilitator.engine.events import SessionStarted
from facilitator.storage.store import NotFound, Store, StoreError


def joined_late_flags(store_url: str, session_id: str) -> dict[str, bool]:
    """The ``joined_late`` column, which the domain objects do not carry."""
    engine = create_engine(store_url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(
                text("SELECT id, joined_late FROM participants WHERE session_id = :s"),
                {"s": session_id},
            )
            return {row[0]: bool(row[1]) for row in rows}
    finally:
        engine.dispose()


def start(store: Store, info: SessionInfo, cast: list[Participant]) -> None:
    store.event_log(info.id).append(
        logged([SessionStarted(template().to_dict(), (), cast[0].id, template().direction)])
    )


# ----------------------------------------------------------------------------- cases


def test_case_round_trip_in_every_script(store: Store) -> None:
    closed = datetime(2026, 4, 1, 12, 30, 15, 123456, tzinfo=UTC)
    case = Case(
        reference=f"{NAMES['greek']}-١٢٣",
        referral_source=NAMES["cyrillic"],
        summary=f"{NAMES['vietnamese']} {NAMES['arabic']} {NAMES['emoji']}",
        closed_at=closed,
        outcome="Agreement completed ✓",
    )
    added = store.add_case(case)
    assert added.created_at is not None
    assert added.created_at.tzinfo is UTC
    assert added == dataclasses.replace(case, created_at=added.created_at)
    assert store.get_case(case.id) == added


def test_cases_are_listed_newest_first_and_updated_in_place(store: Store) -> None:
    old = store.add_case(Case("A", created_at=WALL))
    new = store.add_case(Case("B", created_at=WALL + timedelta(days=1)))
    assert [c.id for c in store.list_cases()] == [new.id, old.id]
    changed = dataclasses.replace(old, outcome="closed", closed_at=WALL + timedelta(days=2))
    assert store.update_case(changed) == changed
    assert store.get_case(old.id) == changed
    # The creation time is not editable.
    moved = dataclasses.replace(changed, created_at=WALL - timedelta(days=9))
    assert store.update_case(moved).created_at == WALL


def test_missing_and_duplicate_cases_are_refused(store: Store) -> None:
    case = store.add_case(Case("A"))
    with pytest.raises(StoreError, match="already"):
        store.add_case(case)
    with pytest.raises(NotFound):
        store.get_case("0" * 32)
    with pytest.raises(NotFound):
        store.update_case(Case("ghost"))


def test_times_come_back_as_the_same_instant_in_utc(store: Store) -> None:
    india = timezone(timedelta(hours=5, minutes=30))
    case = store.add_case(Case("TZ", created_at=datetime(2026, 1, 1, 9, 0, tzinfo=india)))
    got = store.get_case(case.id).created_at
    assert got == datetime(2026, 1, 1, 3, 30, tzinfo=UTC)
    assert got is not None
    assert got.tzinfo is UTC


def test_naive_times_are_refused_not_guessed(store: Store) -> None:
    with pytest.raises(StoreError):
        store.add_case(Case("naive", created_at=datetime(2026, 1, 1, 9, 0)))
    assert store.list_cases() == []


# ----------------------------------------------------------------------------- sessions


def test_session_round_trip_keeps_the_template_snapshot(store: Store) -> None:
    info, _cast = add_session(store, title=NAMES["greek"])
    got = store.get_session(info.id)
    assert got == info
    assert got.template == template()
    assert got.status is SessionStatus.PLANNED
    assert got.checklist == {"a": True}
    store.set_checklist(info.id, {"Consent re-checked": True, "Interpreter booked": False})
    assert store.get_session(info.id).checklist == {
        "Consent re-checked": True,
        "Interpreter booked": False,
    }


def test_a_session_needs_an_existing_case_and_a_new_id(store: Store) -> None:
    with pytest.raises(NotFound):
        store.create_session(SessionInfo(case_id="f" * 32, template=template()), [])
    info, _cast = add_session(store)
    with pytest.raises(StoreError, match="already"):
        store.create_session(info, [])
    with pytest.raises(NotFound):
        store.get_session("0" * 32)


def test_sessions_list_newest_first_with_counts(store: Store) -> None:
    case = store.add_case(Case("REF-1"))
    first = store.create_session(
        SessionInfo(case_id=case.id, template=template(), created_at=WALL), people()
    )
    second = store.create_session(
        SessionInfo(case_id=case.id, template=template(), created_at=WALL + timedelta(hours=1)),
        people()[:2],
    )
    rows = store.list_sessions()
    assert [(r.id, r.participant_count) for r in rows] == [(second.id, 2), (first.id, 4)]
    assert rows[0].case_reference == "REF-1"
    assert rows[0].template_name == template().name
    assert rows[0].created_at == WALL + timedelta(hours=1)
    assert store.unfinished_sessions() == []
    start(store, first, people())
    assert [r.id for r in store.unfinished_sessions()] == [first.id]


# ----------------------------------------------------------------------------- participants


def test_participants_round_trip_in_order(store: Store) -> None:
    info, cast = add_session(store)
    assert store.participants(info.id) == cast
    got = store.participants(info.id)
    assert got[2].side is Side.COMMUNITY  # chosen, not the role's default
    assert got[3].participation is Participation.WRITTEN_STATEMENT
    assert got[3].guardian_id == cast[2].id


def test_participants_of_a_missing_session(store: Store) -> None:
    with pytest.raises(NotFound):
        store.participants("0" * 32)


def test_set_participants_replaces_while_planned(store: Store, store_url: str) -> None:
    info, (keeper, harmed, responsible, supporter) = add_session(store)
    store.record_consent(info.id, consent(harmed))
    store.record_consent(info.id, consent(supporter))
    renamed = harmed.replace(display_name=NAMES["arabic"], seat=5)
    newcomer = Participant(NAMES["emoji"], Role.ELDER)
    store.set_participants(info.id, [renamed, keeper, newcomer, responsible])
    assert store.participants(info.id) == [renamed, keeper, newcomer, responsible]
    # The person left out takes their consent record with them; the others keep theirs.
    assert [c.participant_id for c in store.consents(info.id)] == [harmed.id]
    assert set(joined_late_flags(store_url, info.id).values()) == {False}


def test_the_same_person_twice_is_refused(store: Store) -> None:
    info, cast = add_session(store)
    with pytest.raises(StoreError, match="twice"):
        store.set_participants(info.id, [cast[0], cast[0]])
    assert store.participants(info.id) == cast


def test_participants_are_fixed_once_the_session_started(store: Store, store_url: str) -> None:
    info, cast = add_session(store)
    start(store, info, cast)
    with pytest.raises(StoreError, match="before the session starts"):
        store.set_participants(info.id, cast[:1])
    late = Participant(NAMES["vietnamese"], Role.COMMUNITY_MEMBER, seat=3)
    assert store.add_participant(info.id, late) == late
    assert store.participants(info.id) == [*cast, late]
    assert joined_late_flags(store_url, info.id)[late.id] is True
    assert joined_late_flags(store_url, info.id)[cast[0].id] is False


def test_add_participant_before_start_is_not_late(store: Store, store_url: str) -> None:
    info, _cast = add_session(store)
    extra = Participant("Extra", Role.OBSERVER)
    store.add_participant(info.id, extra)
    assert store.participants(info.id)[-1] == extra
    assert joined_late_flags(store_url, info.id)[extra.id] is False
    with pytest.raises(StoreError, match="already"):
        store.add_participant(info.id, extra)


# ----------------------------------------------------------------------------- consent


def test_consent_round_trip(store: Store) -> None:
    info, cast = add_session(store)
    records = [
        consent(cast[1], minutes=1),
        ConsentRecord(
            participant_id=cast[2].id,
            recorded_by=NAMES["greek"],
            recorded_at=WALL,
            method=ConsentMethod.BY_GUARDIAN,
            info_sheet_version="v2 ✓",
            interpreter_present=True,
            guardian_present=True,
            withdrawn_at=WALL + timedelta(hours=1),
            withdrawal_note=NAMES["arabic"],
        ),
    ]
    for record in records:
        assert store.record_consent(info.id, record) == record
    # Oldest first.
    assert store.consents(info.id) == [records[1], records[0]]


def test_consent_is_only_for_people_of_that_session(store: Store) -> None:
    info, cast = add_session(store)
    other, _ = add_session(store)
    with pytest.raises(NotFound):
        store.record_consent(other.id, consent(cast[1]))
    with pytest.raises(NotFound):
        store.record_consent(info.id, consent(Participant("Nobody", Role.OBSERVER)))
    record = store.record_consent(info.id, consent(cast[1]))
    with pytest.raises(StoreError, match="already"):
        store.record_consent(info.id, record)
    assert store.consents(info.id) == [record]
