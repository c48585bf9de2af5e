"""The read-only review of a session: timeline, notes and speaking time are the engine's own."""

from __future__ import annotations

from live_samples import TEMPLATE, keeper_of, plan_session
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTreeWidgetItem
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from facilitator.demo import create_demo
from facilitator.domain.notes import NoteKind, Visibility
from facilitator.engine.clock import FakeClock
from facilitator.engine.session import LiveSession
from facilitator.engine.state import SessionState
from facilitator.engine.stats import speaking_stats
from facilitator.storage.store import Store
from ui.history.review_view import SessionReviewView
from ui.history.speaking_chart import bar_words
from ui.live.look import clock_text


def _lines(view: SessionReviewView) -> list[tuple[str, str, str]]:
    found: list[tuple[str, str, str]] = []

    def walk(item: QTreeWidgetItem) -> None:
        found.append((item.text(0), item.text(1), item.text(2)))
        for i in range(item.childCount()):
            walk(item.child(i))

    for i in range(view.timeline.topLevelItemCount()):
        walk(view.timeline.topLevelItem(i))
    return found


def _review(qtbot: QtBot, store: Store) -> SessionReviewView:
    view = SessionReviewView(store)
    qtbot.addWidget(view)
    view.resize(1366, 768)
    view.show()
    return view


def test_the_demo_session_shows_the_engines_timeline_notes_and_speaking_time(
    qtbot: QtBot, store: Store, qtmodeltester: ModelTester
) -> None:
    info = create_demo(store)
    state = SessionState.fold(store.events(info.id))
    view = _review(qtbot, store)
    view.show_session(info.id)

    assert view.title_label.text() == "DEMO-2026-014 · Restorative conference"
    lines = _lines(view)
    texts = [text for text, _t, _length in lines]
    for phase in state.template.phases:
        assert f"Phase: {phase.title}" in texts
    assert texts[0].startswith("Session started: Restorative conference")
    assert texts[-1] == "Session ended"
    # One line per turn, each with the length the fold gave it.
    turn_lines = [line for line in lines if line[2]]
    assert len(turn_lines) == len(state.turns)
    for line, turn in zip(turn_lines, state.turns, strict=True):
        assert line[1] == clock_text(turn.start)
        assert line[2] == ("passed" if turn.passed else clock_text(turn.speaking_seconds))

    notes = store.notes(info.id)
    assert view.notes_model.rowCount() == len(notes)
    qtmodeltester.check(view.notes_model)
    first = notes[0]
    speaker = state.participant(first.speaker_id or "").display_name
    row = [view.notes_model.index(0, c).data() for c in range(view.notes_model.columnCount())]
    assert row[1:6] == [
        state.template.phases[first.phase_index or 0].title,
        str(first.round_no),
        speaker,
        "Observation",
        "Facilitator only",
    ]
    assert view.notes_model.index(0, 5).data(Qt.ItemDataRole.FontRole).bold()

    stats = speaking_stats(state)
    bars = {bar.participant_id: bar for bar in view.chart.bars}
    assert bars
    for pid, bar in bars.items():
        assert (bar.total_seconds, bar.turns, bar.passes) == (
            stats[pid].total_seconds,
            stats[pid].turns,
            stats[pid].passes,
        )
        assert bar_words(bar) in view.chart.accessibleDescription()

    versions = store.agreements.versions(info.id)
    assert view.versions.topLevelItemCount() == len(versions) == 1
    assert view.versions.topLevelItem(0).text(1) == "Signed and locked"
    with qtbot.waitSignal(view.open_agreement_requested) as asked:
        qtbot.mouseClick(view.agreement_button, Qt.MouseButton.LeftButton)
    assert asked.args == [info.id]


def test_passes_breaks_out_of_order_hands_leaving_and_struck_notes_are_shown(
    qtbot: QtBot, store: Store
) -> None:
    session_id, people = plan_session(store)
    keeper = keeper_of(people)
    clock = FakeClock()
    live = LiveSession.start(
        store.event_log(session_id),
        clock,
        template=TEMPLATE,
        participants=people,
        consents=store.consents(session_id),
        keeper_id=keeper.id,
    )
    live.enter_phase(0)
    live.start_round(0)
    live.next_holder()
    first = live.state.holder or ""
    clock.advance(40)
    kept = live.add_note(NoteKind.NEED, "Needs the shed open again.", Visibility.SHAREABLE)
    live.pass_turn()
    clock.advance(5)
    live.start_break()
    clock.advance(300)
    live.end_break()
    struck = live.add_note(NoteKind.OBSERVATION, "Written about the wrong person.")
    live.strike_note(struck, "wrong person")
    late = next(p for p in people if p.id not in (first, keeper.id, live.state.holder))
    live.hand_to(late.id)
    clock.advance(20)
    live.leave(late.id, "had to go")
    live.end_round()
    live.end_session()

    view = _review(qtbot, store)
    view.show_session(session_id)
    texts = [text for text, _t, _length in _lines(view)]
    names = {p.id: p.display_name for p in people}
    assert "Break" in texts
    assert f"{names[late.id]} (handed the piece out of order)" in texts
    assert f"{names[late.id]} left" in texts
    lengths = {text: length for text, _t, length in _lines(view)}
    assert lengths["Break"] == "5:00"
    assert lengths[names[first]] == "passed"

    model = view.notes_model
    struck_row = model.row_of(struck)
    kept_row = model.row_of(kept)
    assert struck_row is not None
    assert kept_row is not None
    assert model.index(struck_row, 6).data(Qt.ItemDataRole.FontRole).strikeOut()
    assert model.index(kept_row, 6).data(Qt.ItemDataRole.FontRole) is None
    assert "wrong person" in model.index(struck_row, 6).data(Qt.ItemDataRole.ToolTipRole)
    passes = {bar.participant_id: bar.passes for bar in view.chart.bars}
    assert passes[first] == 1


def test_a_note_given_by_search_is_selected_and_nothing_is_editable(
    qtbot: QtBot, store: Store
) -> None:
    info = create_demo(store)
    notes = store.notes(info.id)
    view = _review(qtbot, store)
    view.show_session(info.id, notes[-1].id)
    assert view.tabs.currentWidget() is view.notes_view
    assert view.current_note() == notes[-1].id
    index = view.notes_model.index(len(notes) - 1, 6)
    assert not view.notes_model.flags(index) & Qt.ItemFlag.ItemIsEditable
    assert view.notes_view.visualRect(index).intersects(view.notes_view.viewport().rect())
    # Another session later: back on the timeline.
    view.show_session(info.id)
    assert view.tabs.currentWidget() is view.timeline
    view.show_session(info.id, notes[0].id)
    assert view.tabs.currentWidget() is view.notes_view
    view.show_session(info.id, "0" * 32)
    assert view.tabs.currentWidget() is view.timeline


def test_a_planned_session_and_an_unknown_one_are_explained(qtbot: QtBot, store: Store) -> None:
    session_id, _people = plan_session(store)
    view = _review(qtbot, store)
    view.show_session(session_id)
    assert "Planned, not held yet" in view.summary_label.text()
    assert view.timeline.topLevelItemCount() == 0
    assert not view.agreement_button.isEnabled()
    view.show_session("f" * 32)
    assert view.message_label.isVisible()
    assert view.message_label.text() == "No session with this id."
