"""Following an agreement through: each item's progress, with dated evidence, and what is due.

Progress is an append-only history of :class:`ProgressEntry` per item, recorded against a
signed (locked) agreement; an item's status is the status of its latest entry, ``pending``
before any. A correction is a new entry, so the record of who said what, when, stays whole.

Amending a signed agreement makes a new version whose items keep their ids unless they were
replaced. Follow-up belongs to the newest signed version of a session's agreement: an item
carried over keeps every entry recorded against the earlier versions; an item dropped by the
amendment leaves the follow-up (its entries stay in the store).

Nothing here reads the time: "today" is always passed in by the caller, from its clock.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import StrEnum

from facilitator.agreements.model import AgreementError, AgreementItem
from facilitator.domain.case import Case
from facilitator.domain.ids import new_id
from facilitator.domain.outcome import CaseOutcome, outcome_of

#: Longest evidence text of one entry: a few sentences, not a document.
MAX_EVIDENCE = 2_000
#: Longest name of who recorded an entry.
MAX_RECORDER = 200


class FollowUpError(AgreementError):
    """A follow-up rule was broken; the message is safe to show to the facilitator."""


class ItemStatus(StrEnum):
    """Where an agreed action stands."""

    PENDING = "pending"
    DONE = "done"
    VERIFIED = "verified"
    NOT_COMPLETED = "not_completed"

    @property
    def label(self) -> str:
        """Human label, as shown in lists."""
        return _STATUS_LABELS[self]

    @property
    def settled(self) -> bool:
        """Whether nothing more is expected of the item (done, verified or not completed)."""
        return self is not ItemStatus.PENDING


_STATUS_LABELS: dict[ItemStatus, str] = {
    ItemStatus.PENDING: "Pending",
    ItemStatus.DONE: "Done",
    ItemStatus.VERIFIED: "Verified",
    ItemStatus.NOT_COMPLETED: "Not completed",
}


@dataclass(frozen=True, slots=True)
class ProgressEntry:
    """One dated piece of evidence about an item, and the status it leaves the item in.

    Attributes:
        agreement_id: The signed agreement version it was recorded against.
        item_id: The item's id (stable across amendments that keep the item).
        status: The item's status from this entry on.
        evidence: What was seen or heard ("second instalment received"); may be empty.
        evidence_date: The day the evidence is about.
        recorded_by: Who recorded it.
        recorded_at: When it was recorded (timezone-aware).
        id: Entry id.
    """

    agreement_id: str
    item_id: str
    status: ItemStatus
    evidence: str
    evidence_date: date
    recorded_by: str
    recorded_at: datetime
    id: str = field(default_factory=new_id)

    def __post_init__(self) -> None:
        if len(self.evidence) > MAX_EVIDENCE:
            raise FollowUpError(f"The evidence is too long (at most {MAX_EVIDENCE:,} characters).")
        if "\x00" in self.evidence or "\x00" in self.recorded_by:
            raise FollowUpError("The text cannot contain a NUL character.")
        if not self.recorded_by.strip():
            raise FollowUpError("Say who is recording this progress.")
        if len(self.recorded_by) > MAX_RECORDER:
            raise FollowUpError(f"A name can be at most {MAX_RECORDER} characters.")
        if self.recorded_at.tzinfo is None or self.recorded_at.utcoffset() is None:
            raise FollowUpError("The time of recording must be timezone-aware.")
        # A day of slack: the recorder's calendar may run ahead of UTC.
        if self.evidence_date > self.recorded_at.date() + timedelta(days=1):
            raise FollowUpError("Evidence cannot be dated in the future.")


@dataclass(frozen=True, slots=True)
class ItemFollowUp:
    """One item of a signed agreement with its progress so far.

    Attributes:
        session_id: The session the agreement came out of.
        agreement_id: The newest signed version, the one the item is read from.
        item: The agreed action.
        entries: Its progress entries, oldest first (including those recorded against earlier
            versions that had the same item).
        responsible_name: The name of who does it, as printed in the agreement ("" if nobody).
    """

    session_id: str
    agreement_id: str
    item: AgreementItem
    entries: tuple[ProgressEntry, ...] = ()
    responsible_name: str = ""

    @property
    def status(self) -> ItemStatus:
        """The latest entry's status; pending before any entry."""
        return self.entries[-1].status if self.entries else ItemStatus.PENDING

    @property
    def latest(self) -> ProgressEntry | None:
        """The latest entry, if any."""
        return self.entries[-1] if self.entries else None

    def is_overdue(self, today: date) -> bool:
        """Whether its date has passed and it is still pending."""
        return is_overdue(self.item.due, self.status, today)

    def is_due_this_week(self, today: date) -> bool:
        """Whether it is due from ``today`` to the coming Sunday and still pending."""
        return is_due_this_week(self.item.due, self.status, today)


@dataclass(frozen=True, slots=True)
class SessionFollowUp:
    """The follow-up of one session's agreement, and the state of its case.

    Attributes:
        session_id: The session.
        case: Its case (``closed_at`` and ``outcome`` say whether and how it was closed).
        agreement_id: The newest signed version of its agreement; ``None`` if none is signed.
        agreement_version: That version's number.
        review_date: The review meeting date (set after signing, else the one printed).
        items: Its items with their progress, in the agreement's order.
    """

    session_id: str
    case: Case
    agreement_id: str | None = None
    agreement_version: int | None = None
    review_date: date | None = None
    items: tuple[ItemFollowUp, ...] = ()

    @property
    def case_closed(self) -> bool:
        """Whether the case is closed (no progress can be recorded then)."""
        return self.case.closed_at is not None

    @property
    def outcome(self) -> CaseOutcome | None:
        """The case's outcome once closed."""
        return outcome_of(self.case)


def week_end(today: date) -> date:
    """The Sunday that ends ``today``'s ISO week (``today`` itself on a Sunday)."""
    return today + timedelta(days=7 - today.isoweekday())


def is_overdue(due: date | None, status: ItemStatus, today: date) -> bool:
    """Whether an item due on ``due`` and at ``status`` is overdue on ``today``."""
    return due is not None and due < today and status is ItemStatus.PENDING


def is_due_this_week(due: date | None, status: ItemStatus, today: date) -> bool:
    """Whether an item due on ``due`` and at ``status`` is due in ``today``'s rest of the week."""
    return due is not None and today <= due <= week_end(today) and status is ItemStatus.PENDING


@dataclass(frozen=True, slots=True)
class DueItem:
    """An item of the overview: what is due, whose case, who does it and who checks it.

    Attributes:
        case_id: The case.
        case_reference: The programme's case reference.
        session_id: The session the agreement came out of.
        agreement_id: The newest signed version of that agreement.
        item: The agreed action.
        due: By when it is due (``item.due``, which the overview requires).
        responsible_name: The name of who does it, as printed in the agreement ("" if nobody).
        status: Its status (pending for every item the overview lists).
    """

    case_id: str
    case_reference: str
    session_id: str
    agreement_id: str
    item: AgreementItem
    due: date
    responsible_name: str
    status: ItemStatus = ItemStatus.PENDING

    @property
    def monitor(self) -> str:
        """Who checks that it is done, as written in the agreement ("" if nobody)."""
        return self.item.monitor.strip()

    def days_late(self, today: date) -> int:
        """How many days after its date ``today`` is (0 or less when not late)."""
        return (today - self.due).days


@dataclass(frozen=True, slots=True)
class MonitorGroup:
    """The overview items one monitor checks.

    Attributes:
        monitor: The monitor's name as written in the agreements ("" when nobody is named).
        overdue: Their overdue items, most overdue first.
        due_this_week: Their items due this week, soonest first.
    """

    monitor: str
    overdue: tuple[DueItem, ...]
    due_this_week: tuple[DueItem, ...]

    @property
    def count(self) -> int:
        """How many items the group holds."""
        return len(self.overdue) + len(self.due_this_week)


@dataclass(frozen=True, slots=True)
class FollowUpOverview:
    """What needs attention on a given day across every open case.

    Attributes:
        today: The day it was made for.
        overdue: Pending items whose date has passed, most overdue first.
        due_this_week: Pending items due from today to Sunday, soonest first.
    """

    today: date
    overdue: tuple[DueItem, ...] = ()
    due_this_week: tuple[DueItem, ...] = ()

    @property
    def by_monitor(self) -> tuple[MonitorGroup, ...]:
        """The items grouped by monitor (alphabetical, case ignored; nobody named last)."""
        overdue: dict[str, list[DueItem]] = {}
        this_week: dict[str, list[DueItem]] = {}
        names: dict[str, str] = {}
        for bucket, items in ((overdue, self.overdue), (this_week, self.due_this_week)):
            for d in items:
                key = d.monitor.casefold()
                names.setdefault(key, d.monitor)
                bucket.setdefault(key, []).append(d)
        order = sorted(names, key=lambda key: (key == "", key))
        return tuple(
            MonitorGroup(
                monitor=names[key],
                overdue=tuple(overdue.get(key, ())),
                due_this_week=tuple(this_week.get(key, ())),
            )
            for key in order
        )

    @property
    def empty(self) -> bool:
        """Whether nothing is overdue or due this week."""
        return not self.overdue and not self.due_this_week


def build_overview(today: date, candidates: Iterable[DueItem]) -> FollowUpOverview:
    """Sort items into overdue and due this week for ``today``; others are left out."""
    overdue: list[DueItem] = []
    this_week: list[DueItem] = []
    for d in candidates:
        if is_overdue(d.due, d.status, today):
            overdue.append(d)
        elif is_due_this_week(d.due, d.status, today):
            this_week.append(d)

    def key(d: DueItem) -> tuple[date, str, str]:
        return (d.due, d.case_reference.casefold(), d.item.id)

    return FollowUpOverview(
        today=today,
        overdue=tuple(sorted(overdue, key=key)),
        due_this_week=tuple(sorted(this_week, key=key)),
    )


def suggest_outcome(items: Sequence[ItemFollowUp]) -> CaseOutcome:
    """The outcome the items' statuses point to, as a default when closing a case.

    No items (no agreement, or an empty one) suggests "no agreement reached"; every item done
    or verified suggests "completed"; none of them, "not completed"; otherwise "partly".
    The facilitator decides: this is only where the choice starts.
    """
    if not items:
        return CaseOutcome.NO_AGREEMENT
    done = sum(f.status in (ItemStatus.DONE, ItemStatus.VERIFIED) for f in items)
    if done == len(items):
        return CaseOutcome.COMPLETED
    if done == 0:
        return CaseOutcome.NOT_COMPLETED
    return CaseOutcome.PARTLY_COMPLETED
