"""Whether a planned session can start, and if not, why: one rule, shared by every widget.

The consent gate is the engine's own check (:func:`facilitator.engine.people.plan_start`), so the
Start button and :meth:`LiveSession.start` can never disagree about who is missing a record.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication

from facilitator.domain.case import Participant
from facilitator.domain.consent import ConsentMethod, ConsentRecord
from facilitator.domain.process import ProcessKind, ProcessTemplate, SpeakingOrder
from facilitator.engine.errors import ConsentMissing, SessionRuleError
from facilitator.engine.people import plan_start
from ui.setup.seating import keeper_of, leaders


def _tr(text: str) -> str:
    return QCoreApplication.translate("readiness", text)


@dataclass(frozen=True, slots=True)
class Readiness:
    """The answer to "can we start?".

    Attributes:
        reasons: Why not, most important first (empty: ready).
        keeper_id: The keeper, if there is exactly one.
        missing_consent: Who is in the room without an active consent record.
    """

    reasons: tuple[str, ...]
    keeper_id: str | None
    missing_consent: frozenset[str]

    @property
    def ready(self) -> bool:
        """Whether the session may start."""
        return not self.reasons


def needs_keeper(template: ProcessTemplate) -> bool:
    """Whether the process needs a keeper: the piece starts next to them and comes back to them."""
    return template.kind is ProcessKind.CIRCLE or any(
        r.order is SpeakingOrder.SEAT for phase in template.phases for r in phase.rounds
    )


def active_consent(consents: Sequence[ConsentRecord]) -> dict[str, ConsentRecord]:
    """Each participant's latest active consent record."""
    return {c.participant_id: c for c in consents if c.active}


def people_without_consent(count: int) -> str:
    """The Start button's reason for ``count`` people without a consent record."""
    if count == 1:
        return _tr("1 person has no consent record")
    return _tr("{count} people have no consent record").format(count=count)


def check_start(
    template: ProcessTemplate,
    people: Sequence[Participant],
    consents: Sequence[ConsentRecord],
) -> Readiness:
    """Everything that stops the session from starting, most important first."""
    reasons: list[str] = []
    active = active_consent(consents)
    missing = frozenset(p.id for p in people if p.participation.present and p.id not in active)
    if sum(1 for p in people if p.participation.present) < 2:
        reasons.append(_tr("Add at least two people in the room"))
    keeper_id = keeper_of(people)
    circle = template.kind is ProcessKind.CIRCLE
    if keeper_id is None and needs_keeper(template):
        if len(leaders(people)) > 1:
            reasons.append(_tr("Only one person can lead: mark the keeper"))
        elif circle:
            reasons.append(_tr("Choose who keeps the circle"))
        else:
            reasons.append(_tr("Choose who facilitates"))
    keeper = next((p for p in people if p.id == keeper_id), None)
    if keeper is not None and not keeper.participation.present:
        reasons.append(_tr("The person who leads must be in the room"))
    try:
        plan_start(template, people, consents, keeper_id, None)
    except ConsentMissing as exc:
        reasons.append(people_without_consent(len(exc.participant_ids)))
    except SessionRuleError as exc:
        # The engine's other checks (duplicates, shared seats); its messages hold no names.
        reasons.append(str(exc))
    return Readiness(tuple(reasons), keeper_id, missing)


def consent_problem(
    participant: Participant,
    method: ConsentMethod,
    witness_present: bool,
    guardian_present: bool,
    recorded_by: str,
) -> str | None:
    """Why this consent record cannot be accepted, or ``None`` if it can."""
    if not recorded_by.strip():
        return _tr("Say who recorded the consent.")
    if participant.is_minor and not guardian_present and method is not ConsentMethod.BY_GUARDIAN:
        return _tr(
            "This person is a minor: a parent or guardian must be present, or give consent "
            "for them."
        )
    if method is ConsentMethod.VERBAL_WITNESSED and not witness_present:
        return _tr("Verbal consent needs a witness: tick “Witness present”.")
    return None
