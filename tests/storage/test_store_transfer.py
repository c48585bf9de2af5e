"""``transfer``: a laptop's whole store copied into an empty database, SQLite or PostgreSQL.

The source holds the demo case (a finished conference with notes, consents and an agreement),
a live session with an edited and a struck note, and the audit entries all of that wrote. After
the transfer the target holds the same rows, exports every session byte for byte the same,
finds the same things by search (its own index, built on the target) and its audit chain
verifies. A target that holds data is refused and left as it was.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from store_samples import NAMES

from facilitator.cli import main
from facilitator.demo import create_demo
from facilitator.domain.case import Case, Participant
from facilitator.domain.consent import ConsentRecord
from facilitator.domain.notes import NoteKind
from facilitator.domain.roles import Role
from facilitator.domain.session import SessionInfo
from facilitator.engine.clock import FakeClock
from facilitator.engine.session import LiveSession
from facilitator.exchange.session_file import export_session
from facilitator.processes import builtin_templates_dir, load_templates
from facilitator.storage.store import Store, StoreError

QUERIES = ("window", "nguyen", "garden", "apology", "DEMO-2026-014")


def filled_source(path: Path) -> str:
    url = f"sqlite:///{path}"
    with Store.open(url) as store:
        create_demo(store)
        template = load_templates(builtin_templates_dir()).templates["peacemaking-circle"]
        keeper = Participant("Keeper", Role.KEEPER, seat=0)
        people = [keeper] + [
            Participant(name, Role.COMMUNITY_MEMBER, seat=i + 1)
            for i, name in enumerate(NAMES.values())
        ]
        case = store.add_case(Case(reference="MOVE-1"))
        info = store.create_session(SessionInfo(case_id=case.id, template=template), people)
        for p in people:
            store.record_consent(info.id, ConsentRecord(p.id, "K", FakeClock().wall()))
        live = LiveSession.start(
            store.event_log(info.id),
            FakeClock(),
            template=template,
            participants=store.participants(info.id),
            consents=store.consents(info.id),
            keeper_id=keeper.id,
        )
        kept = live.add_note(NoteKind.OBSERVATION, "Nguyễn spoke about the garden window")
        live.edit_note(kept, "Nguyễn spoke about the garden window, and an apology")
        struck = live.add_note(NoteKind.OBSERVATION, "written in the wrong session")
        live.strike_note(struck, "wrong session")
    return url


def snapshot(store: Store) -> dict[str, object]:
    """Everything a facilitator sees, in a form two stores can be compared by."""
    return {
        "sessions": {s.id: export_session(store, s.id) for s in store.list_sessions()},
        "search": {q: sorted((h.kind, h.ref_id) for h in store.search(q, 100)) for q in QUERIES},
        "audit": [e.entry_hash for e in store.audit.entries()],
    }


def test_a_store_moves_whole_and_verifies(tmp_path: Path, store_url: str) -> None:
    source_url = filled_source(tmp_path / "laptop.sqlite3")
    with Store.open(source_url) as source:
        before = snapshot(source)
        report = source.transfer_to(store_url)
    assert report.rows["events"] > 0
    assert report.rows["audit_entries"] == len(before["audit"])  # type: ignore[arg-type]
    assert report.audit_entries_verified == len(before["audit"])  # type: ignore[arg-type]
    assert report.search_entries > 0
    with Store.open(store_url) as target:
        assert snapshot(target) == before
        assert target.audit.verify().ok
        # The target is a working store: new work goes on after the copied rows.
        target.add_case(Case(reference="AFTER-THE-MOVE"))
        assert target.audit.verify().ok


def test_a_target_with_data_is_refused_and_untouched(tmp_path: Path, store_url: str) -> None:
    source_url = filled_source(tmp_path / "laptop.sqlite3")
    with Store.open(store_url) as target:
        target.add_case(Case(reference="ALREADY-HERE"))
        before = [c.reference for c in target.list_cases()]
    with Store.open(source_url) as source, pytest.raises(StoreError, match="already holds"):
        source.transfer_to(store_url)
    with Store.open(store_url) as target:
        assert [c.reference for c in target.list_cases()] == before


def test_the_command_reports_counts_and_no_names(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source_url = filled_source(tmp_path / "laptop.sqlite3")
    target_url = f"sqlite:///{tmp_path / 'server.sqlite3'}"
    assert main(["--db", source_url, "transfer", "--to", target_url]) == 0
    out = capsys.readouterr().out
    assert "Copied" in out
    assert "Audit trail verified" in out
    for name in NAMES.values():
        assert name not in out
    assert main(["--db", source_url, "transfer", "--to", target_url]) == 1
    assert "already holds" in capsys.readouterr().err
    assert main(["--db", source_url, "transfer", "--to", source_url]) == 1
    assert "this store itself" in capsys.readouterr().err


def test_an_encrypted_laptop_store_moves_to_a_plain_target(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CIRCLE_FACILITATOR_PASSPHRASE", "correct horse battery staple 42")
    laptop = str(tmp_path / "laptop.sqlite3")
    target_url = f"sqlite:///{tmp_path / 'server.sqlite3'}"
    assert main(["--db", laptop, "init"]) == 0
    assert main(["--db", laptop, "demo"]) == 0
    assert main(["--db", laptop, "transfer", "--to", target_url]) == 0
    assert "Audit trail verified" in capsys.readouterr().out
    with Store.open(target_url) as target:
        assert [c.reference for c in target.list_cases()] == ["DEMO-2026-014"]
        assert target.audit.verify().ok
