"""Rounds and turns as the fold sees them: plain frozen values the UI can read safely."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from facilitator.domain.process import SpeakingOrder
from facilitator.engine.events import TurnHow


class ParticipantStatus(StrEnum):
    """Where one person stands in the current round."""

    WAITING = "waiting"
    """Their turn is still to come (or, in open discussion, they may ask for the word)."""
    HOLDING = "holding"
    SPOKE = "spoke"
    PASSED = "passed"
    LEFT = "left"
    WITHDRAWN = "withdrawn"
    """They withdrew consent."""
    NOT_IN_ROUND = "not_in_round"
    """No round is running, or this round gives them no turn (the keeper, an observer...)."""


class RoundStage(StrEnum):
    """How far a round with turns has got."""

    ROTATION = "rotation"
    """The piece is going around (also the only stage of open discussion and no-turn rounds)."""
    OFFER = "offer"
    """The keeper offered the piece again to those who passed."""
    CLOSED = "closed"
    """The offer went round too; the piece only goes to people out of order now."""


@dataclass(frozen=True, slots=True)
class Turn:
    """One holding of the piece.

    Attributes:
        participant_id: Who held it.
        round_no: The round it was held in (from 1), or ``None`` for the keeper outside rounds.
        how: How they came to hold it.
        start: Session time the turn began.
        end: Session time it ended, or ``None`` while it goes on.
        passed: Whether the turn ended in a pass (a pass has no speaking time).
        speaking_seconds: Speaking time of an ended turn, breaks excluded; 0 while the turn
            goes on (the speaker timer, or ``speaking_stats(state, at=t)``, has the running
            figure).
    """

    participant_id: str
    round_no: int | None
    how: TurnHow
    start: float
    end: float | None = None
    passed: bool = False
    speaking_seconds: float = 0.0


@dataclass(frozen=True, slots=True)
class RoundState:
    """The running round.

    Attributes:
        phase_index: The phase it belongs to.
        round_index: Its index among the phase's rounds.
        round_no: Rounds counted over the whole session, from 1.
        speaking_order: How the turns go.
        order: The speaking order fixed at the start (plus late joiners placed ahead of the
            rotation); empty for open discussion and no-turn rounds.
        started_at: Session time the round began.
        had_turn: Who has had their rotation turn.
        passed: Who passed on their rotation turn, in the order they passed.
        stage: Rotation, offer to those who passed, or closed.
        offer_order: Who the piece was offered to again, in order.
        offered: Who has had their turn in the offer.
        hands: Raised hands in open discussion, first raised first.
        least_spoken_first: Open discussion: whether those who have spoken least go first.
    """

    phase_index: int
    round_index: int
    round_no: int
    speaking_order: SpeakingOrder
    order: tuple[str, ...]
    started_at: float
    had_turn: frozenset[str] = frozenset()
    passed: tuple[str, ...] = ()
    stage: RoundStage = RoundStage.ROTATION
    offer_order: tuple[str, ...] = ()
    offered: frozenset[str] = frozenset()
    hands: tuple[str, ...] = ()
    least_spoken_first: bool = False

    @property
    def has_rotation(self) -> bool:
        """Whether the piece goes around in a fixed order (seat or role order)."""
        return self.speaking_order in (SpeakingOrder.SEAT, SpeakingOrder.ROLES)

    @property
    def cursor(self) -> int:
        """Index in ``order`` of the furthest rotation turn so far, or -1 before the first."""
        return max((i for i, pid in enumerate(self.order) if pid in self.had_turn), default=-1)
