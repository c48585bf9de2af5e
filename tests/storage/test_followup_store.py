"""Follow-up in the store: progress on signed agreements, amendments, review dates, the overview,
closing cases; on SQLite and PostgreSQL."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime, timedelta

import pytest
from followup_store_samples import SIGNED, Spec, amended, sign_all, signed_agreement

from facilitator.agreements.followup import MAX_EVIDENCE, ItemStatus
from facilitator.agreements.lifecycle import edit
from facilitator.agreements.model import AgreementItem, ItemKind
from facilitator.domain.outcome import CaseOutcome, outcome_of
from facilitator.storage.errors import NotFound
from facilitator.storage.followup import FollowUpRuleError
from facilitator.storage.store import Store

#: A Wednesday; its ISO week ends on Sunday 2026-03-08.
TODAY = date(2026, 3, 4)
LATER = SIGNED + timedelta(days=2)


def record(
    store: Store,
    agreement_id: str,
    item_id: str,
    status: ItemStatus,
    evidence: str = "seen",
    *,
    day: date = TODAY,
    by: str = "Fen Okoro",
    at: datetime = LATER,
) -> None:
    store.followup.record_progress(
        agreement_id,
        item_id,
        status=status,
        evidence=evidence,
        evidence_date=day,
        recorded_by=by,
        recorded_at=at,
    )


def test_progress_is_a_dated_history_and_the_latest_entry_sets_the_status(
    store_url: str,
) -> None:
    with Store.open(store_url) as store:
        agreement = signed_agreement(
            store, "C-1", [Spec("Repaint the shed", TODAY), Spec("Write a letter", TODAY)]
        )
        paint, letter = agreement.items
        record(
            store, agreement.id, paint.id, ItemStatus.PENDING, "first coat", day=date(2026, 3, 3)
        )
        record(
            store,
            agreement.id,
            paint.id,
            ItemStatus.DONE,
            "second coat",
            by="Harriet Vale",
            at=LATER + timedelta(hours=1),
        )
    with Store.open(store_url) as store:
        follow_ups = store.followup.item_follow_ups(agreement.session_id)
    assert [f.item.id for f in follow_ups] == [paint.id, letter.id]
    painted, written = follow_ups
    assert painted.status is ItemStatus.DONE
    assert [(e.evidence, e.evidence_date, e.recorded_by) for e in painted.entries] == [
        ("first coat", date(2026, 3, 3), "Fen Okoro"),
        ("second coat", TODAY, "Harriet Vale"),
    ]
    assert painted.entries[0].recorded_at == LATER
    assert written.status is ItemStatus.PENDING
    assert written.entries == ()
    assert painted.responsible_name == "Robin Ashdown"


def test_a_correction_is_a_new_entry_and_the_earlier_ones_stay(store: Store) -> None:
    agreement = signed_agreement(store, "C-1", [Spec("Pay back EUR 85", TODAY)])
    item = agreement.items[0]
    record(store, agreement.id, item.id, ItemStatus.VERIFIED, at=LATER)
    # Entries recorded in the same second are still ordered as they were recorded.
    record(store, agreement.id, item.id, ItemStatus.PENDING, "a payment bounced", at=LATER)
    (follow_up,) = store.followup.item_follow_ups(agreement.session_id)
    assert [e.status for e in follow_up.entries] == [ItemStatus.VERIFIED, ItemStatus.PENDING]
    assert follow_up.status is ItemStatus.PENDING


def test_progress_needs_a_signed_agreement(store: Store) -> None:
    signed = signed_agreement(store, "C-1", [Spec("Repaint the shed", TODAY)])
    draft = amended(store, signed, signed.items, lock=False, at=LATER)
    with pytest.raises(FollowUpRuleError, match="signed"):
        record(store, draft.id, draft.items[0].id, ItemStatus.DONE)
    assert store.followup.item_follow_ups(signed.session_id)[0].entries == ()


def test_unknown_agreement_or_item_is_not_found(store: Store) -> None:
    agreement = signed_agreement(store, "C-1", [Spec("Repaint the shed", TODAY)])
    with pytest.raises(NotFound):
        record(store, "0" * 32, agreement.items[0].id, ItemStatus.DONE)
    with pytest.raises(NotFound):
        record(store, agreement.id, "f" * 32, ItemStatus.DONE)


@pytest.mark.parametrize(
    ("evidence", "day", "by", "reason"),
    [
        ("x" * (MAX_EVIDENCE + 1), TODAY, "Fen", "too long"),
        ("ok", SIGNED.date() + timedelta(days=5), "Fen", "future"),
        ("ok", TODAY, "   ", "who is recording"),
        ("nul\x00", TODAY, "Fen", "NUL"),
    ],
)
def test_an_entry_that_breaks_a_rule_is_refused_and_nothing_is_stored(
    store: Store, evidence: str, day: date, by: str, reason: str
) -> None:
    agreement = signed_agreement(store, "C-1", [Spec("Repaint the shed", TODAY)])
    with pytest.raises(FollowUpRuleError, match=reason):
        record(
            store, agreement.id, agreement.items[0].id, ItemStatus.DONE, evidence, day=day, by=by
        )
    assert store.followup.item_follow_ups(agreement.session_id)[0].entries == ()


def test_an_amendment_keeps_the_entries_of_the_items_it_carries_over(store: Store) -> None:
    v1 = signed_agreement(
        store, "C-1", [Spec("Repaint the shed", TODAY), Spec("Write a letter", TODAY)]
    )
    paint, letter = v1.items
    record(store, v1.id, paint.id, ItemStatus.DONE, "painted")
    record(store, v1.id, letter.id, ItemStatus.NOT_COMPLETED, "no letter")
    new_item = AgreementItem(kind=ItemKind.OTHER, description="Meet the volunteers", due=TODAY)
    moved = dataclasses.replace(paint, due=TODAY + timedelta(days=7))
    draft = amended(store, v1, [moved, new_item], lock=False, at=LATER)

    # While the amendment is a draft, v1 is still the one followed up and takes progress.
    assert {f.agreement_id for f in store.followup.item_follow_ups(v1.session_id)} == {v1.id}
    record(store, v1.id, paint.id, ItemStatus.VERIFIED, "checked", at=LATER + timedelta(hours=1))

    v2 = store.agreements.save(sign_all(draft, LATER + timedelta(hours=2)))
    follow_ups = store.followup.item_follow_ups(v1.session_id)
    assert [f.item.id for f in follow_ups] == [paint.id, new_item.id]
    assert {f.agreement_id for f in follow_ups} == {v2.id}
    carried, added = follow_ups
    assert carried.item.due == TODAY + timedelta(days=7)
    assert [e.evidence for e in carried.entries] == ["painted", "checked"]
    assert carried.status is ItemStatus.VERIFIED
    assert added.status is ItemStatus.PENDING
    with pytest.raises(FollowUpRuleError, match="amended"):
        record(store, v1.id, paint.id, ItemStatus.DONE)
    record(store, v2.id, new_item.id, ItemStatus.DONE, "met")
    assert store.followup.item_follow_ups(v1.session_id)[1].status is ItemStatus.DONE


def test_a_session_without_a_signed_agreement_has_no_follow_up(store: Store) -> None:
    signed = signed_agreement(store, "C-1", [Spec("Repaint the shed", TODAY)])
    assert store.followup.item_follow_ups(signed.session_id) != []
    other = signed_agreement(store, "C-2", [])
    assert store.followup.item_follow_ups(other.session_id) == []
    with pytest.raises(NotFound):
        store.followup.item_follow_ups("0" * 32)


def test_the_review_date_starts_as_printed_and_can_be_moved_or_cleared(store: Store) -> None:
    printed = date(2026, 4, 1)
    agreement = signed_agreement(store, "C-1", [Spec("Repaint", TODAY)], review=printed)
    assert store.followup.review_date(agreement.id) == printed
    store.followup.set_review_date(agreement.id, date(2026, 4, 15))
    assert store.followup.review_date(agreement.id) == date(2026, 4, 15)
    assert store.followup.session_follow_up(agreement.session_id).review_date == date(2026, 4, 15)
    store.followup.set_review_date(agreement.id, None)
    assert store.followup.review_date(agreement.id) is None
    # The signed agreement itself never changes.
    assert store.agreements.get(agreement.id).review_date == printed


def test_a_draft_keeps_its_review_date_in_the_agreement(store: Store) -> None:
    signed = signed_agreement(store, "C-1", [Spec("Repaint", TODAY)])
    draft = amended(store, signed, signed.items, lock=False, at=LATER)
    store.agreements.save(edit(draft, review_date=date(2026, 5, 1)))
    assert store.followup.review_date(draft.id) == date(2026, 5, 1)
    with pytest.raises(FollowUpRuleError, match="not yet signed"):
        store.followup.set_review_date(draft.id, date(2026, 6, 1))
    with pytest.raises(NotFound):
        store.followup.review_date("0" * 32)


def test_the_overview_lists_overdue_and_this_weeks_pending_items_by_monitor(
    store: Store,
) -> None:
    first = signed_agreement(
        store,
        "C-1",
        [
            Spec("Overdue since Monday", date(2026, 3, 2), "Marta"),
            Spec("Due today", TODAY, "marta"),
            Spec("Due on Sunday", date(2026, 3, 8), "Dmitri"),
            Spec("Due next Monday", date(2026, 3, 9), "Marta"),
            Spec("No date", None, "Marta"),
            Spec("Done though late", date(2026, 3, 1), "Marta"),
            Spec("Not completed", date(2026, 3, 1), "Marta"),
        ],
        responsible="Robin Ashdown",
    )
    second = signed_agreement(
        store,
        "C-2",
        [Spec("Oldest overdue", date(2026, 2, 20)), Spec("Verified", TODAY, "Dmitri")],
        responsible="Sam Quill",
    )
    closed = signed_agreement(store, "C-3", [Spec("Of a closed case", date(2026, 3, 1), "Marta")])
    record(store, first.id, first.items[5].id, ItemStatus.DONE)
    record(store, first.id, first.items[6].id, ItemStatus.NOT_COMPLETED)
    record(store, second.id, second.items[1].id, ItemStatus.VERIFIED)
    # A pending entry (partial progress) keeps an item in the overview.
    record(store, first.id, first.items[0].id, ItemStatus.PENDING, "half done")
    case_id = store.get_session(closed.session_id).case_id
    store.followup.close_case(case_id, CaseOutcome.NOT_COMPLETED, LATER)

    overview = store.followup.overview(TODAY)

    assert overview.today == TODAY
    assert [d.item.description for d in overview.overdue] == [
        "Oldest overdue",
        "Overdue since Monday",
    ]
    assert [d.item.description for d in overview.due_this_week] == ["Due today", "Due on Sunday"]
    oldest = overview.overdue[0]
    assert (oldest.case_reference, oldest.session_id, oldest.agreement_id) == (
        "C-2",
        second.session_id,
        second.id,
    )
    assert oldest.case_id == store.get_session(second.session_id).case_id
    assert oldest.responsible_name == "Sam Quill"
    assert oldest.days_late(TODAY) == 12
    assert overview.overdue[1].responsible_name == "Robin Ashdown"
    groups = overview.by_monitor
    assert [(g.monitor.casefold(), g.count) for g in groups] == [
        ("dmitri", 1),
        ("marta", 2),
        ("", 1),
    ]
    marta = groups[1]
    assert [d.item.description for d in marta.overdue] == ["Overdue since Monday"]
    assert [d.item.description for d in marta.due_this_week] == ["Due today"]


def test_on_sunday_the_week_is_only_today(store: Store) -> None:
    signed_agreement(
        store, "C-1", [Spec("Sunday", date(2026, 3, 8)), Spec("Monday", date(2026, 3, 9))]
    )
    assert [
        d.item.description for d in store.followup.overview(date(2026, 3, 8)).due_this_week
    ] == ["Sunday"]
    assert [
        d.item.description for d in store.followup.overview(date(2026, 3, 9)).due_this_week
    ] == ["Monday"]


def test_the_overview_follows_the_newest_signed_version(store: Store) -> None:
    v1 = signed_agreement(store, "C-1", [Spec("Repaint", date(2026, 3, 3))])
    item = v1.items[0]
    v2 = amended(store, v1, [dataclasses.replace(item, due=date(2026, 3, 6))], lock=True, at=LATER)
    overview = store.followup.overview(TODAY)
    assert overview.overdue == ()
    assert [(d.agreement_id, d.due) for d in overview.due_this_week] == [(v2.id, date(2026, 3, 6))]


def test_closing_a_case_records_its_outcome_and_stops_progress(store_url: str) -> None:
    with Store.open(store_url) as store:
        agreement = signed_agreement(store, "C-1", [Spec("Repaint", TODAY)])
        case_id = store.get_session(agreement.session_id).case_id
        closed = store.followup.close_case(case_id, CaseOutcome.PARTLY_COMPLETED, LATER)
        assert closed.closed_at == LATER
        assert closed.outcome == "partly_completed"
    with Store.open(store_url) as store:
        case = store.get_case(case_id)
        assert outcome_of(case) is CaseOutcome.PARTLY_COMPLETED
        assert store.followup.session_follow_up(agreement.session_id).case_closed
        with pytest.raises(FollowUpRuleError, match="closed already"):
            store.followup.close_case(case_id, CaseOutcome.COMPLETED, LATER)
        with pytest.raises(FollowUpRuleError, match="closed"):
            record(store, agreement.id, agreement.items[0].id, ItemStatus.DONE)
        reopened = store.followup.reopen_case(case_id)
        assert (reopened.closed_at, reopened.outcome) == (None, "")
        record(store, agreement.id, agreement.items[0].id, ItemStatus.DONE)
        with pytest.raises(FollowUpRuleError, match="not closed"):
            store.followup.reopen_case(case_id)


def test_closing_needs_a_sensible_time_and_an_existing_case(store: Store) -> None:
    agreement = signed_agreement(store, "C-1", [])
    case_id = store.get_session(agreement.session_id).case_id
    with pytest.raises(FollowUpRuleError, match="timezone"):
        store.followup.close_case(case_id, CaseOutcome.WITHDRAWN, datetime(2026, 3, 4, 12))
    with pytest.raises(FollowUpRuleError, match="before it was opened"):
        store.followup.close_case(case_id, CaseOutcome.WITHDRAWN, SIGNED - timedelta(days=60))
    with pytest.raises(NotFound):
        store.followup.close_case("0" * 32, CaseOutcome.WITHDRAWN, LATER)
    assert store.get_case(case_id).closed_at is None


def test_session_follow_up_gathers_what_the_panel_shows(store: Store) -> None:
    agreement = signed_agreement(store, "C-1", [Spec("Repaint", TODAY)], review=date(2026, 4, 1))
    record(store, agreement.id, agreement.items[0].id, ItemStatus.DONE)
    follow_up = store.followup.session_follow_up(agreement.session_id)
    assert follow_up.agreement_id == agreement.id
    assert follow_up.agreement_version == 1
    assert follow_up.review_date == date(2026, 4, 1)
    assert follow_up.case.reference == "C-1"
    assert not follow_up.case_closed
    assert follow_up.outcome is None
    assert [f.status for f in follow_up.items] == [ItemStatus.DONE]


def test_recording_time_is_utc_aware_after_a_round_trip(store: Store) -> None:
    agreement = signed_agreement(store, "C-1", [Spec("Repaint", TODAY)])
    record(store, agreement.id, agreement.items[0].id, ItemStatus.DONE, at=LATER)
    entry = store.followup.item_follow_ups(agreement.session_id)[0].entries[0]
    assert entry.recorded_at.tzinfo is not None
    assert entry.recorded_at == LATER.astimezone(UTC)


def test_an_unknown_status_or_outcome_is_a_clear_refusal(store: Store) -> None:
    agreement = signed_agreement(store, "C-1", [Spec("Repaint", TODAY)])
    case_id = store.get_session(agreement.session_id).case_id
    with pytest.raises(FollowUpRuleError, match="status"):
        record(store, agreement.id, agreement.items[0].id, "finished")  # type: ignore[arg-type]
    with pytest.raises(FollowUpRuleError, match="outcome"):
        store.followup.close_case(case_id, "great", LATER)  # type: ignore[arg-type]
    assert store.get_case(case_id).closed_at is None
