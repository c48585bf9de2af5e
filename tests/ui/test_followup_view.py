"""The follow-up screens over a generated store: the overview by monitor, one-click progress,
the agreement's follow-up panel with its review date, and closing a case."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from followup_view_samples import NOW, TODAY, generated_store, signed_case
from PySide6.QtCore import QDate, QModelIndex, QPoint, Qt
from PySide6.QtWidgets import QDialogButtonBox, QLabel, QTreeView
from pytestqt.qtbot import QtBot

from facilitator.agreements.followup import ItemStatus
from facilitator.agreements.lifecycle import amend
from facilitator.agreements.model import Agreement
from facilitator.domain.outcome import CaseOutcome, outcome_of
from facilitator.domain.session import SessionInfo
from facilitator.engine.clock import FakeClock
from facilitator.storage.store import Store
from ui.followup.agreement_panel import NO_DATE, AgreementFollowUpPanel
from ui.followup.close_case_dialog import CloseCaseDialog
from ui.followup.followup_view import PROGRESS, FollowUpView
from ui.followup.progress_dialog import ProgressDialog
from ui.followup.tree_model import ACTION_ROLE, TreeModel

FACILITATOR = "Aroha Ngata"


@pytest.fixture
def now_clock() -> FakeClock:
    """Wednesday 4 March 2026, 10:00 UTC."""
    return FakeClock(wall_start=NOW)


@pytest.fixture
def followup_store(tmp_path: Path) -> Iterator[Store]:
    """A store file with three open cases whose agreements everyone signed."""
    with Store.open(f"sqlite:///{tmp_path / 'followup.sqlite3'}") as store:
        yield store


@pytest.fixture
def agreements(followup_store: Store) -> list[Agreement]:
    """The signed agreements of the generated store."""
    return generated_store(followup_store)


@pytest.fixture
def view(
    qtbot: QtBot, followup_store: Store, now_clock: FakeClock, agreements: list[Agreement]
) -> FollowUpView:
    """The overview page, shown at a laptop's size."""
    shown = FollowUpView(followup_store, now_clock, FACILITATOR)
    qtbot.addWidget(shown)
    shown.resize(1366, 768)
    shown.show()
    qtbot.waitExposed(shown)
    return shown


def rows(model: TreeModel, parent: QModelIndex | None = None) -> list[str]:
    """The first-column texts under ``parent``."""
    under = parent or QModelIndex()
    return [str(model.index(r, 0, under).data()) for r in range(model.rowCount(under))]


def row_of(model: TreeModel, text: str) -> QModelIndex:
    """The first-column index of the row showing ``text``."""
    return next(i for i in model.indexes() if i.data() == text)


def click_row_button(qtbot: QtBot, tree: QTreeView, index: QModelIndex) -> None:
    """One click on the button drawn in the row's last cell."""
    button_cell = index.siblingAtColumn(PROGRESS)
    tree.scrollTo(button_cell)
    rect = tree.visualRect(button_cell)
    assert rect.isValid()
    qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def save(qtbot: QtBot, dialog: ProgressDialog | CloseCaseDialog) -> None:
    """Press the dialog's Save (progress) or Close case (case) button."""
    box = dialog.buttons
    ok = box.button(QDialogButtonBox.StandardButton.Save) or box.button(
        QDialogButtonBox.StandardButton.Ok
    )
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)


# ----------------------------------------------------------------------------- the overview


def test_overdue_comes_first_then_this_week_each_grouped_by_monitor(
    view: FollowUpView, qtmodeltester: object
) -> None:
    qtmodeltester.check(view.model)  # type: ignore[attr-defined]
    model = view.model
    assert rows(model) == ["Overdue (2)", "Due this week (3)"]
    overdue, this_week = (model.index(r, 0) for r in range(2))
    assert rows(model, overdue) == ["Lin Chen (1)", "Marta K. (1)"]
    assert rows(model, this_week) == ["Aroha Ngata (1)", "Lin Chen (1)", "No monitor named (1)"]
    lin = model.index(0, 0, overdue)
    assert rows(model, lin) == ["Attend four sessions of the youth programme"]
    late = model.index(0, 0, lin)
    assert [late.siblingAtColumn(c).data() for c in range(1, 4)] == [
        "12 days late (Fri 20 Feb 2026)",
        "RJ-2026-044",
        "Sam Quill",
    ]
    assert "2 overdue · 3 due this week" in view.summary_label.text()
    # The item due beyond Sunday and the item with no date are not listed.
    listed = [i.data() for i in model.indexes()]
    assert "Pay back EUR 85 in three instalments" not in listed


def test_one_click_on_a_rows_button_records_progress(
    qtbot: QtBot, view: FollowUpView, followup_store: Store, agreements: list[Agreement]
) -> None:
    shed = row_of(view.model, "Repaint the garden shed with the volunteers")
    with qtbot.waitSignal(view.progress_recorded) as recorded:
        click_row_button(qtbot, view.tree, shed)
        dialog = view.progress_dialog
        assert isinstance(dialog, ProgressDialog)
        assert dialog.status is ItemStatus.DONE
        assert dialog.recorded_by_edit.text() == FACILITATOR
        assert dialog.date_edit.date() == QDate(2026, 3, 4)
        dialog.evidence_edit.setFocus()
        qtbot.keyClicks(dialog.evidence_edit, "Shed repainted; Marta sent a photo.")
        save(qtbot, dialog)
    assert recorded.args == [agreements[0].session_id]
    assert view.progress_dialog is None
    (entry,) = followup_store.followup.item_follow_ups(agreements[0].session_id)[0].entries
    assert (entry.status, entry.evidence, entry.evidence_date, entry.recorded_by) == (
        ItemStatus.DONE,
        "Shed repainted; Marta sent a photo.",
        TODAY,
        FACILITATOR,
    )
    assert entry.recorded_at == NOW
    assert rows(view.model, view.model.index(0, 0)) == ["Lin Chen (1)"]
    assert "1 overdue · 3 due this week" in view.summary_label.text()


def test_enter_on_an_item_opens_the_dialog_and_a_refusal_keeps_what_was_typed(
    qtbot: QtBot, view: FollowUpView, followup_store: Store, agreements: list[Agreement]
) -> None:
    view.tree.setFocus()
    view.tree.setCurrentIndex(row_of(view.model, "Return the borrowed bicycle"))
    qtbot.keyClick(view.tree, Qt.Key.Key_Return)
    dialog = view.progress_dialog
    assert isinstance(dialog, ProgressDialog)
    dialog.status_combo.setCurrentIndex(dialog.status_combo.findData("not_completed"))
    dialog.evidence_edit.setPlainText("The bicycle was sold.")
    dialog.recorded_by_edit.clear()
    save(qtbot, dialog)
    assert dialog.isVisible()
    assert "who is recording" in dialog.message.text()

    # The store refuses too: someone closed the case meanwhile.
    case_id = followup_store.get_session(agreements[2].session_id).case_id
    followup_store.followup.close_case(case_id, CaseOutcome.WITHDRAWN, NOW)
    dialog.recorded_by_edit.setText("Lin Chen")
    save(qtbot, dialog)
    assert dialog.isVisible()
    assert "closed" in dialog.message.text()
    assert dialog.evidence_edit.toPlainText() == "The bicycle was sold."
    assert followup_store.followup.item_follow_ups(agreements[2].session_id)[0].entries == ()
    dialog.reject()
    assert view.progress_dialog is None


def test_the_toolbar_button_and_open_session_act_on_the_selected_item(
    qtbot: QtBot, view: FollowUpView, agreements: list[Agreement]
) -> None:
    view.tree.setCurrentIndex(row_of(view.model, "Overdue (2)"))
    assert not view.record_button.isEnabled()
    assert not view.open_button.isEnabled()
    view.tree.setCurrentIndex(row_of(view.model, "Help at the Saturday market clean-up"))
    assert view.record_button.isEnabled()
    with qtbot.waitSignal(view.open_session_requested) as opened:
        qtbot.mouseClick(view.open_button, Qt.MouseButton.LeftButton)
    assert opened.args == [agreements[1].session_id]
    qtbot.mouseClick(view.record_button, Qt.MouseButton.LeftButton)
    dialog = view.progress_dialog
    assert isinstance(dialog, ProgressDialog)
    assert dialog.windowTitle() == "Record progress"
    dialog.reject()


def test_the_overview_follows_the_clock(
    qtbot: QtBot, view: FollowUpView, now_clock: FakeClock
) -> None:
    now_clock.advance(timedelta(days=5).total_seconds())  # Monday 9 March
    qtbot.keyClick(view, Qt.Key.Key_F5)
    assert rows(view.model) == ["Overdue (5)"]
    assert "Today is Mon 9 Mar 2026" in view.summary_label.text()


def test_the_overview_is_read_again_when_the_page_comes_back(
    view: FollowUpView, followup_store: Store, agreements: list[Agreement]
) -> None:
    view.hide()
    bicycle = agreements[2]
    followup_store.followup.record_progress(
        bicycle.id,
        bicycle.items[0].id,
        status=ItemStatus.DONE,
        evidence="Returned.",
        evidence_date=TODAY,
        recorded_by=FACILITATOR,
        recorded_at=NOW,
    )
    assert "Return the borrowed bicycle" in [i.data() for i in view.model.indexes()]
    view.show()
    assert "Return the borrowed bicycle" not in [i.data() for i in view.model.indexes()]
    assert "2 overdue · 2 due this week" in view.summary_label.text()


def test_an_empty_overview_says_so(
    qtbot: QtBot, followup_store: Store, now_clock: FakeClock, qtmodeltester: object
) -> None:
    signed_case(followup_store, "RJ-1", "Sam Quill", [])
    view = FollowUpView(followup_store, now_clock)
    qtbot.addWidget(view)
    assert view.model.rowCount() == 0
    assert "Nothing is overdue" in view.summary_label.text()
    assert not view.record_button.isEnabled()
    qtmodeltester.check(view.model)  # type: ignore[attr-defined]


# ----------------------------------------------------------------------------- one agreement


@pytest.fixture
def panel(
    qtbot: QtBot, followup_store: Store, now_clock: FakeClock, agreements: list[Agreement]
) -> AgreementFollowUpPanel:
    """The follow-up panel of the first case's session, with one entry already recorded."""
    first = agreements[0]
    followup_store.followup.record_progress(
        first.id,
        first.items[2].id,
        status=ItemStatus.PENDING,
        evidence="First instalment received.",
        evidence_date=date(2026, 3, 1),
        recorded_by="Lin Chen",
        recorded_at=NOW - timedelta(days=1),
    )
    shown = AgreementFollowUpPanel(followup_store, now_clock, first.session_id, FACILITATOR)
    qtbot.addWidget(shown)
    shown.resize(1000, 560)
    shown.show()
    qtbot.waitExposed(shown)
    return shown


def test_the_panel_lists_every_item_with_its_status_and_evidence(
    panel: AgreementFollowUpPanel, qtmodeltester: object
) -> None:
    qtmodeltester.check(panel.model)  # type: ignore[attr-defined]
    model = panel.model
    assert rows(model) == [
        "Repaint the garden shed with the volunteers",
        "Letter of apology read at the volunteers' meeting",
        "Pay back EUR 85 in three instalments",
    ]
    payment = model.index(2, 0)
    assert [payment.siblingAtColumn(c).data() for c in (1, 2, 3)] == [
        "Fri 1 May 2026",
        "Pending",
        "Aroha Ngata",
    ]
    evidence = model.index(0, 0, payment)
    assert [evidence.siblingAtColumn(c).data() for c in range(4)] == [
        "First instalment received.",
        "Sun 1 Mar 2026",
        "Pending",
        "Lin Chen, Tue 3 Mar 2026",
    ]
    assert "0 of 3 items done or verified" in panel.agreement_label.text()
    assert "RJ-2026-031 is open" in panel.case_label.text()
    assert panel.review_edit.date() == QDate(2026, 3, 18)


def test_progress_from_the_panel_shows_in_the_history(
    qtbot: QtBot, panel: AgreementFollowUpPanel, followup_store: Store
) -> None:
    letter = row_of(panel.model, "Letter of apology read at the volunteers' meeting")
    with qtbot.waitSignal(panel.changed):
        click_row_button(qtbot, panel.tree, letter)
        dialog = panel.progress_dialog
        assert isinstance(dialog, ProgressDialog)
        header = [label.text() for label in dialog.findChildren(QLabel)]
        assert "Case RJ-2026-031 · Jamie Okafor · Due: Today" in header
        dialog.status_combo.setCurrentIndex(dialog.status_combo.findData("verified"))
        dialog.evidence_edit.setPlainText("Read aloud on Tuesday; Marta was there.")
        qtbot.keyClick(dialog.evidence_edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    letter = row_of(panel.model, "Letter of apology read at the volunteers' meeting")
    assert letter.siblingAtColumn(2).data() == "Verified"
    assert rows(panel.model, letter) == ["Read aloud on Tuesday; Marta was there."]
    assert "1 of 3 items done or verified" in panel.agreement_label.text()


def test_the_review_date_is_moved_and_cleared(
    qtbot: QtBot, panel: AgreementFollowUpPanel, followup_store: Store
) -> None:
    agreement_id = panel.follow_up.agreement_id if panel.follow_up else None
    assert agreement_id is not None
    panel.review_edit.setFocus()
    panel.review_edit.setDate(QDate(2026, 3, 25))
    with qtbot.waitSignal(panel.changed):
        qtbot.keyClick(panel.review_edit, Qt.Key.Key_Return)
    assert followup_store.followup.review_date(agreement_id) == date(2026, 3, 25)
    with qtbot.waitSignal(panel.changed):
        qtbot.mouseClick(panel.review_clear, Qt.MouseButton.LeftButton)
    assert followup_store.followup.review_date(agreement_id) is None
    assert panel.review_edit.date() == NO_DATE
    assert panel.review_edit.text() == "Not planned"
    assert not panel.review_clear.isEnabled()


def test_closing_the_case_records_the_chosen_outcome_and_stops_progress(
    qtbot: QtBot, panel: AgreementFollowUpPanel, followup_store: Store, agreements: list[Agreement]
) -> None:
    qtbot.mouseClick(panel.close_button, Qt.MouseButton.LeftButton)
    dialog = panel.close_dialog
    assert dialog is not None
    # Nothing is done yet, so "not completed" is where the choice starts.
    assert dialog.outcome is CaseOutcome.NOT_COMPLETED
    partly = dialog.outcome_buttons[CaseOutcome.PARTLY_COMPLETED]
    # On the round indicator: only the indicator and the words take a click, not the whole row.
    qtbot.mouseClick(partly, Qt.MouseButton.LeftButton, pos=QPoint(8, partly.height() // 2))
    with qtbot.waitSignal(panel.changed):
        save(qtbot, dialog)
    case = followup_store.get_case(followup_store.get_session(agreements[0].session_id).case_id)
    assert outcome_of(case) is CaseOutcome.PARTLY_COMPLETED
    assert case.closed_at == NOW
    assert "was closed on Wed 4 Mar 2026: Agreement partly completed" in panel.case_label.text()
    assert panel.reopen_button.isVisible()
    assert not panel.close_button.isVisible()
    assert not panel.record_button.isEnabled()
    buttons = [panel.model.index(r, PROGRESS).data(ACTION_ROLE) for r in range(3)]
    assert buttons == ["", "", ""]

    with qtbot.waitSignal(panel.changed):
        qtbot.mouseClick(panel.reopen_button, Qt.MouseButton.LeftButton)
    assert followup_store.get_case(case.id).closed_at is None
    assert panel.record_button.isEnabled()


def test_an_amendment_in_draft_leaves_the_signed_version_followed_up(
    qtbot: QtBot, followup_store: Store, now_clock: FakeClock, agreements: list[Agreement]
) -> None:
    followup_store.agreements.save(amend(agreements[1], created_at=NOW))
    panel = AgreementFollowUpPanel(followup_store, now_clock, agreements[1].session_id)
    qtbot.addWidget(panel)
    assert panel.recordable
    assert panel.follow_up is not None
    assert panel.follow_up.agreement_id == agreements[1].id
    assert rows(panel.model)[0] == "Attend four sessions of the youth programme"


def test_a_session_without_a_signed_agreement_offers_no_progress(
    qtbot: QtBot, followup_store: Store, now_clock: FakeClock, agreements: list[Agreement]
) -> None:
    signed = followup_store.get_session(agreements[1].session_id)
    session = followup_store.create_session(
        SessionInfo(case_id=signed.case_id, template=signed.template), []
    )
    panel = AgreementFollowUpPanel(followup_store, now_clock, session.id)
    qtbot.addWidget(panel)
    assert not panel.recordable
    assert panel.model.rowCount() == 0
    assert "No signed agreement yet" in panel.agreement_label.text()
    assert not panel.review_edit.isEnabled()
    assert not panel.record_button.isEnabled()
    assert panel.close_button.isEnabled()
