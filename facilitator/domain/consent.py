"""Written, informed consent, and its withdrawal at any moment (domain.md §5)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from facilitator.domain.ids import new_id


class ConsentMethod(StrEnum):
    """How consent was given."""

    WRITTEN = "written"
    SIGNED_ON_SCREEN = "signed_on_screen"
    VERBAL_WITNESSED = "verbal_witnessed"
    BY_GUARDIAN = "by_guardian"


@dataclass(frozen=True, slots=True)
class ConsentRecord:
    """One participant's consent to take part in one session.

    Attributes:
        participant_id: Whose consent this is.
        recorded_by: Who recorded it (the facilitator's name or initials).
        recorded_at: Wall-clock time of recording (UTC).
        method: How consent was given.
        info_sheet_version: Which version of the information sheet they were given.
        witness_present: A witness saw consent given.
        interpreter_present: An interpreter was there.
        guardian_present: A parent or guardian was there (required in practice for a minor).
        withdrawn_at: When consent was withdrawn, if it was (UTC).
        withdrawal_note: What the facilitator recorded about the withdrawal.
    """

    participant_id: str
    recorded_by: str
    recorded_at: datetime
    method: ConsentMethod = ConsentMethod.WRITTEN
    info_sheet_version: str = ""
    witness_present: bool = False
    interpreter_present: bool = False
    guardian_present: bool = False
    id: str = field(default_factory=new_id)
    withdrawn_at: datetime | None = None
    withdrawal_note: str = ""

    @property
    def active(self) -> bool:
        """Whether this consent stands (recorded and not withdrawn)."""
        return self.withdrawn_at is None
