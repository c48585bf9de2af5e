"""The export actions: ask what and where, write the file on a worker, say how it went.

Each function returns at once; the file is written on a :class:`~ui.tasks.TaskRunner` worker
(a report over thousands of sessions takes seconds) and a message says where it went or why it
failed. The proposed file names hold a date, never a name or a case reference.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QStandardPaths, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox, QWidget

from facilitator.domain.case import DomainError
from facilitator.reports.files import ReportError
from facilitator.reports.statistics import PeriodError
from facilitator.storage.errors import StoreError
from facilitator.storage.store import Store
from ui.exports.options import NotesExportDialog, StatisticsDialog
from ui.tasks import TaskRunner

#: Failures whose message is written to be shown (no names, no note text).
_SAFE_ERRORS = (ReportError, StoreError, PeriodError, DomainError)


def _tr(text: str) -> str:
    return QCoreApplication.translate("exports", text)


def export_notes_pdf(
    parent: QWidget,
    store: Store,
    session_id: str,
    path: Path | None = None,
    *,
    tasks: TaskRunner | None = None,
) -> None:
    """Export a session's notes as a PDF.

    Asks first whether to include facilitator-only notes (a second, explicit confirmation is
    needed for that), then where to save unless ``path`` is given.

    Args:
        parent: The window the questions and messages belong to.
        store: The open store.
        session_id: The session.
        path: Where to write; ``None`` asks with a file dialog.
        tasks: The runner for the writing; ``None`` makes one for this export.
    """
    options = NotesExportDialog(parent)
    if options.exec() != QDialog.DialogCode.Accepted:
        return
    private = options.include_facilitator_only
    if path is None:
        try:
            info = store.get_session(session_id)
        except StoreError as exc:
            _failed(parent, exc)
            return
        when = info.started_at or info.created_at
        day = when.astimezone().date() if when else date.today()
        path = _ask_path(parent, _tr("Save session notes"), f"session-notes-{day}.pdf", "pdf")
        if path is None:
            return

    def work() -> str:
        from facilitator.reports.notes import write_notes_pdf  # noqa: PLC0415 - ReportLab

        report = write_notes_pdf(store, session_id, path, include_facilitator_only=private)
        kept = (
            _tr("Facilitator-only notes are included: keep this file confidential.")
            if private
            else _tr("Facilitator-only notes were left out.")
        )
        return _tr("Saved %1 notes to %2.").replace("%1", str(report.note_count)).replace(
            "%2", path.name
        ) + ("\n" + kept)

    _run(parent, tasks, work)


def export_items_csv(
    parent: QWidget,
    store: Store,
    path: Path | None = None,
    *,
    tasks: TaskRunner | None = None,
) -> None:
    """Export the items of every signed agreement, with their follow-up status, as CSV.

    Args:
        parent: The window the questions and messages belong to.
        store: The open store.
        path: Where to write; ``None`` asks with a file dialog.
        tasks: The runner for the writing; ``None`` makes one for this export.
    """
    if path is None:
        name = f"agreement-items-{date.today()}.csv"
        path = _ask_path(parent, _tr("Save agreement items"), name, "csv")
        if path is None:
            return

    def work() -> str:
        from facilitator.reports.items_csv import write_items_csv  # noqa: PLC0415

        count = write_items_csv(store, path)
        return (
            _tr("Saved %1 agreed items to %2.").replace("%1", str(count)).replace("%2", path.name)
        )

    _run(parent, tasks, work)


def export_statistics(
    parent: QWidget,
    store: Store,
    path: Path | None = None,
    *,
    period: tuple[date, date] | None = None,
    min_count: int | None = None,
    tasks: TaskRunner | None = None,
) -> None:
    """Export de-identified program statistics as PDF or CSV.

    Asks for the period, the format and the smallest count shown, unless ``period`` is given;
    then where to save, unless ``path`` is given (its suffix, ``.pdf`` or ``.csv``, decides the
    format).

    Args:
        parent: The window the questions and messages belong to.
        store: The open store.
        path: Where to write; ``None`` asks with a file dialog.
        period: First and last day (both included); ``None`` asks.
        min_count: Smallest count shown as it is (default 3; 1 shows every count).
        tasks: The runner for the counting and writing; ``None`` makes one for this export.
    """
    from facilitator.reports.stats_output import SMALL_COUNT  # noqa: PLC0415

    suffix = path.suffix.lower() if path is not None else ".pdf"
    if period is None:
        options = StatisticsDialog(date.today(), parent, ask_format=path is None)
        if options.exec() != QDialog.DialogCode.Accepted:
            return
        period = options.period
        min_count = options.min_count.value() if min_count is None else min_count
        suffix = suffix if path is not None else options.suffix
    start, end = period
    if path is None:
        name = f"program-statistics-{start}-to-{end}{suffix}"
        path = _ask_path(parent, _tr("Save program statistics"), name, suffix.lstrip("."))
        if path is None:
            return
    chosen = SMALL_COUNT if min_count is None else min_count

    def work() -> str:
        from facilitator.reports.statistics import program_statistics  # noqa: PLC0415
        from facilitator.reports.stats_output import write_statistics  # noqa: PLC0415

        stats = program_statistics(store, start, end)
        write_statistics(stats, path, min_count=chosen)
        return (
            _tr("Saved the statistics from %1 to %2 to %3.")
            .replace("%1", str(start))
            .replace("%2", str(end))
            .replace("%3", path.name)
        )

    _run(parent, tasks, work)


# ----------------------------------------------------------------------------- helpers


def _ask_path(parent: QWidget, title: str, name: str, extension: str) -> Path | None:
    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    filters = {"pdf": _tr("PDF documents (*.pdf)"), "csv": _tr("CSV files (*.csv)")}
    chosen, _filter = QFileDialog.getSaveFileName(
        parent, title, str(Path(folder) / name), filters[extension]
    )
    if not chosen:
        return None
    path = Path(chosen)
    return (
        path
        if path.suffix.lower() == f".{extension}"
        else path.with_name(f"{path.name}.{extension}")
    )


def _run(parent: QWidget, tasks: TaskRunner | None, work: Callable[[], str]) -> None:
    runner = tasks or TaskRunner(parent=parent)
    QGuiApplication.setOverrideCursor(Qt.CursorShape.BusyCursor)

    def finish() -> None:
        QGuiApplication.restoreOverrideCursor()
        if tasks is None:
            runner.deleteLater()

    def done(message: str) -> None:
        finish()
        _message(parent, QMessageBox.Icon.Information, _tr("Export finished"), message)

    def failed(exc: Exception) -> None:
        finish()
        _failed(parent, exc)

    runner.run(work, done, failed)


def _failed(parent: QWidget, exc: Exception) -> None:
    if isinstance(exc, _SAFE_ERRORS):
        text = str(exc)
    elif isinstance(exc, OSError):
        text = _tr("The file could not be written: %1.").replace(
            "%1", exc.strerror or _tr("input/output error")
        )
    else:
        # Only the type: an unexpected message may carry names or notes.
        text = _tr("The export failed unexpectedly (%1).").replace("%1", type(exc).__name__)
    _message(parent, QMessageBox.Icon.Warning, _tr("Export failed"), text)


def _message(parent: QWidget, icon: QMessageBox.Icon, title: str, text: str) -> None:
    # Not modal: the facilitator may go on working; the box closes with OK or Escape.
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, parent)
    box.setObjectName("export-result")
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.setWindowModality(Qt.WindowModality.NonModal)
    box.show()
