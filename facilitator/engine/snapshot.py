"""A canonical picture of a session state, so that two folds can be compared field by field."""

from __future__ import annotations

import dataclasses
from enum import Enum
from typing import TYPE_CHECKING, Any

from facilitator.domain.case import participant_to_dict

if TYPE_CHECKING:
    from facilitator.engine.state import SessionState


def state_snapshot(state: SessionState) -> dict[str, Any]:
    """Every field of ``state`` as JSON-ready data; equal snapshots mean equal states."""
    if not state.started:
        return {"started": False, "last_seq": state.last_seq}
    rnd = state.round
    return {
        "started": True,
        "ended": state.ended,
        "ended_at": state.ended_at,
        "resume_count": state.resume_count,
        "template": state.template.to_dict(),
        "participants": {pid: participant_to_dict(p) for pid, p in state.participants.items()},
        "keeper_id": state.keeper_id,
        "direction": state.direction.value,
        "phase_index": state.phase_index,
        "next_round_index": state.next_round_index,
        "round": None if rnd is None else _plain(rnd),
        "round_count": state.round_count,
        "holder": state.holder,
        "holder_how": _plain(state.holder_how),
        "holder_since": state.holder_since,
        "turns": [_plain(turn) for turn in state.turns],
        "left": sorted(state.left),
        "withdrawn": sorted(state.withdrawn),
        "unresolved_withdrawals": sorted(state.unresolved_withdrawals),
        "breaks": [_plain(span) for span in state.breaks],
        "notes": {nid: _plain(note) for nid, note in state.notes.items()},
        "total_speaking_seconds": state.total_speaking_seconds,
        "last_t": state.last_t,
        "last_seq": state.last_seq,
        "last_wall": None if state.last_wall is None else state.last_wall.isoformat(),
    }


def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, frozenset | set):
        return sorted(_plain(v) for v in value)
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    if isinstance(value, Enum):
        return value.value
    return value
