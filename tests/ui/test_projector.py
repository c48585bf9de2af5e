"""The projector shows the prompt and whose turn it is, and never anything facilitator-only."""

from __future__ import annotations

import ast
from pathlib import Path

from live_helpers import show_active
from live_samples import (
    AGREEMENT,
    CASE_SUMMARY,
    CHECK_IN,
    FAMILY,
    GUIDANCE,
    OPENING,
    RISK_NOTE,
    STORIES,
    by_role,
)
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

import ui.projector
from facilitator.domain.case import Participant
from facilitator.domain.notes import NoteKind, Visibility
from facilitator.domain.roles import Role
from facilitator.storage.store import Store
from ui.projector import ProjectorFeed, ProjectorFrame, ProjectorWindow
from ui.session_controller import SessionController

SECRET_NOTE = "SECRET-NOTE: Marta's address is on the form"
SHARED_NOTE = "SHARED-NOTE: repaint the shed together"


def projector_of(qtbot: QtBot, feed: ProjectorFeed) -> ProjectorWindow:
    window = ProjectorWindow(feed)
    window.resize(1280, 720)
    show_active(qtbot, window)
    return window


def assert_nothing_private(window: ProjectorWindow) -> None:
    shown = "\n".join(window.visible_texts())
    for secret in (CASE_SUMMARY, GUIDANCE, RISK_NOTE, SECRET_NOTE, SHARED_NOTE, "SECRET"):
        assert secret not in shown


def test_the_room_sees_the_prompt_and_the_holder_and_nothing_private(
    qtbot: QtBot, controller: SessionController, store: Store, people: list[Participant]
) -> None:
    window = projector_of(qtbot, controller.projector_feed)
    assert store.get_case(store.get_session(controller.session_id).case_id).summary == CASE_SUMMARY
    controller.enter_phase(OPENING)  # the phase with guidance
    assert window.visible_texts() == ["Opening"]
    controller.add_note(NoteKind.OBSERVATION, SECRET_NOTE)
    controller.add_note(NoteKind.AGREEMENT_IDEA, SHARED_NOTE, Visibility.SHAREABLE)
    controller.start_round(CHECK_IN)
    assert_nothing_private(window)
    controller.next_holder()
    grace = by_role(people, Role.GUARDIAN)
    assert window.visible_texts() == [grace.spoken_name, "How are you arriving today?"]
    assert grace.display_name not in window.visible_texts()
    controller.enter_phase(STORIES)
    controller.start_round()
    controller.next_holder()
    controller.next_holder()  # Marta, who has risk notes
    marta = by_role(people, Role.PERSON_HARMED)
    assert controller.state.holder == marta.id
    assert window.visible_texts() == ["Marta", "What has been the hardest part?"]
    assert_nothing_private(window)


def test_breaks_and_family_time_blank_the_projector(
    qtbot: QtBot, controller: SessionController
) -> None:
    window = projector_of(qtbot, controller.projector_feed)
    assert window.visible_texts() == []  # no phase yet
    controller.enter_phase(OPENING)
    controller.start_round(CHECK_IN)
    controller.next_holder()
    assert window.visible_texts()
    controller.toggle_break()
    assert window.visible_texts() == []
    controller.toggle_break()
    assert window.visible_texts()
    controller.enter_phase(STORIES)
    controller.enter_phase(FAMILY)
    assert window.visible_texts() == []
    controller.toggle_break()  # family time over, still the private phase
    assert window.visible_texts() == []
    controller.enter_phase(AGREEMENT)
    assert window.visible_texts() == ["Agreement"]
    controller.end_session()
    assert window.visible_texts() == []


def test_the_round_timer_shows_only_when_switched_on(
    qtbot: QtBot, controller: SessionController
) -> None:
    window = projector_of(qtbot, controller.projector_feed)
    controller.enter_phase(OPENING)
    controller.start_round(CHECK_IN)
    assert "Round: 5 min left" not in window.visible_texts()
    controller.set_projector_timer_shown(True)
    assert "Round: 5 min left" in window.visible_texts()


def test_type_grows_with_the_window(qtbot: QtBot) -> None:
    feed = ProjectorFeed()
    feed.set_frame(ProjectorFrame(prompt="What happened?", speaker="Jamie", blank=False))
    window = projector_of(qtbot, feed)
    window.resize(640, 360)
    qtbot.waitUntil(lambda: window.height() == 360)
    small = window.prompt_label.font().pixelSize()
    window.resize(1920, 1080)
    qtbot.waitUntil(lambda: window.height() == 1080)
    assert window.prompt_label.font().pixelSize() >= 2 * small
    assert window.speaker_label.font().pixelSize() > window.prompt_label.font().pixelSize()


def test_full_screen_toggles_with_f11_double_click_and_esc(qtbot: QtBot) -> None:
    feed = ProjectorFeed()
    window = projector_of(qtbot, feed)
    qtbot.keyClick(window, Qt.Key.Key_F11)
    qtbot.waitUntil(window.isFullScreen)
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not window.isFullScreen())
    qtbot.mouseDClick(window, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(window.isFullScreen)
    window.set_full_screen(False)
    assert ProjectorWindow.preferred_screen() is not None


def test_the_projector_module_cannot_reach_notes_or_the_case() -> None:
    """Structural: the projector imports only Qt and the standard library."""
    source = Path(ui.projector.__file__).read_text(encoding="utf-8")
    imported: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            imported.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            imported.add(node.module or "")
    assert imported
    assert all(
        name.split(".")[0] in {"__future__", "dataclasses", "PySide6"} for name in imported
    ), imported
    fields = ProjectorFrame.__dataclass_fields__
    assert {name: f.type for name, f in fields.items()} == {
        "prompt": "str",
        "speaker": "str",
        "timer": "str",
        "timer_near": "bool",
        "blank": "bool",
    }
