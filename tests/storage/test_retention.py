"""Retention and erasure: purged text is gone from the store, its files and its backups.

The canary tests plant unique strings, prove a raw byte scan finds them, purge or erase, and
scan again: the store file, its -wal and -shm, and every backup.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from store_samples import logged, template

from facilitator.demo import create_demo
from facilitator.domain.case import Case, Participant, participant_to_dict
from facilitator.domain.notes import NoteKind, Visibility
from facilitator.domain.outcome import CaseOutcome
from facilitator.domain.process import Direction
from facilitator.domain.roles import Role
from facilitator.domain.session import SessionInfo
from facilitator.engine.events import Event, NoteAdded, ParticipantLeft, SessionStarted
from facilitator.engine.state import SessionState
from facilitator.storage.backups import BackupManager, BackupReason
from facilitator.storage.errors import NotFound, StoreError
from facilitator.storage.retention import RecordKind, add_months
from facilitator.storage.search import SearchError
from facilitator.storage.store import Store

OPENED = datetime(2025, 12, 1, 9, tzinfo=UTC)
CLOSED = datetime(2026, 1, 15, 12, tzinfo=UTC)
# Lowercase letters and digits: the search index folds text, and the scan must find both forms.
NOTE_CANARY = "zqxnotecanary4417"
NAME_CANARY = "Zqxnamecanary"
SUMMARY_CANARY = "zqxsummarycanary9902"
REASON_CANARY = "zqxreasoncanary5150"
SPOKEN_CANARY = "zqxspokencanary2718"


def note(note_id: str, text: str, speaker: str | None = None) -> NoteAdded:
    return NoteAdded(
        note_id=note_id,
        note_kind=NoteKind.OBSERVATION,
        visibility=Visibility.FACILITATOR_ONLY,
        text=text,
        phase_index=0,
        round_no=None,
        speaker_id=speaker,
    )


class Planted:
    """A closed case with one session holding a canary in every field this work purges."""

    def __init__(self, store: Store) -> None:
        self.case = store.add_case(
            Case(reference="R-1", summary=f"{SUMMARY_CANARY} summary", created_at=OPENED)
        )
        self.keeper = Participant("Keeper Kā", Role.KEEPER, seat=0)
        self.person = Participant(
            f"{NAME_CANARY} Lastname",
            Role.PERSON_HARMED,
            address_as=NAME_CANARY,
            relationship="neighbour zqxrelation",
            risk_notes="zqxrisknote",
            seat=1,
        )
        self.other = Participant("Other Person", Role.PERSON_RESPONSIBLE, seat=2)
        info = store.create_session(
            SessionInfo(case_id=self.case.id, template=template(), title="Circle"),
            [self.keeper, self.person, self.other],
        )
        self.session_id = info.id
        events: list[Event] = [
            SessionStarted(
                template=template().to_dict(),
                participants=tuple(
                    participant_to_dict(p) for p in (self.keeper, self.person, self.other)
                ),
                keeper_id=self.keeper.id,
                direction=Direction.CLOCKWISE,
            ),
            note(f"{1:032x}", f"{NOTE_CANARY} first words"),
            note(f"{2:032x}", f"{SPOKEN_CANARY} said by the person", speaker=self.person.id),
            note(f"{3:032x}", f"Then {NAME_CANARY} asked for a break", speaker=self.other.id),
            ParticipantLeft(participant_id=self.other.id, reason=f"{REASON_CANARY} left"),
        ]
        store.event_log(info.id).append(logged(events))

    def close(self, store: Store) -> None:
        store.followup.close_case(self.case.id, CaseOutcome.COMPLETED, CLOSED)


def files_of(db: Path) -> list[Path]:
    """The store file, its journal and shared memory, and everything in its backups folder."""
    found = [p for p in (db, Path(f"{db}-wal"), Path(f"{db}-shm")) if p.exists()]
    folder = db.with_name(f"{db.stem}-backups")
    if folder.exists():
        found += [p for p in folder.rglob("*") if p.is_file()]
    return found


def hits(db: Path, canary: str) -> list[str]:
    """Which files hold ``canary``, in any case, as raw bytes."""
    needles = {canary.encode(), canary.lower().encode()}
    return [p.name for p in files_of(db) if any(n in p.read_bytes() for n in needles)]


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "store.sqlite3"


@pytest.fixture
def opened(db: Path) -> Iterator[Store]:
    store = Store.open(f"sqlite:///{db}")
    try:
        yield store
    finally:
        store.close()


def test_add_months_keeps_to_the_calendar() -> None:
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2026, 11, 30), 3) == date(2027, 2, 28)
    assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)
    assert add_months(date(2026, 5, 5), 24) == date(2028, 5, 5)


def test_rules_are_stored_and_changed(opened: Store) -> None:
    assert opened.retention.policy().months == {}
    opened.retention.set_rule(RecordKind.NOTES, 24)
    opened.retention.set_rule(RecordKind.PERSONAL, 36)
    opened.retention.set_rule(RecordKind.PERSONAL, None)
    assert opened.retention.policy().months == {RecordKind.NOTES: 24}
    with pytest.raises(StoreError, match="negative"):
        opened.retention.set_rule(RecordKind.NOTES, -1)


def test_an_open_case_is_never_purged(opened: Store) -> None:
    planted = Planted(opened)
    opened.retention.set_rule(RecordKind.NOTES, 0)
    report = opened.retention.purge(date(2099, 1, 1))
    assert report.total == 0
    assert NOTE_CANARY in opened.notes(planted.session_id)[0].text


def test_purge_leaves_no_canary_in_the_store_its_journal_or_backups(
    opened: Store, db: Path
) -> None:
    planted = Planted(opened)
    planted.close(opened)
    opened.backups.backup(BackupReason.SESSION)
    for canary in (NOTE_CANARY, NAME_CANARY, SUMMARY_CANARY, REASON_CANARY):
        # The scan sees them before: in the store's files and in the backup.
        assert any(h.startswith("store.sqlite3") for h in hits(db, canary)), canary
        assert any(h.startswith("circle-") for h in hits(db, canary)), canary
    for kind in (RecordKind.NOTES, RecordKind.PERSONAL, RecordKind.CASE_SUMMARY):
        opened.retention.set_rule(kind, 12)

    the_day = add_months(CLOSED.date(), 12)
    assert opened.retention.purge(the_day - timedelta(days=1), dry_run=True).total == 0
    assert opened.retention.purge(the_day, dry_run=True).total == 7
    dry = opened.retention.purge(date(2027, 2, 1), dry_run=True)
    assert dry.purged == {RecordKind.CASE_SUMMARY: 1, RecordKind.NOTES: 3, RecordKind.PERSONAL: 3}
    assert hits(db, NOTE_CANARY)

    report = opened.retention.purge(date(2027, 2, 1))
    assert report.purged == dry.purged
    assert report.backups_rewritten == 1
    assert report.backups_failed == ()
    # The store is still open, as in the app: its files are clean already.
    for canary in (NOTE_CANARY, NAME_CANARY, SUMMARY_CANARY, REASON_CANARY, SPOKEN_CANARY):
        assert hits(db, canary) == [], canary
    assert hits(db, "zqxrisknote") == []

    # What stays: the structure, replayable; tombstones hold ids and rules only.
    assert [n.text for n in opened.notes(planted.session_id)] == ["", "", ""]
    names = [p.display_name for p in opened.participants(planted.session_id)]
    assert names == ["Participant 1", "Participant 2", "Participant 3"]
    assert len(opened.events(planted.session_id)) == 5
    replayed = SessionState.fold(opened.events(planted.session_id))
    assert {p.display_name for p in replayed.participants.values()} == set(names)
    assert opened.get_case(planted.case.id).reference == "R-1"
    stones = opened.retention.tombstones()
    assert {(t.kind, t.policy) for t in stones} == {
        (RecordKind.NOTES, "notes after 12 months"),
        (RecordKind.PERSONAL, "personal after 12 months"),
        (RecordKind.CASE_SUMMARY, "case_summary after 12 months"),
    }
    assert opened.search("zqxnotecanary4417") == []
    assert opened.audit.entries()[-1].kind == "purge"
    assert opened.audit.entries()[-1].count == 7

    # A second purge finds nothing more to do.
    assert opened.retention.purge(date(2027, 3, 1)).total == 0
    opened.close()
    for canary in (NOTE_CANARY, NAME_CANARY, SUMMARY_CANARY, REASON_CANARY):
        assert hits(db, canary) == [], canary


def test_a_purged_backup_still_restores(opened: Store, db: Path) -> None:
    planted = Planted(opened)
    planted.close(opened)
    made = opened.backups.backup(BackupReason.DAILY)
    opened.retention.set_rule(RecordKind.NOTES, 1)
    opened.retention.purge(date(2027, 1, 1))
    opened.close()
    opened.backups.verify(made.path)
    BackupManager(db).restore(made.path)
    with Store.open(f"sqlite:///{db}") as store:
        assert [n.text for n in store.notes(planted.session_id)] == ["", "", ""]


def test_erasure_removes_a_person_everywhere_and_keeps_the_rest(opened: Store, db: Path) -> None:
    planted = Planted(opened)
    opened.backups.backup(BackupReason.SESSION)
    assert hits(db, NAME_CANARY)
    assert hits(db, SPOKEN_CANARY)

    report = opened.retention.erase_participant(planted.person.id)
    assert report.label == "Participant 2"
    assert report.notes_blanked == 1
    assert report.backups_rewritten == 1
    for canary in (NAME_CANARY, SPOKEN_CANARY, "zqxrisknote", "zqxrelation"):
        assert hits(db, canary) == [], canary
    # Other people's words stay, with the label in place of the name.
    texts = [n.text for n in opened.notes(planted.session_id)]
    assert texts == [f"{NOTE_CANARY} first words", "", "Then Participant 2 asked for a break"]
    assert hits(db, NOTE_CANARY)
    people = {p.id: p for p in opened.participants(planted.session_id)}
    assert people[planted.person.id].display_name == "Participant 2"
    assert people[planted.person.id].address_as == ""
    assert people[planted.person.id].role is Role.PERSON_HARMED
    assert people[planted.other.id].display_name == "Other Person"
    with pytest.raises(SearchError):
        opened.search("")
    assert opened.search(NAME_CANARY) == []
    entry = opened.audit.entries()[-1]
    assert (entry.kind, entry.ref_id, entry.count) == ("erasure", planted.person.id, 1)
    assert NAME_CANARY not in json.dumps([str(t) for t in opened.retention.tombstones()])


def test_erasing_nobody_says_so(opened: Store) -> None:
    with pytest.raises(NotFound):
        opened.retention.erase_participant("0" * 32)


def test_purge_and_erasure_work_on_every_database(store: Store) -> None:
    planted = Planted(store)
    planted.close(store)
    store.retention.erase_participant(planted.person.id)
    store.retention.set_rule(RecordKind.NOTES, 6)
    report = store.retention.purge(date(2026, 12, 1))
    assert report.purged == {RecordKind.NOTES: 2}
    assert all(n.text == "" for n in store.notes(planted.session_id))
    assert store.search(NOTE_CANARY) == []
    assert {t.record_id for t in store.retention.tombstones() if t.kind is RecordKind.NOTES} == {
        f"{i:032x}" for i in (1, 2, 3)
    }


def test_agreements_are_blanked_to_their_skeleton(opened: Store, db: Path) -> None:
    info = create_demo(opened, now=datetime(2026, 3, 1, 12, tzinfo=UTC))
    agreement = opened.agreements.latest(info.id)
    assert agreement is not None
    assert agreement.items
    assert agreement.signatures
    item_word = next(w for w in agreement.items[0].description.split() if len(w) > 5)
    assert opened.search(item_word)
    case_id = opened.get_session(info.id).case_id
    opened.followup.close_case(case_id, CaseOutcome.COMPLETED, datetime(2026, 4, 1, tzinfo=UTC))
    for kind in RecordKind:
        opened.retention.set_rule(kind, 3)
    report = opened.retention.purge(date(2026, 7, 1))
    assert report.purged[RecordKind.AGREEMENTS] == len(opened.agreements.versions(info.id))
    # A purged session still replays, with its notes empty and its people labelled.
    replayed = SessionState.fold(opened.events(info.id))
    assert replayed.notes
    assert all(note.text == "" for note in replayed.notes.values())
    assert all(p.display_name.startswith("Participant ") for p in replayed.participants.values())
    after = opened.agreements.latest(info.id)
    assert after is not None
    assert (after.id, after.version, after.status) == (
        agreement.id,
        agreement.version,
        agreement.status,
    )
    assert all(item.description == "(purged)" for item in after.items)
    assert all(not signature.strokes for signature in after.signatures)
    assert [(p.participant_id, p.role) for p in after.parties] == [
        (p.participant_id, p.role) for p in agreement.parties
    ]
    assert all(p.name.startswith("Participant ") for p in after.parties)
    assert [h for h in opened.search(item_word) if h.kind == "agreement_item"] == []


def test_an_encrypted_store_and_its_backups_are_purged_with_its_key(tmp_path: Path) -> None:
    db = tmp_path / "store.sqlite3"
    key = bytes(range(7, 39))
    with Store.open(f"sqlite:///{db}", key=key) as store:
        planted = Planted(store)
        planted.close(store)
        made = store.backups.backup(BackupReason.DAILY)
        store.retention.set_rule(RecordKind.NOTES, 1)
        report = store.retention.purge(date(2027, 1, 1))
    assert report.backups_rewritten == 1
    assert not made.path.read_bytes().startswith(b"SQLite format 3")
    BackupManager(db, key=key).verify(made.path)
    BackupManager(db, key=key).restore(made.path)
    with Store.open(f"sqlite:///{db}", key=key) as store:
        assert [n.text for n in store.notes(planted.session_id)] == ["", "", ""]


def test_a_purge_reaches_the_quarantined_store_too(db: Path) -> None:
    with Store.open(f"sqlite:///{db}") as store:
        planted = Planted(store)
        planted.close(store)
        made = store.backups.backup(BackupReason.SESSION)
    # Restoring moves the store, canaries and all, into quarantine.
    report = BackupManager(db).restore(made.path)
    assert report.quarantine is not None
    assert NOTE_CANARY.encode() in report.quarantine.read_bytes()
    with Store.open(f"sqlite:///{db}") as store:
        store.retention.set_rule(RecordKind.NOTES, 1)
        purged = store.retention.purge(date(2027, 1, 1))
    assert purged.backups_rewritten == 2
    assert purged.backups_failed == ()
    assert hits(db, NOTE_CANARY) == []
    assert BackupManager(db).quarantined() == [report.quarantine]


def test_a_damaged_quarantined_store_is_named_not_hidden(db: Path) -> None:
    with Store.open(f"sqlite:///{db}") as store:
        planted = Planted(store)
        planted.close(store)
        store.backups.backup(BackupReason.SESSION)
        wreck = store.backups.quarantine_folder / "circle-2026-01-01T000000Z-quarantine.sqlite3"
        wreck.parent.mkdir()
        wreck.write_bytes(b"\x00" * 8192)
        store.retention.set_rule(RecordKind.NOTES, 1)
        report = store.retention.purge(date(2027, 1, 1))
    assert report.backups_rewritten == 1
    assert report.backups_failed == (wreck.name,)
    assert wreck.read_bytes() == b"\x00" * 8192
    assert [p.name for p in wreck.parent.iterdir()] == [wreck.name]
