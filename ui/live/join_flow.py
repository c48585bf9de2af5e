"""Someone arrives late: who they are, their consent, then a seat is inserted for them.

The same two dialogs as at set-up (ui/setup), run one after the other. Nothing reaches the
session until consent is recorded: the person is stored with their consent and joins in one
step of the controller, so a refusal leaves nothing half-done and the dialog stays open.
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from facilitator.domain.case import DomainError, Participant
from facilitator.domain.consent import ConsentRecord
from ui.session_controller import SessionController
from ui.setup.consent_dialog import ConsentDialog
from ui.setup.participant_dialog import ParticipantDialog


class JoinFlow:
    """Runs the two dialogs for one late arrival.

    Args:
        parent: The live view (the dialogs are its children).
        controller: The live session.
        recorded_by: Who records the consent (the facilitator), the dialog's default.
    """

    def __init__(
        self, parent: QWidget, controller: SessionController, recorded_by: str = ""
    ) -> None:
        self._parent = parent
        self._controller = controller
        self._recorded_by = recorded_by
        self.person_dialog: ParticipantDialog | None = None
        self.consent_dialog: ConsentDialog | None = None
        self._participant: Participant | None = None

    def start(self) -> ParticipantDialog:
        """Open the first dialog: who is joining."""
        state = self._controller.state
        others = [state.participants[pid] for pid in state.seat_order()]
        dialog = ParticipantDialog(self._take_person, others, parent=self._parent)
        dialog.setWindowTitle(dialog.tr("Someone joins the session"))
        dialog.accepted.connect(self._ask_consent)
        self.person_dialog = dialog
        dialog.open()
        return dialog

    def _take_person(self, participant: Participant) -> None:
        # Nothing is stored yet: the person joins only with their consent.
        self._participant = participant

    def _ask_consent(self) -> None:
        participant = self._participant
        if participant is None:
            return
        if not participant.participation.present:
            # Not in the room (a written statement, say): no consent form to sign here; a
            # refusal shows on the live view's status line.
            self._controller.join_late(participant, None)
            return
        guardian = ""
        if participant.guardian_id is not None:
            guardian_person = self._controller.state.participants.get(participant.guardian_id)
            guardian = guardian_person.spoken_name if guardian_person else ""
        dialog = ConsentDialog(
            participant,
            self._join,
            recorded_by=self._recorded_by,
            guardian=guardian or participant.guardian_name,
            parent=self._parent,
        )
        self.consent_dialog = dialog
        dialog.open()

    def _join(self, record: ConsentRecord) -> None:
        participant = self._participant
        if participant is None:
            return
        if not self._controller.join_late(participant, record):
            raise DomainError(self._controller.last_error or "The person could not join.")
