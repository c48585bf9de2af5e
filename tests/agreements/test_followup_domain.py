"""Follow-up rules without a store: statuses, the week, overdue, grouping, outcomes."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from facilitator.agreements.followup import (
    MAX_EVIDENCE,
    DueItem,
    FollowUpError,
    ItemFollowUp,
    ItemStatus,
    ProgressEntry,
    build_overview,
    is_due_this_week,
    is_overdue,
    suggest_outcome,
    week_end,
)
from facilitator.agreements.model import AgreementItem, ItemKind
from facilitator.domain.case import Case, DomainError
from facilitator.domain.outcome import CaseOutcome, outcome_of

WEDNESDAY = date(2026, 3, 4)
AT = datetime(2026, 3, 4, 12, tzinfo=UTC)


def entry(status: ItemStatus, *, day: date = WEDNESDAY, evidence: str = "") -> ProgressEntry:
    return ProgressEntry("a" * 32, "i" * 32, status, evidence, day, "Fen", AT)


def item(due: date | None, monitor: str = "") -> AgreementItem:
    return AgreementItem(kind=ItemKind.OTHER, description="Do it", due=due, monitor=monitor)


def due_item(due: date, monitor: str = "", status: ItemStatus = ItemStatus.PENDING) -> DueItem:
    return DueItem("c", "REF", "s", "a", item(due, monitor), due, "Robin", status)


@pytest.mark.parametrize(
    ("today", "sunday"),
    [
        (date(2026, 3, 2), date(2026, 3, 8)),  # Monday
        (date(2026, 3, 4), date(2026, 3, 8)),  # Wednesday
        (date(2026, 3, 8), date(2026, 3, 8)),  # Sunday
        (date(2026, 12, 28), date(2027, 1, 3)),  # across the year
    ],
)
def test_the_week_ends_on_the_coming_sunday(today: date, sunday: date) -> None:
    assert week_end(today) == sunday


@given(st.dates(max_value=date(9999, 12, 24)))
def test_week_end_is_a_sunday_within_six_days(today: date) -> None:
    end = week_end(today)
    assert end.isoweekday() == 7
    assert 0 <= (end - today).days <= 6


def test_overdue_and_due_this_week_need_a_date_and_a_pending_status() -> None:
    yesterday = WEDNESDAY - timedelta(days=1)
    assert is_overdue(yesterday, ItemStatus.PENDING, WEDNESDAY)
    assert not is_overdue(WEDNESDAY, ItemStatus.PENDING, WEDNESDAY)
    assert not is_overdue(None, ItemStatus.PENDING, WEDNESDAY)
    for settled in (ItemStatus.DONE, ItemStatus.VERIFIED, ItemStatus.NOT_COMPLETED):
        assert settled.settled
        assert not is_overdue(yesterday, settled, WEDNESDAY)
        assert not is_due_this_week(WEDNESDAY, settled, WEDNESDAY)
    assert is_due_this_week(WEDNESDAY, ItemStatus.PENDING, WEDNESDAY)
    assert is_due_this_week(date(2026, 3, 8), ItemStatus.PENDING, WEDNESDAY)
    assert not is_due_this_week(date(2026, 3, 9), ItemStatus.PENDING, WEDNESDAY)
    assert not is_due_this_week(yesterday, ItemStatus.PENDING, WEDNESDAY)


def test_an_items_status_is_its_latest_entrys() -> None:
    follow_up = ItemFollowUp("s", "a", item(WEDNESDAY - timedelta(days=2)))
    assert follow_up.status is ItemStatus.PENDING
    assert follow_up.latest is None
    assert follow_up.is_overdue(WEDNESDAY)
    done = ItemFollowUp(
        "s", "a", follow_up.item, (entry(ItemStatus.PENDING), entry(ItemStatus.DONE))
    )
    assert done.status is ItemStatus.DONE
    assert not done.is_overdue(WEDNESDAY)
    assert not done.is_due_this_week(WEDNESDAY)


def test_an_entry_checks_its_fields() -> None:
    assert entry(ItemStatus.DONE, evidence="x" * MAX_EVIDENCE).evidence
    with pytest.raises(FollowUpError, match="too long"):
        entry(ItemStatus.DONE, evidence="x" * (MAX_EVIDENCE + 1))
    # The recorder's calendar may be a day ahead of UTC; two days is the future.
    assert entry(ItemStatus.DONE, day=AT.date() + timedelta(days=1))
    with pytest.raises(FollowUpError, match="future"):
        entry(ItemStatus.DONE, day=AT.date() + timedelta(days=2))
    with pytest.raises(FollowUpError, match="timezone"):
        ProgressEntry("a", "i", ItemStatus.DONE, "", WEDNESDAY, "Fen", datetime(2026, 3, 4))
    with pytest.raises(FollowUpError, match="who"):
        ProgressEntry("a", "i", ItemStatus.DONE, "", WEDNESDAY, " ", AT)


def test_the_overview_sorts_and_groups_by_monitor() -> None:
    overview = build_overview(
        WEDNESDAY,
        [
            due_item(date(2026, 3, 8), "zoe"),
            due_item(date(2026, 3, 1), "Ana"),
            due_item(date(2026, 3, 3), ""),
            due_item(date(2026, 3, 5), "ana"),
            due_item(date(2026, 3, 2), "Zoe", ItemStatus.DONE),
            due_item(date(2026, 3, 20), "Ana"),
        ],
    )
    assert [d.due.day for d in overview.overdue] == [1, 3]
    assert [d.due.day for d in overview.due_this_week] == [5, 8]
    groups = overview.by_monitor
    assert [(g.monitor.casefold(), len(g.overdue), len(g.due_this_week)) for g in groups] == [
        ("ana", 1, 1),
        ("zoe", 0, 1),
        ("", 1, 0),
    ]
    assert not overview.empty
    assert build_overview(WEDNESDAY, []).empty


@pytest.mark.parametrize(
    ("statuses", "expected"),
    [
        ((), CaseOutcome.NO_AGREEMENT),
        ((ItemStatus.DONE, ItemStatus.VERIFIED), CaseOutcome.COMPLETED),
        ((ItemStatus.DONE, ItemStatus.NOT_COMPLETED), CaseOutcome.PARTLY_COMPLETED),
        ((ItemStatus.PENDING, ItemStatus.NOT_COMPLETED), CaseOutcome.NOT_COMPLETED),
    ],
)
def test_the_suggested_outcome_follows_the_items(
    statuses: tuple[ItemStatus, ...], expected: CaseOutcome
) -> None:
    items = [ItemFollowUp("s", "a", item(None), (entry(status),)) for status in statuses]
    assert suggest_outcome(items) is expected


def test_a_cases_outcome_is_read_only_once_closed() -> None:
    assert outcome_of(Case("R", outcome="completed")) is None
    assert outcome_of(Case("R", closed_at=AT, outcome="withdrawn")) is CaseOutcome.WITHDRAWN
    with pytest.raises(DomainError):
        outcome_of(Case("R", closed_at=AT, outcome="lost"))
    assert CaseOutcome.NO_AGREEMENT.label == "No agreement reached"
