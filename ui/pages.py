"""The pages for looking back: history, review, search and follow-up, and the exports.

Each builder imports its page when first called (the pages pull in the item models, the
follow-up and export code, and SQLAlchemy's query machinery, none of which the first paint
needs). The main window calls these and wires the pages' signals to each other.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QStackedWidget, QWidget

if TYPE_CHECKING:
    from facilitator.engine.clock import Clock
    from facilitator.storage.history_types import HistorySource
    from facilitator.storage.store import Store
    from ui.followup.followup_view import FollowUpView
    from ui.history.history_view import HistoryView
    from ui.history.review_view import SessionReviewView
    from ui.search.search_view import SearchView
    from ui.tasks import TaskRunner


def show_page(stack: QStackedWidget, page: QWidget) -> None:
    """Put ``page`` on ``stack`` (if it is not there yet) and show it."""
    if stack.indexOf(page) < 0:
        stack.addWidget(page)
    stack.setCurrentWidget(page)


def drop_page(stack: QStackedWidget, page: QWidget | None) -> None:
    """Take ``page`` off ``stack`` and delete it (nothing for ``None``)."""
    if page is not None:
        stack.removeWidget(page)
        page.deleteLater()


def build_history(history: HistorySource, *, opening: bool = False) -> HistoryView:
    """The history page, with the exports offered on it.

    Args:
        history: ``store.history``, or the early reader while the store opens.
        opening: The store is still opening (sorting, filtering and exports wait for it).
    """
    from ui.history.history_view import HistoryView  # noqa: PLC0415 - see the module doc

    page = HistoryView(history, opening=opening)
    page.enable_exports()
    return page


def build_review(store: Store, clock: Clock, facilitator_name: str) -> SessionReviewView:
    """The review page, with the notes report offered on it."""
    from ui.history.review_view import SessionReviewView  # noqa: PLC0415 - see the module doc

    page = SessionReviewView(store, clock=clock, facilitator_name=facilitator_name)
    page.enable_notes_report()
    return page


def build_search(store: Store) -> SearchView:
    """The search page."""
    from ui.search.search_view import SearchView  # noqa: PLC0415 - see the module doc

    return SearchView(store)


def build_followup(store: Store, clock: Clock, facilitator_name: str) -> FollowUpView:
    """The follow-up overview."""
    from ui.followup.followup_view import FollowUpView  # noqa: PLC0415 - see the module doc

    return FollowUpView(store, clock, facilitator_name)


def export_notes(parent: QWidget, store: Store, tasks: TaskRunner, session_id: str) -> None:
    """Ask how, then write the notes report of ``session_id`` (PDF)."""
    from ui.exports.dialogs import export_notes_pdf  # noqa: PLC0415 - see the module doc

    export_notes_pdf(parent, store, session_id, tasks=tasks)


def export_items(parent: QWidget, store: Store, tasks: TaskRunner) -> None:
    """Ask where, then write every signed agreement's items (CSV)."""
    from ui.exports.dialogs import export_items_csv  # noqa: PLC0415 - see the module doc

    export_items_csv(parent, store, tasks=tasks)


def export_statistics(parent: QWidget, store: Store, tasks: TaskRunner) -> None:
    """Ask for the period and format, then write the program statistics."""
    from ui.exports.dialogs import export_statistics as export  # noqa: PLC0415 - see module doc

    export(parent, store, tasks=tasks)
