"""What can go wrong in a live session, kept apart so every engine module can raise it."""

from __future__ import annotations

from collections.abc import Sequence

from facilitator.domain.case import DomainError


class EngineError(RuntimeError):
    """The event log cannot be folded: it describes something that cannot have happened.

    Only a damaged or hand-edited log, or a bug in the engine, raises this. A state that raised it
    is half-updated and must be thrown away.
    """


class SessionRuleError(DomainError):
    """A command breaks a rule of the live session; nothing was recorded.

    The message is safe to show to the facilitator: it never holds a participant's name.
    """


class ConsentMissing(SessionRuleError):  # noqa: N818 - the name the UI and CLI are written against
    """The consent gate: someone in the room has no active consent record.

    Attributes:
        participant_ids: Who has no active consent record, in the order they were listed. The UI
            maps them to names; the message holds only a count, because names are sensitive.
    """

    def __init__(self, participant_ids: Sequence[str]) -> None:
        self.participant_ids: tuple[str, ...] = tuple(participant_ids)
        count = len(self.participant_ids)
        who = "1 person has" if count == 1 else f"{count} people have"
        super().__init__(f"{who} no consent record.")
