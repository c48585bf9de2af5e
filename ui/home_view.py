"""The first screen: the sessions in the store, and what can be done with them."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

if TYPE_CHECKING:
    from facilitator.domain.session import SessionSummary
    from ui.models.sessions_model import SessionsModel


class HomeView(QWidget):
    """Lists sessions; offers to resume an unfinished one, to set up a new one, or the demo."""

    new_session_requested = Signal()
    continue_requested = Signal(str)
    """A planned session to finish setting up, or an unfinished one to resume (its id)."""
    demo_requested = Signal()
    agreement_requested = Signal(str)
    """An ended session whose agreement to write, sign or see (its id)."""
    history_requested = Signal()
    search_requested = Signal()
    followup_requested = Signal()
    restore_requested = Signal()
    """The store did not open; the facilitator wants to restore one of its backups."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # The table and its model are built when the first sessions arrive: the item-model
        # machinery costs tens of milliseconds to load, and the first paint should not wait.
        self._model: SessionsModel | None = None
        self._view: QTableView | None = None
        self._ready = False  # The store is open (the list can show sooner; see set_sessions).

        self.resume_label = QLabel()
        self.resume_button = QPushButton(self.tr("Resume where it stopped"))
        self.resume_banner = self._build_banner()
        self._resume_id = ""

        self._empty_text = self.tr(
            "No sessions yet. Set up a new session, or create the demo case to see how a "
            "conference is recorded."
        )
        self.empty_label = QLabel(self._empty_text)
        self.empty_label.setWordWrap(True)
        self.more_label = QLabel(
            self.tr("Only the newest sessions are listed here; the history (Ctrl+H) has all.")
        )
        self.more_label.hide()
        self.new_button = QPushButton(self.tr("New session…"))
        self.new_button.setDefault(True)
        self.continue_button = QPushButton(self.tr("Continue"))
        self.continue_button.setEnabled(False)
        self.demo_button = QPushButton(self.tr("Create demo case"))
        self.agreement_button = QPushButton(self.tr("Agreement…"))
        self.agreement_button.setToolTip(self.tr("Write the agreement of an ended session"))
        self.agreement_button.setEnabled(False)
        self.restore_button = self._build_restore_button()
        #: Why the store did not open (empty while it is open or opening).
        self.failure_message = ""

        pages = self._build_heading()

        buttons = QHBoxLayout()
        buttons.setSpacing(8)
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.continue_button)
        buttons.addWidget(self.agreement_button)
        buttons.addStretch(1)
        buttons.addWidget(self.restore_button)
        buttons.addWidget(self.demo_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 24, 24, 24)
        layout.setSpacing(12)
        layout.addLayout(pages)
        layout.addWidget(self.resume_banner)
        layout.addWidget(self.empty_label)
        self._table_slot = QVBoxLayout()
        self._table_slot.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self._table_slot, 1)
        layout.addWidget(self.more_label)
        layout.addLayout(buttons)
        self._connect()

    def _connect(self) -> None:
        self.new_button.clicked.connect(self.new_session_requested)
        self.demo_button.clicked.connect(self.demo_requested)
        self.continue_button.clicked.connect(self._on_continue_clicked)
        self.agreement_button.clicked.connect(self._on_agreement_clicked)
        self.resume_button.clicked.connect(self._on_resume_clicked)
        self.history_button.clicked.connect(self.history_requested)
        self.search_button.clicked.connect(self.search_requested)
        self.followup_button.clicked.connect(self.followup_requested)

    def _build_heading(self) -> QHBoxLayout:
        heading = QLabel(self.tr("Sessions"))
        font = heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        heading.setFont(font)
        # The other pages: the window shows the buttons of those it offers.
        self.history_button = QPushButton(self.tr("History"))
        self.history_button.setToolTip(self.tr("Every past session: filter, sort, review (Ctrl+H)"))
        self.search_button = QPushButton(self.tr("Search"))
        self.search_button.setToolTip(self.tr("Search notes, names and agreements (Ctrl+F)"))
        self.followup_button = QPushButton(self.tr("Follow-up"))
        self.followup_button.setToolTip(self.tr("Agreement items due and overdue (Ctrl+U)"))
        pages = QHBoxLayout()
        pages.setSpacing(8)
        pages.addWidget(heading, 1)
        for button in (self.history_button, self.search_button, self.followup_button):
            button.hide()
            button.setEnabled(False)
            pages.addWidget(button)
        return pages

    def _build_restore_button(self) -> QPushButton:
        # Shown only when the store could not be opened.
        button = QPushButton(self.tr("Restore a backup…"))
        button.hide()
        button.clicked.connect(self.restore_requested)
        return button

    def _build_banner(self) -> QFrame:
        banner = QFrame()
        banner.setFrameShape(QFrame.Shape.StyledPanel)
        self.resume_label.setWordWrap(True)
        layout = QHBoxLayout(banner)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addWidget(self.resume_label, 1)
        layout.addWidget(self.resume_button)
        banner.hide()
        return banner

    @property
    def sessions_view(self) -> QTableView:
        """The session table (built on first use, with its model)."""
        if self._view is None:
            from ui.models.sessions_model import SessionsModel  # noqa: PLC0415 - see __init__

            view = QTableView()
            view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
            view.setSelectionMode(QTableView.SelectionMode.SingleSelection)
            view.verticalHeader().hide()
            header = view.horizontalHeader()
            # Fitted once per list by _fit_columns: resizing to contents would ask every cell
            # for every role on each change, the bulk of the home list's first showing.
            header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
            header.setStretchLastSection(True)
            self._model = SessionsModel(parent=self)
            view.setModel(self._model)
            view.selectionModel().selectionChanged.connect(self._update_buttons)
            view.doubleClicked.connect(self._on_view_double_clicked)
            self._table_slot.addWidget(view)
            self._view = view
        return self._view

    @property
    def sessions_model(self) -> SessionsModel:
        """The model behind the session table (built on first use)."""
        if self._model is None:
            self.sessions_view  # noqa: B018 - builds the view and its model
        assert self._model is not None
        return self._model

    def set_opening(self) -> None:
        """While the store opens: say so, and offer nothing that needs it yet."""
        self._ready = False
        self.empty_label.setText(self.tr("Opening the store…"))
        self.empty_label.show()
        self.restore_button.hide()
        for button in (self.new_button, self.continue_button, self.demo_button, *self._pages()):
            button.setEnabled(False)

    def set_open_failed(self, message: str) -> None:
        """The store could not be opened: say why; nothing here works without it."""
        self.empty_label.setText(
            self.tr("The store could not be opened. Nothing was changed.\n\n{reason}").format(
                reason=message
            )
        )
        from PySide6.QtCore import Qt  # noqa: PLC0415 - the Qt namespace is slow to load at start
        from PySide6.QtWidgets import QSizePolicy  # noqa: PLC0415

        # The table is hidden: let the message take its place, read from the top.
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.empty_label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)
        self.empty_label.show()
        self.failure_message = message
        self.restore_button.show()
        self._ready = False
        self.resume_banner.hide()
        self.more_label.hide()
        for button in (self.new_button, self.continue_button, self.demo_button, *self._pages()):
            button.setEnabled(False)
        if self._model is not None:
            # Rows read early from a store that then failed to open are not left behind.
            self._model.set_sessions([])
        if self._view is not None:
            self._view.hide()

    def set_sessions(
        self,
        sessions: Sequence[SessionSummary],
        *,
        more_in_history: bool = False,
        ready: bool = True,
    ) -> None:
        """Show ``sessions``; offer to resume the newest unfinished one.

        Args:
            sessions: The sessions to list, newest first.
            more_in_history: Older sessions are left out (the history lists them): say so.
            ready: The store is open. ``False`` while the list was read early and the store is
                still opening: the list shows, and only the history is offered until then.
        """
        from facilitator.domain.session import SessionStatus  # noqa: PLC0415 - off first paint

        self._ready = ready
        self.sessions_model.set_sessions(sessions)
        self._fit_columns()
        self.sessions_view.show()
        self.more_label.setVisible(more_in_history)
        self.empty_label.setText(self._empty_text if ready else self.tr("Opening the store…"))
        self.empty_label.setVisible(not sessions or not ready)
        self.restore_button.hide()
        self.failure_message = ""
        self.new_button.setEnabled(ready)
        self.demo_button.setEnabled(ready)
        self.history_button.setEnabled(True)
        self.search_button.setEnabled(ready)
        self.followup_button.setEnabled(ready)
        unfinished = [s for s in sessions if s.status is SessionStatus.RUNNING] if ready else []
        if unfinished:
            newest = unfinished[0]
            when = (
                newest.started_at.astimezone().strftime("%d %b %H:%M") if newest.started_at else ""
            )
            self._resume_id = newest.id
            self.resume_label.setText(
                self.tr(
                    "A session started {when} was not finished. It can be resumed exactly where "
                    "it stopped: nothing that was saved is lost."
                ).format(when=when)
            )
        self.resume_banner.setVisible(bool(unfinished))
        self._update_buttons()

    def _fit_columns(self) -> None:
        """Each column but the last as wide as its widest text (the last takes the rest)."""
        from PySide6.QtCore import Qt  # noqa: PLC0415 - see set_open_failed

        view, model = self.sessions_view, self.sessions_model
        metrics = view.fontMetrics()
        for column in range(model.columnCount() - 1):
            texts = [str(model.headerData(column, Qt.Orientation.Horizontal) or "")]
            texts += [str(model.index(row, column).data() or "") for row in range(model.rowCount())]
            view.setColumnWidth(column, max(metrics.horizontalAdvance(t) for t in texts) + 16)

    def _pages(self) -> tuple[QPushButton, ...]:
        return (self.history_button, self.search_button, self.followup_button)

    def _selected(self) -> SessionSummary | None:
        if self._model is None or self._view is None:
            return None
        rows = self.sessions_view.selectionModel().selectedRows()
        return self.sessions_model.session_at(rows[0].row()) if rows else None

    def _update_buttons(self) -> None:
        from facilitator.domain.session import SessionStatus  # noqa: PLC0415

        selected = self._selected() if self._ready else None
        self.continue_button.setEnabled(
            selected is not None and selected.status is not SessionStatus.ENDED
        )
        self.agreement_button.setEnabled(
            selected is not None and selected.status is SessionStatus.ENDED
        )
        if selected is not None and selected.status is SessionStatus.PLANNED:
            self.continue_button.setText(self.tr("Continue setting up"))
        else:
            self.continue_button.setText(self.tr("Resume"))

    def _on_continue_clicked(self) -> None:
        from facilitator.domain.session import SessionStatus  # noqa: PLC0415

        selected = self._selected()
        if selected is not None and selected.status is not SessionStatus.ENDED:
            self.continue_requested.emit(selected.id)

    def _on_agreement_clicked(self) -> None:
        from facilitator.domain.session import SessionStatus  # noqa: PLC0415

        selected = self._selected()
        if selected is not None and selected.status is SessionStatus.ENDED:
            self.agreement_requested.emit(selected.id)

    def _on_resume_clicked(self) -> None:
        if self._resume_id:
            self.continue_requested.emit(self._resume_id)

    def _on_view_double_clicked(self, index: QModelIndex) -> None:
        from facilitator.domain.session import SessionStatus  # noqa: PLC0415

        if not self._ready:
            return
        session = self.sessions_model.session_at(index.row())
        if session.status is not SessionStatus.ENDED:
            self.continue_requested.emit(session.id)
        else:
            self.agreement_requested.emit(session.id)
