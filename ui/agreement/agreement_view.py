"""The agreement page of a session: write it, have it signed, preview and seal it.

Every change goes through :mod:`facilitator.agreements.lifecycle` and is saved at once with
``store.agreements.save``; a refused change is shown with its reason and nothing typed is lost.
Rendering and sealing the PDF run on the :class:`TaskRunner`, never on the GUI thread.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QTabWidget, QVBoxLayout, QWidget

from facilitator.agreements import lifecycle
from facilitator.agreements.model import Agreement, AgreementError, AgreementItem, AgreementStatus
from facilitator.agreements.template import AgreementTemplate
from facilitator.agreements.templates import AgreementTemplateSet, load_agreement_templates
from facilitator.domain.notes import Note
from facilitator.storage.errors import StoreError
from facilitator.storage.store import Store
from ui.agreement.draft import agreement_ideas, retemplate, start_draft, unresolved_withdrawals
from ui.agreement.editor_page import EditorPage
from ui.agreement.preview_panel import PreviewPanel, pdf_file_name
from ui.agreement.signing_panel import SigningPanel
from ui.tasks import TaskRunner

EDIT, SIGN, PREVIEW = range(3)


def _render(agreement: Agreement, *, paper: bool, keys_dir: Path | None) -> bytes:
    """Render (and seal a locked agreement) on a worker thread."""
    from facilitator.agreements.pdf import render_agreement  # noqa: PLC0415 - ReportLab is slow
    from facilitator.agreements.seal import seal_pdf  # noqa: PLC0415

    pdf = render_agreement(agreement, paper=paper)
    if agreement.status is AgreementStatus.LOCKED and not paper:
        from facilitator.agreements.keys import load_or_create_key  # noqa: PLC0415

        pdf = seal_pdf(pdf, load_or_create_key(keys_dir))
    return pdf


class AgreementView(QWidget):
    """The agreement of one session, from draft to sealed PDF.

    Args:
        store: The open store.
        session_id: The session whose agreement this is.
        tasks: Runs rendering and sealing off the GUI thread.
        parent: Qt owner.
        templates: The agreement templates (loaded from the usual folders when omitted).
        now: The time recorded for finalising and signatures (timezone-aware).
        keys_dir: Where the sealing key lives (the user data folder when omitted).
    """

    closed = Signal()
    """The facilitator is done here (back to the sessions)."""
    pdf_ready = Signal()
    """A rendered PDF is shown in the preview."""

    def __init__(
        self,
        store: Store,
        session_id: str,
        tasks: TaskRunner,
        parent: QWidget | None = None,
        *,
        templates: AgreementTemplateSet | None = None,
        now: Callable[[], datetime] | None = None,
        keys_dir: Path | None = None,
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._session_id = session_id
        self._tasks = tasks
        self._now = now or (lambda: datetime.now(UTC))
        self._keys_dir = keys_dir
        self._templates = templates or load_agreement_templates()
        self._withdrawals: frozenset[str] = frozenset()
        self.editor_page = EditorPage()
        self.signing_panel = SigningPanel(self._now)
        self.preview_panel = PreviewPanel()
        self.tabs = QTabWidget()
        self.tabs.addTab(self.editor_page, self.tr("1 · Write"))
        self.tabs.addTab(self.signing_panel, self.tr("2 · Sign"))
        self.tabs.addTab(self.preview_panel, self.tr("3 · Preview and seal"))
        self.heading = QLabel(self.tr("Agreement"))
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        self.heading.setFont(font)
        self.status_label = QLabel()
        self.status_label.setWordWrap(True)
        self.back_button = QPushButton(self.tr("Back to sessions"))
        self.amend_button = QPushButton(self.tr("Amend (new version)"))
        top = QHBoxLayout()
        top.setSpacing(16)
        top.addWidget(self.heading)
        top.addWidget(self.status_label, 1)
        top.addWidget(self.amend_button)
        top.addWidget(self.back_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 16)
        layout.setSpacing(8)
        layout.addLayout(top)
        layout.addWidget(self.tabs, 1)

        self.editor_page.set_templates(list(self._templates.templates.values()))
        self.editor_page.template_chosen.connect(self._on_template_chosen)
        self.editor_page.items_changed.connect(self._on_items_changed)
        self.editor_page.idea_chosen.connect(self._on_idea_chosen)
        self.editor_page.summary_changed.connect(self._on_summary_changed)
        self.editor_page.assent_changed.connect(self._on_assent_changed)
        self.editor_page.finalise_requested.connect(self.finalise)
        self.signing_panel.signed.connect(self._on_signed)
        self.signing_panel.paper_requested.connect(self.print_for_paper)
        self.tabs.currentChanged.connect(self._on_tab_changed)
        self.back_button.clicked.connect(self.closed)
        self.amend_button.clicked.connect(self.amend)
        self.signing_panel.take_back_requested.connect(self._on_take_back)
        self.agreement: Agreement = self._load()
        self._show()

    # ------------------------------------------------------------------ loading

    def _default_template(self) -> AgreementTemplate:
        templates = self._templates.templates
        if not templates:
            raise AgreementError("No agreement template could be loaded.")
        process_id = self._store.get_session(self._session_id).template.id
        return templates.get(process_id) or next(iter(templates.values()))

    def _load(self) -> Agreement:
        self.editor_page.set_ideas(agreement_ideas(self._store, self._session_id))
        self._withdrawals = unresolved_withdrawals(self._store, self._session_id)
        latest = self._store.agreements.latest(self._session_id)
        if latest is not None:
            return latest
        return self._store.agreements.save(
            start_draft(self._store, self._session_id, self._default_template())
        )

    def refresh(self) -> None:
        """Read the ideas and the consent withdrawals again (they may change elsewhere)."""
        self.editor_page.set_ideas(agreement_ideas(self._store, self._session_id))
        self._withdrawals = unresolved_withdrawals(self._store, self._session_id)
        self._show()

    def template(self) -> AgreementTemplate | None:
        """The template of the agreement shown, if it still loads."""
        return self._templates.templates.get(self.agreement.template_id)

    def _show(self) -> None:
        agreement = self.agreement
        self.editor_page.show_agreement(agreement, self.template(), self._withdrawals)
        self.signing_panel.show_agreement(agreement)
        status = {
            AgreementStatus.DRAFT: self.tr("Draft, version {v}: every change is saved."),
            AgreementStatus.FINALISED: self.tr("Finalised, version {v}: being signed."),
            AgreementStatus.LOCKED: self.tr("Signed by everyone, version {v}: locked."),
        }[agreement.status]
        self.status_label.setText(status.format(v=agreement.version))
        self.amend_button.setVisible(agreement.status is AgreementStatus.LOCKED)

    # ------------------------------------------------------------------ changes

    def _apply(self, change: Callable[[Agreement], Agreement]) -> bool:
        """Apply a rule-checked change and save it; show the reason when refused."""
        try:
            changed = change(self.agreement)
            saved = self._store.agreements.save(changed)
        except (AgreementError, StoreError) as exc:
            self.editor_page.show_error(str(exc))
            self.signing_panel.show_error(str(exc))
            return False
        self.agreement = saved
        self._show()
        return True

    def _on_template_chosen(self, template_id: str) -> None:
        template = self._templates.templates.get(template_id)
        if template is not None:
            self._apply(lambda a: retemplate(self._store, a, template))

    def _on_items_changed(self, items: tuple[AgreementItem, ...]) -> None:
        self._apply(lambda a: lifecycle.edit(a, items=items))

    def _on_idea_chosen(self, note: Note) -> None:
        try:
            item = lifecycle.item_from_note(note)
        except AgreementError as exc:
            self.editor_page.show_error(str(exc))
            return
        self.editor_page.expect_item(item.id)
        self._on_items_changed((*self.agreement.items, item))

    def _on_summary_changed(self, summary: str) -> None:
        self._apply(lambda a: lifecycle.edit(a, summary=summary))

    def _on_assent_changed(self, participant_id: str, on: bool) -> None:
        self._apply(lambda a: lifecycle.assent(a, participant_id, can_live_with_it=on))

    def finalise(self) -> bool:
        """Freeze the draft for signing; refused (with the reason shown) while it cannot be."""
        self._withdrawals = unresolved_withdrawals(self._store, self._session_id)
        template = self.template()
        if template is None:
            self.editor_page.show_error(self.tr("The template of this agreement did not load."))
            return False
        done = self._apply(
            lambda a: lifecycle.finalise(
                a, template, unresolved_withdrawals=self._withdrawals, at=self._now()
            )
        )
        if done:
            self.tabs.setCurrentIndex(SIGN)
        return done

    def _on_signed(self, signature: object) -> None:
        signed = self._apply(lambda a: lifecycle.sign(a, signature))  # type: ignore[arg-type]
        if signed and self.agreement.status is AgreementStatus.LOCKED:
            self.tabs.setCurrentIndex(PREVIEW)

    def _on_take_back(self, signer_id: str) -> None:
        self._apply(lambda a: lifecycle.clear_signature(a, signer_id))

    def amend(self) -> bool:
        """Start a new draft version of the locked agreement (the old one stays stored)."""
        try:
            draft = lifecycle.amend(self.agreement, created_at=self._now())
            self.agreement = self._store.agreements.save(draft)
        except (AgreementError, StoreError) as exc:
            self.status_label.setText(str(exc))
            return False
        self._show()
        self.tabs.setCurrentIndex(EDIT)
        return True

    # ------------------------------------------------------------------ the PDF

    def _on_tab_changed(self, index: int) -> None:
        if index == PREVIEW:
            self.render_preview()

    def render_preview(self, *, paper: bool = False) -> None:
        """Render the agreement (sealed once locked) on a worker and show it when done."""
        agreement = self.agreement
        keys_dir = self._keys_dir
        self.preview_panel.set_status(self.tr("Preparing the document…"))

        def work() -> bytes:
            return _render(agreement, paper=paper, keys_dir=keys_dir)

        def done(data: bytes) -> None:
            sealed = agreement.status is AgreementStatus.LOCKED and not paper
            if paper:
                status = self.tr("For signing on paper: print one copy for each person.")
            elif sealed:
                status = self.tr("Signed and sealed: any later change to the file will show.")
            else:
                status = self.tr("Preview of the draft: it is sealed after the last signature.")
            if sealed and not self._record_seal(agreement, data):
                return
            name = pdf_file_name(agreement.case_reference, agreement.version, paper=paper)
            self.preview_panel.show_pdf(data, name, status)
            self.pdf_ready.emit()

        self._tasks.run(work, done, self._on_render_failed)

    def _record_seal(self, agreement: Agreement, pdf: bytes) -> bool:
        """Write the seal into the audit trail; only a recorded sealed PDF can be saved or printed.

        The entry holds the hash of exactly these bytes, so any copy saved from the preview can be
        matched to it (docs/audit.md).
        """
        from facilitator.security.audit_chain import AuditKind  # noqa: PLC0415

        try:
            self._store.audit.record(
                AuditKind.AGREEMENT_SEALED,
                session_id=self._session_id,
                agreement_id=agreement.id,
                detail_sha256=hashlib.sha256(pdf).hexdigest(),
            )
        except StoreError as exc:
            self.preview_panel.set_status(
                self.tr("The sealed document could not be recorded: {reason}").format(
                    reason=str(exc)
                )
            )
            return False
        return True

    def print_for_paper(self) -> None:
        """Show the agreement with signature lines, to print and sign by hand."""
        self.tabs.blockSignals(True)
        self.tabs.setCurrentIndex(PREVIEW)
        self.tabs.blockSignals(False)
        self.render_preview(paper=True)

    def _on_render_failed(self, exc: Exception) -> None:
        # AgreementError (e.g. a character the font cannot draw) carries safe text.
        reason = str(exc) if isinstance(exc, AgreementError | OSError) else type(exc).__name__
        self.preview_panel.set_status(
            self.tr("The document could not be prepared: {reason}").format(reason=reason)
        )
