"""Who takes part in a process, on which side, and how."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    """The roles people hold in a restorative process (domain.md §4)."""

    PERSON_HARMED = "person_harmed"
    HARMED_REPRESENTATIVE = "harmed_representative"
    PERSON_RESPONSIBLE = "person_responsible"
    SUPPORTER_HARMED = "supporter_harmed"
    SUPPORTER_RESPONSIBLE = "supporter_responsible"
    COMMUNITY_MEMBER = "community_member"
    PANEL_MEMBER = "panel_member"
    KEEPER = "keeper"
    CO_KEEPER = "co_keeper"
    FACILITATOR = "facilitator"
    CO_FACILITATOR = "co_facilitator"
    COORDINATOR = "coordinator"
    POLICE_OFFICER = "police_officer"
    YOUTH_ADVOCATE = "youth_advocate"
    SOCIAL_WORKER = "social_worker"
    PROBATION_OFFICER = "probation_officer"
    ELDER = "elder"
    INTERPRETER = "interpreter"
    GUARDIAN = "guardian"
    FAMILY_MEMBER = "family_member"
    OBSERVER = "observer"

    @property
    def label(self) -> str:
        """A neutral human label; many programs avoid "victim" and "offender" aloud."""
        return ROLE_LABELS[self]

    @property
    def leads(self) -> bool:
        """Whether this role runs the process rather than takes a turn in it."""
        return self in LEADING_ROLES


ROLE_LABELS: dict[Role, str] = {
    Role.PERSON_HARMED: "Person harmed",
    Role.HARMED_REPRESENTATIVE: "Representative of the person harmed",
    Role.PERSON_RESPONSIBLE: "Person responsible",
    Role.SUPPORTER_HARMED: "Supporter of the person harmed",
    Role.SUPPORTER_RESPONSIBLE: "Supporter of the person responsible",
    Role.COMMUNITY_MEMBER: "Community member",
    Role.PANEL_MEMBER: "Panel member",
    Role.KEEPER: "Keeper",
    Role.CO_KEEPER: "Co-keeper",
    Role.FACILITATOR: "Facilitator",
    Role.CO_FACILITATOR: "Co-facilitator",
    Role.COORDINATOR: "Coordinator",
    Role.POLICE_OFFICER: "Police officer",
    Role.YOUTH_ADVOCATE: "Youth advocate",
    Role.SOCIAL_WORKER: "Social worker",
    Role.PROBATION_OFFICER: "Probation officer",
    Role.ELDER: "Elder or cultural representative",
    Role.INTERPRETER: "Interpreter",
    Role.GUARDIAN: "Parent or guardian",
    Role.FAMILY_MEMBER: "Family member",
    Role.OBSERVER: "Observer",
}

#: Roles that hold the process. The keeper (or facilitator) receives the piece back at the end of
#: a round; they do not take a turn in the rotation itself.
LEADING_ROLES: frozenset[Role] = frozenset({Role.KEEPER, Role.FACILITATOR, Role.COORDINATOR})

#: Roles that sit in the outer ring and never take a turn.
SILENT_ROLES: frozenset[Role] = frozenset({Role.OBSERVER})


class Side(StrEnum):
    """Which side of the incident a person sits with (conference seating follows it)."""

    HARMED = "harmed"
    RESPONSIBLE = "responsible"
    COMMUNITY = "community"
    PROCESS = "process"
    NEUTRAL = "neutral"


#: The side a role sits on unless the facilitator says otherwise.
DEFAULT_SIDE: dict[Role, Side] = {
    Role.PERSON_HARMED: Side.HARMED,
    Role.HARMED_REPRESENTATIVE: Side.HARMED,
    Role.SUPPORTER_HARMED: Side.HARMED,
    Role.PERSON_RESPONSIBLE: Side.RESPONSIBLE,
    Role.SUPPORTER_RESPONSIBLE: Side.RESPONSIBLE,
    Role.GUARDIAN: Side.RESPONSIBLE,
    Role.FAMILY_MEMBER: Side.RESPONSIBLE,
    Role.YOUTH_ADVOCATE: Side.RESPONSIBLE,
    Role.COMMUNITY_MEMBER: Side.COMMUNITY,
    Role.PANEL_MEMBER: Side.COMMUNITY,
    Role.ELDER: Side.COMMUNITY,
    Role.KEEPER: Side.PROCESS,
    Role.CO_KEEPER: Side.PROCESS,
    Role.FACILITATOR: Side.PROCESS,
    Role.CO_FACILITATOR: Side.PROCESS,
    Role.COORDINATOR: Side.PROCESS,
    Role.POLICE_OFFICER: Side.NEUTRAL,
    Role.SOCIAL_WORKER: Side.NEUTRAL,
    Role.PROBATION_OFFICER: Side.NEUTRAL,
    Role.INTERPRETER: Side.NEUTRAL,
    Role.OBSERVER: Side.NEUTRAL,
}


class Participation(StrEnum):
    """How a person takes part in the session."""

    IN_PERSON = "in_person"
    #: Not in the room; the facilitator reads their written statement at their turn.
    WRITTEN_STATEMENT = "written_statement"
    #: Someone else speaks for them (the representative is a participant too).
    REPRESENTED = "represented"
    ABSENT = "absent"

    @property
    def present(self) -> bool:
        """Whether the person is in the room (and so needs a consent record to start)."""
        return self is Participation.IN_PERSON

    @property
    def has_turn(self) -> bool:
        """Whether a turn is given to this person (in person, or their statement is read)."""
        return self in (Participation.IN_PERSON, Participation.WRITTEN_STATEMENT)
