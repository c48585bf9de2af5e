"""Search and follow-up lead to a session's review; the review carries the follow-up and exports."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from live_samples import plan_session
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from facilitator.demo import create_demo
from facilitator.engine.clock import FakeClock
from facilitator.storage.store import Store
from ui.app import build_main_window
from ui.main_window import MainWindow

WALL = datetime(2026, 3, 7, 17, 30, tzinfo=UTC)


def _window(qtbot: QtBot, store: Store, clock: FakeClock | None = None) -> MainWindow:
    window = build_main_window(store, clock=clock or FakeClock())
    qtbot.addWidget(window)
    window.resize(1366, 768)
    with qtbot.waitActive(window):
        window.show()
        window.activateWindow()
    return window


def _key(qtbot: QtBot, key: Qt.Key, modifier: Qt.KeyboardModifier) -> None:
    target = QApplication.focusWidget()
    assert target is not None
    qtbot.keyClick(target, key, modifier)


def test_a_search_result_opens_the_review_at_that_note_and_back_returns_to_it(
    qtbot: QtBot, store: Store
) -> None:
    info = create_demo(store)
    note = next(n for n in store.notes(info.id) if "seedlings" in n.text)
    window = _window(qtbot, store)

    _key(qtbot, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    search = window.lookback.search
    assert search is not None
    assert window.stack.currentWidget() is search
    assert search.query_edit.hasFocus()
    qtbot.keyClicks(search.query_edit, "seedlings")
    _key(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.NoModifier)
    assert search.model.rowCount() >= 1
    _key(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.NoModifier)

    review = window.lookback.review
    assert review is not None
    assert window.stack.currentWidget() is review
    assert review.session_id == info.id
    assert review.current_note() == note.id
    assert review.tabs.currentWidget() is review.notes_view

    _key(qtbot, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert window.stack.currentWidget() is search
    assert search.query_edit.text() == "seedlings"


def test_the_follow_up_overview_opens_the_session_and_its_follow_up_tab(
    qtbot: QtBot, store: Store
) -> None:
    info = create_demo(store, now=WALL)
    # Weeks later, the demo's agreed items are due or overdue.
    window = _window(qtbot, store, FakeClock(wall_start=WALL + timedelta(days=60)))

    _key(qtbot, Qt.Key.Key_U, Qt.KeyboardModifier.ControlModifier)
    followup = window.lookback.followup
    assert followup is not None
    assert window.stack.currentWidget() is followup
    model = followup.tree.model()
    # Overdue -> a monitor -> the first item.
    index = model.index(0, 0)
    while followup.selected_item() is None and model.rowCount(index) > 0:
        index = model.index(0, 0, index)
        followup.tree.setCurrentIndex(index)
    item = followup.selected_item()
    assert item is not None
    assert item.session_id == info.id
    qtbot.mouseClick(followup.open_button, Qt.MouseButton.LeftButton)

    review = window.lookback.review
    assert review is not None
    assert window.stack.currentWidget() is review
    assert review.session_id == info.id
    panel = review.followup_panel
    assert panel is not None
    assert review.tabs.isAncestorOf(panel)
    assert panel.follow_up is not None
    assert panel.follow_up.items

    _key(qtbot, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert window.stack.currentWidget() is followup


def test_the_exports_are_offered_on_the_history_the_review_and_the_menu(
    qtbot: QtBot, store: Store
) -> None:
    info = create_demo(store)
    window = _window(qtbot, store)
    history = window.show_history()
    assert history is not None
    assert history.export_button.isVisible()
    assert [a.text() for a in history.export_button.menu().actions()] == [
        "Agreement items as CSV…",
        "Program statistics…",
    ]
    review = window.show_review(info.id)
    assert review is not None
    assert review.report_button.isVisible()
    menus = [a.text() for a in window.menuBar().actions()]
    assert "&Go" in menus
    assert "&Export" in menus
    assert review.followup_panel is not None
    # A session not held yet has nothing to follow up: no such tab.
    planned, _people = plan_session(store)
    window.show_review(planned)
    assert review.followup_panel is None
    assert [review.tabs.tabText(i) for i in range(review.tabs.count())] == [
        "Timeline",
        "Notes",
        "Speaking time",
        "Agreement versions",
    ]
