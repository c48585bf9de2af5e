"""What the facilitator writes down during a session."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

#: Largest note we accept, in characters. Far beyond anything typed in a session, small enough
#: that a pasted file cannot make the store or the PDF unusable.
MAX_NOTE_LENGTH = 1_000_000


class NoteKind(StrEnum):
    """What a note is about; the keyboard offers these as Ctrl+1..5."""

    OBSERVATION = "observation"
    HARM = "harm"
    NEED = "need"
    AGREEMENT_IDEA = "agreement_idea"
    FOLLOW_UP = "follow_up"

    @property
    def label(self) -> str:
        """Human label."""
        return self.value.replace("_", " ").capitalize()


class Visibility(StrEnum):
    """Who may see a note. Facilitator-only is the default and never leaves the laptop."""

    FACILITATOR_ONLY = "facilitator_only"
    SHAREABLE = "shareable"


@dataclass(frozen=True, slots=True)
class NoteRevision:
    """One version of a note's text, kept when the note is edited."""

    text: str
    kind: NoteKind
    visibility: Visibility
    at: float
    """Session time of the revision, in seconds."""


@dataclass(frozen=True, slots=True)
class Note:
    """A note as it stands now, with its history.

    Attributes:
        id: Stable note id.
        kind: What the note is about.
        visibility: Who may see it.
        text: Current text.
        phase_index: Phase during which it was written.
        round_no: Round number in the session (1-based) or ``None`` outside a round.
        speaker_id: Who held the piece when it was written, if anyone.
        created_at: Session time when written, in seconds.
        history: Earlier revisions, oldest first.
        struck: Whether the facilitator struck it out (kept, but not shown as current).
        struck_reason: Why it was struck.
    """

    id: str
    kind: NoteKind
    visibility: Visibility
    text: str
    phase_index: int | None
    round_no: int | None
    speaker_id: str | None
    created_at: float
    history: tuple[NoteRevision, ...] = ()
    struck: bool = False
    struck_reason: str = ""
