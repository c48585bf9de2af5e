"""The export dialogs, driven like a facilitator would: the notes choice and its confirmation,
the neutral file names, files written on a worker, and a failure said in a message."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QApplication,
    QDialogButtonBox,
    QFileDialog,
    QMessageBox,
    QWidget,
)
from pytestqt.qtbot import QtBot

from facilitator.demo import create_demo, demo_participants
from facilitator.domain.notes import Visibility
from facilitator.storage.store import Store
from ui.exports.dialogs import export_items_csv, export_notes_pdf, export_statistics
from ui.exports.options import NotesExportDialog, StatisticsDialog
from ui.tasks import TaskRunner


@pytest.fixture
def demo(store: Store) -> str:
    return create_demo(store).id


@pytest.fixture
def window(qtbot: QtBot) -> QWidget:
    widget = QWidget()
    qtbot.addWidget(widget)
    widget.resize(800, 600)
    widget.show()
    return widget


@pytest.fixture
def tasks() -> Iterator[TaskRunner]:
    runner = TaskRunner()
    yield runner
    assert runner.wait(30)


def when_modal(kind: type, handle: Callable[[QWidget], None]) -> None:
    """Run ``handle`` on the next modal window of ``kind`` once it is up (polls the loop)."""

    def poll() -> None:
        modal = QApplication.activeModalWidget()
        if isinstance(modal, kind):
            handle(modal)
        else:
            QTimer.singleShot(10, poll)

    QTimer.singleShot(0, poll)


def click_save(dialog: QWidget) -> None:
    buttons = dialog.findChild(QDialogButtonBox)
    assert buttons is not None
    buttons.button(QDialogButtonBox.StandardButton.Save).click()


def answer_confidential(include: bool) -> None:
    def handle(box: QWidget) -> None:
        assert isinstance(box, QMessageBox)
        assert "confidential" in box.text().lower()
        if include:
            next(b for b in box.buttons() if b.objectName() == "include").click()
        else:
            box.button(QMessageBox.StandardButton.Cancel).click()

    when_modal(QMessageBox, handle)


def result_box(window: QWidget) -> QMessageBox:
    box = window.findChild(QMessageBox, "export-result")
    assert box is not None
    return box


def flat(text: str) -> str:
    return " ".join(text.split())


def pdf_text(path: Path) -> str:
    return flat("\n".join(page.extract_text() for page in PdfReader(path).pages))


def note_texts(store: Store, session_id: str, visibility: Visibility) -> list[str]:
    return [flat(n.text) for n in store.notes(session_id) if n.visibility is visibility]


def test_ticking_the_box_needs_a_confirmation(qtbot: QtBot, window: QWidget) -> None:
    dialog = NotesExportDialog(window)
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.include_facilitator_only
    answer_confidential(include=False)
    dialog.include_box.click()
    assert not dialog.include_facilitator_only  # declined: the box goes back off
    answer_confidential(include=True)
    dialog.include_box.click()
    assert dialog.include_facilitator_only
    dialog.include_box.click()  # unticking asks nothing
    assert not dialog.include_facilitator_only


def test_notes_export_leaves_facilitator_only_notes_out_by_default(
    qtbot: QtBot, window: QWidget, store: Store, demo: str, tasks: TaskRunner, tmp_path: Path
) -> None:
    target = tmp_path / "notes.pdf"
    when_modal(NotesExportDialog, click_save)
    export_notes_pdf(window, store, demo, target, tasks=tasks)
    qtbot.waitUntil(lambda: window.findChild(QMessageBox, "export-result") is not None)
    assert "left out" in result_box(window).text()
    text = pdf_text(target)
    shared = note_texts(store, demo, Visibility.SHAREABLE)
    private = note_texts(store, demo, Visibility.FACILITATOR_ONLY)
    assert shared
    assert private
    assert all(t in text for t in shared)
    assert not any(t in text for t in private)


def test_notes_export_includes_them_after_the_confirmation(
    qtbot: QtBot, window: QWidget, store: Store, demo: str, tasks: TaskRunner, tmp_path: Path
) -> None:
    target = tmp_path / "notes.pdf"

    def choose(dialog: QWidget) -> None:
        assert isinstance(dialog, NotesExportDialog)
        answer_confidential(include=True)
        dialog.include_box.click()
        assert dialog.include_facilitator_only
        click_save(dialog)

    when_modal(NotesExportDialog, choose)
    export_notes_pdf(window, store, demo, target, tasks=tasks)
    qtbot.waitUntil(lambda: window.findChild(QMessageBox, "export-result") is not None)
    assert "confidential" in result_box(window).text()
    text = pdf_text(target)
    assert all(t in text for t in note_texts(store, demo, Visibility.FACILITATOR_ONLY))


def test_cancelling_writes_nothing(
    window: QWidget, store: Store, demo: str, tasks: TaskRunner, tmp_path: Path
) -> None:
    when_modal(NotesExportDialog, lambda d: d.reject())  # type: ignore[attr-defined]
    export_notes_pdf(window, store, demo, tmp_path / "notes.pdf", tasks=tasks)
    assert not (tmp_path / "notes.pdf").exists()
    assert not tasks.busy


def test_proposed_file_names_hold_no_names(
    window: QWidget, store: Store, demo: str, tasks: TaskRunner
) -> None:
    proposed: list[str] = []

    def look(dialog: QWidget) -> None:
        assert isinstance(dialog, QFileDialog)
        proposed.append(Path(dialog.selectedFiles()[0]).name)
        dialog.reject()

    when_modal(NotesExportDialog, click_save)
    when_modal(QFileDialog, look)
    export_notes_pdf(window, store, demo, tasks=tasks)
    when_modal(QFileDialog, look)
    export_items_csv(window, store, tasks=tasks)
    when_modal(QFileDialog, look)
    export_statistics(window, store, period=(date(2026, 1, 1), date(2026, 12, 31)), tasks=tasks)
    day = store.get_session(demo).started_at
    assert day is not None
    assert proposed == [
        f"session-notes-{day.astimezone().date()}.pdf",
        f"agreement-items-{date.today()}.csv",
        "program-statistics-2026-01-01-to-2026-12-31.pdf",
    ]
    names = [p.display_name for p in demo_participants()]
    assert not any(part in name for name in proposed for n in names for part in n.split())
    assert not tasks.busy


def test_items_and_statistics_are_written(
    qtbot: QtBot, window: QWidget, store: Store, demo: str, tasks: TaskRunner, tmp_path: Path
) -> None:
    items = tmp_path / "items.csv"
    export_items_csv(window, store, items, tasks=tasks)
    qtbot.waitUntil(items.exists)
    rows = list(csv.reader(io.StringIO(items.read_bytes().decode("utf-8-sig"))))
    assert len(rows) == 5
    stats = tmp_path / "stats.csv"
    export_statistics(
        window, store, stats, period=(date(2000, 1, 1), date(2100, 1, 1)), tasks=tasks
    )
    qtbot.waitUntil(stats.exists)
    text = stats.read_bytes().decode("utf-8-sig")
    assert "Restorative conference" in text
    for person in demo_participants():
        assert person.display_name not in text


def test_the_statistics_dialog_asks_the_period_and_format(
    qtbot: QtBot, window: QWidget, store: Store, demo: str, tasks: TaskRunner, tmp_path: Path
) -> None:
    target = tmp_path / "stats.pdf"

    def choose(dialog: QWidget) -> None:
        assert isinstance(dialog, StatisticsDialog)
        dialog.from_edit.setDate(dialog.to_edit.date().addDays(1))
        save = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Save)  # type: ignore[union-attr]
        assert not save.isEnabled()
        assert "ends before" in dialog.problem_label.text()
        dialog.from_edit.setDate(dialog.to_edit.date().addYears(-100))
        assert save.isEnabled()
        dialog.min_count.setValue(1)
        click_save(dialog)

    when_modal(StatisticsDialog, choose)
    export_statistics(window, store, target, tasks=tasks)
    qtbot.waitUntil(target.exists)
    assert "Restorative conference 1" in pdf_text(target)


def test_a_write_failure_is_a_message(
    qtbot: QtBot, window: QWidget, store: Store, demo: str, tmp_path: Path
) -> None:
    # Without a runner of the window's, the export makes its own and lets it go afterwards.
    export_items_csv(window, store, tmp_path / "missing" / "items.csv")
    qtbot.waitUntil(lambda: window.findChild(QMessageBox, "export-result") is not None)
    box = result_box(window)
    assert box.icon() is QMessageBox.Icon.Warning
    assert box.text() == "Cannot write items.csv: No such file or directory."
    qtbot.waitUntil(lambda: window.findChild(TaskRunner) is None)


def test_dialogs_render(qtbot: QtBot, window: QWidget, tmp_path: Path) -> None:
    notes = NotesExportDialog(window)
    stats = StatisticsDialog(date(2026, 11, 25), window)
    for dialog in (notes, stats):
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
    assert notes.grab().save(str(tmp_path / "notes-dialog.png"))
    assert stats.grab().save(str(tmp_path / "stats-dialog.png"))
    assert stats.period == (date(2026, 1, 1), date(2026, 11, 25))
