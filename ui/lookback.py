"""The pages for looking back, on the main window's stack: history, review, search, follow-up.

:class:`LookBack` builds each page when first shown (:mod:`ui.pages`), wires the pages to each
other, and adds the Go and Export menus once the store is open. It never leaves a live session
or a setup: those pages are not "browsing", and the shortcuts do nothing there.

While the store opens, the history can already show the sessions read early
(:mod:`facilitator.storage.early_history`); :meth:`LookBack.attach` hands it over to the store.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QMainWindow, QStackedWidget, QWidget

from ui import pages

if TYPE_CHECKING:
    from facilitator.engine.clock import Clock
    from facilitator.storage.early_history import EarlyHistory
    from facilitator.storage.store import Store
    from ui.followup.followup_view import FollowUpView
    from ui.history.history_view import HistoryView
    from ui.history.review_view import SessionReviewView
    from ui.home_view import HomeView
    from ui.search.search_view import SearchView
    from ui.tasks import TaskRunner


class LookBack(QObject):
    """The looking-back pages of one main window.

    Args:
        window: The main window (the menus go on its menu bar; dialogs are its children).
        stack: The window's page stack.
        home: The home page (browsing starts there, and "back" ends there).
        clock: Where the follow-up and the review get "today".
        tasks: Runs the exports off the GUI thread.
        facilitator_name: Default for "recorded by" in follow-up entries.
    """

    #: Back to the home page, asked for from a page.
    home_requested = Signal()
    #: An ended session's agreement to open (its id), asked for from the review.
    agreement_requested = Signal(str)

    def __init__(
        self,
        window: QMainWindow,
        stack: QStackedWidget,
        home: HomeView,
        *,
        clock: Clock,
        tasks: TaskRunner,
        facilitator_name: str,
    ) -> None:
        super().__init__(window)
        self._window = window
        self._stack = stack
        self._home = home
        self._clock = clock
        self._tasks = tasks
        self._facilitator_name = facilitator_name
        self._store: Store | None = None
        self._early: EarlyHistory | None = None
        self.history: HistoryView | None = None
        self.review: SessionReviewView | None = None
        self.search: SearchView | None = None
        self.followup: FollowUpView | None = None
        #: The page the review goes back to.
        self._review_return: QWidget | None = None
        self._menus_built = False

    # ------------------------------------------------------------------ the store

    def show_early(self, early: EarlyHistory) -> None:
        """Offer the history now, listing the sessions read early (the store is still opening)."""
        self._early = early
        self._show_page_buttons()

    def attach(self, store: Store) -> None:
        """The store is open: read from it from now on, and add the Go and Export menus."""
        self._store = store
        self._early = None
        if self.history is not None and self.history.opening:
            self.history.use_source(store.history)
        self._build_menus()

    def forget_early(self) -> None:
        """The store did not open after all: take the early list off the screen."""
        self._early = None
        if self.history is not None and self.history.opening:
            self._stack.setCurrentWidget(self._home)
            pages.drop_page(self._stack, self.history)
            self.history = None

    # ------------------------------------------------------------------ the pages

    def browsing(self) -> bool:
        """Whether the page shown may be left by a shortcut (never a live session or a setup)."""
        current = self._stack.currentWidget()
        return current is self._home or current in self._pages()

    def show_history(self) -> HistoryView | None:
        """Show the history of sessions (read again from the store, or early while it opens)."""
        source = self._store.history if self._store is not None else self._early
        if source is None or not self.browsing():
            return None
        if self.history is None:
            self.history = pages.build_history(source, opening=self._store is None)
            self.history.open_session_requested.connect(self.show_review)
            self.history.back_requested.connect(self.home_requested)
            self.history.items_export_requested.connect(self._export_items)
            self.history.statistics_export_requested.connect(self._export_statistics)
        else:
            self.history.refresh()
        pages.show_page(self._stack, self.history)
        self.history.setFocus()
        return self.history

    def show_search(self) -> SearchView | None:
        """Show the search page, the cursor in its query field."""
        if self._store is None or not self.browsing():
            return None
        if self.search is None:
            self.search = pages.build_search(self._store)
            self.search.open_note_requested.connect(self._on_search_open_note_requested)
        pages.show_page(self._stack, self.search)
        self.search.focus_query()
        return self.search

    def show_followup(self) -> FollowUpView | None:
        """Show the follow-up overview (read again from the store)."""
        if self._store is None or not self.browsing():
            return None
        if self.followup is None:
            self.followup = pages.build_followup(self._store, self._clock, self._facilitator_name)
            self.followup.open_session_requested.connect(self.show_review)
        else:
            self.followup.refresh()
        pages.show_page(self._stack, self.followup)
        self.followup.setFocus()
        return self.followup

    def show_review(self, session_id: str, note_id: str | None = None) -> SessionReviewView | None:
        """Show the read-only review of ``session_id`` (at ``note_id`` if given)."""
        if self._store is None or not self.browsing():
            return None
        if self.review is None:
            self.review = pages.build_review(self._store, self._clock, self._facilitator_name)
            self.review.back_requested.connect(self.go_back)
            self.review.open_agreement_requested.connect(self.agreement_requested)
            self.review.notes_report_requested.connect(self._export_notes)
            self.review.followup_changed.connect(self._on_review_followup_changed)
        current = self._stack.currentWidget()
        if current is not self.review:
            self._review_return = current
        self.review.show_session(session_id, note_id)
        pages.show_page(self._stack, self.review)
        if note_id is None:
            self.review.tabs.currentWidget().setFocus()
        return self.review

    def go_back(self) -> None:
        """From the review to the page it was opened from; from any other page to home."""
        current = self._stack.currentWidget()
        back_to = self._review_return
        if (
            current is self.review
            and back_to is not None
            and back_to is not self._home
            and self._stack.indexOf(back_to) >= 0
        ):
            # As it was left: the same selection, scrolled to the same place.
            pages.show_page(self._stack, back_to)
            back_to.setFocus()
            return
        if current in self._pages():
            self.home_requested.emit()

    # ------------------------------------------------------------------ internals

    def _pages(self) -> tuple[QWidget | None, ...]:
        return (self.history, self.review, self.search, self.followup)

    def _build_menus(self) -> None:
        if self._menus_built:
            return
        self._menus_built = True
        from ui.actions import NAV_ACTIONS, build_actions  # noqa: PLC0415 - off the first paint

        handlers = {
            "history": self.show_history,
            "search": self.show_search,
            "followup": self.show_followup,
            "back": self.go_back,
        }
        actions = build_actions(self._window, handlers, NAV_ACTIONS)
        menu = self._window.menuBar().addMenu(self.tr("&Go"))
        for action in actions.values():
            menu.addAction(action)
        exports = self._window.menuBar().addMenu(self.tr("&Export"))
        exports.addAction(self.tr("Agreement items as CSV…")).triggered.connect(self._export_items)
        exports.addAction(self.tr("Program statistics…")).triggered.connect(self._export_statistics)
        self._show_page_buttons()

    def _show_page_buttons(self) -> None:
        home = self._home
        for button in (home.history_button, home.search_button, home.followup_button):
            button.show()

    def _on_search_open_note_requested(self, session_id: str, note_id: str) -> None:
        self.show_review(session_id, note_id or None)

    def _on_review_followup_changed(self) -> None:
        # What the lists show (outcomes, due items) may have changed under them.
        for page in (self.history, self.followup):
            if page is not None:
                page.refresh()

    def _export_notes(self, session_id: str) -> None:
        if self._store is not None:
            pages.export_notes(self._window, self._store, self._tasks, session_id)

    def _export_items(self) -> None:
        if self._store is not None:
            pages.export_items(self._window, self._store, self._tasks)

    def _export_statistics(self) -> None:
        if self._store is not None:
            pages.export_statistics(self._window, self._store, self._tasks)
