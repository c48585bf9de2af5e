"""The main window. It builds its children and wires them; the work happens elsewhere."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QHeaderView,
    QLabel,
    QMainWindow,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from facilitator.domain.session import SessionSummary
from ui.models.sessions_model import SessionsModel


class MainWindow(QMainWindow):
    """Lists the sessions in the store (the live-session screens build on this window)."""

    demo_requested = Signal()

    def __init__(self, load_sessions: Callable[[], Sequence[SessionSummary]]) -> None:
        super().__init__()
        self._load_sessions = load_sessions
        self.setWindowTitle(self.tr("Circle Facilitator"))
        self.resize(1100, 700)

        self.sessions_model = SessionsModel()
        self.sessions_view = QTableView()
        self.sessions_view.setModel(self.sessions_model)
        self.sessions_view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.sessions_view.verticalHeader().hide()
        self.sessions_view.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents
        )
        self.sessions_view.horizontalHeader().setStretchLastSection(True)
        self.empty_label = QLabel(
            self.tr("No sessions yet. Create the demo case to see how a conference is recorded.")
        )
        self.empty_label.setWordWrap(True)
        self.demo_button = QPushButton(self.tr("Create demo case"))

        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(24, 24, 24, 24)
        layout.setSpacing(12)
        heading = QLabel(self.tr("Sessions"))
        font = heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        heading.setFont(font)
        layout.addWidget(heading)
        layout.addWidget(self.empty_label)
        layout.addWidget(self.sessions_view, 1)
        layout.addWidget(self.demo_button)
        self.setCentralWidget(central)

        self.demo_button.clicked.connect(self.demo_requested)
        self.refresh()

    def refresh(self) -> None:
        """Reload the session list."""
        sessions = self._load_sessions()
        self.sessions_model.set_sessions(sessions)
        self.empty_label.setVisible(not sessions)
