"""Full-text search on every database: notes in many scripts, accents ignored, names, case
references and agreement items, the index following edits, strikes and imports, and queries no
user can make fail."""

from __future__ import annotations

import dataclasses
import re
import sqlite3
from pathlib import Path

import pytest
from alembic import command
from alembic.config import Config
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import inspect
from store_samples import add_session, logged, template

from facilitator.agreements.model import Agreement, AgreementItem, ItemKind
from facilitator.domain.case import Case
from facilitator.domain.ids import new_id
from facilitator.domain.notes import NoteKind, Visibility
from facilitator.domain.session import SessionInfo
from facilitator.engine.events import Event, NoteAdded, NoteEdited, NoteStruck
from facilitator.storage.database import create_engine_for
from facilitator.storage.migration import SCRIPT_LOCATION
from facilitator.storage.search import SearchError, SearchHit, SearchKind, fold, search_terms
from facilitator.storage.store import Store

NOTES = {
    "vietnamese": "Anh Nguyễn nói rằng cửa hàng bị phá vào đêm thứ Sáu.",
    "greek": "Αθηνά είπε ότι η ζημιά στο κατάστημα την πλήγωσε πολύ.",
    "cyrillic": "Ольга сказала, что ей было страшно возвращаться в магазин.",
    "arabic": "قالت فاطمة إن المتجر كان مغلقا في تلك الليلة.",
    "latin": "Zoë O'Brien-Łukasz offered to repaint the café wall.",
    "japanese": "店の窓 ガラス 修理",
}


def note(note_id: str, text: str) -> NoteAdded:
    return NoteAdded(
        note_id=note_id,
        note_kind=NoteKind.OBSERVATION,
        visibility=Visibility.SHAREABLE,
        text=text,
        phase_index=None,
        round_no=None,
        speaker_id=None,
    )


def write(store: Store, session_id: str, events: list[Event]) -> None:
    log = store.event_log(session_id)
    log.append(logged(events, first_seq=len(store.events(session_id)) + 1))


@pytest.fixture
def session(store: Store) -> str:
    info, _cast = add_session(store)
    write(store, info.id, [note(f"{key:0<32}"[:32], text) for key, text in NOTES.items()])
    return info.id


def kinds_and_ids(hits: list[SearchHit]) -> set[tuple[SearchKind, str]]:
    return {(hit.kind, hit.ref_id) for hit in hits}


def note_ids(hits: list[SearchHit]) -> set[str]:
    return {hit.ref_id for hit in hits if hit.kind is SearchKind.NOTE}


@pytest.mark.parametrize(
    ("query", "script"),
    [
        ("Nguyễn", "vietnamese"),
        ("nguyen", "vietnamese"),
        ("NGUYEN cua hang", "vietnamese"),
        ("Αθηνά", "greek"),
        ("αθηνα", "greek"),
        ("ΠΛΗΓΩΣΕ", "greek"),
        ("Ольга", "cyrillic"),
        ("ольга магазин", "cyrillic"),
        ("فاطمة", "arabic"),
        ("فَاطِمَة", "arabic"),
        ("zoe cafe", "latin"),
        ("ŁUKASZ", "latin"),
        ("ガラス", "japanese"),
    ],
)
def test_notes_are_found_in_every_script_without_accents(
    store: Store, session: str, query: str, script: str
) -> None:
    hits = store.search(query)
    assert note_ids(hits) == {f"{script:0<32}"[:32]}
    hit = next(h for h in hits if h.kind is SearchKind.NOTE)
    assert hit.session_id == session
    assert hit.case_reference == "ΑΒΓ-Ж-١٢٣"
    assert hit.highlights, "the matching words are marked"
    for start, end in hit.highlights:
        assert fold(hit.snippet[start:end]) in search_terms(query)
    assert "«" in hit.marked_snippet


def test_every_word_must_match(store: Store, session: str) -> None:
    assert note_ids(store.search("Ольга")) != set()
    assert store.search("Ольга Nguyễn") == []


def test_names_case_references_and_agreement_items_are_found(store: Store) -> None:
    info, cast = add_session(store)
    harmed = cast[1]
    hits = store.search("nguyen thi anh")
    assert (SearchKind.PARTICIPANT, harmed.id) in kinds_and_ids(hits)
    case_hits = [h for h in store.search("ΑΒΓ") if h.kind is SearchKind.CASE]
    assert [h.case_id for h in case_hits] == [info.case_id]
    assert case_hits[0].case_reference == "ΑΒΓ-Ж-١٢٣"
    item = AgreementItem(
        kind=ItemKind.WORK_FOR_HARMED, description="Sơn lại bức tường của quán cà phê"
    )
    agreement = Agreement(
        session_id=info.id,
        case_reference="ΑΒΓ-Ж-١٢٣",
        template_id="t",
        title="Thỏa thuận",
        items=(item,),
    )
    store.agreements.save(agreement)
    hits = store.search("son lai buc tuong")
    assert kinds_and_ids(hits) == {(SearchKind.AGREEMENT_ITEM, item.id)}
    # A later version replaces the items that are found.
    changed = dataclasses.replace(item, description="Trồng cây trước cửa hàng")
    store.agreements.save(dataclasses.replace(agreement, items=(changed,)))
    assert store.search("son lai buc tuong") == []
    assert kinds_and_ids(store.search("trong cay")) == {(SearchKind.AGREEMENT_ITEM, item.id)}


def test_renamed_people_and_cases_are_found_by_their_new_names(store: Store) -> None:
    info, cast = add_session(store)
    renamed = dataclasses.replace(cast[1], display_name="Trần Văn Bình", address_as="")
    store.set_participants(info.id, [cast[0], renamed, *cast[2:]])
    assert store.search("nguyen thi anh") == []
    assert kinds_and_ids(store.search("tran van binh")) == {(SearchKind.PARTICIPANT, renamed.id)}
    case = store.get_case(info.case_id)
    store.update_case(dataclasses.replace(case, reference="RJ-2026-077"))
    assert [h.kind for h in store.search("ΑΒΓ")] == []
    assert [h.case_id for h in store.search("rj 2026 077")] == [info.case_id]


def test_an_edited_note_is_found_by_its_new_text_only(store: Store, session: str) -> None:
    note_id = f"{'cyrillic':0<32}"[:32]
    write(
        store,
        session,
        [
            NoteEdited(
                note_id=note_id,
                note_kind=NoteKind.OBSERVATION,
                visibility=Visibility.SHAREABLE,
                text="Ольга передумала: теперь всё хорошо.",
            )
        ],
    )
    assert store.search("магазин") == []
    assert note_ids(store.search("передумала")) == {note_id}


def test_a_struck_note_is_not_found(store: Store, session: str) -> None:
    note_id = f"{'greek':0<32}"[:32]
    write(store, session, [NoteStruck(note_id=note_id, reason="wrong person")])
    assert store.search("Αθηνά") == []
    # An edit after the strike does not bring it back.
    edit = NoteEdited(
        note_id=note_id,
        note_kind=NoteKind.OBSERVATION,
        visibility=Visibility.SHAREABLE,
        text="Αθηνά",
    )
    write(store, session, [edit])
    assert store.search("Αθηνά") == []


def test_the_index_follows_an_imported_session(store: Store, tmp_path: Path) -> None:
    with Store.open(f"sqlite:///{tmp_path / 'source.sqlite3'}") as source:
        info, cast = add_session(source)
        note_id = new_id()
        write(
            source,
            info.id,
            [note(note_id, "Μαρία brought the receipts"), NoteStruck(note_id=note_id, reason="x")],
        )
        kept = new_id()
        write(source, info.id, [note(kept, "Μαρία brought the receipts again")])
        bundle = (
            source.get_case(info.case_id),
            source.get_session(info.id),
            source.participants(info.id),
            source.consents(info.id),
            source.events(info.id),
        )
    store.import_session(*bundle)
    assert note_ids(store.search("μαρια receipts")) == {kept}
    assert (SearchKind.PARTICIPANT, cast[2].id) in kinds_and_ids(store.search("олександр"))
    assert [h.case_id for h in store.search("ΑΒΓ") if h.kind is SearchKind.CASE] == [info.case_id]


def outcome(store: Store, query: str) -> str:
    """ "hits" for a list of hits, "no word" for the friendly error; a database error raises."""
    try:
        hits = store.search(query)
    except SearchError as exc:
        return "no word" if str(exc).startswith("Type a word to search for") else str(exc)
    return "hits" if isinstance(hits, list) else "not a list"


MALFORMED = [
    '"',
    '""',
    "AND OR NOT",
    "*",
    "name:",
    "(((",
    ")))",
    "NEAR(a b)",
    "^start",
    "col : value",
    "a AND",
    "-ольга",
    "'; DROP TABLE notes; --",
    "\x00",
    "nguyen\x00cua",
    "\\",
    "x" * 10_000,
    "ab " * 5_000,
    "🌱🕊️",
    "%_%",
]


@pytest.mark.parametrize("query", MALFORMED, ids=range(len(MALFORMED)))
def test_malformed_queries_never_raise_a_database_error(
    store: Store, session: str, query: str
) -> None:
    assert outcome(store, query) in {"hits", "no word"}


@pytest.mark.parametrize("query", ["", "   ", '"', "(((", "*", "\x00", "—…!?", "x" * 10_000])
def test_a_query_without_words_gets_a_friendly_message(store: Store, query: str) -> None:
    with pytest.raises(SearchError, match="Type a word to search for"):
        store.search(query)


def test_operators_are_words_not_syntax(store: Store) -> None:
    info, _cast = add_session(store)
    write(store, info.id, [note(new_id(), "NOT this AND that OR NEAR nothing")])
    assert len(store.search("AND OR NOT")) == 1
    assert len(store.search("near:")) == 1


def test_results_are_limited_and_ranked(store: Store) -> None:
    info, _cast = add_session(store)
    write(store, info.id, [note(new_id(), f"repair {i} " + "wall " * (i % 4)) for i in range(30)])
    hits = store.search("repair wall", limit=5)
    assert len(hits) == 5
    assert [h.rank for h in hits] == sorted((h.rank for h in hits), reverse=True)
    assert store.search("repair", limit=0) == []
    assert len(store.search("repair")) == 20


def test_a_long_note_is_cut_around_the_match(store: Store) -> None:
    info, _cast = add_session(store)
    long_text = "lorem " * 200 + "Ngân hàng " + "ipsum " * 200
    write(store, info.id, [note(new_id(), long_text)])
    (hit,) = store.search("ngan hang")
    assert len(hit.snippet) < 200
    assert hit.snippet.startswith("…")
    assert hit.snippet.endswith("…")
    assert re.search(r"«Ngân» «hàng»", hit.marked_snippet)


def test_sqlite_index_is_consistent_with_its_rows(
    store: Store, session: str, store_url: str
) -> None:
    if not store_url.startswith("sqlite"):
        pytest.skip("FTS5 belongs to SQLite")
    write(store, session, [NoteStruck(note_id=f"{'latin':0<32}"[:32], reason="x")])
    path = store_url.removeprefix("sqlite:///")
    conn = sqlite3.connect(path)
    try:
        conn.execute("INSERT INTO search_fts(search_fts, rank) VALUES ('integrity-check', 1)")
    finally:
        conn.close()


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(query=st.text(max_size=60))
def test_any_text_is_a_safe_query(store: Store, query: str) -> None:
    assert outcome(store, query) in {"hits", "no word"}


def test_a_second_session_of_a_case_is_found_with_its_reference(store: Store) -> None:
    case = store.add_case(Case(reference="RJ-7"))
    info = store.create_session(SessionInfo(case_id=case.id, template=template(), title="t"), [])
    write(store, info.id, [note(new_id(), "follow-up meeting")])
    (hit,) = store.search("follow up")
    assert hit.case_reference == "RJ-7"
    assert hit.session_id == info.id


def test_the_migration_indexes_what_an_older_store_holds(sqlite_path: Path) -> None:
    url = f"sqlite:///{sqlite_path}"
    with Store.open(url) as store:
        info, _cast = add_session(store)
        kept, struck = new_id(), new_id()
        write(store, info.id, [note(kept, "Ольга"), note(struck, "Ольга struck")])
        write(store, info.id, [NoteStruck(note_id=struck, reason="x")])
        item = AgreementItem(kind=ItemKind.APOLOGY, description="Viết thư xin lỗi")
        store.agreements.save(
            Agreement(
                session_id=info.id,
                case_reference="ΑΒΓ-Ж-١٢٣",
                template_id="t",
                title="t",
                items=(item,),
            )
        )
    # Take the store back to the schema before search, as an older app left it.
    config = Config()
    config.set_main_option("script_location", str(SCRIPT_LOCATION))
    engine = create_engine_for(url)
    try:
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.downgrade(config, "0002")
        with engine.connect() as connection:
            assert "search_entries" not in inspect(connection).get_table_names()
    finally:
        engine.dispose()
    with Store.open(url) as store:
        assert store.backup_made_on_open is not None
        assert note_ids(store.search("ольга")) == {kept}
        assert [h.case_id for h in store.search("ΑΒΓ")] == [info.case_id]
        assert len(store.search("nguyen thi anh")) == 1
        assert kinds_and_ids(store.search("thu xin loi")) == {(SearchKind.AGREEMENT_ITEM, item.id)}


def test_the_last_word_is_matched_as_a_prefix(store: Store) -> None:
    info, _cast = add_session(store)
    kept = new_id()
    write(store, info.id, [note(kept, "The reconciliation meeting went well.")])
    (hit,) = store.search("reconc")
    assert hit.ref_id == kept
    assert hit.marked_snippet == "The «reconciliation» meeting went well."
    assert note_ids(store.search("went reconc")) == {kept}
    # Only the last word: an earlier one must be whole unless a * follows it.
    assert store.search("reconc went") == []
    assert note_ids(store.search("reconc* went")) == {kept}
    assert note_ids(store.search("RÉCONC*")) == {kept}
    # A one-letter word is never a prefix: it would match most of every note.
    assert store.search("r") == []


@pytest.mark.parametrize(
    ("query", "script"),
    [("αθη", "greek"), ("Ольг", "cyrillic"), ("nguy", "vietnamese"), ("Łuk", "latin")],
)
def test_prefixes_work_in_every_script(store: Store, session: str, query: str, script: str) -> None:
    hits = store.search(query)
    assert note_ids(hits) == {f"{script:0<32}"[:32]}
    hit = next(h for h in hits if h.kind is SearchKind.NOTE)
    assert hit.highlights
    for start, end in hit.highlights:
        assert fold(hit.snippet[start:end]).startswith(fold(query))


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(query=st.text(alphabet="ab_*'\\:&|!()<>-\"^ é", max_size=30))
def test_operator_heavy_text_is_a_safe_query(store: Store, query: str) -> None:
    assert outcome(store, query) in {"hits", "no word"}


def test_a_hit_carries_its_session_date(store: Store, session: str) -> None:
    info = store.get_session(session)
    hits = store.search("ольга")
    assert [h.session_date for h in hits] == [info.created_at]
    assert info.created_at is not None
    assert info.created_at.tzinfo is not None
    (case_hit,) = [h for h in store.search("ΑΒΓ") if h.kind is SearchKind.CASE]
    assert case_hit.session_date is None
