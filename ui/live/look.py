"""Colours and formats shared by the live-session widgets.

Colours are chosen per palette: a strong shade on a light window, a lighter one on a dark window,
so role colours and timer cues stay legible on both.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QColor, QPalette

from facilitator.domain.notes import NoteKind, Visibility
from facilitator.domain.roles import DEFAULT_SIDE, Role, Side
from facilitator.engine.timers import TimerStatus

# (on a light window, on a dark window)
_SIDE_COLOURS: dict[Side, tuple[str, str]] = {
    Side.HARMED: ("#1565c0", "#64b5f6"),
    Side.RESPONSIBLE: ("#7b1fa2", "#ce93d8"),
    Side.COMMUNITY: ("#2e7d32", "#81c784"),
    Side.PROCESS: ("#455a64", "#b0bec5"),
    Side.NEUTRAL: ("#795548", "#d7b8aa"),
}
_STATUS_COLOURS: dict[TimerStatus, tuple[str, str]] = {
    TimerStatus.NEAR: ("#8a5a00", "#ffc46b"),
    TimerStatus.OVER: ("#b3261e", "#ff8a80"),
}


def is_dark(palette: QPalette) -> bool:
    """Whether the palette is a dark one (light text on a dark window)."""
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def side_colour(side: Side | None, palette: QPalette) -> QColor:
    """The colour of a side of the incident, legible on ``palette``'s window."""
    light, dark = _SIDE_COLOURS[side or Side.NEUTRAL]
    return QColor(dark if is_dark(palette) else light)


def role_colour(role: Role, palette: QPalette, side: Side | None = None) -> QColor:
    """The colour of a role: the colour of the side it sits on (its own side if given)."""
    return side_colour(side or DEFAULT_SIDE[role], palette)


def status_colour(status: TimerStatus, palette: QPalette) -> QColor:
    """The text colour of a timer: the normal text colour until near or over its budget."""
    if status is TimerStatus.OK:
        return palette.color(QPalette.ColorRole.WindowText)
    light, dark = _STATUS_COLOURS[status]
    return QColor(dark if is_dark(palette) else light)


def mix(a: QColor, b: QColor, amount: float) -> QColor:
    """``a`` moved ``amount`` (0..1) of the way towards ``b``."""
    return QColor.fromRgbF(
        a.redF() + (b.redF() - a.redF()) * amount,
        a.greenF() + (b.greenF() - a.greenF()) * amount,
        a.blueF() + (b.blueF() - a.blueF()) * amount,
    )


def clock_text(seconds: float) -> str:
    """``m:ss`` under an hour, ``h:mm:ss`` from then on (negative values read as their size)."""
    total = int(abs(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def _tr(text: str) -> str:
    return QCoreApplication.translate("look", text)


def kind_label(kind: NoteKind) -> str:
    """The translated label of a note kind."""
    labels = {
        NoteKind.OBSERVATION: _tr("Observation"),
        NoteKind.HARM: _tr("Harm"),
        NoteKind.NEED: _tr("Need"),
        NoteKind.AGREEMENT_IDEA: _tr("Agreement idea"),
        NoteKind.FOLLOW_UP: _tr("Follow-up"),
    }
    return labels[kind]


def visibility_label(visibility: Visibility) -> str:
    """The translated label of a note's visibility."""
    if visibility is Visibility.FACILITATOR_ONLY:
        return _tr("Facilitator only")
    return _tr("Shareable")


def role_label(role: Role) -> str:
    """The translated, neutral label of a role."""
    return QCoreApplication.translate("roles", role.label)


#: The note kinds in the order Ctrl+1..5 chooses them.
KIND_KEYS: tuple[NoteKind, ...] = (
    NoteKind.OBSERVATION,
    NoteKind.HARM,
    NoteKind.NEED,
    NoteKind.AGREEMENT_IDEA,
    NoteKind.FOLLOW_UP,
)
