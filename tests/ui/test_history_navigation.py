"""Reaching the history and a session's review from the main window, by keyboard and by click."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from benchmarks.sample_store import build_sample_store
from facilitator.demo import create_demo
from facilitator.engine.clock import FakeClock
from facilitator.storage.store import Store
from ui.app import build_main_window
from ui.main_window import HOME_SESSIONS, MainWindow

CTRL = Qt.KeyboardModifier.ControlModifier
ALT = Qt.KeyboardModifier.AltModifier


def _window(qtbot: QtBot, store: Store) -> MainWindow:
    window = build_main_window(store, clock=FakeClock())
    qtbot.addWidget(window)
    window.resize(1366, 768)
    with qtbot.waitActive(window):
        window.show()
        window.activateWindow()
    return window


def _key(qtbot: QtBot, window: MainWindow, key: Qt.Key, modifier: Qt.KeyboardModifier) -> None:
    """Press a key where the keyboard focus is, as a facilitator would."""
    target = QApplication.focusWidget()
    assert target is not None
    assert target.window() is window
    qtbot.keyClick(target, key, modifier)


def test_home_to_history_to_review_and_back_by_keyboard(qtbot: QtBot, store: Store) -> None:
    info = create_demo(store)
    window = _window(qtbot, store)
    window.home.sessions_view.setFocus()

    _key(qtbot, window, Qt.Key.Key_H, CTRL)
    history = window.lookback.history
    assert history is not None
    assert window.stack.currentWidget() is history
    assert history.table.hasFocus()
    assert history.model.rowCount() == 1

    _key(qtbot, window, Qt.Key.Key_Return, Qt.KeyboardModifier.NoModifier)
    review = window.lookback.review
    assert review is not None
    assert window.stack.currentWidget() is review
    assert review.session_id == info.id
    assert review.timeline.topLevelItemCount() > 0

    _key(qtbot, window, Qt.Key.Key_Left, ALT)
    assert window.stack.currentWidget() is history
    assert history.selected_session() == info.id
    _key(qtbot, window, Qt.Key.Key_Left, ALT)
    assert window.stack.currentWidget() is window.home


def test_the_buttons_lead_the_same_way_and_the_review_opens_the_agreement(
    qtbot: QtBot, store: Store
) -> None:
    info = create_demo(store)
    window = _window(qtbot, store)
    assert window.home.history_button.isVisible()
    qtbot.mouseClick(window.home.history_button, Qt.MouseButton.LeftButton)
    history = window.lookback.history
    assert history is not None
    history.table.selectRow(0)
    qtbot.mouseClick(history.open_button, Qt.MouseButton.LeftButton)
    review = window.lookback.review
    assert review is not None
    assert window.stack.currentWidget() is review

    with qtbot.waitSignal(review.open_agreement_requested) as asked:
        qtbot.mouseClick(review.agreement_button, Qt.MouseButton.LeftButton)
    assert asked.args == [info.id]
    assert window.agreement is not None
    assert window.stack.currentWidget() is window.agreement

    window.show_home()
    qtbot.mouseClick(window.home.history_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(history.back_button, Qt.MouseButton.LeftButton)
    assert window.stack.currentWidget() is window.home


def test_a_live_session_is_never_left_by_a_page_shortcut(qtbot: QtBot, store: Store) -> None:
    info = create_demo(store)
    window = _window(qtbot, store)
    stand_in = window.show_review(info.id)
    assert stand_in is not None
    window.stack.setCurrentWidget(window.home)
    # The setup page stands for any page that is not for browsing.
    window.home.new_button.click()
    assert window.setup is not None
    assert window.stack.currentWidget() is window.setup
    assert window.show_history() is None
    assert window.stack.currentWidget() is window.setup


def test_the_home_page_lists_the_newest_sessions_and_the_history_all(
    qtbot: QtBot, tmp_path: Path
) -> None:
    url = f"sqlite:///{tmp_path / 'many.sqlite3'}"
    build_sample_store(url, sessions=HOME_SESSIONS + 30)
    with Store.open(url) as store:
        window = _window(qtbot, store)
        assert window.home.sessions_model.rowCount() == HOME_SESSIONS
        assert window.home.more_label.isVisible()
        assert window.home.resume_banner.isVisible()
        history = window.show_history()
        assert history is not None
        assert history.model.rowCount() == HOME_SESSIONS + 30
        window.close()
