"""The signing steps: each signer in turn confirms who they are and signs on the pad.

The facilitator signs last (the agreement's :attr:`signers` order). The panel only collects a
:class:`Signature`; the page applies the rules (``lifecycle.sign``) and stores it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from facilitator.agreements.model import Agreement, AgreementStatus, Party, Signature
from ui.agreement.signature_pad import SignaturePad
from ui.live.look import role_label


class SigningPanel(QWidget):
    """One signer at a time: their name and role, a confirmation, the pad, Clear and Sign.

    Args:
        now: The time to record with each signature (timezone-aware).
        parent: Qt owner.
    """

    signed = Signal(object)
    """A :class:`Signature` the current signer gave."""
    paper_requested = Signal()
    take_back_requested = Signal(str)
    """Take back the signature of this participant id, to sign again."""
    """Print the agreement with signature lines instead."""

    def __init__(self, now: Callable[[], datetime], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._now = now
        self._signer: Party | None = None
        self.step_label = QLabel()
        self.who_label = QLabel()
        font = self.who_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        self.who_label.setFont(font)
        self.who_label.setWordWrap(True)
        self.confirm_check = QCheckBox()
        self.pad = SignaturePad()
        self.clear_button = QPushButton(self.tr("Clear"))
        self.sign_button = QPushButton(self.tr("Sign"))
        self.sign_button.setDefault(True)
        self.paper_button = QPushButton(self.tr("Print for signing on paper…"))
        self.take_back_button = QPushButton(self.tr("Take back the last signature"))
        self._last_signer = ""
        self.message_label = QLabel()
        self.message_label.setWordWrap(True)

        buttons = QHBoxLayout()
        buttons.setSpacing(8)
        buttons.addWidget(self.clear_button)
        buttons.addWidget(self.take_back_button)
        buttons.addStretch(1)
        buttons.addWidget(self.paper_button)
        buttons.addWidget(self.sign_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 16)
        layout.setSpacing(12)
        layout.addWidget(self.step_label)
        layout.addWidget(self.who_label)
        layout.addWidget(self.confirm_check)
        layout.addWidget(self.pad, 1)
        layout.addWidget(self.message_label)
        layout.addLayout(buttons)

        self.clear_button.clicked.connect(self.pad.clear)
        self.pad.changed.connect(self._update_buttons)
        self.confirm_check.toggled.connect(self._update_buttons)
        self.sign_button.clicked.connect(self._on_sign_clicked)
        self.paper_button.clicked.connect(self.paper_requested)
        self.take_back_button.clicked.connect(self._on_take_back_clicked)
        self.show_agreement(None)

    @property
    def signer(self) -> Party | None:
        """Who signs now, if anyone is still to sign."""
        return self._signer

    def show_agreement(self, agreement: Agreement | None) -> None:
        """Ask the next signer of ``agreement`` to sign (or say why nobody can yet)."""
        self.pad.clear()
        self.confirm_check.setChecked(False)
        self.message_label.clear()
        self._signer = None
        ready = agreement is not None and agreement.status is AgreementStatus.FINALISED
        if agreement is None or not ready:
            locked = agreement is not None and agreement.status is AgreementStatus.LOCKED
            self.step_label.setText(
                self.tr("Everyone has signed; the agreement is locked.")
                if locked
                else self.tr("Finalise the agreement first; then each signer signs here in turn.")
            )
            self.who_label.clear()
        else:
            signers = agreement.signers
            waiting = [p for p in signers if agreement.signature_of(p.participant_id) is None]
            self._signer = waiting[0]
            step = len(signers) - len(waiting) + 1
            self.step_label.setText(
                self.tr("Signature {step} of {count}").format(step=step, count=len(signers))
            )
            role = role_label(self._signer.role)
            self.who_label.setText(f"{self._signer.name} · {role}")
            self.confirm_check.setText(
                self.tr("I am {name} ({role}) and I sign this agreement.").format(
                    name=self._signer.name, role=role
                )
            )
        for widget in (self.confirm_check, self.pad, self.clear_button):
            widget.setVisible(self._signer is not None)
        self.sign_button.setVisible(self._signer is not None)
        self.paper_button.setEnabled(agreement is not None)
        self._last_signer = (
            agreement.signatures[-1].signer_id
            if agreement is not None and ready and agreement.signatures
            else ""
        )
        self.take_back_button.setVisible(bool(self._last_signer))
        self._update_buttons()

    def show_error(self, message: str) -> None:
        """Say why the signature was not taken; the strokes stay on the pad."""
        self.message_label.setText(message)

    def _update_buttons(self) -> None:
        self.sign_button.setEnabled(
            self._signer is not None and self.confirm_check.isChecked() and not self.pad.is_empty()
        )

    def _on_take_back_clicked(self) -> None:
        if self._last_signer:
            self.take_back_requested.emit(self._last_signer)

    def _on_sign_clicked(self) -> None:
        signer = self._signer
        if signer is None or self.pad.is_empty():
            return
        self.signed.emit(
            Signature(
                signer.participant_id, signer.name, signer.role, self._now(), self.pad.strokes()
            )
        )
