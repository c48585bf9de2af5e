"""The search screen: a query field, the results as they are typed, and opening one.

Search runs on the GUI thread: the store answers the top results over 200,000 notes in a few
milliseconds (``make bench``), and the query waits for a short pause in typing, so a worker
thread would only add latency. Every failure becomes a message under the field, never a dialog
or a traceback, and the typed text stays as it is.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QLineEdit,
    QListView,
    QVBoxLayout,
    QWidget,
)

from facilitator.storage.errors import StoreError
from facilitator.storage.search import SearchError, SearchHit, SearchKind
from facilitator.storage.store import Store
from ui.search.hit_delegate import HitDelegate
from ui.search.results_model import SearchResultsModel


class SearchView(QWidget):
    """Finds notes, names, case references and agreement items as the facilitator types.

    Args:
        store: The open store.
        parent: Qt owner.
    """

    open_note_requested = Signal(str, str)
    """A result was opened: (session id, note id); the note id is "" for a hit that is not a
    note (a person, a case reference, an agreement item): open the session itself."""

    #: How long typing must pause before the search runs, in milliseconds.
    DEBOUNCE_MS = 250
    #: How many results are shown at most.
    LIMIT = 50

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self._searched = ""

        self.query_edit = QLineEdit()
        self.query_edit.setPlaceholderText(
            self.tr("Search notes, names, case references and agreement items")
        )
        self.query_edit.setClearButtonEnabled(True)
        self.query_edit.setAccessibleName(self.tr("Search"))
        font = self.query_edit.font()
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.query_edit.setFont(font)

        self.message_label = QLabel()
        self.message_label.setWordWrap(True)
        self.message_label.setTextFormat(Qt.TextFormat.PlainText)

        self.model = SearchResultsModel(self)
        self.results_view = QListView()
        self.results_view.setModel(self.model)
        self.results_view.setItemDelegate(HitDelegate(self.results_view))
        self.results_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.results_view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.results_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.results_view.setAccessibleName(self.tr("Search results"))
        # Rows are as tall as their wrapped snippet; a resize changes where lines wrap.
        self.results_view.setResizeMode(QListView.ResizeMode.Adjust)
        self.results_view.setSpacing(2)
        self.results_view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(self.DEBOUNCE_MS)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 16)
        layout.setSpacing(8)
        layout.addWidget(self.query_edit)
        layout.addWidget(self.message_label)
        layout.addWidget(self.results_view, 1)

        self.query_edit.textChanged.connect(self._on_query_text_changed)
        self.query_edit.returnPressed.connect(self._on_query_return_pressed)
        self.query_edit.installEventFilter(self)
        self._debounce.timeout.connect(self.run_search)
        self.results_view.activated.connect(self._on_results_activated)
        self._show_hint()

    # ------------------------------------------------------------------------- public

    def focus_query(self) -> None:
        """Put the cursor in the query field with its text selected (for Ctrl+F)."""
        self.query_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.query_edit.selectAll()

    def set_query(self, text: str) -> None:
        """Type ``text`` into the field and search for it at once."""
        self.query_edit.setText(text)
        self.run_search()

    def run_search(self) -> None:
        """Search for what the field holds now (the debounce timer calls this)."""
        self._debounce.stop()
        query = self.query_edit.text()
        self._searched = query
        if not query.strip():
            self.model.set_hits([])
            self._show_hint()
            return
        try:
            hits = self._store.search(query, limit=self.LIMIT)
        except SearchError as exc:
            # Only punctuation or operators: the message says what to type instead.
            self.model.set_hits([])
            self.message_label.setText(str(exc))
            return
        except StoreError as exc:
            self.model.set_hits([])
            self.message_label.setText(
                self.tr("Search is not available: %1").replace("%1", str(exc))
            )
            return
        self.model.set_hits(hits)
        self.message_label.setText(self._count_text(len(hits)))

    def current_hit(self) -> SearchHit | None:
        """The selected result, if any."""
        index = self.results_view.currentIndex()
        return self.model.hit(index.row()) if index.isValid() else None

    def open_hit(self, hit: SearchHit) -> None:
        """Ask to open what ``hit`` points at (see :attr:`open_note_requested`)."""
        if hit.kind is SearchKind.NOTE and hit.session_id:
            self.open_note_requested.emit(hit.session_id, hit.ref_id)
            return
        session_id = hit.session_id or self._newest_session_of(hit.case_id)
        if session_id is None:
            self.message_label.setText(self.tr("This case has no session yet."))
            return
        self.open_note_requested.emit(session_id, "")

    # ------------------------------------------------------------------------- events

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        """Down in the query field moves to the results."""
        if (
            watched is self.query_edit
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Down
            and self.model.rowCount() > 0
        ):
            self._focus_results()
            return True
        return super().eventFilter(watched, event)

    def _on_query_text_changed(self, _text: str) -> None:
        self._debounce.start()

    def _on_query_return_pressed(self) -> None:
        if self._debounce.isActive() or self.query_edit.text() != self._searched:
            self.run_search()
        if self.model.rowCount() > 0:
            self._focus_results()

    def _on_results_activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.open_hit(self.model.hit(index.row()))

    # ------------------------------------------------------------------------- helpers

    def _focus_results(self) -> None:
        self.results_view.setFocus(Qt.FocusReason.OtherFocusReason)
        if not self.results_view.currentIndex().isValid():
            self.results_view.setCurrentIndex(self.model.index(0, 0))

    def _show_hint(self) -> None:
        self.message_label.setText(
            self.tr(
                "Type words to find. Every word must match; accents and capitals do not "
                "matter, and the last word may be just its beginning."
            )
        )

    def _count_text(self, count: int) -> str:
        if count == 0:
            return self.tr(
                "Nothing found. Every word must appear in the same note, name, reference or "
                "item: try fewer words or another spelling."
            )
        if count >= self.LIMIT:
            best = self.tr("The best %1 results; add words to narrow them down.")
            return best.replace("%1", str(count))
        if count == 1:
            return self.tr("1 result. Enter or double-click opens it.")
        return self.tr("%1 results. Enter or double-click opens one.").replace("%1", str(count))

    def _newest_session_of(self, case_id: str | None) -> str | None:
        if case_id is None:
            return None
        try:
            sessions = self._store.list_sessions()
        except StoreError:
            return None
        return next((s.id for s in sessions if s.case_id == case_id), None)
