"""Agreements in a real SQLite store: versions, signatures, locking."""

from __future__ import annotations

import dataclasses
import sqlite3
from pathlib import Path

import pytest
from agreement_samples import draft, people, signed

from facilitator.agreements.lifecycle import amend
from facilitator.agreements.serial import content_hash
from facilitator.domain.case import Case
from facilitator.domain.session import SessionInfo
from facilitator.processes import builtin_templates_dir, load_templates
from facilitator.storage.database import create_engine_for
from facilitator.storage.migration import ensure_schema
from facilitator.storage.store import NotFound, Store, StoreError


@pytest.fixture
def store(tmp_path: Path):  # type: ignore[no-untyped-def]
    with Store.open(f"sqlite:///{tmp_path / 'store.sqlite3'}") as opened:
        yield opened


def make_session(store: Store) -> tuple[str, list]:  # type: ignore[type-arg]
    case = store.add_case(Case(reference="CASE-2026-7"))
    template = load_templates(builtin_templates_dir()).templates["community-conference"]
    cast = people()
    info = store.create_session(SessionInfo(case_id=case.id, template=template), cast)
    return info.id, cast


def test_a_signed_agreement_round_trips_with_its_strokes(store: Store) -> None:
    session_id, cast = make_session(store)
    agreement = dataclasses.replace(signed(cast), session_id=session_id)
    saved = store.agreements.save(agreement)
    assert saved == agreement
    assert (
        store.agreements.get(agreement.id).signatures[0].strokes == agreement.signatures[0].strokes
    )
    assert store.agreements.content_hash_of(agreement.id) == content_hash(agreement)
    assert store.agreements.latest(session_id) == agreement


def test_locked_versions_never_change_and_amendments_link_back(store: Store) -> None:
    session_id, cast = make_session(store)
    old = store.agreements.save(dataclasses.replace(signed(cast), session_id=session_id))
    with pytest.raises(StoreError, match="locked"):
        store.agreements.save(dataclasses.replace(old, summary="changed afterwards"))
    new = store.agreements.save(amend(old))
    versions = store.agreements.versions(session_id)
    assert [v.version for v in versions] == [1, 2]
    assert versions[1].previous_version_id == old.id
    assert store.agreements.latest(session_id) == new
    assert store.agreements.get(old.id) == old


def test_drafts_are_saved_again_and_unknown_ids_are_not_found(store: Store) -> None:
    session_id, cast = make_session(store)
    agreement = dataclasses.replace(draft(cast), session_id=session_id)
    store.agreements.save(agreement)
    changed = store.agreements.save(dataclasses.replace(agreement, summary="Second try"))
    assert changed.summary == "Second try"
    assert len(store.agreements.versions(session_id)) == 1
    with pytest.raises(NotFound):
        store.agreements.get("0" * 32)
    assert store.agreements.content_hash_of("0" * 32) is None


def test_a_store_from_before_agreements_is_upgraded_with_its_data(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'old.sqlite3'}"
    engine = create_engine_for(url)
    try:
        ensure_schema(engine, head="0001", known=("0001",))
    finally:
        engine.dispose()
    old = sqlite3.connect(tmp_path / "old.sqlite3")
    try:
        assert old.execute("SELECT version_num FROM alembic_version").fetchall() == [("0001",)]
    finally:
        old.close()
    with Store.open(url) as store:
        assert store.backup_made_on_open is not None
        session_id, cast = make_session(store)
        saved = store.agreements.save(dataclasses.replace(signed(cast), session_id=session_id))
        assert store.agreements.latest(session_id) == saved
