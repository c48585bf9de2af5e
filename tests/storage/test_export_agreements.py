"""A session export carries its agreement: every version, signatures, progress, review date."""

from __future__ import annotations

import copy
import dataclasses
import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from followup_store_samples import SIGNED, Spec, amended, signed_agreement

from facilitator.agreements.followup import ItemStatus
from facilitator.agreements.model import Agreement, AgreementItem, ItemKind
from facilitator.domain.session import SessionStatus
from facilitator.exchange.session_file import (
    ExchangeError,
    bundle_from_document,
    export_session,
    import_session,
    parse_document,
)
from facilitator.storage.store import Store, StoreError


def _open(path: Path) -> Store:
    return Store.open(f"sqlite:///{path}")


def _with_history(store: Store) -> tuple[str, Agreement]:
    """A signed agreement, progress on it, an amendment signed too, progress and a review date."""
    first = signed_agreement(
        store, "RJ-EXPORT-1", [Spec("Repaint the fence", date(2026, 4, 1), "Fen Okoro")]
    )
    item = first.items[0]
    store.followup.record_progress(
        first.id,
        item.id,
        status=ItemStatus.PENDING,
        evidence="Paint bought",
        evidence_date=date(2026, 3, 5),
        recorded_by="Fen Okoro",
        recorded_at=SIGNED + timedelta(days=3),
    )
    extra = AgreementItem(
        kind=ItemKind.APOLOGY, description="A letter to the neighbours", monitor="Fen Okoro"
    )
    second = amended(store, first, [item, extra], lock=True, at=SIGNED + timedelta(days=10))
    store.followup.record_progress(
        second.id,
        item.id,
        status=ItemStatus.DONE,
        evidence="Fence repainted; photos seen",
        evidence_date=date(2026, 3, 20),
        recorded_by="Fen Okoro",
        recorded_at=SIGNED + timedelta(days=18),
    )
    store.followup.set_review_date(second.id, date(2026, 5, 4), at=SIGNED + timedelta(days=19))
    return second.session_id, second


@pytest.fixture
def exported(tmp_path: Path) -> tuple[str, str]:
    with _open(tmp_path / "source.sqlite3") as source:
        session_id, _ = _with_history(source)
        return session_id, export_session(source, session_id)


def test_every_version_signature_entry_and_review_date_travels(
    tmp_path: Path, exported: tuple[str, str]
) -> None:
    session_id, text = exported
    with _open(tmp_path / "source.sqlite3") as source:
        expected = source.agreement_records(session_id)
        expected_items = source.followup.item_follow_ups(session_id)
    assert len(expected.agreements) == 2
    assert all(a.signatures for a in expected.agreements)
    assert len(expected.progress) == 2
    assert [r.review_date for r in expected.reviews] == [date(2026, 5, 4)]

    with _open(tmp_path / "target.sqlite3") as target:
        import_session(target, parse_document(text.encode()))
        assert target.agreement_records(session_id) == expected
        assert target.followup.item_follow_ups(session_id) == expected_items
        assert target.followup.review_date(expected.agreements[-1].id) == date(2026, 5, 4)
        assert target.search("neighbours")  # the imported agreement is searchable
        assert export_session(target, session_id) == text


def test_a_version_1_file_still_imports_without_an_agreement(
    tmp_path: Path, exported: tuple[str, str]
) -> None:
    session_id, text = exported
    document = json.loads(text)
    document["version"] = 1
    del document["agreements"], document["follow_up"]
    with _open(tmp_path / "target.sqlite3") as target:
        import_session(target, document)
        assert target.agreements.versions(session_id) == []
        assert json.loads(export_session(target, session_id))["agreements"] == []


def _edited(text: str, edit: Any) -> dict[str, Any]:
    document = copy.deepcopy(json.loads(text))
    edit(document)
    return document


def _set(path: tuple[Any, ...], value: Any) -> Any:
    def edit(document: dict[str, Any]) -> None:
        node: Any = document
        for step in path[:-1]:
            node = node[step]
        node[path[-1]] = value

    return edit


def _swap_versions(document: dict[str, Any]) -> None:
    document["agreements"].reverse()


EDITS = [
    (_set(("agreements", 0, "items", 0, "description"), "Nothing at all"), "content_sha256"),
    (_set(("agreements", 0, "title"), 5), "agreements[0].title: expected text"),
    (_set(("agreements", 0, "extra"), "x"), "does not read back as written"),
    (_set(("agreements", 0, "version"), "1"), "does not read back as written"),
    (_set(("agreements", 1, "session_id"), "0" * 32), "session_id"),
    (_set(("agreements", 0, "parties", 0, "id"), "f" * 32), "parties"),
    (_swap_versions, "previous_version_id: not an earlier version"),
    (_set(("follow_up", "progress", 0, "item_id"), "f" * 32), "item_id: not an item"),
    (_set(("follow_up", "progress", 0, "agreement_id"), "f" * 32), "agreement_id"),
    (_set(("follow_up", "progress", 0, "evidence_date"), "soon"), "evidence_date: not a date"),
    (_set(("follow_up", "reviews", 0, "review_date"), 20260504), "review_date: expected text"),
    (_set(("follow_up", "reviews"), {}), "follow_up.reviews: expected a list"),
    (_set(("agreements", 0, "signatures", 0, "name"), "x\x00y"), "NUL"),
]


@pytest.mark.parametrize(("edit", "message"), EDITS)
def test_an_edited_or_damaged_agreement_part_is_refused_and_nothing_is_written(
    tmp_path: Path, exported: tuple[str, str], edit: Any, message: str
) -> None:
    _, text = exported
    document = _edited(text, edit)
    with _open(tmp_path / "target.sqlite3") as target:
        with pytest.raises(ExchangeError, match=message.replace("[", r"\[").replace("]", r"\]")):
            import_session(target, document)
        assert target.list_sessions() == []
        assert target.list_cases() == []


def test_an_agreement_already_in_the_store_is_never_written_over(
    tmp_path: Path, exported: tuple[str, str]
) -> None:
    # The same records under a new session id (an edited file the store is handed): their ids
    # are those of the session already imported, whose records must stay as they are.
    session_id, text = exported
    bundle = bundle_from_document(parse_document(text.encode()))
    twin_id = "c" * 32
    records = dataclasses.replace(
        bundle.records,
        agreements=tuple(
            dataclasses.replace(a, session_id=twin_id) for a in bundle.records.agreements
        ),
    )
    with _open(tmp_path / "target.sqlite3") as target:
        import_session(target, parse_document(text.encode()))
        before = target.agreement_records(session_id)
        with pytest.raises(StoreError, match="already in the store"):
            # Without its people and log, so that only the agreement records meet the store's
            # own: they are what is refused.
            target.import_session(
                bundle.case,
                dataclasses.replace(bundle.session, id=twin_id, status=SessionStatus.PLANNED),
                (),
                (),
                (),
                records=records,
            )
        assert target.agreement_records(session_id) == before
        assert [s.id for s in target.list_sessions()] == [session_id]
