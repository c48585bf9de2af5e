"""The history list's queries: filters and sorting in the database, rows for a page of ids."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime, timedelta

import pytest

from facilitator.agreements.model import Agreement, AgreementStatus
from facilitator.domain.case import Case, Participant
from facilitator.domain.process import PhaseTemplate, ProcessKind, ProcessTemplate
from facilitator.domain.roles import Role
from facilitator.domain.session import SessionInfo, SessionStatus
from facilitator.storage.history import (
    HistoryColumn,
    HistoryFilter,
    HistoryRow,
    HistorySort,
    ProcessChoice,
)
from facilitator.storage.store import Store

DAY = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)


def _template(template_id: str, name: str) -> ProcessTemplate:
    return ProcessTemplate(
        id=template_id,
        name=name,
        kind=ProcessKind.CIRCLE,
        phases=(PhaseTemplate(id="p", title="P"),),
    )


CIRCLE = _template("circle", "Peacemaking circle")
CONFERENCE = _template("conference", "Restorative conference")


def _session(
    store: Store,
    case: Case,
    template: ProcessTemplate,
    *,
    day: int,
    people: int,
    started: bool = True,
) -> str:
    when = DAY + timedelta(days=day)
    info = SessionInfo(
        case_id=case.id,
        template=template,
        created_at=when - timedelta(days=3),
        started_at=when if started else None,
        status=SessionStatus.ENDED if started else SessionStatus.PLANNED,
    )
    participants = [Participant(f"Person {i}", Role.COMMUNITY_MEMBER) for i in range(people)]
    return store.create_session(info, participants).id


def _agreement(store: Store, session_id: str, version: int, status: AgreementStatus) -> None:
    store.agreements.save(
        Agreement(
            session_id=session_id,
            case_reference="",
            template_id="t",
            title="Agreement",
            version=version,
            status=status,
            created_at=DAY + timedelta(hours=version),
        )
    )


@pytest.fixture
def sample(store: Store) -> dict[str, str]:
    """Five sessions over three cases: different days, processes, sizes and agreements."""
    open_case = store.add_case(Case("RJ-2026-001"))
    closed = store.add_case(
        Case("RJ-2026-002", closed_at=DAY + timedelta(days=40), outcome="completed")
    )
    odd = store.add_case(Case("odd_ref 100%"))
    ids = {
        "a": _session(store, open_case, CIRCLE, day=0, people=3),
        "b": _session(store, open_case, CONFERENCE, day=5, people=6),
        "c": _session(store, closed, CONFERENCE, day=10, people=4),
        "d": _session(store, closed, CIRCLE, day=20, people=2),
        "e": _session(store, odd, CIRCLE, day=30, people=5, started=False),
    }
    _agreement(store, ids["b"], 1, AgreementStatus.DRAFT)
    _agreement(store, ids["c"], 1, AgreementStatus.LOCKED)
    _agreement(store, ids["c"], 2, AgreementStatus.FINALISED)
    _agreement(store, ids["d"], 1, AgreementStatus.LOCKED)
    return ids


def _names(ids: list[str], sample: dict[str, str]) -> str:
    by_id = {v: k for k, v in sample.items()}
    return "".join(by_id[i] for i in ids)


def test_by_default_every_session_is_listed_newest_first(
    store: Store, sample: dict[str, str]
) -> None:
    # "e" never started: its date is when it was set up (day 27), still the newest.
    assert _names(store.history.ids(), sample) == "edcba"


@pytest.mark.parametrize(
    ("column", "ascending", "descending"),
    [
        (HistoryColumn.DATE, "abcde", "edcba"),
        (HistoryColumn.CASE, "ebadc", "dcbae"),
        (HistoryColumn.PROCESS, "edacb", "cbeda"),
        (HistoryColumn.PARTICIPANTS, "daceb", "becad"),
        (HistoryColumn.AGREEMENT, "eabcd", "dcbea"),
        (HistoryColumn.OUTCOME, "ebadc", "dceba"),
    ],
)
def test_each_column_sorts_both_ways_with_newest_first_among_ties(
    store: Store, sample: dict[str, str], column: HistoryColumn, ascending: str, descending: str
) -> None:
    up = _names(store.history.ids(sort=HistorySort(column, descending=False)), sample)
    down = _names(store.history.ids(sort=HistorySort(column, descending=True)), sample)
    assert (up, down) == (ascending, descending)


def test_agreement_order_goes_from_none_through_draft_and_finalised_to_locked(
    store: Store, sample: dict[str, str]
) -> None:
    ids = store.history.ids(sort=HistorySort(HistoryColumn.AGREEMENT, descending=True))
    rank = {None: 0, AgreementStatus.DRAFT: 1, AgreementStatus.FINALISED: 2}
    rank[AgreementStatus.LOCKED] = 3
    statuses = [rank[r.agreement_status] for r in store.history.rows(ids)]
    assert statuses == sorted(statuses, reverse=True)
    # "c" is locked in version 1 but its newest version (2) is only finalised.
    assert _names(ids, sample) == "dcbea"


def test_filters_by_day_range_inclusive(store: Store, sample: dict[str, str]) -> None:
    first = (DAY + timedelta(days=5)).astimezone().date()
    last = (DAY + timedelta(days=20)).astimezone().date()
    found = store.history.ids(HistoryFilter(date_from=first, date_to=last))
    assert _names(found, sample) == "dcb"
    assert _names(store.history.ids(HistoryFilter(date_to=first)), sample) == "ba"
    assert store.history.ids(HistoryFilter(date_from=date(2030, 1, 1))) == []


def test_filters_by_process_status_and_case_text(store: Store, sample: dict[str, str]) -> None:
    history = store.history
    assert _names(history.ids(HistoryFilter(template_ids=frozenset({"conference"}))), sample) == (
        "cb"
    )
    no_agreement = HistoryFilter(agreement_statuses=frozenset({None}))
    assert _names(history.ids(no_agreement), sample) == "ea"
    mixed = HistoryFilter(agreement_statuses=frozenset({None, AgreementStatus.LOCKED}))
    assert _names(history.ids(mixed), sample) == "eda"
    # The newest version counts: "c"'s locked first version is history.
    locked = HistoryFilter(agreement_statuses=frozenset({AgreementStatus.LOCKED}))
    assert _names(history.ids(locked), sample) == "d"
    assert _names(history.ids(HistoryFilter(case_text="rj-2026-002")), sample) == "dc"
    # LIKE's wildcards are plain characters in what the facilitator types.
    assert _names(history.ids(HistoryFilter(case_text="_ref 100%")), sample) == "e"
    assert history.ids(HistoryFilter(case_text="2026_00")) == []
    both = HistoryFilter(template_ids=frozenset({"circle"}), case_text="RJ")
    assert _names(history.ids(both, HistorySort(HistoryColumn.DATE, False)), sample) == "ad"


def test_rows_come_back_in_the_order_asked_with_their_figures(
    store: Store, sample: dict[str, str]
) -> None:
    ids = [sample["c"], sample["a"], "0" * 32, sample["e"]]
    rows = store.history.rows(ids)
    assert [r.session_id for r in rows] == [sample["c"], sample["a"], sample["e"]]
    c, a, e = rows
    assert c == HistoryRow(
        session_id=sample["c"],
        case_id=c.case_id,
        case_reference="RJ-2026-002",
        when=DAY + timedelta(days=10),
        process_name="Restorative conference",
        template_id="conference",
        title="",
        status=SessionStatus.ENDED,
        participant_count=4,
        agreement_status=AgreementStatus.FINALISED,
        agreement_version=2,
        case_outcome="completed",
    )
    assert (a.agreement_status, a.agreement_version, a.case_outcome) == (None, None, "")
    assert a.participant_count == 3
    assert e.status is SessionStatus.PLANNED
    assert e.when == DAY + timedelta(days=27)
    assert store.history.rows([]) == []


def test_an_outcome_is_shown_only_once_the_case_is_closed(store: Store) -> None:
    case = store.add_case(Case("RJ-9", outcome="completed"))
    sid = _session(store, case, CIRCLE, day=0, people=1)
    assert store.history.rows([sid])[0].case_outcome == ""
    store.update_case(dataclasses.replace(case, closed_at=DAY))
    assert store.history.rows([sid])[0].case_outcome == "completed"


def test_processes_for_the_filter_are_those_sessions_ran(
    store: Store, sample: dict[str, str]
) -> None:
    assert store.history.list_processes() == [
        ProcessChoice("circle", "Peacemaking circle"),
        ProcessChoice("conference", "Restorative conference"),
    ]


def test_an_empty_store_has_no_history(store: Store) -> None:
    assert store.history.ids() == []
    assert store.history.list_processes() == []


def test_the_recent_sessions_are_the_head_of_the_full_list(
    store: Store, sample: dict[str, str]
) -> None:
    everything = store.list_sessions()
    assert store.history.recent(3) == everything[:3]
    assert store.history.recent(100) == everything
    assert [s.participant_count for s in store.history.recent(2)] == [5, 2]
