"""The written agreement: what the parties agree to do, who signs it, and how far it got.

Every object here is frozen; a change makes a new object (see
:mod:`facilitator.agreements.lifecycle` for the rules of changing one). Nothing here is ever
facilitator-only: an agreement is written to be read, signed and handed to every participant.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import NamedTuple

from facilitator.agreements.status import AgreementStatus as AgreementStatus  # noqa: PLC0414 - re-export
from facilitator.domain.ids import new_id
from facilitator.domain.roles import LEADING_ROLES, Role

#: Longest text of one field of an item or the summary; an agreement is read aloud and signed.
MAX_TEXT = 5_000


class AgreementError(ValueError):
    """A rule of the agreement was broken; the message is safe to show to the facilitator."""


class ItemKind(StrEnum):
    """Kinds of action an agreement can hold (domain.md §6)."""

    APOLOGY = "apology"
    RESTITUTION = "restitution"
    COMMUNITY_SERVICE = "community_service"
    WORK_FOR_HARMED = "work_for_harmed"
    BEHAVIOURAL = "behavioural"
    REFERRAL = "referral"
    SUPPORT = "support"
    OTHER = "other"

    @property
    def label(self) -> str:
        """Human label, as printed in the agreement."""
        return ITEM_KIND_LABELS[self]


ITEM_KIND_LABELS: dict[ItemKind, str] = {
    ItemKind.APOLOGY: "Apology",
    ItemKind.RESTITUTION: "Paying back",
    ItemKind.COMMUNITY_SERVICE: "Community service",
    ItemKind.WORK_FOR_HARMED: "Work for the person harmed",
    ItemKind.BEHAVIOURAL: "Commitment",
    ItemKind.REFERRAL: "Referral to a service",
    ItemKind.SUPPORT: "Support",
    ItemKind.OTHER: "Other",
}


class ApologyForm(StrEnum):
    """How an apology is made."""

    LETTER = "letter"
    IN_PERSON = "in_person"


@dataclass(frozen=True, slots=True)
class AgreementItem:
    """One agreed action.

    Attributes:
        kind: What sort of action it is.
        description: The action in plain words.
        responsible_id: Participant id of who does it; ``None`` while nobody is named.
        due: By when.
        monitor: Who checks that it was done (a name; may be someone outside the session).
        how_harmed_learns: How the person harmed will learn it was done.
        apology_form: For an apology: a letter or in person.
        amount: For restitution: the sum, as a decimal string-safe value.
        currency: For restitution: ISO 4217 code or any label ("EUR").
        payment_schedule: For restitution: how it is paid ("three monthly instalments").
        hours: For community service or work for the person harmed: how many hours.
        service: For a referral: the service or programme.
        id: Stable item id.
        source_note_id: The "agreement idea" note it was made from, if any.
    """

    kind: ItemKind
    description: str
    responsible_id: str | None = None
    due: date | None = None
    monitor: str = ""
    how_harmed_learns: str = ""
    apology_form: ApologyForm | None = None
    amount: Decimal | None = None
    currency: str = ""
    payment_schedule: str = ""
    hours: float | None = None
    service: str = ""
    id: str = field(default_factory=new_id)
    source_note_id: str | None = None

    def __post_init__(self) -> None:
        for name in ("description", "monitor", "how_harmed_learns", "payment_schedule", "service"):
            _check_text(getattr(self, name), name.replace("_", " "))
        if not self.description.strip():
            raise AgreementError("An item needs a description.")
        if self.amount is not None and (not self.amount.is_finite() or self.amount < 0):
            raise AgreementError("An amount must be a number of zero or more.")
        if self.hours is not None and (not math.isfinite(self.hours) or self.hours < 0):
            raise AgreementError("Hours must be a number of zero or more.")


class StrokePoint(NamedTuple):
    """One sampled point of a pen stroke, in a box normalised to 0..1 (y grows downwards).

    Attributes:
        x: Across the box, 0 (left) to 1 (right).
        y: Down the box, 0 (top) to 1 (bottom).
        pressure: Pen pressure 0..1 (0.5 when the device reports none).
        t: Seconds since the signer first touched the pad.
    """

    x: float
    y: float
    pressure: float
    t: float


Stroke = tuple[StrokePoint, ...]


@dataclass(frozen=True, slots=True)
class Signature:
    """A signature drawn on the pad, kept as vectors.

    Attributes:
        signer_id: Participant id of the signer.
        name: The signer's name as printed under the signature.
        role: Their role in the process.
        signed_at: When they signed (timezone-aware).
        strokes: The pen strokes, each a sequence of points (empty for a paper signature).
    """

    signer_id: str
    name: str
    role: Role
    signed_at: datetime
    strokes: tuple[Stroke, ...]

    def __post_init__(self) -> None:
        if self.signed_at.tzinfo is None:
            raise AgreementError("A signature time must be timezone-aware.")
        for stroke in self.strokes:
            for p in stroke:
                values = (p.x, p.y, p.pressure, p.t)
                if not all(math.isfinite(v) for v in values):
                    raise AgreementError("A signature point must be a finite number.")
                if not (0 <= p.x <= 1 and 0 <= p.y <= 1 and 0 <= p.pressure <= 1 and p.t >= 0):
                    raise AgreementError("A signature point lies outside the signature box.")


@dataclass(frozen=True, slots=True)
class Party:
    """Someone named in the agreement.

    Attributes:
        participant_id: Their participant id in the session.
        name: Their name as printed.
        role: Their role in the process.
        signs: Whether their signature is required.
    """

    participant_id: str
    name: str
    role: Role
    signs: bool = True

    @property
    def leads(self) -> bool:
        """Whether this party runs the process (and so signs last)."""
        return self.role in LEADING_ROLES or self.role is Role.CO_FACILITATOR


@dataclass(frozen=True, slots=True)
class Clause:
    """A clause printed in the agreement (voluntariness, confidentiality, non-completion...)."""

    id: str
    title: str
    text: str


@dataclass(frozen=True, slots=True)
class Agreement:
    """A written agreement, one version of it.

    Attributes:
        session_id: The session it came out of.
        case_reference: The programme's case reference, printed on it.
        template_id: The agreement template it was made from.
        title: Its heading.
        introduction: The introduction, placeholders already filled in (plain text).
        parties: Who is named in it and whether they sign, in order.
        items: The agreed actions; empty means "no agreement reached", a valid outcome.
        clauses: The clauses, in order.
        summary: A short neutral summary, written to be shared.
        referral_source: Who referred the case.
        review_date: When progress is reviewed, if a date was set.
        id: Agreement id (each version has its own).
        version: 1 for the first version; an amendment adds one.
        previous_version_id: The version this one amends.
        status: Draft, finalised or locked.
        assents: Participant ids of the parties who said they can live with it.
        signatures: Signatures so far, in the order given.
        created_at: When this version was made.
        finalised_at: When it was frozen for signing.
        locked_at: When the last required signature was given.
    """

    session_id: str
    case_reference: str
    template_id: str
    title: str
    introduction: str = ""
    parties: tuple[Party, ...] = ()
    items: tuple[AgreementItem, ...] = ()
    clauses: tuple[Clause, ...] = ()
    summary: str = ""
    referral_source: str = ""
    review_date: date | None = None
    id: str = field(default_factory=new_id)
    version: int = 1
    previous_version_id: str | None = None
    status: AgreementStatus = AgreementStatus.DRAFT
    assents: frozenset[str] = frozenset()
    signatures: tuple[Signature, ...] = ()
    created_at: datetime | None = None
    finalised_at: datetime | None = None
    locked_at: datetime | None = None

    def __post_init__(self) -> None:
        _check_text(self.summary, "summary")
        _check_text(self.title, "title")
        if self.version < 1:
            raise AgreementError("An agreement version starts at 1.")
        ids = [p.participant_id for p in self.parties]
        if len(set(ids)) != len(ids):
            raise AgreementError("A person can be named only once among the parties.")

    @property
    def reached(self) -> bool:
        """Whether the parties agreed on any action (an empty agreement is a valid outcome)."""
        return bool(self.items)

    @property
    def signers(self) -> tuple[Party, ...]:
        """The parties whose signature is required, those who lead the process last."""
        needed = [p for p in self.parties if p.signs]
        return tuple(sorted(needed, key=lambda p: p.leads))

    def party(self, participant_id: str) -> Party | None:
        """The party with this participant id, if named."""
        return next((p for p in self.parties if p.participant_id == participant_id), None)

    def signature_of(self, participant_id: str) -> Signature | None:
        """The signature of this participant, if given."""
        return next((s for s in self.signatures if s.signer_id == participant_id), None)


def _check_text(value: str, what: str) -> None:
    if len(value) > MAX_TEXT:
        raise AgreementError(f"The {what} is too long (at most {MAX_TEXT:,} characters).")
    if "\x00" in value:
        raise AgreementError(f"The {what} cannot contain a NUL character.")
