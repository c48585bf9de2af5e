"""Nothing sensitive leaks out of the window: names and note text never reach window titles,
log records, or the names of files the app writes or proposes (issue 6, "Nothing sensitive
leaks"). The store's own bytes, its backups and the temporary directory are scanned by the
storage canary tests; this walks every page of the app as a facilitator would.
"""

from __future__ import annotations

import logging
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from facilitator.demo import create_demo
from facilitator.domain.session import SessionInfo
from facilitator.engine.clock import FakeClock
from facilitator.storage.store import Store
from ui.agreement.preview_panel import pdf_file_name
from ui.app import build_main_window
from ui.main_window import MainWindow


class _Records(logging.Handler):
    """Keeps every formatted record of every logger, at every level."""

    def __init__(self) -> None:
        super().__init__(level=logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))


@pytest.fixture
def records() -> Iterator[_Records]:
    handler = _Records()
    root = logging.getLogger()
    old_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    try:
        yield handler
    finally:
        root.removeHandler(handler)
        root.setLevel(old_level)


def _sensitive(store: Store, info: SessionInfo) -> list[str]:
    """Every person's name and every note's words in the demo session (long enough to be
    unambiguous)."""
    names = [p.display_name for p in store.participants(info.id)]
    words = {w for n in store.notes(info.id) for w in n.text.split() if len(w) >= 9}
    case = store.get_case(info.case_id)
    return [*names, *sorted(words), *([case.summary] if case.summary else [])]


def _titles() -> list[str]:
    return [w.windowTitle() for w in QApplication.topLevelWidgets()]


def _visit_every_page(qtbot: QtBot, window: MainWindow, info: SessionInfo) -> list[str]:
    """Walk home, history, the review (each tab), search, follow-up and the agreement;
    return the window titles seen on the way."""
    seen = _titles()
    history = window.show_history()
    assert history is not None
    qtbot.waitUntil(lambda: history.model.rowCount() > 0)
    seen += _titles()
    review = window.show_review(info.id)
    assert review is not None
    for index in range(review.tabs.count()):
        review.tabs.setCurrentIndex(index)
        seen += _titles()
    search = window.show_search()
    assert search is not None
    search.set_query("seedlings")
    search.run_search()
    assert search.model.rowCount() >= 1
    seen += _titles()
    followup = window.show_followup()
    assert followup is not None
    seen += _titles()
    agreement = window.open_agreement(info.id)
    assert agreement is not None
    seen += _titles()
    return seen


def test_names_and_notes_stay_out_of_titles_logs_and_file_names(
    qtbot: QtBot, store: Store, tmp_path: Path, records: _Records
) -> None:
    temp_before = set(Path(tempfile.gettempdir()).iterdir())
    info = create_demo(store)
    sensitive = _sensitive(store, info)
    assert len(sensitive) > 10
    logging.getLogger("facilitator").debug("probe %s", sensitive[0])
    # The scan sees a planted record (so an empty scan below means something).
    assert any(sensitive[0] in line for line in records.lines)
    records.lines.clear()

    window = build_main_window(store, clock=FakeClock())
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    titles = _visit_every_page(qtbot, window, info)
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)

    case = store.get_case(info.case_id)
    proposed = [pdf_file_name(case.reference, 1, paper=False)]
    written = [p.name for p in tmp_path.rglob("*")]
    created = [p.name for p in set(Path(tempfile.gettempdir()).iterdir()) - temp_before]
    for text in sensitive:
        assert not any(text in t for t in titles), "a window title names someone"
        assert not any(text in line for line in records.lines), "a log record holds a name"
        for name in [*proposed, *written, *created]:
            assert text not in name, "a file name holds a name or a note's words"
