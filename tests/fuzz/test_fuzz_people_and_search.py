"""Participant names and search queries from every Unicode plane: exact, or a clear error.

A name the domain accepts is stored and read back exactly, exported and imported exactly, and
found by searching for it; one it refuses raises DomainError, and text no database can hold (half
of a surrogate pair) is refused by the store with a StoreError, writing nothing. Any query
either returns hits or raises SearchError; a note is found by searching for its own words.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fuzz_text import TEXT, fuzz_settings, storable
from fuzz_world import TEMPLATE, fresh_store, live_session
from hypothesis import event, given
from hypothesis import strategies as st

from facilitator.domain.case import MAX_NAME_LENGTH, Case, DomainError, Participant
from facilitator.domain.notes import NoteKind
from facilitator.domain.roles import Role
from facilitator.domain.session import SessionInfo
from facilitator.engine.session import LiveSession
from facilitator.exchange.session_file import export_session, import_session, parse_document
from facilitator.storage.search import SearchError
from facilitator.storage.store import Store, StoreError

NAMES = TEXT | st.text(alphabet=st.characters(codec="utf-8"), max_size=MAX_NAME_LENGTH + 5)
#: Words of letters from every plane that has any (Latin to CJK extension B and beyond).
WORDS = st.text(
    alphabet=st.characters(categories=["Lu", "Ll", "Lo"], codec="utf-8"), min_size=3, max_size=12
)


@pytest.fixture(scope="module")
def two_stores() -> Iterator[tuple[Store, Store]]:
    with fresh_store() as source, fresh_store() as target:
        yield source, target


@fuzz_settings(80)
@given(name=NAMES, address_as=TEXT)
def test_a_name_round_trips_exactly_or_is_refused(
    two_stores: tuple[Store, Store], name: str, address_as: str
) -> None:
    source, target = two_stores
    try:
        person = Participant(name, Role.COMMUNITY_MEMBER, seat=1, address_as=address_as)
    except DomainError as refused:
        event("refused by the domain")
        assert str(refused)  # noqa: PT017 - a refusal is one right outcome
        assert not name.strip() or len(name.strip()) > MAX_NAME_LENGTH or "\x00" in name
        return
    case = source.add_case(Case(reference="NAMES"))
    keeper = Participant("Keeper", Role.KEEPER, seat=0)
    before = len(source.list_sessions())
    try:
        info = source.create_session(
            SessionInfo(case_id=case.id, template=TEMPLATE), [keeper, person]
        )
    except StoreError as refused:
        assert "broken character" in str(refused)  # noqa: PT017 - a refusal is one right outcome
        assert not (storable(name) and storable(address_as))
        event("refused by the store")
        assert len(source.list_sessions()) == before
        return
    stored = {p.id: p for p in source.participants(info.id)}[person.id]
    assert (stored.display_name, stored.address_as) == (name, address_as)
    exported = export_session(source, info.id)
    import_session(target, parse_document(exported.encode("utf-8")))
    again = {p.id: p for p in target.participants(info.id)}[person.id]
    assert (again.display_name, again.address_as) == (name, address_as)
    assert export_session(target, info.id) == exported
    event("round trip")


@fuzz_settings(150)
@given(query=TEXT | st.text(max_size=200))
def test_any_query_gives_hits_or_a_clear_message(
    two_stores: tuple[Store, Store], query: str
) -> None:
    source, _ = two_stores
    try:
        hits = source.search(query)
    except SearchError as refused:
        assert str(refused)  # noqa: PT017 - a refusal is one right outcome
        return
    assert len(hits) <= 20


@pytest.fixture(scope="module")
def notes_store() -> Iterator[tuple[Store, LiveSession]]:
    with fresh_store() as store:
        live, _ = live_session(store)
        yield store, live


@fuzz_settings(60)
@given(words=st.lists(WORDS, min_size=1, max_size=5, unique=True), pick=st.integers(0, 4))
def test_a_note_is_found_by_its_own_words(
    notes_store: tuple[Store, LiveSession], words: list[str], pick: int
) -> None:
    store, live = notes_store
    note_id = live.add_note(NoteKind.OBSERVATION, " ".join(words))
    query = " ".join(words[: pick % len(words) + 1])
    hits = store.search(query, limit=1000)
    assert note_id in {hit.ref_id for hit in hits}
