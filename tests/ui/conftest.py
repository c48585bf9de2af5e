"""Fixtures for the live-session tests: a real store file, a fake clock, a started session."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path

import pytest
from live_samples import keeper_of, plan_session
from pytestqt.qtbot import QtBot

from facilitator.domain.case import Participant
from facilitator.engine.clock import FakeClock
from facilitator.storage.store import Store
from ui.live.pyside_guard import keep_singletons_alive
from ui.session_controller import SessionController

# The installed PySide6 loses references to None and True on Python 3.11; without this the test
# process aborts after a few thousand Qt calls (see ui/live/pyside_guard.py).
keep_singletons_alive()


@pytest.fixture(autouse=True)
def _collect_cycles_on_the_gui_thread() -> Iterator[None]:
    """As the app does (ui/gc_guard.py): no cycle holding a Qt object dies on a worker thread.

    A worker's allocations may set off CPython's collector there, and a widget destroyed off
    its thread crashes the process. During a test the collector is off; after it (its widgets
    closed), it runs here, over the youngest generation: with no collection during the test,
    everything the test made is still there.
    """
    gc.disable()
    try:
        yield
    finally:
        gc.collect(0)
        gc.enable()


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    """An open store on a new SQLite file."""
    with Store.open(f"sqlite:///{tmp_path / 's.sqlite3'}") as opened:
        yield opened


@pytest.fixture
def clock() -> FakeClock:
    """Time that moves only when a test says so."""
    return FakeClock()


@pytest.fixture
def cast(store: Store) -> tuple[str, list[Participant]]:
    """A planned session of the test process with the demo's people, everyone consenting."""
    return plan_session(store)


@pytest.fixture
def controller(
    qtbot: QtBot, store: Store, clock: FakeClock, cast: tuple[str, list[Participant]]
) -> Iterator[SessionController]:
    """The session started, the facilitator keeping it."""
    session_id, people = cast
    started = SessionController.start(store, session_id, clock, keeper_id=keeper_of(people).id)
    yield started
    started.close()


@pytest.fixture
def people(cast: tuple[str, list[Participant]]) -> list[Participant]:
    """Everyone in the session, in seat order."""
    return cast[1]
