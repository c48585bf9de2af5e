"""The prompt card: who holds the piece, the question(s) for their role, and what comes next.

The phase guidance is shown here too, marked as being for the facilitator only: this card is on
the facilitator's screen, never on the projector.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QSizePolicy, QVBoxLayout, QWidget

from ui.live.look import mix, role_colour, role_label
from ui.live.projection import questions_for_holder
from ui.session_controller import SessionController


class PromptCard(QScrollArea):
    """What to ask now, and what comes next.

    Args:
        controller: The live session.
        parent: Qt parent.
    """

    def __init__(self, controller: SessionController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._controller = controller
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)

        self.heading_label = self._label(scale=0.95)
        self.speaker_label = self._label(scale=1.6, bold=True)
        self.role_label = self._label(scale=0.95)
        self.questions_label = self._label(scale=1.25)
        self.questions_label.setTextFormat(Qt.TextFormat.RichText)
        self.guidance_title = self._label(scale=0.9, bold=True)
        self.guidance_title.setText(self.tr("Guidance (for you only, never projected)"))
        self.guidance_label = self._label(scale=0.95)
        self.next_label = self._label(scale=0.95)

        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.setSpacing(4)
        layout.addWidget(self.heading_label)
        layout.addSpacing(4)
        layout.addWidget(self.speaker_label)
        layout.addWidget(self.role_label)
        layout.addSpacing(8)
        layout.addWidget(self.questions_label)
        layout.addSpacing(12)
        layout.addWidget(self.guidance_title)
        layout.addWidget(self.guidance_label)
        layout.addSpacing(8)
        layout.addWidget(self.next_label)
        layout.addStretch(1)
        self.setWidget(body)

        controller.changed.connect(self.refresh)
        controller.question_changed.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        """Show the current phase, holder, questions, guidance and the peek at what is next."""
        state = self._controller.state
        palette = self.palette()
        muted = mix(
            palette.color(QPalette.ColorRole.Window),
            palette.color(QPalette.ColorRole.WindowText),
            0.7,
        )
        self._colour(self.heading_label, muted)
        self._colour(self.next_label, muted)
        self._colour(self.guidance_title, muted)

        phases = self._controller.template.phases
        phase = state.phase
        rnd = state.round
        rt = state.round_template
        heading = self.tr("Not started: choose the first phase")
        if phase is not None and state.phase_index is not None:
            heading = self.tr("Phase {n} of {total}: {title}").format(
                n=state.phase_index + 1, total=len(phases), title=phase.title
            )
            if rnd is not None and rt is not None:
                heading += " · " + self.tr("Round {n}: {title}").format(
                    n=rnd.round_no, title=rt.title
                )
        self.heading_label.setText(heading)

        holder = state.holder
        if holder is not None:
            person = state.participant(holder)
            self.speaker_label.setText(person.spoken_name)
            self.role_label.setText(role_label(person.role))
            self._colour(self.role_label, role_colour(person.role, palette, person.side))
        else:
            self.speaker_label.setText(self.tr("Nobody holds the piece"))
            self.role_label.setText("")
        self.role_label.setVisible(bool(self.role_label.text()))

        self.questions_label.setText(self._questions_html())
        self.questions_label.setVisible(bool(self.questions_label.text()))

        guidance = "" if phase is None else phase.guidance.strip()
        self.guidance_label.setText(guidance)
        self.guidance_title.setVisible(bool(guidance))
        self.guidance_label.setVisible(bool(guidance))

        peek = state.next_prompt() if state.started else None
        if peek is None:
            self.next_label.setText(self.tr("Next: the end of the process"))
        else:
            title, question = peek
            text = self.tr("Next: {title}").format(title=title)
            self.next_label.setText(f"{text} — {question}" if question else text)

    # ------------------------------------------------------------------ internals

    def _questions_html(self) -> str:
        state = self._controller.state
        questions = questions_for_holder(state)
        if not questions:
            rt = state.round_template
            return "" if rt is None or not rt.question else html.escape(rt.question)
        current = min(self._controller.question_index, len(questions) - 1)
        if len(questions) == 1:
            return html.escape(questions[0])
        accent = self.palette().color(QPalette.ColorRole.Highlight).name()
        rows = []
        for index, question in enumerate(questions):
            text = html.escape(question)
            if index == current:
                rows.append(
                    f'<tr><td style="color:{accent}"><b>▶</b></td><td><b>{text}</b></td></tr>'
                )
            else:
                rows.append(f"<tr><td>{index + 1}.</td><td>{text}</td></tr>")
        hint = html.escape(self.tr("Q: next question · Shift+Q: previous"))
        return (
            '<table cellspacing="4">'
            + "".join(rows)
            + f'</table><div style="font-size:small">{hint}</div>'
        )

    def _label(self, *, scale: float = 1.0, bold: bool = False) -> QLabel:
        label = QLabel()
        label.setWordWrap(True)
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        font = QFont(label.font())
        font.setPointSizeF(font.pointSizeF() * scale)
        font.setBold(bold)
        label.setFont(font)
        return label

    @staticmethod
    def _colour(label: QLabel, colour: QColor) -> None:
        palette = label.palette()
        palette.setColor(QPalette.ColorRole.WindowText, colour)
        label.setPalette(palette)
