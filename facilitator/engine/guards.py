"""Checks shared by the session's commands; each raises :class:`SessionRuleError`."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from facilitator.domain.notes import MAX_NOTE_LENGTH
from facilitator.engine.errors import SessionRuleError
from facilitator.engine.turns import RoundState

if TYPE_CHECKING:
    from facilitator.engine.state import SessionState

_SURROGATE = re.compile("[\ud800-\udfff]")


def require_live(state: SessionState) -> None:
    """The session has started and not ended."""
    if not state.started:
        raise SessionRuleError("The session has not started.")
    if state.ended:
        raise SessionRuleError("The session has ended.")


def require_no_break(state: SessionState) -> None:
    """The session is live and not paused (the piece does not move during a break)."""
    require_live(state)
    if state.on_break is not None:
        raise SessionRuleError("The session is paused; end the break first.")


def require_round(state: SessionState) -> RoundState:
    """A round is running (and the session is live and not paused); return it."""
    require_no_break(state)
    rnd = state.round
    if rnd is None:
        raise SessionRuleError("No round is running; start a round first.")
    return rnd


def require_known(state: SessionState, pid: str) -> None:
    """``pid`` is a participant of the session."""
    if pid not in state.participants:
        raise SessionRuleError("Unknown participant.")


def check_note_text(text: str) -> None:
    """A note's text: not empty, not absurdly long, no NUL character."""
    if not text.strip():
        raise SessionRuleError("A note cannot be empty.")
    check_free_text(text, "A note")


def check_free_text(text: str, what: str) -> None:
    """Free text that goes into the record (a note, a reason): bounded, no NUL character."""
    if len(text) > MAX_NOTE_LENGTH:
        raise SessionRuleError(f"{what} can be at most {MAX_NOTE_LENGTH:,} characters.")
    if "\x00" in text:
        raise SessionRuleError(f"{what} cannot contain a NUL character.")
    if not text.isascii() and _SURROGATE.search(text):
        # A Python str can hold half of a UTF-16 pair (pasted from a broken source); no
        # database or file can store it, so it is refused here with a reason, not at the write.
        raise SessionRuleError(f"{what} contains a broken character (an unpaired surrogate).")
