"""Kill the app mid-session with SIGKILL; the restarted app resumes with nothing lost."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from facilitator.domain.case import Case, Participant
from facilitator.domain.consent import ConsentRecord
from facilitator.domain.roles import Role
from facilitator.domain.session import SessionInfo
from facilitator.engine.clock import FakeClock
from facilitator.processes import builtin_templates_dir, load_templates
from facilitator.storage.store import Store
from ui.app import build_main_window

CHILD = Path(__file__).with_name("kill_resume_child.py")


def _planned_circle(url: str) -> tuple[str, str]:
    template = load_templates(builtin_templates_dir()).templates["peacemaking-circle"]
    keeper = Participant("Keeper Kim", Role.KEEPER, seat=0)
    people = [keeper] + [
        Participant(name, Role.COMMUNITY_MEMBER, seat=i + 1)
        for i, name in enumerate(["Ana", "Bo", "Chidi", "Dana", "Eun-ji"])
    ]
    with Store.open(url) as store:
        case = store.add_case(Case(reference="KILL-1"))
        info = store.create_session(SessionInfo(case_id=case.id, template=template), people)
        for p in people:
            store.record_consent(info.id, ConsentRecord(p.id, "K", datetime.now(UTC)))
    return info.id, keeper.id


def _run_child(url: str, session_id: str, keeper_id: str, pause_after: int, acks_wanted: int):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    proc = subprocess.Popen(
        [sys.executable, str(CHILD), url, session_id, keeper_id, str(pause_after)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert proc.stdout is not None
    acks: list[dict[str, Any]] = []
    try:
        for line in proc.stdout:
            if line.strip() == "paused":
                break
            acks.append(json.loads(line))
            if pause_after < 0 and len(acks) >= acks_wanted:
                break
        else:
            _, err = proc.communicate(timeout=30)
            pytest.fail(f"the child stopped on its own: {err[-2000:]}")
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        for stream in (proc.stdin, proc.stdout, proc.stderr):
            if stream is not None:
                stream.close()
    assert proc.returncode == -signal.SIGKILL
    return acks


def _resume_in_window(qtbot: QtBot, store: Store):
    window = build_main_window(store, clock=FakeClock(start=3.0))
    qtbot.addWidget(window)
    window.show()
    assert window.home.resume_banner.isVisible()
    qtbot.mouseClick(window.home.resume_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.controller is not None)
    assert window.controller is not None
    return window, window.controller


def test_killed_while_idle_resumes_exactly(qtbot: QtBot, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'store.sqlite3'}"
    session_id, keeper_id = _planned_circle(url)
    acks = _run_child(url, session_id, keeper_id, pause_after=14, acks_wanted=0)
    last = acks[-1]

    with Store.open(url) as store:
        window, controller = _resume_in_window(qtbot, store)
        state = controller.state
        assert state.holder == last["holder"]
        assert (state.round.round_no if state.round else None) == last["round_no"]
        assert state.phase_index == last["phase"]
        assert {nid: n.text for nid, n in state.notes.items()} == last["notes"]
        timers = state.timers(controller.live.now())
        assert [
            timers.session.elapsed,
            timers.phase.elapsed,
            timers.round.elapsed,
            timers.speaker.elapsed,
        ] == pytest.approx(last["timers"], abs=1e-9)
        # The resume itself is recorded, and nothing else was added behind our back.
        assert state.last_seq == last["seq"] + 1
        assert state.resume_count == 1
        window.close()


def test_killed_while_busy_keeps_every_acknowledged_note(qtbot: QtBot, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'store.sqlite3'}"
    session_id, keeper_id = _planned_circle(url)
    acks = _run_child(url, session_id, keeper_id, pause_after=-1, acks_wanted=60)
    acknowledged = acks[-1]["notes"]

    with Store.open(url) as store:
        stored = {n.id: n.text for n in store.notes(session_id)}
        for note_id, text in acknowledged.items():
            assert stored.get(note_id) == text
        assert len(store.events(session_id)) >= acks[-1]["seq"]
        window, controller = _resume_in_window(qtbot, store)
        for note_id, text in acknowledged.items():
            assert controller.state.notes[note_id].text == text
        window.close()
