"""Process templates: the phases, rounds, speaking orders, prompts and soft budgets of a process.

Templates are data (``templates/processes/*.toml``, loaded by :mod:`facilitator.processes`).
Every duration is an editable default, never a rule.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from facilitator.domain.roles import Role


class ProcessKind(StrEnum):
    """The families of restorative process (domain.md §1)."""

    CIRCLE = "circle"
    CONFERENCE = "conference"
    COMMUNITY_CONFERENCE = "community_conference"
    DIALOGUE = "dialogue"
    FAMILY_GROUP = "family_group"
    BOARD = "board"


class SpeakingOrder(StrEnum):
    """How the piece (or the word) moves in a round."""

    #: Around the circle in seat order, starting next to the keeper.
    SEAT = "seat"
    #: In the script's order of roles (a conference).
    ROLES = "roles"
    #: Open discussion: whoever raises a hand, in a queue.
    QUEUE = "queue"
    #: No turns: the facilitator speaks (a welcome, a reading) or the piece is set aside.
    NONE = "none"


class Direction(StrEnum):
    """Which way the piece travels around the circle."""

    CLOCKWISE = "clockwise"
    COUNTERCLOCKWISE = "counterclockwise"


@dataclass(frozen=True, slots=True)
class RoundTemplate:
    """One round of a phase.

    Attributes:
        id: Stable id inside the template.
        title: Short title shown on the stepper.
        order: How the turns go.
        question: The question put to everyone.
        role_questions: A question per role, overriding ``question`` for that role.
        roles: For ``SpeakingOrder.ROLES``: the roles in the order they speak.
        budget_seconds: Soft budget for the whole round.
        speaker_limit_seconds: Soft limit per speaker; ``None`` uses the template default.
    """

    id: str
    title: str
    order: SpeakingOrder
    question: str = ""
    role_questions: dict[Role, tuple[str, ...]] = field(default_factory=dict)
    roles: tuple[Role, ...] = ()
    budget_seconds: int | None = None
    speaker_limit_seconds: int | None = None

    def questions_for(self, role: Role) -> tuple[str, ...]:
        """The question(s) to put to someone with ``role`` in this round."""
        specific = self.role_questions.get(role)
        if specific:
            return specific
        return (self.question,) if self.question else ()


@dataclass(frozen=True, slots=True)
class PhaseTemplate:
    """One phase of a process.

    Attributes:
        id: Stable id inside the template.
        title: Short title for the stepper.
        guidance: What the facilitator does or says in this phase (facilitator-only).
        rounds: The rounds in order (may be empty: a phase the facilitator speaks through).
        budget_seconds: Soft budget for the phase.
        private: A private phase (family time): the session pauses and the projector blanks.
    """

    id: str
    title: str
    guidance: str = ""
    rounds: tuple[RoundTemplate, ...] = ()
    budget_seconds: int | None = None
    private: bool = False


@dataclass(frozen=True, slots=True)
class ProcessTemplate:
    """A whole process: the phases in order and the defaults for them.

    Attributes:
        id: Stable id (the file name without ``.toml`` for built-ins).
        name: Human name.
        kind: Family of process.
        description: One or two sentences for the template picker.
        version: Template revision, so a stored session says which one it ran.
        direction: Default travel of the piece.
        speaker_limit_seconds: Default soft limit per speaker.
        phases: The phases in order.
        checklist: Preparation checklist items ticked before the session.
    """

    id: str
    name: str
    kind: ProcessKind
    phases: tuple[PhaseTemplate, ...]
    description: str = ""
    version: int = 1
    direction: Direction = Direction.CLOCKWISE
    speaker_limit_seconds: int | None = None
    checklist: tuple[str, ...] = ()

    def round_at(self, phase_index: int, round_index: int) -> RoundTemplate:
        """Return the round template at the given position (``IndexError`` if none)."""
        return self.phases[phase_index].rounds[round_index]

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready snapshot, stored with each session so replay never depends on files."""
        return {
            "id": self.id,
            "name": self.name,
            "kind": self.kind.value,
            "description": self.description,
            "version": self.version,
            "direction": self.direction.value,
            "speaker_limit_seconds": self.speaker_limit_seconds,
            "checklist": list(self.checklist),
            "phases": [
                {
                    "id": p.id,
                    "title": p.title,
                    "guidance": p.guidance,
                    "budget_seconds": p.budget_seconds,
                    "private": p.private,
                    "rounds": [
                        {
                            "id": r.id,
                            "title": r.title,
                            "order": r.order.value,
                            "question": r.question,
                            "role_questions": {
                                role.value: list(qs) for role, qs in r.role_questions.items()
                            },
                            "roles": [role.value for role in r.roles],
                            "budget_seconds": r.budget_seconds,
                            "speaker_limit_seconds": r.speaker_limit_seconds,
                        }
                        for r in p.rounds
                    ],
                }
                for p in self.phases
            ],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ProcessTemplate:
        """Rebuild a template from :meth:`to_dict` output (trusted, already validated data)."""
        return cls(
            id=data["id"],
            name=data["name"],
            kind=ProcessKind(data["kind"]),
            description=data.get("description", ""),
            version=int(data.get("version", 1)),
            direction=Direction(data.get("direction", Direction.CLOCKWISE.value)),
            speaker_limit_seconds=data.get("speaker_limit_seconds"),
            checklist=tuple(data.get("checklist", ())),
            phases=tuple(
                PhaseTemplate(
                    id=p["id"],
                    title=p["title"],
                    guidance=p.get("guidance", ""),
                    budget_seconds=p.get("budget_seconds"),
                    private=bool(p.get("private", False)),
                    rounds=tuple(
                        RoundTemplate(
                            id=r["id"],
                            title=r["title"],
                            order=SpeakingOrder(r["order"]),
                            question=r.get("question", ""),
                            role_questions={
                                Role(k): tuple(v) for k, v in r.get("role_questions", {}).items()
                            },
                            roles=tuple(Role(x) for x in r.get("roles", ())),
                            budget_seconds=r.get("budget_seconds"),
                            speaker_limit_seconds=r.get("speaker_limit_seconds"),
                        )
                        for r in p.get("rounds", ())
                    ),
                )
                for p in data["phases"]
            ),
        )
