"""The events of a live session. The log of these is the only record of what happened.

Events are small frozen dataclasses. Each has a ``kind`` string that names it in the store and in
exported files; :func:`event_to_dict` and :func:`event_from_dict` convert them to and from
JSON-ready dicts, checking every field so that a malformed file is refused with a clear message.

Renaming a kind or a field changes the export schema (``docs/export-format.md``): add, never
rename, and bump the schema version when the meaning of a field changes.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any, ClassVar, Union

from facilitator.domain.notes import NoteKind, Visibility
from facilitator.domain.process import Direction, SpeakingOrder


class EventFormatError(ValueError):
    """An event dict could not be read; the message names the field and the reason."""


class TurnHow(StrEnum):
    """How someone came to hold the piece."""

    ROTATION = "rotation"
    """Their place in the round's order came up."""
    OUT_OF_ORDER = "out_of_order"
    """The facilitator handed it to them out of order."""
    OFFER = "offer"
    """The keeper offered the piece again to those who passed."""
    QUEUE = "queue"
    """They raised a hand in open discussion."""
    KEEPER = "keeper"
    """The keeper took the word (the keeper may speak at any time)."""


class BreakKind(StrEnum):
    """Why the session is paused."""

    BREAK = "break"
    FAMILY_TIME = "family_time"
    """Family group conference: the family meets privately; the session is hidden meanwhile."""


@dataclass(frozen=True, slots=True)
class Event:
    """Base of all session events."""

    kind: ClassVar[str] = ""


@dataclass(frozen=True, slots=True)
class SessionStarted(Event):
    """The session began.

    ``template`` is a snapshot of the process template (``ProcessTemplate.to_dict``) and
    ``participants`` a snapshot of everyone at the start (``participant_to_dict``), so that replay
    never depends on files or rows that may change later.
    """

    kind: ClassVar[str] = "session_started"
    template: dict[str, Any]
    participants: tuple[dict[str, Any], ...]
    keeper_id: str | None
    direction: Direction
    consent_ids: tuple[str, ...] = ()
    """The consent records the consent gate accepted (ids), for the record."""


@dataclass(frozen=True, slots=True)
class SessionResumed(Event):
    """The session was opened again after the app closed or crashed mid-session.

    The session timeline continues from the last recorded event; ``wall_gap_seconds`` is how long
    the app was away by the wall clock, kept for the record only.
    """

    kind: ClassVar[str] = "session_resumed"
    wall_gap_seconds: float


@dataclass(frozen=True, slots=True)
class PhaseEntered(Event):
    """The facilitator moved to a phase (any phase: the stepper is not a cage)."""

    kind: ClassVar[str] = "phase_entered"
    phase_index: int


@dataclass(frozen=True, slots=True)
class RoundStarted(Event):
    """A round began.

    ``order`` is the speaking order computed at the start (participant ids); it is stored so
    that replay gives exactly the order the room saw. ``round_no`` counts rounds in the whole
    session from 1.
    """

    kind: ClassVar[str] = "round_started"
    phase_index: int
    round_index: int
    round_no: int
    speaking_order: SpeakingOrder
    order: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class TurnBegan(Event):
    """Someone took the piece. Whoever held it before finished speaking."""

    kind: ClassVar[str] = "turn_began"
    participant_id: str
    how: TurnHow


@dataclass(frozen=True, slots=True)
class Passed(Event):
    """The holder passed. Never judged; they may be offered the piece again."""

    kind: ClassVar[str] = "passed"
    participant_id: str


@dataclass(frozen=True, slots=True)
class PieceReturned(Event):
    """The piece came back to the keeper (end of the rotation, or the keeper called it back)."""

    kind: ClassVar[str] = "piece_returned"


@dataclass(frozen=True, slots=True)
class OfferedToPassers(Event):
    """At the end of the rotation the keeper offers the piece again to those who passed."""

    kind: ClassVar[str] = "offered_to_passers"
    order: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class HandRaised(Event):
    """In open discussion, someone asked for the word."""

    kind: ClassVar[str] = "hand_raised"
    participant_id: str


@dataclass(frozen=True, slots=True)
class HandLowered(Event):
    """Someone withdrew their raised hand."""

    kind: ClassVar[str] = "hand_lowered"
    participant_id: str


@dataclass(frozen=True, slots=True)
class QueuePolicyChanged(Event):
    """Open discussion: whether those who have spoken least go first."""

    kind: ClassVar[str] = "queue_policy_changed"
    least_spoken_first: bool


@dataclass(frozen=True, slots=True)
class ParticipantJoined(Event):
    """Someone joined late; a seat is inserted at ``participant['seat']``."""

    kind: ClassVar[str] = "participant_joined"
    participant: dict[str, Any]
    consent_id: str | None = None
    """The consent record accepted for them, if any (someone not in the room may have none)."""
    order_index: int | None = None
    """Where they were placed in the running round's order (still ahead of the rotation), or
    ``None`` if they get no turn in it. Stored so replay never recomputes the order."""


@dataclass(frozen=True, slots=True)
class ParticipantLeft(Event):
    """Someone left; they are skipped from now on."""

    kind: ClassVar[str] = "participant_left"
    participant_id: str
    reason: str = ""


@dataclass(frozen=True, slots=True)
class ConsentWithdrawn(Event):
    """Someone withdrew consent. They leave the rotation; agreement is blocked until resolved."""

    kind: ClassVar[str] = "consent_withdrawn"
    participant_id: str
    recorded_by: str
    note: str = ""


@dataclass(frozen=True, slots=True)
class WithdrawalResolved(Event):
    """The facilitator recorded how a consent withdrawal was resolved."""

    kind: ClassVar[str] = "withdrawal_resolved"
    participant_id: str
    resolution: str
    recorded_by: str


@dataclass(frozen=True, slots=True)
class BreakStarted(Event):
    """A break (or private family time) began: every timer pauses."""

    kind: ClassVar[str] = "break_started"
    break_kind: BreakKind
    reason: str = ""


@dataclass(frozen=True, slots=True)
class BreakEnded(Event):
    """The break ended; timers run again."""

    kind: ClassVar[str] = "break_ended"


@dataclass(frozen=True, slots=True)
class NoteAdded(Event):
    """A note was written, tied to the phase, round and speaker of the moment."""

    kind: ClassVar[str] = "note_added"
    note_id: str
    note_kind: NoteKind
    visibility: Visibility
    text: str
    phase_index: int | None
    round_no: int | None
    speaker_id: str | None


@dataclass(frozen=True, slots=True)
class NoteEdited(Event):
    """A note was changed; its earlier text stays in the log."""

    kind: ClassVar[str] = "note_edited"
    note_id: str
    text: str
    note_kind: NoteKind
    visibility: Visibility


@dataclass(frozen=True, slots=True)
class NoteStruck(Event):
    """A note was struck out. It stays in the log and history, marked as struck."""

    kind: ClassVar[str] = "note_struck"
    note_id: str
    reason: str = ""


@dataclass(frozen=True, slots=True)
class RoundEnded(Event):
    """The round ended; the piece is set down."""

    kind: ClassVar[str] = "round_ended"


@dataclass(frozen=True, slots=True)
class SessionEnded(Event):
    """The session ended."""

    kind: ClassVar[str] = "session_ended"
    reason: str = ""


EVENT_TYPES: tuple[type[Event], ...] = (
    SessionStarted,
    SessionResumed,
    PhaseEntered,
    RoundStarted,
    TurnBegan,
    Passed,
    PieceReturned,
    OfferedToPassers,
    HandRaised,
    HandLowered,
    QueuePolicyChanged,
    ParticipantJoined,
    ParticipantLeft,
    ConsentWithdrawn,
    WithdrawalResolved,
    BreakStarted,
    BreakEnded,
    NoteAdded,
    NoteEdited,
    NoteStruck,
    RoundEnded,
    SessionEnded,
)

_BY_KIND: dict[str, type[Event]] = {cls.kind: cls for cls in EVENT_TYPES}


@dataclass(frozen=True, slots=True)
class LoggedEvent:
    """An event as it stands in the log.

    Attributes:
        seq: Position in the session's log, from 1, without gaps.
        t: Session time in seconds: the engine's timeline, continuous across resumes.
        wall: Wall-clock time (UTC) when it was recorded, for people reading the record.
        event: The event itself.
    """

    seq: int
    t: float
    wall: datetime
    event: Event


def event_to_dict(event: Event) -> dict[str, Any]:
    """Return a JSON-ready dict: ``{"kind": ..., <fields>}``."""
    out: dict[str, Any] = {"kind": event.kind}
    for f in dataclasses.fields(event):
        out[f.name] = _encode(getattr(event, f.name))
    return out


def event_from_dict(data: object) -> Event:
    """Rebuild an event from :func:`event_to_dict` output, checking every field.

    Raises:
        EventFormatError: unknown kind, missing or unexpected field, or a wrong type.
    """
    if not isinstance(data, dict):
        raise EventFormatError("an event must be an object")
    kind = data.get("kind")
    cls = _BY_KIND.get(kind) if isinstance(kind, str) else None
    if cls is None:
        raise EventFormatError(f"unknown event kind {kind!r}")
    hints = typing.get_type_hints(cls)
    fields = {f.name: f for f in dataclasses.fields(cls)}
    extra = set(data) - set(fields) - {"kind"}
    if extra:
        raise EventFormatError(f"{kind}: unexpected field(s) {', '.join(sorted(extra))}")
    values: dict[str, Any] = {}
    for name, f in fields.items():
        if name not in data:
            if f.default is not dataclasses.MISSING:
                continue
            raise EventFormatError(f"{kind}: missing field {name!r}")
        try:
            values[name] = _decode(data[name], hints[name])
        except (TypeError, ValueError) as exc:
            raise EventFormatError(f"{kind}.{name}: {exc}") from None
    return cls(**values)


def _encode(value: Any) -> Any:
    if isinstance(value, StrEnum):
        return value.value
    if isinstance(value, tuple):
        return [_encode(v) for v in value]
    if isinstance(value, datetime):
        return value.isoformat()
    return value


def _decode(value: Any, hint: Any) -> Any:  # noqa: PLR0911, PLR0912 - one branch per supported type
    origin = typing.get_origin(hint)
    if origin in (Union, types.UnionType):
        args = typing.get_args(hint)
        if value is None and type(None) in args:
            return None
        (inner,) = [a for a in args if a is not type(None)]
        return _decode(value, inner)
    if origin is tuple:
        if not isinstance(value, list | tuple):
            raise TypeError("expected a list")
        (inner, _ellipsis) = typing.get_args(hint)
        return tuple(_decode(v, inner) for v in value)
    if origin is dict:
        if not isinstance(value, dict) or not all(isinstance(k, str) for k in value):
            raise TypeError("expected an object")
        return value
    if isinstance(hint, type) and issubclass(hint, StrEnum):
        if not isinstance(value, str):
            raise TypeError("expected text")
        return hint(value)
    if hint is bool:
        if not isinstance(value, bool):
            raise TypeError("expected true or false")
        return value
    if hint is int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise TypeError("expected a whole number")
        return value
    if hint is float:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise TypeError("expected a number")
        return float(value)
    if hint is str:
        if not isinstance(value, str):
            raise TypeError("expected text")
        return value
    raise TypeError(f"unsupported field type {hint!r}")  # pragma: no cover - programming error
