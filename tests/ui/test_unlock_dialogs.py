"""The security dialogs on real key files: unlock, recovery, first-run set-up, passphrase change."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter
from pytestqt.qtbot import QtBot

from facilitator.security.keyfile import (
    KdfParams,
    create_key_file,
    has_key_file,
    take_failed_unlocks,
    unlock,
)
from ui.security.change_dialog import ChangePassphraseDialog
from ui.security.protection import Strength, Unlocker, passphrase_strength
from ui.security.recovery_dialog import RecoveryCodeDialog, code_lines
from ui.security.setup_dialog import SetupDialog
from ui.security.unlock_dialog import UnlockDialog
from ui.tasks import TaskRunner

PASSPHRASE = "quiet river under the bridge"
FAST = KdfParams.fast_for_tests()
UNIFORM = "That passphrase or recovery key does not open this store."


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "store.sqlite3"


@pytest.fixture
def keyed(db_path: Path) -> tuple[bytes, str]:
    """A key file made with fast parameters: the data key and the recovery code."""
    return create_key_file(db_path, PASSPHRASE, params=FAST)


@pytest.fixture
def tasks() -> TaskRunner:
    return TaskRunner()


def _unlock_dialog(qtbot: QtBot, db_path: Path, tasks: TaskRunner) -> UnlockDialog:
    dialog = UnlockDialog(Unlocker(db_path, FAST), tasks)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def _type_and_submit(qtbot: QtBot, dialog: UnlockDialog, secret: str) -> None:
    panel = dialog.panel
    qtbot.keyClicks(panel.field.line_edit, secret)
    qtbot.mouseClick(panel.unlock_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not panel.busy)


def test_the_passphrase_unlocks_and_yields_the_data_key(
    qtbot: QtBot, db_path: Path, keyed: tuple[bytes, str], tasks: TaskRunner
) -> None:
    dialog = _unlock_dialog(qtbot, db_path, tasks)
    assert dialog.panel.field.line_edit.echoMode() is dialog.panel.field.line_edit.EchoMode.Password

    with qtbot.waitSignal(dialog.accepted, timeout=10_000):
        _type_and_submit(qtbot, dialog, PASSPHRASE)

    assert dialog.key == keyed[0]
    assert dialog.panel.field.text() == ""  # the secret is not kept in the widget
    assert take_failed_unlocks(db_path) == 0


def test_every_refusal_gets_one_message_and_is_counted(
    qtbot: QtBot, db_path: Path, keyed: tuple[bytes, str], tasks: TaskRunner
) -> None:
    dialog = _unlock_dialog(qtbot, db_path, tasks)
    panel = dialog.panel

    _type_and_submit(qtbot, dialog, "quiet river under the bridgE")
    wrong_passphrase = panel.error_label.text()
    panel.set_recovery(True)
    # A well-formed code of another store: it passes the checksum, then fails to unwrap.
    other = create_key_file(db_path.with_name("other.sqlite3"), PASSPHRASE, params=FAST)[1]
    _type_and_submit(qtbot, dialog, other)
    wrong_code = panel.error_label.text()

    assert wrong_passphrase == wrong_code == UNIFORM
    assert panel.error_label.isVisible()
    assert dialog.result() == 0
    assert dialog.key is None
    assert take_failed_unlocks(db_path) == 2
    # Still usable afterwards: the right passphrase opens it.
    panel.set_recovery(False)
    with qtbot.waitSignal(dialog.accepted, timeout=10_000):
        _type_and_submit(qtbot, dialog, PASSPHRASE)
    assert dialog.key == keyed[0]


def test_the_recovery_code_unlocks_typed_in_lower_case_with_spaces(
    qtbot: QtBot, db_path: Path, keyed: tuple[bytes, str], tasks: TaskRunner
) -> None:
    key, code = keyed
    dialog = _unlock_dialog(qtbot, db_path, tasks)
    qtbot.mouseClick(dialog.panel.mode_button, Qt.MouseButton.LeftButton)
    assert dialog.panel.recovery
    assert dialog.panel.field_label.text() == "&Recovery code"

    with qtbot.waitSignal(dialog.accepted, timeout=10_000):
        _type_and_submit(qtbot, dialog, code.lower().replace("-", " "))

    assert dialog.key == key


def test_a_mistyped_recovery_code_says_so_without_trying_the_key_file(
    qtbot: QtBot, db_path: Path, keyed: tuple[bytes, str], tasks: TaskRunner
) -> None:
    code = keyed[1]
    typo = ("A" if code[0] != "A" else "B") + code[1:]
    dialog = _unlock_dialog(qtbot, db_path, tasks)
    dialog.panel.set_recovery(True)

    _type_and_submit(qtbot, dialog, typo)

    assert "typo" in dialog.panel.error_label.text()
    assert take_failed_unlocks(db_path) == 0


def test_an_empty_field_is_not_sent_and_quit_rejects(
    qtbot: QtBot, db_path: Path, keyed: tuple[bytes, str], tasks: TaskRunner
) -> None:
    dialog = _unlock_dialog(qtbot, db_path, tasks)
    qtbot.mouseClick(dialog.panel.unlock_button, Qt.MouseButton.LeftButton)
    assert not dialog.panel.busy
    assert dialog.panel.error_label.text() == "Type the passphrase."

    with qtbot.waitSignal(dialog.rejected):
        qtbot.mouseClick(dialog.quit_button, Qt.MouseButton.LeftButton)


def test_show_reveals_and_hides_the_passphrase(
    qtbot: QtBot, db_path: Path, keyed: tuple[bytes, str], tasks: TaskRunner
) -> None:
    field = _unlock_dialog(qtbot, db_path, tasks).panel.field
    qtbot.mouseClick(field.show_button, Qt.MouseButton.LeftButton)
    assert field.line_edit.echoMode() is field.line_edit.EchoMode.Normal
    assert field.show_button.text() == "Hide"
    qtbot.mouseClick(field.show_button, Qt.MouseButton.LeftButton)
    assert field.line_edit.echoMode() is field.line_edit.EchoMode.Password


# ---------------------------------------------------------------------- first-run set-up


def _setup_dialog(qtbot: QtBot, db_path: Path, tasks: TaskRunner) -> SetupDialog:
    dialog = SetupDialog(db_path, tasks, FAST)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_setup_with_a_passphrase_makes_the_key_file_and_shows_the_code_once(
    qtbot: QtBot, db_path: Path, tasks: TaskRunner
) -> None:
    dialog = _setup_dialog(qtbot, db_path, tasks)
    assert dialog.encrypt_radio.isChecked()
    assert not dialog.continue_button.isEnabled()
    qtbot.keyClicks(dialog.chooser.first.line_edit, PASSPHRASE)
    assert not dialog.continue_button.isEnabled()  # not yet typed twice
    qtbot.keyClicks(dialog.chooser.second.line_edit, PASSPHRASE[:-1])
    assert dialog.chooser.hint_label.text() == "The two passphrases differ."
    assert not dialog.continue_button.isEnabled()
    qtbot.keyClicks(dialog.chooser.second.line_edit, PASSPHRASE[-1])
    assert dialog.continue_button.isEnabled()

    qtbot.mouseClick(dialog.continue_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.recovery_dialog is not None, timeout=10_000)
    recovery = dialog.recovery_dialog
    assert recovery is not None
    assert recovery.isVisible()
    assert dialog.result() == 0  # not done until the code is stored
    key = dialog.key
    assert key is not None
    assert has_key_file(db_path)
    code = recovery.code_label.text().replace("\n", "-")
    assert unlock(db_path, PASSPHRASE) == key
    assert not db_path.exists()  # the store itself is created when it is opened

    # Neither Continue nor Esc leaves before the facilitator says the code is stored.
    assert not recovery.continue_button.isEnabled()
    qtbot.keyClick(recovery, Qt.Key.Key_Escape)
    assert recovery.isVisible()
    recovery.stored_check.setChecked(True)
    with qtbot.waitSignal(dialog.accepted):
        qtbot.mouseClick(recovery.continue_button, Qt.MouseButton.LeftButton)
    assert dialog.encrypted
    assert dialog.key == key
    from facilitator.security.keyfile import unlock_with_recovery  # noqa: PLC0415

    assert unlock_with_recovery(db_path, code) == key


def test_keeping_the_records_unencrypted_needs_a_confirmation(
    qtbot: QtBot, db_path: Path, tasks: TaskRunner
) -> None:
    dialog = _setup_dialog(qtbot, db_path, tasks)
    dialog.plain_radio.click()
    assert dialog.pages.currentIndex() == 1
    assert not dialog.continue_button.isEnabled()
    dialog.plain_confirm.setChecked(True)
    assert dialog.continue_button.isEnabled()

    with qtbot.waitSignal(dialog.accepted):
        qtbot.mouseClick(dialog.continue_button, Qt.MouseButton.LeftButton)

    assert not dialog.encrypted
    assert dialog.key is None
    assert not has_key_file(db_path)
    assert list(db_path.parent.iterdir()) == []


def test_a_short_passphrase_is_refused_with_a_hint() -> None:
    assert passphrase_strength("short") is Strength.TOO_SHORT
    assert passphrase_strength("        abc") is Strength.TOO_SHORT
    assert passphrase_strength("aaaaaaaaaaaaaaaaaaaa") is Strength.WEAK
    assert passphrase_strength("Tr0ub4dor&3") is Strength.FAIR
    assert passphrase_strength(PASSPHRASE) is Strength.GOOD


# ---------------------------------------------------------------------- the recovery code


def test_the_recovery_code_prints_to_a_pdf_that_holds_it(
    qtbot: QtBot, tmp_path: Path, keyed: tuple[bytes, str]
) -> None:
    code = keyed[1]
    dialog = RecoveryCodeDialog(code)
    qtbot.addWidget(dialog)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    pdf = tmp_path / "recovery.pdf"
    printer.setOutputFileName(str(pdf))

    dialog.print_to(printer)

    reader = PdfReader(pdf)
    assert len(reader.pages) == 1
    text = "".join(reader.pages[0].extract_text().split())
    # Printed a few groups to a line, each line as shown in the dialog.
    assert [line for line in code_lines(code) if line in text] == code_lines(code)
    assert code.replace("-", "") in text.replace("-", "")
    assert "recoverycode" in text


# ---------------------------------------------------------------------- changing the passphrase


def test_changing_the_passphrase_rewraps_the_same_key(
    qtbot: QtBot, db_path: Path, keyed: tuple[bytes, str], tasks: TaskRunner
) -> None:
    key = keyed[0]
    dialog = ChangePassphraseDialog(Unlocker(db_path, FAST), tasks)
    qtbot.addWidget(dialog)
    dialog.show()
    new = "lanterns along the harbour wall"

    qtbot.keyClicks(dialog.current.line_edit, "not the passphrase")
    qtbot.keyClicks(dialog.chooser.first.line_edit, new)
    qtbot.keyClicks(dialog.chooser.second.line_edit, new)
    qtbot.mouseClick(dialog.change_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(dialog.error_label.isVisible, timeout=10_000)
    assert dialog.error_label.text() == UNIFORM
    assert take_failed_unlocks(db_path) == 1
    assert unlock(db_path, PASSPHRASE) == key  # nothing changed

    qtbot.keyClicks(dialog.current.line_edit, PASSPHRASE)
    qtbot.keyClicks(dialog.chooser.first.line_edit, new)
    qtbot.keyClicks(dialog.chooser.second.line_edit, new)
    with qtbot.waitSignal(dialog.accepted, timeout=10_000):
        qtbot.mouseClick(dialog.change_button, Qt.MouseButton.LeftButton)

    assert unlock(db_path, new) == key
    with pytest.raises(Exception, match="does not open"):
        unlock(db_path, PASSPHRASE)
