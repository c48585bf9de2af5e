"""End to end on the real main window and a real store file, driven by keyboard and mouse.

Set up a circle of six with consents; run three rounds with a pass and the offer after passing,
an out-of-order hand, a late joiner, a break, notes of every kind and one consent withdrawal;
then check what the widgets show and what the store holds.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from live_helpers import answer, open_dialog, show_active, stored
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot
from test_setup_view import (
    add_person,
    click,
    ok_button,
    open_case_and_circle,
    pid_of,
    record_consent_through_dialog,
    type_text,
)

from facilitator.domain.notes import NoteKind, Visibility
from facilitator.domain.process import SpeakingOrder
from facilitator.domain.roles import Role
from facilitator.domain.session import SessionStatus
from facilitator.engine.clock import FakeClock
from facilitator.engine.events import (
    BreakEnded,
    BreakStarted,
    ConsentWithdrawn,
    NoteAdded,
    OfferedToPassers,
    ParticipantJoined,
    Passed,
    TurnBegan,
    TurnHow,
)
from facilitator.storage.store import Store
from ui.app import build_main_window
from ui.live.live_view import LiveView
from ui.live.people_dialogs import RecordDialog, open_withdraw_dialog
from ui.main_window import MainWindow
from ui.setup.consent_dialog import ConsentDialog
from ui.setup.participant_dialog import ParticipantDialog

CTRL = Qt.KeyboardModifier.ControlModifier
SIX = [
    ("Aroha Ngata", Role.KEEPER),
    ("Jamie Okafor", Role.PERSON_RESPONSIBLE),
    ("Marta Kowalczyk", Role.PERSON_HARMED),
    ("Dmitri Ivanov", Role.SUPPORTER_RESPONSIBLE),
    ("Lin Chen", Role.SUPPORTER_HARMED),
    ("Tomás Ruiz", Role.COMMUNITY_MEMBER),
]
NOTES = {
    NoteKind.OBSERVATION: (Qt.Key.Key_1, "Jamie kept eye contact with Marta"),
    NoteKind.HARM: (Qt.Key.Key_2, "Seedlings lost; volunteers afraid to lock up"),
    NoteKind.NEED: (Qt.Key.Key_3, "Marta needs to feel safe on Saturdays"),
    NoteKind.AGREEMENT_IDEA: (Qt.Key.Key_4, "Jamie repaints the shed with Marta"),
    NoteKind.FOLLOW_UP: (Qt.Key.Key_5, "Call Marta in two weeks"),
}


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store.open(f"sqlite:///{tmp_path / 'store.sqlite3'}") as opened:
        yield opened


def press(qtbot: QtBot, live: LiveView, key: Qt.Key, modifier: Qt.KeyboardModifier | None = None):
    target: QWidget = live.focusWidget() or live
    if modifier is None:
        qtbot.keyClick(target, key)
    else:
        qtbot.keyClick(target, key, modifier)


def set_up_circle_of_six(qtbot: QtBot, window: MainWindow, store: Store) -> str:
    click(qtbot, window.home.new_button)
    setup = window.setup
    assert setup is not None
    open_case_and_circle(qtbot, setup, "Peacemaking circle")
    for name, role in SIX:
        add_person(qtbot, setup, name, role)
    step = setup.people_step
    assert step.reason_label.text() == "6 people have no consent record"
    assert not step.start_button.isEnabled()
    for name, _ in SIX:
        record_consent_through_dialog(qtbot, setup, name)
    assert step.start_button.isEnabled()
    session_id = setup.session_id
    click(qtbot, step.start_button)
    qtbot.waitUntil(lambda: window.live is not None)
    return session_id


def go_to_first_seat_round(qtbot: QtBot, live: LiveView) -> None:
    template = live.controller.template
    target = next(
        i
        for i, phase in enumerate(template.phases)
        if len(phase.rounds) >= 3 and all(r.order is SpeakingOrder.SEAT for r in phase.rounds)
    )
    while live.controller.state.phase_index != target:
        press(qtbot, live, Qt.Key.Key_Right, CTRL)
    press(qtbot, live, Qt.Key.Key_R)
    assert live.controller.state.round is not None


def write_note(qtbot: QtBot, live: LiveView, kind_key: Qt.Key, text: str) -> None:
    press(qtbot, live, Qt.Key.Key_N)
    assert live.note_editor.is_typing()
    type_text(live.note_editor.text_edit, text)
    press(qtbot, live, kind_key, CTRL)
    press(qtbot, live, Qt.Key.Key_Return, CTRL)
    qtbot.waitUntil(lambda: live.note_editor.draft == "")
    press(qtbot, live, Qt.Key.Key_Escape)


def test_a_whole_circle_from_set_up_to_stored_record(qtbot: QtBot, store: Store) -> None:
    clock = FakeClock()
    window = build_main_window(store, clock=clock, facilitator_name="A. Ngata")
    window.resize(1366, 768)
    show_active(qtbot, window)
    session_id = set_up_circle_of_six(qtbot, window, store)
    live = window.live
    assert live is not None
    controller = live.controller
    ids = {name: pid_of(store, session_id, name) for name, _ in SIX}
    live.circle.setFocus()

    # Round 1: everyone speaks except Lin, who passes; the keeper offers the piece again.
    go_to_first_seat_round(qtbot, live)
    order = list(controller.state.round.order)  # type: ignore[union-attr]
    assert ids["Aroha Ngata"] not in order
    press(qtbot, live, Qt.Key.Key_Space)
    for pid in order:
        assert controller.state.holder == pid
        clock.advance(30)
        if pid == ids["Lin Chen"]:
            press(qtbot, live, Qt.Key.Key_P)
            assert "passed" in live.circle.seat_label(pid)
        else:
            press(qtbot, live, Qt.Key.Key_Space)
    assert controller.state.holder == ids["Aroha Ngata"]
    press(qtbot, live, Qt.Key.Key_O)
    assert controller.state.holder == ids["Lin Chen"]
    clock.advance(20)
    press(qtbot, live, Qt.Key.Key_Space)

    # Round 2: an out-of-order hand by keyboard on the circle, a late joiner, a break.
    press(qtbot, live, Qt.Key.Key_R)
    press(qtbot, live, Qt.Key.Key_Space)
    live.circle.setFocus()
    marta = ids["Marta Kowalczyk"]
    while live.circle.cursor_pid != marta:
        qtbot.keyClick(live.circle, Qt.Key.Key_Down)
    qtbot.keyClick(live.circle, Qt.Key.Key_Return)
    answer(qtbot, live, accept=True)
    assert controller.state.holder == marta
    clock.advance(45)

    press(qtbot, live, Qt.Key.Key_J)
    person: ParticipantDialog = open_dialog(qtbot, live, ParticipantDialog)
    type_text(person.name_edit, "Nikos Papadakis")
    qtbot.keyClick(person.name_edit, Qt.Key.Key_Return)
    consent: ConsentDialog = open_dialog(qtbot, live, ConsentDialog)
    assert consent.recorded_by_edit.text() == ""
    type_text(consent.recorded_by_edit, "A. Ngata")
    qtbot.mouseClick(ok_button(consent.buttons), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not consent.isVisible())
    nikos = next(p for p in store.participants(session_id) if p.display_name == "Nikos Papadakis")
    assert nikos.id in controller.state.seat_order()
    assert "Nikos" in live.circle.seat_label(nikos.id)

    press(qtbot, live, Qt.Key.Key_B)
    assert live.banner.isVisible()
    clock.advance(600)
    press(qtbot, live, Qt.Key.Key_B)
    assert not live.banner.isVisible()

    # Round 3: notes of every kind, by keyboard, while people speak; then a withdrawal.
    press(qtbot, live, Qt.Key.Key_R)
    press(qtbot, live, Qt.Key.Key_Space)
    for kind, (kind_key, text) in NOTES.items():
        clock.advance(15)
        write_note(qtbot, live, kind_key, text)
        newest = max(controller.state.notes.values(), key=lambda n: n.created_at)
        assert newest.kind is kind
        assert newest.speaker_id == controller.state.holder
    tomas = ids["Tomás Ruiz"]
    open_withdraw_dialog(live, controller, tomas)
    record: RecordDialog = open_dialog(qtbot, live, RecordDialog)
    record.text_edit.setPlainText("Wants to stop for today")
    qtbot.mouseClick(record.accept_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not record.isVisible())
    assert "withdrew consent" in live.circle.seat_label(tomas)
    assert not controller.state.in_rotation(tomas)

    # What the widgets show.
    model = live.notes_list.model()
    assert model is not None
    assert model.rowCount() == len(NOTES)
    shown = {model.index(r, c).data() for r in range(model.rowCount()) for c in range(5)}
    for _, text in NOTES.values():
        assert any(text in str(cell) for cell in shown)

    # What the store holds.
    events = stored(store, session_id)
    assert any(isinstance(e, Passed) and e.participant_id == ids["Lin Chen"] for e in events)
    assert any(isinstance(e, OfferedToPassers) for e in events)
    assert TurnBegan(marta, TurnHow.OUT_OF_ORDER) in events
    assert any(isinstance(e, ParticipantJoined) for e in events)
    assert any(isinstance(e, BreakStarted) for e in events)
    assert any(isinstance(e, BreakEnded) for e in events)
    assert any(isinstance(e, ConsentWithdrawn) and e.participant_id == tomas for e in events)
    added = [e for e in events if isinstance(e, NoteAdded)]
    assert {e.note_kind for e in added} == set(NOTES)
    assert all(e.visibility is Visibility.FACILITATOR_ONLY for e in added)
    assert {n.text for n in store.notes(session_id)} == {t for _, t in NOTES.values()}
    assert store.get_session(session_id).status is SessionStatus.RUNNING
    withdrawn = [c for c in store.consents(session_id) if c.participant_id == tomas]
    assert withdrawn[-1].withdrawn_at is not None
    assert {c.participant_id for c in store.consents(session_id)} >= {nikos.id}
    window.close()
