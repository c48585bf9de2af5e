"""The live-session screen: what the facilitator has open while people talk.

It composes the phase stepper, the circle, the prompt card, the timers, the note field and the
notes list, and turns :data:`ui.actions.LIVE_ACTIONS` into shortcuts and buttons. Everything is
reachable by keyboard and by mouse. Refusals and failed saves show in the status line. During a
break a banner says the timers are paused; during family time the whole session is hidden.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QGuiApplication, QKeySequence, QPalette
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from facilitator.domain.notes import NoteKind
from facilitator.engine.events import BreakKind
from facilitator.engine.timers import TimerStatus
from ui.actions import APP_ACTIONS, LIVE_ACTIONS, build_actions
from ui.live.circle_view import CircleView
from ui.live.confirm import confirm
from ui.live.help_overlay import HelpOverlay
from ui.live.join_flow import JoinFlow
from ui.live.live_parts import FamilyCover, TypingGuard
from ui.live.look import KIND_KEYS, mix, status_colour
from ui.live.note_editor import NoteEditor
from ui.live.notes_list import NotesList
from ui.live.phase_stepper import PhaseStepper
from ui.live.prompt_card import PromptCard
from ui.live.pyside_guard import keep_singletons_alive
from ui.live.timers_panel import TimersPanel
from ui.projector import ProjectorWindow
from ui.session_controller import SessionController

#: Buttons under the circle (the piece), above the prompt (rounds and phases), and in the bottom
#: bar (the session). Every action also has its keys.
_PIECE_BUTTONS = ("next", "pass", "keeper", "offer")
_ROUND_BUTTONS = (
    "round",
    "end_round",
    "prev_phase",
    "next_phase",
    "question_prev",
    "question_next",
)
_SESSION_BUTTONS = ("break", "join", "projector", "help")
#: Short button titles; the menus and the help use the full ones from the action table.
_SHORT_TITLES = {
    "next": "Next",
    "keeper": "Keeper",
    "offer": "Offer again",
    "question_next": "Question ▶",
    "question_prev": "◀ Question",
    "round": "Start round",
    "prev_phase": "◀ Phase",
    "next_phase": "Phase ▶",
    "break": "Break",
    "join": "Joins…",
    "projector": "Projector",
    "help": "Help",
}


class LiveView(QWidget):
    """The facilitator's screen during a session.

    Args:
        controller: The live session.
        parent: Qt parent.
    """

    #: The projector window was shown (``True``) or hidden (``False``).
    projector_toggled = Signal(bool)
    #: The session was ended from this screen.
    session_ended = Signal()

    def __init__(self, controller: SessionController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # This screen repaints its timers several times a second; on the installed PySide6 that
        # would use up the references of None within minutes (see ui.live.pyside_guard).
        keep_singletons_alive()
        self._controller = controller
        self._projector: ProjectorWindow | None = None
        self._was_ended = controller.state.ended

        self.stepper = PhaseStepper(controller)
        self.circle = CircleView(controller)
        self.prompt_card = PromptCard(controller)
        self.timers = TimersPanel(controller)
        self.note_editor = NoteEditor(controller)
        self.notes_list = NotesList(controller)
        self.banner = self._build_banner()
        self.status_label = QLabel()
        self.status_label.setWordWrap(True)
        self.status_label.setTextFormat(Qt.TextFormat.PlainText)
        self.status_label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.end_button = QPushButton(self.tr("End session…"))
        self.end_button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.end_button.clicked.connect(self.request_end)

        self.buttons: dict[str, QToolButton] = {}
        self.actions_by_id = build_actions(self, self._handlers())
        self._label_actions()
        self.note_editor.text_edit.installEventFilter(TypingGuard(LIVE_ACTIONS, self))

        self.family_cover = FamilyCover()
        self.family_cover.end_button.clicked.connect(controller.toggle_break)
        self.stack = QStackedWidget()
        self.stack.addWidget(self._build_body())
        self.stack.addWidget(self.family_cover)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.setSpacing(8)
        layout.addWidget(self.stepper)
        layout.addWidget(self.banner)
        layout.addWidget(self.stack, 1)
        layout.addLayout(self._build_controls())
        self.help_overlay = HelpOverlay(self, (*LIVE_ACTIONS, *APP_ACTIONS))
        self.join_flow: JoinFlow | None = None

        controller.changed.connect(self._on_controller_changed)
        controller.failed.connect(self._on_controller_failed)
        self._on_controller_changed()
        self.circle.setFocus(Qt.FocusReason.OtherFocusReason)

    # ------------------------------------------------------------------ reading

    @property
    def controller(self) -> SessionController:
        """The live session shown."""
        return self._controller

    @property
    def projector_window(self) -> ProjectorWindow | None:
        """The projector window, once opened."""
        return self._projector

    # ------------------------------------------------------------------ acting

    def toggle_projector(self) -> None:
        """Show the projector window (full screen on a second screen, if any), or hide it."""
        if self._projector is not None and self._projector.isVisible():
            self._projector.hide()
            self.actions_by_id["projector"].setChecked(False)
            self.projector_toggled.emit(False)
            return
        if self._projector is None:
            self._projector = ProjectorWindow(self._controller.projector_feed, self)
        if len(QGuiApplication.screens()) > 1:
            self._projector.show_on(ProjectorWindow.preferred_screen(), full_screen=True)
        else:
            # One screen: never cover the facilitator's own window.
            self._projector.show_on(None, full_screen=False)
        self.actions_by_id["projector"].setChecked(True)
        self.projector_toggled.emit(True)

    def request_end(self) -> None:
        """Ask, then end the session."""
        if self._controller.state.ended:
            return
        confirm(
            self,
            self.tr("End the session"),
            self.tr("End the session now? Nothing more can be recorded in it afterwards."),
            self.tr("End session"),
            self._controller.end_session,
        )

    def open_join(self) -> JoinFlow:
        """J: someone arrives late; their details, their consent, then a seat is inserted."""
        self.join_flow = JoinFlow(self, self._controller)
        self.join_flow.start()
        return self.join_flow

    def leave_note_field(self) -> None:
        """Esc: close the help if open, else back to the circle (the draft stays)."""
        if self.help_overlay.isVisible():
            self.help_overlay.hide()
            self.circle.setFocus(Qt.FocusReason.ShortcutFocusReason)
            return
        self.circle.setFocus(Qt.FocusReason.ShortcutFocusReason)

    # ------------------------------------------------------------------ building

    def _handlers(self) -> dict[str, Callable[[], object]]:
        c = self._controller
        handlers: dict[str, Callable[[], object]] = {
            "next": c.next_holder,
            "pass": c.pass_turn,
            "keeper": c.back_to_keeper,
            "offer": c.offer_to_passers,
            "question_next": lambda: c.step_question(1),
            "question_prev": lambda: c.step_question(-1),
            "round": c.start_round,
            "end_round": c.end_round,
            "next_phase": lambda: self._step_phase(1),
            "prev_phase": lambda: self._step_phase(-1),
            "break": c.toggle_break,
            "note": self.note_editor.focus_editor,
            "save_note": self.note_editor.save,
            "visibility": self.note_editor.toggle_visibility,
            "leave_note": self.leave_note_field,
            "projector": self.toggle_projector,
            "help": self.help_overlay_toggle,
            "join": self.open_join,
        }
        for number, kind in enumerate(KIND_KEYS, start=1):
            handlers[f"kind_{number}"] = functools.partial(self._choose_kind, kind)
        return handlers

    def help_overlay_toggle(self) -> None:
        """F1: show or hide the keyboard help."""
        self.help_overlay.toggle()
        if not self.help_overlay.isVisible():
            self.circle.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def _build_banner(self) -> QLabel:
        banner = QLabel()
        banner.setAlignment(Qt.AlignmentFlag.AlignCenter)
        banner.setAutoFillBackground(True)
        banner.setMargin(8)
        font = banner.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.2)
        banner.setFont(font)
        return banner

    def _label_actions(self) -> None:
        """Toggles are checkable; buttons show a short title and the first key."""
        self.actions_by_id["break"].setCheckable(True)
        self.actions_by_id["projector"].setCheckable(True)
        for spec in LIVE_ACTIONS:
            short = _SHORT_TITLES.get(spec.id)
            title = QCoreApplication.translate("LiveView", short) if short else None
            keys = QKeySequence(spec.keys[0]).toString(QKeySequence.SequenceFormat.NativeText)
            action = self.actions_by_id[spec.id]
            action.setIconText(f"{title or action.text()}  {keys}")

    def _build_body(self) -> QWidget:
        left = QWidget()
        left_column = QVBoxLayout(left)
        left_column.setContentsMargins(0, 0, 0, 0)
        left_column.setSpacing(8)
        left_column.addWidget(self.circle, 1)
        left_column.addLayout(self._button_row(_PIECE_BUTTONS))
        right = QWidget()
        column = QVBoxLayout(right)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(8)
        column.addLayout(self._button_row(_ROUND_BUTTONS))
        column.addWidget(self.prompt_card, 3)
        column.addWidget(self.timers)
        notes = QSplitter(Qt.Orientation.Vertical)
        notes.addWidget(self.note_editor)
        notes.addWidget(self.notes_list)
        notes.setChildrenCollapsible(False)
        notes.setStretchFactor(0, 2)
        notes.setStretchFactor(1, 3)
        column.addWidget(notes, 4)
        body = QSplitter(Qt.Orientation.Horizontal)
        body.addWidget(left)
        body.addWidget(right)
        body.setChildrenCollapsible(False)
        body.setStretchFactor(0, 5)
        body.setStretchFactor(1, 6)
        return body

    def _button_row(self, ids: tuple[str, ...]) -> QHBoxLayout:
        row = QHBoxLayout()
        row.setSpacing(4)
        row.addStretch(1)
        for action_id in ids:
            row.addWidget(self._tool_button(action_id))
        row.addStretch(1)
        return row

    def _build_controls(self) -> QHBoxLayout:
        bar = QHBoxLayout()
        bar.setSpacing(4)
        bar.addWidget(self.status_label, 1)
        bar.addSpacing(8)
        for action_id in _SESSION_BUTTONS:
            bar.addWidget(self._tool_button(action_id))
        projector_menu = QMenu(self)
        timer_action = projector_menu.addAction(
            self.tr("Show a gentle round timer on the projector")
        )
        timer_action.setCheckable(True)
        timer_action.toggled.connect(self._controller.set_projector_timer_shown)
        self.projector_timer_action = timer_action
        self.buttons["projector"].setMenu(projector_menu)
        self.buttons["projector"].setPopupMode(QToolButton.ToolButtonPopupMode.MenuButtonPopup)
        bar.addWidget(self.timers.sound_check)
        bar.addSpacing(8)
        bar.addWidget(self.end_button)
        return bar

    def _tool_button(self, action_id: str) -> QToolButton:
        button = QToolButton(self)
        button.setDefaultAction(self.actions_by_id[action_id])
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.buttons[action_id] = button
        return button

    # ------------------------------------------------------------------ reacting

    def _on_controller_changed(self) -> None:
        state = self._controller.state
        on_break = state.on_break
        family = on_break is BreakKind.FAMILY_TIME
        self.stack.setCurrentIndex(1 if family else 0)
        self.actions_by_id["break"].setChecked(on_break is not None)
        if state.ended:
            self._show_banner(self.tr("The session has ended. Nothing more can be recorded."))
        elif on_break is BreakKind.BREAK:
            self._show_banner(self.tr("Break — timers paused. Press B to resume."))
        elif family:
            self._show_banner(self.tr("Family time — the session is hidden and timers are paused."))
        else:
            self.banner.hide()
        if state.ended:
            for spec in LIVE_ACTIONS:
                if spec.id not in ("help", "projector", "leave_note"):
                    self.actions_by_id[spec.id].setEnabled(False)
            self.end_button.setEnabled(False)
            if not self._was_ended:
                self._was_ended = True
                self.session_ended.emit()
        self.status_label.clear()

    def _on_controller_failed(self, message: str) -> None:
        self.status_label.setText(message)
        palette = self.status_label.palette()
        palette.setColor(
            QPalette.ColorRole.WindowText, status_colour(TimerStatus.OVER, self.palette())
        )
        self.status_label.setPalette(palette)

    def _show_banner(self, text: str) -> None:
        self.banner.setText(text)
        palette = self.banner.palette()
        window = self.palette().color(QPalette.ColorRole.Window)
        palette.setColor(
            QPalette.ColorRole.Window,
            mix(window, status_colour(TimerStatus.NEAR, self.palette()), 0.3),
        )
        palette.setColor(
            QPalette.ColorRole.WindowText, self.palette().color(QPalette.ColorRole.WindowText)
        )
        self.banner.setPalette(palette)
        self.banner.show()

    def _step_phase(self, delta: int) -> None:
        state = self._controller.state
        current = state.phase_index
        target = 0 if current is None and delta > 0 else (current or 0) + delta
        if 0 <= target < len(self._controller.template.phases) and target != current:
            self.stepper.request_phase(target)
        else:
            self._controller.step_phase(delta)

    def _choose_kind(self, kind: NoteKind) -> None:
        self.note_editor.set_kind(kind)
        self.note_editor.focus_editor()
