"""Keyboard-first: every live-session action declared as data (id, title, keys, help).

The live view turns these into QActions; the help overlay (F1) lists them from the same table,
so the overlay can never disagree with what the keys do.
"""

# ruff: noqa: E501 - the action table keeps one action per line

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget


def _tr(text: str) -> str:
    return QCoreApplication.translate("actions", text)


@dataclass(frozen=True, slots=True)
class ActionSpec:
    """One action of the live view.

    Attributes:
        id: Stable id, used to connect a handler.
        title: Menu/button title (translated when built).
        keys: Key sequences, first one shown in the help.
        help: One line for the help overlay.
        group: Heading in the help overlay.
        while_typing: Whether the shortcut works while the note field has focus.
    """

    id: str
    title: str
    keys: tuple[str, ...]
    help: str
    group: str
    while_typing: bool = False


# One action per line: the table reads as the help overlay does.
# fmt: off
LIVE_ACTIONS: tuple[ActionSpec, ...] = (
    ActionSpec("next", "Next holder", ("Space", "Right"), "Pass the piece to the next person", "Talking piece"),
    ActionSpec("pass", "Pass", ("P",), "The holder passes (never judged)", "Talking piece"),
    ActionSpec("keeper", "Back to the keeper", ("K",), "The piece returns to the keeper (between rounds: the keeper speaks)", "Talking piece"),
    ActionSpec("offer", "Offer to those who passed", ("O",), "Offer the piece again at the end of a round", "Talking piece"),
    ActionSpec("question_next", "Next question", ("Q",), "The holder's next question (here and on the projector)", "Talking piece"),
    ActionSpec("question_prev", "Previous question", ("Shift+Q",), "The holder's previous question", "Talking piece"),
    ActionSpec("round", "Start next round", ("R",), "Start the next round of this phase", "Rounds and phases"),
    ActionSpec("end_round", "End round", ("E",), "End the round; the piece is set down", "Rounds and phases"),
    ActionSpec("next_phase", "Next phase", ("Ctrl+Right",), "Move to the next phase", "Rounds and phases"),
    ActionSpec("prev_phase", "Previous phase", ("Ctrl+Left",), "Go back to the previous phase", "Rounds and phases"),
    ActionSpec("break", "Break on/off", ("B",), "Pause everything; the projector goes blank", "Session"),
    ActionSpec("join", "Someone joins…", ("J",), "A late arrival: their details and consent, then a seat", "Session"),
    ActionSpec("note", "Write a note", ("N",), "Open the note field, tied to the current speaker", "Notes"),
    ActionSpec("save_note", "Save note", ("Ctrl+Return", "Ctrl+Enter"), "Save the note (shown as saved once stored)", "Notes", while_typing=True),
    ActionSpec("kind_1", "Kind: observation", ("Ctrl+1",), "Note kind: observation", "Notes", while_typing=True),
    ActionSpec("kind_2", "Kind: harm", ("Ctrl+2",), "Note kind: harm", "Notes", while_typing=True),
    ActionSpec("kind_3", "Kind: need", ("Ctrl+3",), "Note kind: need", "Notes", while_typing=True),
    ActionSpec("kind_4", "Kind: agreement idea", ("Ctrl+4",), "Note kind: agreement idea", "Notes", while_typing=True),
    ActionSpec("kind_5", "Kind: follow-up", ("Ctrl+5",), "Note kind: follow-up", "Notes", while_typing=True),
    ActionSpec("visibility", "Shareable on/off", ("Ctrl+Shift+S",), "Toggle facilitator-only / shareable", "Notes", while_typing=True),
    ActionSpec("leave_note", "Leave the note field", ("Esc",), "Back to the circle; the draft stays", "Notes", while_typing=True),
    ActionSpec("projector", "Projector window", ("F5",), "Show or hide the projector window", "Session"),
    ActionSpec("help", "Keyboard help", ("F1",), "Show this help", "Session", while_typing=True),
)
# fmt: on

#: Actions of the whole window, whatever page is shown. Kept apart from LIVE_ACTIONS: the live
#: view builds those on itself, and one key bound twice would be ambiguous and do nothing.
# fmt: off
APP_ACTIONS: tuple[ActionSpec, ...] = (
    ActionSpec("lock", "Lock now", ("Ctrl+L",), "Hide everything until the passphrase is typed again", "Session", while_typing=True),
)
# fmt: on


#: Moving between the pages of the window (built by the main window once the store is open).
# fmt: off
NAV_ACTIONS: tuple[ActionSpec, ...] = (
    ActionSpec("history", "History", ("Ctrl+H",), "Every past session: filter, sort, review", "Pages"),
    ActionSpec("search", "Search", ("Ctrl+F",), "Search notes, names, case references and agreement items", "Pages"),
    ActionSpec("followup", "Follow-up", ("Ctrl+U",), "Agreement items due and overdue", "Pages"),
    ActionSpec("back", "Back", ("Alt+Left",), "Back to the page before", "Pages"),
)
# fmt: on


def build_actions(
    parent: QWidget,
    handlers: Mapping[str, Callable[[], object]],
    specs: tuple[ActionSpec, ...] = LIVE_ACTIONS,
) -> dict[str, QAction]:
    """Create one QAction per spec on ``parent``, connected to ``handlers[spec.id]``."""
    actions: dict[str, QAction] = {}
    for spec in specs:
        action = QAction(_tr(spec.title), parent)
        action.setShortcuts([QKeySequence(k) for k in spec.keys])
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.setToolTip(f"{_tr(spec.help)} ({spec.keys[0]})")
        handler = handlers.get(spec.id)
        if handler is not None:
            action.triggered.connect(lambda _checked=False, h=handler: h())
        parent.addAction(action)
        actions[spec.id] = action
    return actions
