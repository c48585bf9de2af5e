"""Timers read the engine at the fake clock's time: soft colour cues, paused in breaks."""

from __future__ import annotations

from live_helpers import show_active
from live_samples import CHECK_IN, OPENING
from PySide6.QtGui import QPalette
from pytestqt.qtbot import QtBot

from facilitator.engine.clock import FakeClock
from facilitator.engine.timers import TimerStatus
from ui.live.look import status_colour
from ui.live.timers_panel import TimersPanel
from ui.session_controller import SessionController


def panel_of(qtbot: QtBot, controller: SessionController) -> TimersPanel:
    panel = TimersPanel(controller)
    show_active(qtbot, panel)
    return panel


def colour_of(panel: TimersPanel, name: str) -> str:
    return panel.tiles[name].value_label.palette().color(QPalette.ColorRole.WindowText).name()


def test_the_speaker_limit_turns_amber_near_and_red_over_and_nothing_stops(
    qtbot: QtBot, controller: SessionController, clock: FakeClock
) -> None:
    panel = panel_of(qtbot, controller)
    controller.enter_phase(OPENING)
    controller.start_round(CHECK_IN)
    controller.next_holder()
    holder = controller.state.holder
    normal = colour_of(panel, "speaker")
    assert panel.status("speaker") is TimerStatus.OK
    clock.advance(47)  # the check-in's speaker limit is 60 s: near from 48 s
    panel.refresh()
    assert panel.status("speaker") is TimerStatus.OK
    clock.advance(1)
    panel.refresh()
    assert panel.status("speaker") is TimerStatus.NEAR
    near = colour_of(panel, "speaker")
    assert near == status_colour(TimerStatus.NEAR, panel.palette()).name()
    assert panel.tiles["speaker"].detail_label.text() == "0:12 left of 1:00"
    clock.advance(30)
    panel.refresh()
    assert panel.status("speaker") is TimerStatus.OVER
    over = colour_of(panel, "speaker")
    assert len({normal, near, over}) == 3
    assert panel.tiles["speaker"].value_label.text() == "1:18"
    assert panel.tiles["speaker"].detail_label.text() == "0:18 over 1:00"
    # Soft only: the speaker still holds the piece.
    assert controller.state.holder == holder


def test_the_repaint_timer_follows_the_clock_without_any_command(
    qtbot: QtBot, controller: SessionController, clock: FakeClock
) -> None:
    panel = panel_of(qtbot, controller)
    controller.enter_phase(OPENING)
    controller.start_round(CHECK_IN)
    clock.advance(241)  # the round's budget is 5 min: near from 4 min
    qtbot.waitUntil(lambda: panel.status("round") is TimerStatus.NEAR, timeout=2000)
    assert panel.tiles["round"].value_label.text() == "4:01"
    assert panel.tiles["session"].value_label.text() == "4:01"


def test_a_break_pauses_every_timer(
    qtbot: QtBot, controller: SessionController, clock: FakeClock
) -> None:
    panel = panel_of(qtbot, controller)
    controller.enter_phase(OPENING)
    controller.start_round(CHECK_IN)
    controller.next_holder()
    clock.advance(30)
    controller.toggle_break()
    clock.advance(600)
    panel.refresh()
    for name in ("session", "phase", "round", "speaker"):
        assert panel.tiles[name].value_label.text() == "0:30"
        assert panel.tiles[name].detail_label.text().startswith("paused")
    controller.toggle_break()
    clock.advance(5)
    panel.refresh()
    assert panel.tiles["speaker"].value_label.text() == "0:35"


def test_timers_not_running_say_so(qtbot: QtBot, controller: SessionController) -> None:
    panel = panel_of(qtbot, controller)
    assert panel.tiles["round"].detail_label.text() == "not running"
    assert panel.tiles["speaker"].detail_label.text() == "not running"
    assert panel.tiles["session"].value_label.text() == "0:00"


def test_the_sound_cue_is_off_by_default(qtbot: QtBot, controller: SessionController) -> None:
    panel = panel_of(qtbot, controller)
    assert not panel.sound_enabled
    panel.set_sound_enabled(True)
    assert panel.sound_check.isChecked()
