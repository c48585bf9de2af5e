"""The context menus of the circle: what can happen to one person, and the queue's policy."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMenu, QWidget

from facilitator.domain.process import SpeakingOrder
from ui.live.people_dialogs import open_leave_dialog, open_resolve_dialog, open_withdraw_dialog
from ui.session_controller import SessionController


def _tr(text: str) -> str:
    return QCoreApplication.translate("CircleView", text)


def seat_menu(
    parent: QWidget, controller: SessionController, pid: str, hand_out: Callable[[str], None]
) -> QMenu | None:
    """The piece, a raised hand, leaving, withdrawing consent, for the person ``pid``.

    Args:
        parent: The circle.
        controller: The live session.
        pid: The person.
        hand_out: Hands the piece to someone (after its own confirmation).
    """
    state = controller.state
    if state.ended:
        return None
    name = state.participant(pid).spoken_name
    menu = QMenu(parent)
    if pid == state.keeper_id:
        menu.addAction(_tr("Give the piece back to the keeper"), controller.back_to_keeper)
        return menu
    hand = menu.addAction(_tr("Hand the piece to {name}…").format(name=name), lambda: hand_out(pid))
    hand.setEnabled(state.in_rotation(pid) and pid != state.holder)
    rnd = state.round
    if rnd is not None and rnd.speaking_order is SpeakingOrder.QUEUE and state.in_rotation(pid):
        if pid in rnd.hands:
            menu.addAction(_tr("Lower their hand"), lambda: controller.lower_hand(pid))
        elif pid != state.holder:
            menu.addAction(_tr("Raise their hand"), lambda: controller.raise_hand(pid))
    menu.addSeparator()
    left = menu.addAction(
        _tr("{name} has left…").format(name=name),
        lambda: open_leave_dialog(parent, controller, pid),
    )
    left.setEnabled(pid not in state.left)
    withdraw = menu.addAction(
        _tr("{name} withdraws consent…").format(name=name),
        lambda: open_withdraw_dialog(parent, controller, pid),
    )
    withdraw.setEnabled(pid not in state.withdrawn)
    if pid in state.unresolved_withdrawals:
        menu.addAction(
            _tr("Record how the withdrawal was resolved…"),
            lambda: open_resolve_dialog(parent, controller, pid),
        )
    return menu


def circle_menu(parent: QWidget, controller: SessionController) -> QMenu | None:
    """Open discussion only: whether those who have spoken least go first."""
    state = controller.state
    rnd = state.round
    if state.ended or rnd is None or rnd.speaking_order is not SpeakingOrder.QUEUE:
        return None
    menu = QMenu(parent)
    least = menu.addAction(_tr("Those who have spoken least go first"))
    least.setCheckable(True)
    least.setChecked(rnd.least_spoken_first)
    least.toggled.connect(controller.set_least_spoken_first)
    return menu
