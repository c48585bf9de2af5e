"""The start lists a plain store's sessions before the store has opened, then hands over."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QSettings, Qt
from pytestqt.qtbot import QtBot

from benchmarks.sample_store import build_sample_store
from facilitator.engine.clock import FakeClock
from facilitator.processes import TemplateSet
from facilitator.storage.store import Store
from ui.app import begin_start
from ui.history.history_view import HistoryView
from ui.main_window import HOME_SESSIONS, MainWindow
from ui.security.start_flow import StartFlow
from ui.tasks import TaskRunner

SESSIONS = 150


@pytest.fixture(scope="module")
def sample_bytes(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    path = tmp_path_factory.mktemp("early-start") / "sample.sqlite3"
    build_sample_store(f"sqlite:///{path}", sessions=SESSIONS)
    return path.read_bytes()


@pytest.fixture
def db(tmp_path: Path, sample_bytes: bytes) -> Path:
    path = tmp_path / "store" / "sample.sqlite3"
    path.parent.mkdir()
    path.write_bytes(sample_bytes)
    return path


@pytest.fixture
def window(qtbot: QtBot) -> Iterator[MainWindow]:
    tasks = TaskRunner()
    shown = MainWindow(FakeClock(), tasks)
    qtbot.addWidget(shown)
    shown.resize(1366, 768)
    shown.show()
    qtbot.waitExposed(shown)
    yield shown
    tasks.wait()
    shown.close()
    shown.detach()


def _tasks(window: MainWindow) -> TaskRunner:
    return window._tasks


def _history_ids(view: HistoryView) -> list[str]:
    return [view.model.session_id_at(r) for r in range(view.model.rowCount())]


def test_sessions_are_listed_while_the_store_opens_then_handed_over(
    qtbot: QtBot, window: MainWindow, db: Path, tmp_path: Path
) -> None:
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    flow = begin_start(window, _tasks(window), str(db), lambda: None, settings=settings, env={})
    with qtbot.waitSignal(flow.early_listed, timeout=20_000):
        pass
    # Listed, while nothing that needs the store is offered yet.
    assert window.store is None
    home = window.home
    assert home.sessions_model.rowCount() == HOME_SESSIONS
    assert "Opening the store" in home.empty_label.text()
    assert home.history_button.isVisibleTo(window)
    assert home.history_button.isEnabled()
    for waiting in (home.new_button, home.demo_button, home.search_button, home.followup_button):
        assert not waiting.isEnabled()
    home.sessions_view.selectRow(0)
    assert not home.continue_button.isEnabled()
    assert not home.agreement_button.isEnabled()

    history = window.show_history()
    assert history is not None
    assert history.opening
    assert history.model.rowCount() == SESSIONS
    assert "opening the store" in history.count_label.text()
    for field in (history.from_edit, history.process_combo, history.status_combo):
        assert not field.isEnabled()
    assert not history.case_edit.isEnabled()
    header = history.table.horizontalHeader()
    assert not header.sectionsClickable()
    early_ids = _history_ids(history)
    # A sort asked for in code waits too: the arrow and the order stay as they are.
    header.setSortIndicator(1, Qt.SortOrder.AscendingOrder)
    assert (header.sortIndicatorSection(), header.sortIndicatorOrder()) == (
        0,
        Qt.SortOrder.DescendingOrder,
    )
    assert _history_ids(history) == early_ids
    assert history.message_label.isHidden()
    chosen = early_ids[7]
    history.table.selectRow(7)
    assert not history.open_button.isEnabled()  # the review reads the store: it waits too

    qtbot.waitUntil(lambda: window.store is not None, timeout=30_000)
    store = window.store
    assert store is not None
    # Handed over: the same list from the store, the same session chosen, everything offered.
    assert not history.opening
    assert _history_ids(history) == early_ids == store.history.ids()
    assert history.selected_session() == chosen
    assert history.open_button.isEnabled()
    assert history.case_edit.isEnabled()
    assert header.sectionsClickable()
    assert "opening" not in history.count_label.text()
    qtbot.mouseClick(
        header.viewport(),
        Qt.MouseButton.LeftButton,
        pos=QPoint(header.sectionViewportPosition(1) + 5, 5),
    )
    assert history.model.history_sort.column.value == "case"
    window.show_home()
    assert home.new_button.isEnabled()
    assert home.search_button.isEnabled()
    assert "Opening the store" not in home.empty_label.text()


def test_rows_listed_early_leave_the_screen_when_the_store_then_fails_to_open(
    qtbot: QtBot, window: MainWindow, db: Path
) -> None:
    def broken_templates() -> TemplateSet:
        raise OSError("The process templates could not be read.")

    found = sorted(p.name for p in db.parent.iterdir())
    flow = StartFlow(window, _tasks(window), str(db), broken_templates, env={})
    flow.begin()
    with qtbot.waitSignal(flow.early_listed, timeout=20_000):
        pass
    history = window.show_history()
    assert history is not None
    assert history.model.rowCount() == SESSIONS
    qtbot.waitUntil(lambda: "could not" in window.home.empty_label.text(), timeout=30_000)
    assert window.lookback.history is None
    assert window.stack.currentWidget() is window.home
    assert window.home.sessions_model.rowCount() == 0
    assert window.show_history() is None
    assert not window.home.history_button.isEnabled()
    # The store is left as found: nothing new beside it.
    _tasks(window).wait()
    assert sorted(p.name for p in db.parent.iterdir()) == found
    with Store.open(f"sqlite:///{db}") as store:
        assert len(store.history.ids()) == SESSIONS


def test_an_encrypted_store_lists_nothing_before_it_is_unlocked(
    qtbot: QtBot, window: MainWindow, db: Path
) -> None:
    from facilitator.security.keyfile import key_file_path  # noqa: PLC0415

    key_file_path(db).write_text("{}")
    flow = StartFlow(window, _tasks(window), str(db), TemplateSet, env={})
    listed: list[object] = []
    flow.early_listed.connect(listed.append)
    flow.begin()
    qtbot.waitUntil(lambda: flow.dialog is not None, timeout=20_000)
    assert listed == []
    assert window.home.sessions_model.rowCount() == 0
    assert window.show_history() is None
    dialog = flow.dialog
    assert dialog is not None
    dialog.reject()


def test_an_encrypted_store_lists_its_sessions_as_soon_as_it_is_unlocked(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    from facilitator.demo import create_demo  # noqa: PLC0415
    from facilitator.security.keyfile import KdfParams, create_key_file  # noqa: PLC0415
    from ui.security.unlock_dialog import UnlockDialog  # noqa: PLC0415

    path = tmp_path / "encrypted.sqlite3"
    fast = KdfParams.fast_for_tests()
    key, _code = create_key_file(path, "quiet river under the bridge", params=fast)
    with Store.open(f"sqlite:///{path}", key=key) as store:
        demo = create_demo(store)
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    flow = begin_start(
        window, _tasks(window), str(path), lambda: None, kdf_params=fast, settings=settings, env={}
    )
    listed: list[object] = []
    flow.early_listed.connect(listed.append)
    qtbot.waitUntil(lambda: flow.dialog is not None, timeout=20_000)
    unlock = flow.dialog
    assert isinstance(unlock, UnlockDialog)
    assert listed == []  # nothing is read before the passphrase
    qtbot.keyClicks(unlock.panel.field.line_edit, "quiet river under the bridge")
    with qtbot.waitSignal(flow.early_listed, timeout=20_000):
        qtbot.keyClick(unlock.panel.field.line_edit, Qt.Key.Key_Return)
    assert window.store is None
    assert window.home.sessions_model.rowCount() == 1
    assert window.home.sessions_model.session_at(0).id == demo.id
    qtbot.waitUntil(lambda: window.store is not None, timeout=30_000)
    assert window.home.new_button.isEnabled()
