"""What the room may see: the one place that turns a session state into a projector frame.

Only the prompt, the holder's spoken name and (if switched on) a gentle round timer leave this
module; guidance, notes, the case and risk notes never do. The projector goes blank during a
break, during family time (a private phase), and when no session is running.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from facilitator.engine.state import SessionState
from facilitator.engine.timers import TimerReading, TimerStatus
from ui.projector import BLANK, ProjectorFrame


def questions_for_holder(state: SessionState) -> tuple[str, ...]:
    """The running round's question(s) for whoever holds the piece (empty without a holder)."""
    holder = state.holder
    if holder is None or state.round is None:
        return ()
    return state.prompt_for(holder)


def current_prompt(state: SessionState, question_index: int = 0) -> str:
    """The question on the table, safe to show to the room.

    The holder's role question (the ``question_index``-th when there are several), else the
    round's question, else the round's title, else the phase's title. Never the guidance.
    """
    questions = questions_for_holder(state)
    if questions:
        return questions[min(max(question_index, 0), len(questions) - 1)]
    rt = state.round_template
    if rt is not None:
        return rt.question or rt.title
    phase = state.phase
    return "" if phase is None else phase.title


def is_hidden(state: SessionState) -> bool:
    """Whether the room must see nothing: no phase yet, the end, a break, or family time."""
    if not state.started or state.ended or state.on_break is not None:
        return True
    phase = state.phase
    return phase is None or phase.private


def projector_frame(
    state: SessionState, t: float, *, question_index: int = 0, show_timer: bool = False
) -> ProjectorFrame:
    """The frame the projector shows at session time ``t``."""
    if is_hidden(state):
        return BLANK
    holder = state.holder
    speaker = "" if holder is None else state.participant(holder).spoken_name
    timer = ""
    near = False
    if show_timer and state.round is not None:
        reading = state.timers(t).round
        timer = round_timer_text(reading)
        near = reading.status is not TimerStatus.OK
    return ProjectorFrame(
        prompt=current_prompt(state, question_index),
        speaker=speaker,
        timer=timer,
        timer_near=near,
        blank=False,
    )


def round_timer_text(reading: TimerReading) -> str:
    """A gentle reading for the room: whole minutes left, never a countdown in seconds."""
    remaining = reading.remaining
    if remaining is None:
        minutes = int(reading.elapsed // 60)
        return _tr("Round: %n min", minutes)
    if remaining <= 0:
        return QCoreApplication.translate("projection", "Round: time is up")
    minutes = max(int((remaining + 59) // 60), 1)
    return _tr("Round: %n min left", minutes)


def _tr(text: str, n: int) -> str:
    return QCoreApplication.translate("projection", text, None, n)
