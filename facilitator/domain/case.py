"""Cases and the people who take part in their sessions."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import datetime

from facilitator.domain.ids import new_id
from facilitator.domain.roles import DEFAULT_SIDE, Participation, Role, Side

#: Longest display name we accept; longer text is almost certainly pasted by mistake.
MAX_NAME_LENGTH = 200


class DomainError(ValueError):
    """A rule of the domain was broken; the message is safe to show to the facilitator."""


@dataclass(frozen=True, slots=True)
class Case:
    """A referral that one or more sessions work on.

    Attributes:
        reference: The program's case reference, as written on its paperwork.
        referral_source: Who referred it (police, school, prosecutor, court...).
        summary: A short, neutral summary. Facilitator-only: never projected or printed.
    """

    reference: str
    referral_source: str = ""
    summary: str = ""
    id: str = field(default_factory=new_id)
    created_at: datetime | None = None
    closed_at: datetime | None = None
    outcome: str = ""


@dataclass(frozen=True, slots=True)
class Participant:
    """One person in a session.

    Attributes:
        display_name: The name shown on screen and in the agreement.
        address_as: How they wish to be addressed aloud (often a first name).
        role: Their role in the process.
        side: Which side they sit with; defaults from the role.
        relationship: Their relationship to the incident, read out at introductions.
        is_minor: Whether they are a minor; a minor has a guardian.
        guardian_id: The participant id of their parent or guardian, if present.
        guardian_name: The guardian's name when the guardian is not a participant.
        language: The language they speak in the session.
        interpreter: Name of their interpreter, if any.
        requests: Cultural or accessibility requests.
        participation: How they take part (in person, written statement...).
        risk_notes: Facilitator-only safety notes.
        seat: Position around the circle, 0-based; ``None`` when not seated.
    """

    display_name: str
    role: Role
    id: str = field(default_factory=new_id)
    address_as: str = ""
    side: Side | None = None
    relationship: str = ""
    is_minor: bool = False
    guardian_id: str | None = None
    guardian_name: str = ""
    language: str = ""
    interpreter: str = ""
    requests: str = ""
    participation: Participation = Participation.IN_PERSON
    risk_notes: str = ""
    seat: int | None = None

    def __post_init__(self) -> None:
        name = self.display_name.strip()
        if not name:
            raise DomainError("A participant needs a name.")
        if len(name) > MAX_NAME_LENGTH:
            raise DomainError(f"A name can be at most {MAX_NAME_LENGTH} characters.")
        if "\x00" in name:
            raise DomainError("A name cannot contain a NUL character.")
        if self.side is None:
            object.__setattr__(self, "side", DEFAULT_SIDE[self.role])

    @property
    def spoken_name(self) -> str:
        """The name to use aloud and on the projector."""
        return self.address_as.strip() or self.display_name

    @property
    def takes_turns(self) -> bool:
        """Whether the rotation gives this person a turn (observers and leads never do)."""
        return self.participation.has_turn and self.role not in (Role.OBSERVER, Role.KEEPER)

    def replace(self, **changes: object) -> Participant:
        """Return a copy with the given fields changed."""
        return dataclasses.replace(self, **changes)  # type: ignore[arg-type]


def participant_to_dict(p: Participant) -> dict[str, object]:
    """A JSON-ready dict of a participant (the export schema and event payloads use it)."""
    return {
        "id": p.id,
        "display_name": p.display_name,
        "address_as": p.address_as,
        "role": p.role.value,
        "side": p.side.value if p.side else None,
        "relationship": p.relationship,
        "is_minor": p.is_minor,
        "guardian_id": p.guardian_id,
        "guardian_name": p.guardian_name,
        "language": p.language,
        "interpreter": p.interpreter,
        "requests": p.requests,
        "participation": p.participation.value,
        "risk_notes": p.risk_notes,
        "seat": p.seat,
    }


def participant_from_dict(data: dict[str, object]) -> Participant:
    """Rebuild a participant from :func:`participant_to_dict` output.

    Raises:
        DomainError: a field is missing or has the wrong type or value.
    """
    try:
        seat = data.get("seat")
        side = data.get("side")
        guardian_id = data.get("guardian_id")
        return Participant(
            id=_str(data["id"]),
            display_name=_str(data["display_name"]),
            address_as=_str(data.get("address_as", "")),
            role=Role(_str(data["role"])),
            side=Side(_str(side)) if side is not None else None,
            relationship=_str(data.get("relationship", "")),
            is_minor=_bool(data.get("is_minor", False)),
            guardian_id=_str(guardian_id) if guardian_id is not None else None,
            guardian_name=_str(data.get("guardian_name", "")),
            language=_str(data.get("language", "")),
            interpreter=_str(data.get("interpreter", "")),
            requests=_str(data.get("requests", "")),
            participation=Participation(_str(data.get("participation", "in_person"))),
            risk_notes=_str(data.get("risk_notes", "")),
            seat=_int(seat) if seat is not None else None,
        )
    except KeyError as exc:
        raise DomainError(f"participant: missing field {exc.args[0]!r}") from None
    except (TypeError, ValueError) as exc:
        raise DomainError(f"participant: {exc}") from None


def _str(value: object) -> str:
    if not isinstance(value, str):
        raise TypeError(f"expected text, got {type(value).__name__}")
    return value


def _bool(value: object) -> bool:
    if not isinstance(value, bool):
        raise TypeError(f"expected true/false, got {type(value).__name__}")
    return value


def _int(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"expected a whole number, got {type(value).__name__}")
    return value
