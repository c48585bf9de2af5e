"""The agreement page on real widgets and store files: ideas to items, assent, signing by pen
strokes for every signer, the sealed preview, and finalising refused during a withdrawal."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from live_samples import WALL, by_role, keeper_of, plan_session
from PySide6.QtCore import QPoint, Qt
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter
from pytestqt.qtbot import QtBot

from facilitator.agreements.keys import KEYS_ENV_VAR
from facilitator.agreements.model import AgreementStatus
from facilitator.agreements.seal import VerdictStatus, verify_pdf
from facilitator.agreements.templates import (
    AgreementTemplateSet,
    builtin_agreement_templates_dir,
    load_agreement_templates,
)
from facilitator.demo import create_demo
from facilitator.domain.notes import NoteKind, Visibility
from facilitator.domain.roles import Role
from facilitator.engine.clock import FakeClock
from facilitator.security.audit_chain import AuditKind
from facilitator.storage.store import Store
from ui.agreement.agreement_view import PREVIEW, SIGN, AgreementView
from ui.agreement.signature_pad import SignaturePad
from ui.session_controller import start_live
from ui.tasks import TaskRunner

IDEAS = ("Jamie writes a letter of apology to Marta", "Jamie helps repair the shed, 6 hours")
PRIVATE_IDEA = "Maybe a referral to the youth sports programme"


@pytest.fixture
def templates() -> AgreementTemplateSet:
    """The built-in agreement templates only (never an agency folder of the test machine)."""
    return load_agreement_templates(builtin_agreement_templates_dir())


@pytest.fixture
def tasks(qtbot: QtBot) -> Iterator[TaskRunner]:
    """A runner for rendering and sealing; waited for so no task outlives the test."""
    runner = TaskRunner()
    yield runner
    runner.wait()


@pytest.fixture(autouse=True)
def keys(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The sealing key in the test's own folder (both for sealing and for verifying)."""
    folder = tmp_path / "keys"
    monkeypatch.setenv(KEYS_ENV_VAR, str(folder))
    return folder


def ended_session(store: Store, *, withdraw: bool = False) -> str:
    """A session run and ended, with two shareable ideas and one facilitator-only idea."""
    session_id, people = plan_session(store)
    live = start_live(store, session_id, FakeClock(wall_start=WALL), keeper_of(people).id)
    for idea in IDEAS:
        live.add_note(NoteKind.AGREEMENT_IDEA, idea, Visibility.SHAREABLE)
    live.add_note(NoteKind.AGREEMENT_IDEA, PRIVATE_IDEA, Visibility.FACILITATOR_ONLY)
    if withdraw:
        live.withdraw_consent(by_role(people, Role.SUPPORTER_HARMED).id, "A. Ngata")
    live.end_session()
    return session_id


def make_view(
    qtbot: QtBot, store: Store, session_id: str, tasks: TaskRunner, templates: AgreementTemplateSet
) -> AgreementView:
    view = AgreementView(
        store,
        session_id,
        tasks,
        templates=templates,
        now=lambda: datetime(2026, 3, 2, 20, 0, tzinfo=UTC),
    )
    qtbot.addWidget(view)
    view.resize(1366, 768)
    view.show()
    return view


def choose_template(view: AgreementView, template_id: str) -> None:
    box = view.editor_page.template_box
    index = box.findData(template_id)
    box.setCurrentIndex(index)
    box.activated.emit(index)


def draw_signature(qtbot: QtBot, pad: SignaturePad, seed: int) -> None:
    """Two pen strokes across the pad, different for each signer."""
    width, height = pad.width(), pad.height()
    for stroke in range(2):
        y = height // 3 + stroke * height // 4
        start = QPoint(20 + seed * 7, y)
        qtbot.mousePress(pad, Qt.MouseButton.LeftButton, pos=start)
        for step in range(1, 8):
            x = 20 + seed * 7 + step * (width - 80) // 8
            qtbot.mouseMove(pad, QPoint(x, y + (12 if step % 2 else -12)))
        qtbot.mouseRelease(pad, Qt.MouseButton.LeftButton, pos=QPoint(width - 40, y))


def test_full_path_from_ideas_to_a_sealed_preview(
    qtbot: QtBot,
    qtmodeltester: object,
    store: Store,
    tasks: TaskRunner,
    templates: AgreementTemplateSet,
    tmp_path: Path,
) -> None:
    session_id = ended_session(store)
    view = make_view(qtbot, store, session_id, tasks, templates)
    choose_template(view, "community-conference")
    page = view.editor_page
    qtmodeltester.check(page.model)  # type: ignore[attr-defined]

    # Only the shareable ideas become items by themselves; the private one is offered.
    assert [page.model.item_at(r).description for r in range(page.model.rowCount())] == list(IDEAS)
    assert page.ideas_list.count() == 3
    page.ideas_list.setCurrentRow(2)
    qtbot.mouseClick(page.idea_button, Qt.MouseButton.LeftButton)
    assert page.model.rowCount() == 3
    assert page.model.item_at(2).description == PRIVATE_IDEA
    assert page.editor.description_edit.toPlainText() == PRIVATE_IDEA
    assert "Nobody is named" in page.editor.hints_label.text()

    # Give the new item an owner, a date and something measurable; the hints go away.
    jamie = next(p for p in view.agreement.parties if p.role is Role.PERSON_RESPONSIBLE)
    editor = page.editor
    editor.responsible_box.setCurrentIndex(editor.responsible_box.findData(jamie.participant_id))
    editor.due_check.setChecked(True)
    editor.description_edit.setPlainText("Jamie joins two sessions of the youth sports programme")
    assert "•" not in editor.hints_label.text()
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    saved = store.agreements.get(view.agreement.id)
    assert saved.items[2].responsible_id == jamie.participant_id
    assert saved.items[2].due is not None

    # Finalise waits for every party's assent, and says who is missing.
    assert not page.finalise_button.isEnabled()
    assert "Still to say" in page.reason_label.text()
    for check in list(page.assent_checks.values()):
        qtbot.mouseClick(check, Qt.MouseButton.LeftButton)
    assert page.reason_label.text() == ""
    assert page.finalise_button.isEnabled()
    qtbot.mouseClick(page.finalise_button, Qt.MouseButton.LeftButton)
    assert view.agreement.status is AgreementStatus.FINALISED
    assert view.tabs.currentIndex() == SIGN

    # Every signer in turn, the facilitator last, by pen strokes on the pad.
    panel = view.signing_panel
    signers = view.agreement.signers
    assert signers[-1].role is Role.FACILITATOR
    for seed, signer in enumerate(signers):
        assert panel.signer == signer
        assert signer.name in panel.who_label.text()
        draw_signature(qtbot, panel.pad, seed)
        assert not panel.sign_button.isEnabled()  # not before they confirm who they are
        panel.confirm_check.setChecked(True)
        qtbot.mouseClick(panel.sign_button, Qt.MouseButton.LeftButton)
        if seed == 0:
            # The first signer takes theirs back and signs again.
            assert panel.take_back_button.isVisible()
            qtbot.mouseClick(panel.take_back_button, Qt.MouseButton.LeftButton)
            assert view.agreement.signatures == ()
            assert panel.signer == signer
            draw_signature(qtbot, panel.pad, seed)
            panel.confirm_check.setChecked(True)
            qtbot.mouseClick(panel.sign_button, Qt.MouseButton.LeftButton)
        if seed < len(signers) - 1:
            assert view.agreement.status is AgreementStatus.FINALISED

    locked = store.agreements.latest(session_id)
    assert locked is not None
    assert locked.status is AgreementStatus.LOCKED
    assert [s.signer_id for s in locked.signatures] == [p.participant_id for p in signers]
    assert all(len(s.strokes) == 2 and len(s.strokes[0]) >= 8 for s in locked.signatures)

    # The preview is rendered and sealed on the worker, then shown.
    assert view.tabs.currentIndex() == PREVIEW
    with qtbot.waitSignal(view.pdf_ready, timeout=30_000):
        pass
    preview = view.preview_panel
    assert preview.document.status() is QPdfDocument.Status.Ready
    assert preview.document.pageCount() >= 1
    saved_path = preview.save_to(tmp_path)
    assert "Okafor" not in saved_path.name
    assert verify_pdf(saved_path, store).status is VerdictStatus.VALID
    preview.print_dialog(QPrinter()).deleteLater()


def test_finalise_is_refused_while_a_withdrawal_is_unresolved(
    qtbot: QtBot, store: Store, tasks: TaskRunner, templates: AgreementTemplateSet
) -> None:
    session_id = ended_session(store, withdraw=True)
    view = make_view(qtbot, store, session_id, tasks, templates)
    page = view.editor_page
    for check in list(page.assent_checks.values()):
        check.setChecked(True)
    assert not page.finalise_button.isEnabled()
    assert "withdrew their consent" in page.reason_label.text()
    assert not view.finalise()
    assert "withdrew their consent" in page.reason_label.text()
    stored = store.agreements.latest(session_id)
    assert stored is not None
    assert stored.status is AgreementStatus.DRAFT


def test_no_agreement_reached_is_a_valid_outcome(
    qtbot: QtBot, store: Store, tasks: TaskRunner, templates: AgreementTemplateSet
) -> None:
    session_id = ended_session(store)
    view = make_view(qtbot, store, session_id, tasks, templates)
    choose_template(view, "community-conference")
    page = view.editor_page
    while page.model.rowCount():
        page.items_view.selectRow(0)
        qtbot.mouseClick(page.editor.remove_button, Qt.MouseButton.LeftButton)
    assert "no agreement was reached" in page.outcome_label.text()
    for check in list(page.assent_checks.values()):
        check.setChecked(True)
    assert page.finalise_button.text() == "Finalise: no agreement reached"
    assert view.finalise()
    assert view.agreement.items == ()


def test_the_demo_agreement_opens_locked_previews_sealed_and_can_be_amended(
    qtbot: QtBot, store: Store, tasks: TaskRunner, templates: AgreementTemplateSet, tmp_path: Path
) -> None:
    info = create_demo(store)
    view = make_view(qtbot, store, info.id, tasks, templates)
    assert view.agreement.status is AgreementStatus.LOCKED
    assert not view.editor_page.finalise_button.isEnabled()
    assert not view.editor_page.add_button.isEnabled()
    assert view.signing_panel.signer is None
    with qtbot.waitSignal(view.pdf_ready, timeout=30_000):
        view.tabs.setCurrentIndex(PREVIEW)
    assert view.preview_panel.document.pageCount() >= 1
    path = view.preview_panel.save_to(tmp_path)
    assert verify_pdf(path, store).status is VerdictStatus.VALID
    # The saved file is exactly what the audit trail recorded as sealed.
    sealed = [e for e in store.audit.entries() if e.kind == AuditKind.AGREEMENT_SEALED]
    assert [e.detail_sha256 for e in sealed] == [hashlib.sha256(path.read_bytes()).hexdigest()]
    assert sealed[0].agreement_id == view.agreement.id

    assert view.amend_button.isVisible()
    qtbot.mouseClick(view.amend_button, Qt.MouseButton.LeftButton)
    assert not view.amend_button.isVisible()
    assert view.agreement.version == 2
    assert view.editor_page.add_button.isEnabled()
    assert len(store.agreements.versions(info.id)) == 2


def test_paper_copy_has_signature_lines_and_no_seal(
    qtbot: QtBot, store: Store, tasks: TaskRunner, templates: AgreementTemplateSet, tmp_path: Path
) -> None:
    session_id = ended_session(store)
    view = make_view(qtbot, store, session_id, tasks, templates)
    with qtbot.waitSignal(view.pdf_ready, timeout=30_000):
        qtbot.mouseClick(view.signing_panel.paper_button, Qt.MouseButton.LeftButton)
    assert view.tabs.currentIndex() == PREVIEW
    assert "paper" in view.preview_panel.status_label.text()
    path = view.preview_panel.save_to(tmp_path)
    assert path.name.endswith("-for-signing.pdf")
    assert verify_pdf(path, store).status is VerdictStatus.UNKNOWN


def test_the_pad_keeps_strokes_in_a_normalised_box_and_clears(qtbot: QtBot) -> None:
    pad = SignaturePad()
    qtbot.addWidget(pad)
    pad.resize(600, 200)
    pad.show()
    draw_signature(qtbot, pad, 0)
    strokes = pad.strokes()
    assert len(strokes) == 2
    for stroke in strokes:
        assert all(0 <= p.x <= 1 and 0 <= p.y <= 1 and p.pressure == 0.5 for p in stroke)
        assert [p.t for p in stroke] == sorted(p.t for p in stroke)
    with qtbot.waitSignal(pad.changed):
        pad.clear()
    assert pad.is_empty()


def test_a_character_the_font_cannot_draw_is_reported_not_printed(
    qtbot: QtBot, store: Store, tasks: TaskRunner, templates: AgreementTemplateSet
) -> None:
    session_id = ended_session(store)
    view = make_view(qtbot, store, session_id, tasks, templates)
    page = view.editor_page
    page.items_view.selectRow(0)
    page.editor.description_edit.setPlainText("Jamie writes to Mr 李")
    qtbot.mouseClick(page.editor.save_button, Qt.MouseButton.LeftButton)
    view.tabs.setCurrentIndex(PREVIEW)
    qtbot.waitUntil(lambda: "could not be prepared" in view.preview_panel.status_label.text())
    assert "U+674E" in view.preview_panel.status_label.text()
    assert not view.preview_panel.save_button.isEnabled()
