"""``circle-facilitator agreement render|verify`` and the demo's signed agreement, end to end."""

from __future__ import annotations

from pathlib import Path

import pytest
from cli_stores import plain_store

from facilitator.agreements.model import AgreementStatus
from facilitator.cli import main
from facilitator.storage.store import Store


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("CIRCLE_FACILITATOR_KEYS", str(tmp_path / "keys"))
    return plain_store(tmp_path / "store.sqlite3")


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_the_demo_leaves_a_signed_agreement_from_its_ideas(
    capsys: pytest.CaptureFixture[str], db: str
) -> None:
    code, out, _ = run(capsys, "--db", db, "demo")
    assert code == 0
    with Store.open(f"sqlite:///{db}") as store:
        session = store.list_sessions()[0]
        agreement = store.agreements.latest(session.id)
        notes = store.notes(session.id)
    assert agreement is not None
    assert agreement.status is AgreementStatus.LOCKED
    ideas = {n.id for n in notes if n.kind.value == "agreement_idea"}
    assert {i.source_note_id for i in agreement.items} <= ideas
    assert len(agreement.items) == 4
    assert agreement.signatures[-1].role.value == "facilitator"
    assert all(s.strokes for s in agreement.signatures)
    assert f"agreement render {session.id[:8]}" in out


def test_render_seals_and_verify_gives_exit_codes(
    capsys: pytest.CaptureFixture[str], db: str, tmp_path: Path
) -> None:
    run(capsys, "--db", db, "demo")
    with Store.open(f"sqlite:///{db}") as store:
        short = store.list_sessions()[0].id[:8]
    pdf = tmp_path / "agreement.pdf"
    code, out, err = run(capsys, "--db", db, "agreement", "render", short, "-o", str(pdf))
    assert code == 0, err
    assert "sealed" in out
    code, out, _ = run(capsys, "--db", db, "agreement", "verify", str(pdf))
    assert (code, out.split(":")[0]) == (0, "valid")
    data = bytearray(pdf.read_bytes())
    data[len(data) // 3] ^= 0x01
    changed = tmp_path / "changed.pdf"
    changed.write_bytes(bytes(data))
    code, out, _ = run(capsys, "--db", db, "agreement", "verify", str(changed))
    assert (code, out.split(":")[0]) == (1, "modified")
    paper = tmp_path / "paper.pdf"
    code, out, _ = run(
        capsys, "--db", db, "agreement", "render", short, "-o", str(paper), "--paper"
    )
    assert code == 0
    code, out, _ = run(capsys, "--db", db, "agreement", "verify", str(paper))
    assert (code, out.split(":")[0]) == (2, "unknown")


def test_render_without_an_agreement_is_one_clear_line(
    capsys: pytest.CaptureFixture[str], db: str, tmp_path: Path
) -> None:
    code, _, err = run(capsys, "--db", db, "agreement", "render", "abc", "-o", str(tmp_path / "x"))
    assert code == 1
    assert "no session" in err
    assert "Traceback" not in err
