"""From the home list to the agreement page of an ended session, and back."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from facilitator.agreements.keys import KEYS_ENV_VAR
from facilitator.agreements.model import AgreementStatus
from facilitator.demo import create_demo
from facilitator.engine.clock import FakeClock
from facilitator.processes import builtin_templates_dir, load_templates
from facilitator.storage.store import Store
from ui.main_window import MainWindow
from ui.tasks import TaskRunner


def test_an_ended_session_opens_its_agreement_from_the_home_list(
    qtbot: QtBot, store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(KEYS_ENV_VAR, str(tmp_path / "keys"))
    info = create_demo(store)
    tasks = TaskRunner()
    window = MainWindow(FakeClock(), tasks)
    qtbot.addWidget(window)
    window.attach(store, load_templates(builtin_templates_dir()))
    window.show()
    home = window.home
    assert not home.agreement_button.isEnabled()
    home.sessions_view.selectRow(0)
    assert home.agreement_button.isEnabled()

    qtbot.mouseClick(home.agreement_button, Qt.MouseButton.LeftButton)
    page = window.agreement
    assert page is not None
    assert window.stack.currentWidget() is page
    assert page.agreement.session_id == info.id
    assert page.agreement.status is AgreementStatus.LOCKED

    qtbot.mouseClick(page.back_button, Qt.MouseButton.LeftButton)
    assert window.agreement is None
    assert window.stack.currentWidget() is home
    tasks.wait()
    window.close()
