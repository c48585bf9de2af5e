"""Export/import of a whole session: exact round trips, and clear refusals of bad files."""

from __future__ import annotations

import copy
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from facilitator.demo import create_demo
from facilitator.domain.case import Case, Participant
from facilitator.domain.consent import ConsentRecord
from facilitator.domain.notes import NoteKind, Visibility
from facilitator.domain.process import (
    PhaseTemplate,
    ProcessKind,
    ProcessTemplate,
    RoundTemplate,
    SpeakingOrder,
)
from facilitator.domain.roles import Role
from facilitator.domain.session import SessionInfo
from facilitator.engine.clock import FakeClock
from facilitator.engine.session import LiveSession
from facilitator.exchange.session_file import (
    ExchangeError,
    export_session,
    import_session,
    parse_document,
    read_document,
)
from facilitator.storage.store import Store, StoreError

NAMES = [
    "Nguyễn Thị Ánh",  # Vietnamese
    "Μαρία Παπαδοπούλου",  # Greek
    "Олександр Шевченко",  # Cyrillic
    "فاطمة الزهراء",  # Arabic
    "Zoë 🌱 O'Brien-Łukasz",  # emoji and punctuation
]


def open_store(tmp_path: Path, name: str) -> Store:
    return Store.open(f"sqlite:///{tmp_path / name}")


def multilingual_session(store: Store) -> str:
    template = ProcessTemplate(
        id="mini",
        name="Mini circle",
        kind=ProcessKind.CIRCLE,
        phases=(
            PhaseTemplate(
                id="talk",
                title="Talk",
                rounds=(RoundTemplate(id="r", title="Round", order=SpeakingOrder.SEAT),),
            ),
        ),
    )
    case = store.add_case(Case(reference="ΑΒΓ-Ж-١٢٣", summary="Résumé — ✓ 🕊️"))
    keeper = Participant("Keeper Kā", Role.KEEPER, seat=0)
    people = [keeper] + [
        Participant(name, Role.COMMUNITY_MEMBER, seat=i + 1) for i, name in enumerate(NAMES)
    ]
    info = store.create_session(SessionInfo(case_id=case.id, template=template), people)
    wall = datetime(2026, 3, 2, 17, 0, tzinfo=UTC)
    consents = [store.record_consent(info.id, ConsentRecord(p.id, "Kā", wall)) for p in people]
    clock = FakeClock(wall_start=wall)
    live = LiveSession.start(
        store.event_log(info.id),
        clock,
        template=template,
        participants=people,
        consents=consents,
        keeper_id=keeper.id,
    )
    live.enter_phase(0)
    live.start_round(0)
    for name in NAMES:
        live.next_holder()
        clock.advance(12.25)
        hebrew = "\u200f\u05e2\u05d1\u05e8\u05d9\u05ea"  # right-to-left mark, then Hebrew
        live.add_note(NoteKind.OBSERVATION, f"{name} said: «{name[::-1]}» 👍🏽 {hebrew}")
    big = "Ω" * 1_000_000
    note_id = live.add_note(NoteKind.AGREEMENT_IDEA, big, Visibility.SHAREABLE)
    live.edit_note(note_id, big[:-1] + "!")
    live.next_holder()
    live.end_round()
    live.end_session()
    return info.id


def test_demo_round_trips_byte_for_byte(tmp_path: Path) -> None:
    with open_store(tmp_path, "a.sqlite3") as source:
        info = create_demo(source)
        text = export_session(source, info.id)
    with open_store(tmp_path, "b.sqlite3") as target:
        import_session(target, parse_document(text.encode()))
        again = export_session(target, info.id)
    assert again == text
    document = json.loads(text)
    assert document["format"] == "circle-facilitator/session"
    assert document["version"] == 2
    assert any(n["kind"] == "agreement_idea" for n in document["notes"])


def test_many_scripts_emoji_and_a_megabyte_note_round_trip(tmp_path: Path) -> None:
    with open_store(tmp_path, "a.sqlite3") as source:
        session_id = multilingual_session(source)
        text = export_session(source, session_id)
    for name in NAMES:
        assert name in text
    path = tmp_path / "export.json"
    path.write_text(text, encoding="utf-8")
    with open_store(tmp_path, "b.sqlite3") as target:
        import_session(target, read_document(path))
        assert export_session(target, session_id) == text
        names = {p.display_name for p in target.participants(session_id)}
        assert set(NAMES) <= names
        longest = max(target.notes(session_id), key=lambda n: len(n.text))
        assert longest.text == "Ω" * 999_999 + "!"


def test_importing_the_same_session_twice_is_refused(tmp_path: Path) -> None:
    with open_store(tmp_path, "a.sqlite3") as store:
        info = create_demo(store)
        document = parse_document(export_session(store, info.id).encode())
        with pytest.raises(StoreError, match="already"):
            import_session(store, document)


def _demo_document(tmp_path: Path) -> dict[str, Any]:
    with open_store(tmp_path, "source.sqlite3") as store:
        info = create_demo(store)
        return parse_document(export_session(store, info.id).encode())


def _break(document: dict[str, Any], path: str, value: Any) -> dict[str, Any]:
    broken = copy.deepcopy(document)
    *parents, last = path.split("/")
    node: Any = broken
    for key in parents:
        node = node[int(key)] if isinstance(node, list) else node[key]
    if value is KeyError:
        del node[int(last) if isinstance(node, list) else last]
    elif isinstance(node, list):
        node[int(last)] = value
    else:
        node[last] = value
    return broken


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        ("format", "something-else", "not a Circle Facilitator session export"),
        ("version", 99, "version 99 is not supported"),
        ("case", KeyError, "case: missing"),
        ("case/reference", 12, "case.reference: expected text"),
        ("session/template/phases", [], "phases"),
        ("participants/0/role", "villain", "participants[0]"),
        ("participants/1/display_name", "   ", "participants[1]"),
        ("consents/0/participant_id", "0" * 32, "consents[0].participant_id"),
        ("events/0/seq", 5, "events[0].seq"),
        ("events/3/event/kind", "teleported", "unknown event kind"),
        ("events/3/t", -1, "events[3].t"),
        ("events/2/wall", "yesterday", "events[2].wall"),
        ("events/0", KeyError, "events[0].seq"),
        ("notes", [], "notes: do not match"),
    ],
)
def test_malformed_documents_are_refused_and_write_nothing(
    tmp_path: Path, path: str, value: Any, message: str
) -> None:
    document = _break(_demo_document(tmp_path), path, value)
    with open_store(tmp_path, "target.sqlite3") as target:
        with pytest.raises(ExchangeError, match=message.replace("[", r"\[").replace("]", r"\]")):
            import_session(target, document)
        assert target.list_sessions() == []
        assert target.list_cases() == []


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b"\xff\xfe\x00garbage", "not UTF-8"),
        (b"{not json", "not valid JSON"),
        (b"[1, 2, 3]", "expected a JSON object"),
        (b'{"format": NaN}', "NaN is not allowed"),
        (b"[" * 100_000 + b"]" * 100_000, "nested too deeply|not valid JSON"),
    ],
)
def test_files_that_are_not_json_objects_get_a_clear_message(raw: bytes, message: str) -> None:
    with pytest.raises(ExchangeError, match=message):
        parse_document(raw, "x.json")
