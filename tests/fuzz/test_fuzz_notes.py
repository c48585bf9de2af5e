"""Note text, 0 to 1 MB from every Unicode plane: stored and read back exactly, or refused cleanly.

A note the engine accepts is the same text after the store (its projection and its event), and
after export and import into another store. One it refuses (empty, too long, a NUL, half of a
surrogate pair) raises SessionRuleError with a message and writes nothing. Nothing else happens.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fuzz_text import STORABLE_TEXT, TEXT, fuzz_settings, note_texts, storable
from fuzz_world import fresh_store, live_session
from hypothesis import given
from hypothesis import strategies as st

from facilitator.domain.notes import MAX_NOTE_LENGTH, NoteKind, Visibility
from facilitator.engine.errors import SessionRuleError
from facilitator.engine.events import NoteAdded
from facilitator.engine.session import LiveSession
from facilitator.exchange.session_file import export_session, import_session, parse_document
from facilitator.storage.store import Store


def accepted(text: str) -> bool:
    return bool(text.strip()) and len(text) <= MAX_NOTE_LENGTH and storable(text)


@pytest.fixture(scope="module")
def world() -> Iterator[tuple[Store, LiveSession, str]]:
    with fresh_store() as store:
        yield store, *live_session(store)


@fuzz_settings(60)
@given(text=note_texts())
def test_a_note_is_stored_exactly_or_refused_cleanly(
    world: tuple[Store, LiveSession, str], text: str
) -> None:
    store, live, session_id = world
    before = live.state.last_seq
    if not accepted(text):
        with pytest.raises(SessionRuleError) as refused:
            live.add_note(NoteKind.OBSERVATION, text)
        assert str(refused.value)
        assert live.state.last_seq == before
        return
    note_id = live.add_note(NoteKind.OBSERVATION, text, Visibility.SHAREABLE)
    assert next(n for n in store.notes(session_id) if n.id == note_id).text == text
    logged = store.events(session_id)[-1]
    assert isinstance(logged.event, NoteAdded)
    assert logged.event.text == text


@pytest.fixture(scope="module")
def two_stores() -> Iterator[tuple[Store, Store]]:
    with fresh_store() as source, fresh_store() as target:
        yield source, target


@fuzz_settings(40)
@given(texts=st.lists(STORABLE_TEXT.filter(accepted), min_size=1, max_size=4), edit=TEXT)
def test_notes_survive_export_and_import_exactly(
    two_stores: tuple[Store, Store], texts: list[str], edit: str
) -> None:
    source, target = two_stores
    live, session_id = live_session(source)
    ids = [live.add_note(NoteKind.OBSERVATION, t) for t in texts]
    if accepted(edit):
        live.edit_note(ids[0], edit)
    exported = export_session(source, session_id)
    notes = {n.id: n.text for n in source.notes(session_id)}
    import_session(target, parse_document(exported.encode("utf-8")))
    assert {n.id: n.text for n in target.notes(session_id)} == notes
    assert export_session(target, session_id) == exported
