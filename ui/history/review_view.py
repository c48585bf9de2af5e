"""A past session, read-only: its timeline, notes, speaking time and agreement versions.

Everything shown comes from folding the stored log with the engine (:mod:`ui.history.timeline`)
and from the store's agreement versions; nothing on those tabs writes. The follow-up tab of an
ended session is the agreement's follow-up panel (:mod:`ui.followup.agreement_panel`), where
progress on the agreed items is recorded.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QSize, Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QTableView,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from facilitator.agreements.model import Agreement
from facilitator.domain.case import Participant
from facilitator.domain.session import SessionInfo, SessionStatus
from facilitator.engine.clock import Clock, SystemClock
from facilitator.engine.errors import EngineError
from facilitator.engine.state import SessionState
from facilitator.engine.stats import speaking_stats
from facilitator.storage.errors import StoreError
from facilitator.storage.store import Store
from ui.followup.agreement_panel import AgreementFollowUpPanel
from ui.history.labels import agreement_status_label, date_label
from ui.history.review_notes_model import ReviewNotesModel
from ui.history.speaking_chart import SpeakerBar, SpeakingChart
from ui.history.timeline import EntryKind, Review, TimelineEntry, build_review
from ui.live.look import clock_text


class SessionReviewView(QWidget):
    """The review page; :meth:`show_session` fills it.

    Args:
        store: The open store.
        parent: Qt owner.
        clock: Where the follow-up tab gets today's date (the system clock by default).
        facilitator_name: Default for "recorded by" when progress is recorded.
    """

    open_agreement_requested = Signal(str)
    """The session whose agreement to open (its id)."""
    notes_report_requested = Signal(str)
    """The session whose notes report to export (offered once :meth:`enable_notes_report`)."""
    back_requested = Signal()
    followup_changed = Signal()
    """Progress, a review date or the case's outcome was stored from the follow-up tab."""

    def __init__(
        self,
        store: Store,
        parent: QWidget | None = None,
        *,
        clock: Clock | None = None,
        facilitator_name: str = "",
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._clock = clock or SystemClock()
        self._facilitator_name = facilitator_name
        self._session_id = ""
        self.followup_panel: AgreementFollowUpPanel | None = None
        self._followup_tab: QWidget | None = None

        self.title_label = _heading()
        self.summary_label = QLabel()
        self.summary_label.setWordWrap(True)
        self.message_label = QLabel()
        self.message_label.setWordWrap(True)
        self.message_label.hide()

        self.back_button = QPushButton(self.tr("Back"))
        self.back_button.setToolTip(self.tr("Back to the list (Alt+Left)"))
        self.report_button = QPushButton(self.tr("Notes report…"))
        self.report_button.hide()
        self.agreement_button = QPushButton(self.tr("Agreement…"))

        self.timeline = self._build_timeline()
        self.notes_model = ReviewNotesModel(self)
        self.notes_view = self._build_notes()
        self.chart = SpeakingChart()
        self.versions = self._build_versions()
        self.tabs = QTabWidget()
        self.tabs.addTab(self.timeline, self.tr("Timeline"))
        self.tabs.addTab(self.notes_view, self.tr("Notes"))
        self.tabs.addTab(self._scrolling(self.chart), self.tr("Speaking time"))
        self.tabs.addTab(self.versions, self.tr("Agreement versions"))

        top = QHBoxLayout()
        top.setSpacing(8)
        top.addWidget(self.title_label, 1)
        top.addWidget(self.report_button)
        top.addWidget(self.agreement_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 24, 24, 24)
        layout.setSpacing(12)
        layout.addLayout(top)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.message_label)
        layout.addWidget(self.tabs, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.back_button)
        bottom.addStretch(1)
        layout.addLayout(bottom)

        self.back_button.clicked.connect(self.back_requested)
        self.agreement_button.clicked.connect(self._on_agreement_clicked)
        self.report_button.clicked.connect(self._on_report_clicked)

    # ------------------------------------------------------------------ building

    def _build_timeline(self) -> QTreeWidget:
        tree = QTreeWidget()
        tree.setColumnCount(3)
        tree.setHeaderLabels([self.tr("What happened"), self.tr("Time"), self.tr("Length")])
        tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        tree.setUniformRowHeights(True)
        header = tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        return tree

    def _build_notes(self) -> QTableView:
        view = QTableView()
        view.setModel(self.notes_model)
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        view.setWordWrap(False)
        view.verticalHeader().hide()
        header = view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        return view

    def _build_versions(self) -> QTreeWidget:
        tree = QTreeWidget()
        tree.setRootIsDecorated(False)
        tree.setHeaderLabels(
            [self.tr("Version"), self.tr("Status"), self.tr("Written"), self.tr("Locked")]
        )
        tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        tree.header().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        return tree

    @staticmethod
    def _scrolling(widget: QWidget) -> QScrollArea:
        area = QScrollArea()
        area.setWidgetResizable(True)
        area.setWidget(widget)
        area.setAlignment(Qt.AlignmentFlag.AlignTop)
        return area

    # ------------------------------------------------------------------ public

    @property
    def session_id(self) -> str:
        """The session shown ("" before the first)."""
        return self._session_id

    def enable_notes_report(self) -> None:
        """Offer the notes report (the window calls this once the export dialogs exist)."""
        self.report_button.show()

    def show_session(self, session_id: str, note_id: str | None = None) -> None:
        """Show ``session_id``; with ``note_id``, open the notes at that note."""
        self._session_id = session_id
        self.message_label.hide()
        try:
            info = self._store.get_session(session_id)
            case = self._store.get_case(info.case_id)
            events = self._store.events(session_id)
            people = self._store.participants(session_id)
            versions = self._store.agreements.versions(session_id)
            review = build_review(events) if events else None
        except (StoreError, EngineError) as exc:
            self._clear()
            self._show_message(
                str(exc)
                if isinstance(exc, StoreError)
                else self.tr("This session's record cannot be read.")
            )
            return
        self.title_label.setText(
            self.tr("{case} · {process}").format(case=case.reference, process=info.template.name)
        )
        self.summary_label.setText(self._summary(info, review, people))
        self.agreement_button.setEnabled(info.status is SessionStatus.ENDED)
        self._fill_timeline(review)
        self._fill_notes(review, people, info)
        self._fill_chart(review)
        self._fill_versions(versions)
        self._fill_followup(session_id, ended=info.status is SessionStatus.ENDED)
        # A note no longer there (struck notes stay; an erased one does not) opens the timeline.
        if note_id is None or not self.select_note(note_id):
            self.tabs.setCurrentWidget(self.timeline)

    def select_note(self, note_id: str) -> bool:
        """Open the notes tab at ``note_id``; whether the note is in this session."""
        row = self.notes_model.row_of(note_id)
        if row is None:
            return False
        self.tabs.setCurrentWidget(self.notes_view)
        self.notes_view.selectRow(row)
        self.notes_view.scrollTo(
            self.notes_model.index(row, 0), QAbstractItemView.ScrollHint.PositionAtCenter
        )
        self.notes_view.setFocus()
        return True

    # ------------------------------------------------------------------ filling

    def _summary(self, info: SessionInfo, review: Review | None, people: list[Participant]) -> str:
        status = {
            SessionStatus.PLANNED: self.tr("Planned, not held yet"),
            SessionStatus.RUNNING: self.tr("Unfinished"),
            SessionStatus.ENDED: self.tr("Ended"),
        }[info.status]
        parts = [
            date_label(info.started_at or info.created_at),
            status,
            self.tr("%n people", "", len(review.state.participants) if review else len(people)),
        ]
        if review is not None:
            parts.append(
                self.tr("{time} of session time").format(
                    time=clock_text(review.state.timers(review.state.last_t).session.elapsed)
                )
            )
        parts.append(self.tr("read-only"))
        return "  ·  ".join(p for p in parts if p)

    def _fill_timeline(self, review: Review | None) -> None:
        self.timeline.clear()
        if review is None:
            return
        bold = QFont(self.timeline.font())
        bold.setBold(True)
        # Some air between the lines: the timeline is read from arm's length.
        row = QSize(0, self.timeline.fontMetrics().height() + 8)

        def add(parent: QTreeWidget | QTreeWidgetItem, entry: TimelineEntry) -> None:
            item = QTreeWidgetItem([entry.text, clock_text(entry.t), entry.detail])
            item.setToolTip(0, entry.text)
            item.setSizeHint(0, row)
            if entry.kind in (EntryKind.PHASE, EntryKind.ROUND, EntryKind.SESSION):
                for column in range(3):
                    item.setFont(column, bold)
            for column in (1, 2):
                item.setTextAlignment(
                    column, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                )
            if isinstance(parent, QTreeWidget):
                parent.addTopLevelItem(item)
            else:
                parent.addChild(item)
            for child in entry.children:
                add(item, child)

        for entry in review.entries:
            add(self.timeline, entry)
        self.timeline.expandAll()

    def _fill_notes(
        self, review: Review | None, people: list[Participant], info: SessionInfo
    ) -> None:
        if review is None:
            self.notes_model.set_notes([], {}, [])
            return
        state = review.state
        names = {pid: p.display_name for pid, p in state.participants.items()}
        names.update((p.id, p.display_name) for p in people if p.id not in names)
        phases = [phase.title for phase in state.template.phases]
        self.notes_model.set_notes(list(state.notes.values()), names, phases)

    def _fill_chart(self, review: Review | None) -> None:
        if review is None:
            self.chart.set_bars([])
            return
        self.chart.set_bars(speaker_bars(review.state))

    def _fill_versions(self, versions: list[Agreement]) -> None:
        self.versions.clear()
        for agreement in versions:
            item = QTreeWidgetItem(
                [
                    str(agreement.version),
                    agreement_status_label(agreement.status),
                    date_label(agreement.created_at),
                    date_label(agreement.locked_at),
                ]
            )
            self.versions.addTopLevelItem(item)
        if not versions:
            self.versions.addTopLevelItem(
                QTreeWidgetItem(["", agreement_status_label(None), "", ""])
            )

    def _fill_followup(self, session_id: str, *, ended: bool) -> None:
        if self._followup_tab is not None:
            self.tabs.removeTab(self.tabs.indexOf(self._followup_tab))
            self._followup_tab.deleteLater()
            self._followup_tab = self.followup_panel = None
        if not ended:
            return
        panel = AgreementFollowUpPanel(self._store, self._clock, session_id, self._facilitator_name)
        panel.changed.connect(self.followup_changed)
        tab = QWidget()
        inside = QVBoxLayout(tab)
        inside.setContentsMargins(12, 12, 12, 12)
        inside.addWidget(panel)
        self.followup_panel, self._followup_tab = panel, tab
        self.tabs.addTab(tab, self.tr("Follow-up"))

    def _clear(self) -> None:
        self.title_label.setText(self.tr("Session"))
        self.summary_label.clear()
        self.agreement_button.setEnabled(False)
        self._fill_timeline(None)
        self.notes_model.set_notes([], {}, [])
        self.chart.set_bars([])
        self.versions.clear()
        self._fill_followup("", ended=False)

    def _show_message(self, message: str) -> None:
        self.message_label.setText(message)
        self.message_label.show()

    # ------------------------------------------------------------------ slots

    def _on_agreement_clicked(self) -> None:
        if self._session_id:
            self.open_agreement_requested.emit(self._session_id)

    def _on_report_clicked(self) -> None:
        if self._session_id:
            self.notes_report_requested.emit(self._session_id)

    def current_note(self) -> str | None:
        """The id of the selected note, if any."""
        rows = self.notes_view.selectionModel().selectedRows()
        index: QModelIndex | None = rows[0] if rows else None
        return None if index is None else self.notes_model.note_at(index.row()).id


def _heading() -> QLabel:
    label = QLabel()
    font = label.font()
    font.setPointSizeF(font.pointSizeF() * 1.5)
    font.setBold(True)
    label.setFont(font)
    return label


def speaker_bars(state: SessionState) -> list[SpeakerBar]:
    """The chart's rows: everyone who takes turns or held the piece, in seat order.

    The figures are the engine's own (:func:`facilitator.engine.stats.speaking_stats`).
    """
    stats = speaking_stats(state)
    seated = state.seat_order()
    others = [pid for pid in state.participants if pid not in seated]
    bars = []
    for pid in [*seated, *others]:
        p = state.participant(pid)
        figures = stats[pid]
        if not p.takes_turns and figures.turns + figures.passes == 0:
            continue
        bars.append(
            SpeakerBar(
                participant_id=pid,
                name=p.display_name,
                role=p.role,
                side=p.side,
                total_seconds=figures.total_seconds,
                turns=figures.turns,
                passes=figures.passes,
            )
        )
    return bars
