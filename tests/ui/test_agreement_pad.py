"""The signature pad takes a stylus with its pressure and a finger; the item form keeps what
was typed when a field is refused."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QInputDevice, QPointingDevice, QTabletEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from facilitator.agreements.lifecycle import WeakHint
from facilitator.agreements.model import AgreementItem, ItemKind, Party
from facilitator.domain.roles import Role
from ui.agreement.item_editor import ItemEditor
from ui.agreement.signature_pad import SignaturePad


def shown_pad(qtbot: QtBot) -> SignaturePad:
    pad = SignaturePad()
    qtbot.addWidget(pad)
    pad.resize(600, 200)
    pad.show()
    return pad


def test_a_stylus_stroke_keeps_its_pressure(qtbot: QtBot) -> None:
    pad = shown_pad(qtbot)
    pen = QPointingDevice(
        "test pen",
        1,
        QInputDevice.DeviceType.Stylus,
        QPointingDevice.PointerType.Pen,
        QInputDevice.Capability.Position | QInputDevice.Capability.Pressure,
        1,
        3,
    )
    left, none = Qt.MouseButton.LeftButton, Qt.MouseButton.NoButton
    samples = [
        (QEvent.Type.TabletPress, 50.0, 0.2, left),
        (QEvent.Type.TabletMove, 150.0, 0.9, left),
        (QEvent.Type.TabletRelease, 250.0, 0.6, none),
    ]
    for kind, x, pressure, buttons in samples:
        event = QTabletEvent(
            kind,
            pen,
            QPointF(x, 80),
            QPointF(x, 80),
            pressure,
            0.0,
            0.0,
            0.0,
            0.0,
            0.0,
            Qt.KeyboardModifier.NoModifier,
            left,
            buttons,
        )
        QApplication.sendEvent(pad, event)
    (stroke,) = pad.strokes()
    assert [round(p.pressure, 2) for p in stroke] == [0.2, 0.9, 0.6]
    assert stroke[0].x < stroke[1].x < stroke[2].x


def test_a_finger_draws_one_stroke(qtbot: QtBot) -> None:
    pad = shown_pad(qtbot)
    screen = QTest.createTouchDevice()
    QTest.touchEvent(pad, screen).press(0, QPoint(100, 100)).commit()
    QTest.touchEvent(pad, screen).move(0, QPoint(200, 120)).commit()
    QTest.touchEvent(pad, screen).release(0, QPoint(300, 120)).commit()
    (stroke,) = pad.strokes()
    assert len(stroke) == 3
    assert all(p.pressure == 0.5 for p in stroke)  # this screen reports no pressure


def test_the_item_form_shows_kind_fields_and_keeps_a_refused_amount(qtbot: QtBot) -> None:
    editor = ItemEditor()
    qtbot.addWidget(editor)
    editor.show()
    party = Party("p1", "Jamie Okafor", Role.PERSON_RESPONSIBLE)
    editor.set_choices(set(ItemKind), [party])
    editor.set_item(AgreementItem(kind=ItemKind.OTHER, description="Pay for the glass"))
    assert not editor.amount_edit.isVisible()
    editor.kind_box.setCurrentIndex(editor.kind_box.findData(ItemKind.RESTITUTION))
    assert editor.amount_edit.isVisible()
    assert not editor.hours_spin.isVisible()
    assert WeakHint.NOT_MEASURABLE.message in editor.hints_label.text()

    editor.amount_edit.setText("a lot")
    with qtbot.assertNotEmitted(editor.saved):
        qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert "amount must be a number" in editor.error_label.text()
    assert editor.amount_edit.text() == "a lot"

    editor.amount_edit.setText("120,50")
    assert WeakHint.NOT_MEASURABLE.message not in editor.hints_label.text()
    with qtbot.waitSignal(editor.saved) as saved:
        qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    item = saved.args[0]
    assert item.kind is ItemKind.RESTITUTION
    assert str(item.amount) == "120.50"
