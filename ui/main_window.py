"""The main window. It builds its pages and wires their signals; the work happens elsewhere.

Pages: the home list, the setup of a session, the live session, the agreement, and the pages for
looking back (history, the read-only review of one session, search, follow-up; built by
:mod:`ui.pages`). Children never reach for each other: they emit
signals, and this window connects them in :meth:`_connect_signals` or when it builds a page.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QMainWindow, QMessageBox, QStackedWidget, QWidget

from facilitator.storage.errors import StoreError
from ui import pages
from ui.home_view import HomeView
from ui.tasks import TaskRunner

# Everything below is imported where first used: the pages pull in the engine, the setup dialogs
# and (through the store) SQLAlchemy, and even the domain's enums cost milliseconds that the
# first paint should not wait for (benchmarks/bench_startup.py).
if TYPE_CHECKING:
    from facilitator.domain.session import SessionInfo
    from facilitator.engine.clock import Clock
    from facilitator.processes import TemplateSet
    from facilitator.storage.early_history import EarlyHistory
    from facilitator.storage.store import Store
    from ui.agreement.agreement_view import AgreementView
    from ui.followup.followup_view import FollowUpView
    from ui.history.history_view import HistoryView
    from ui.history.review_view import SessionReviewView
    from ui.live.live_view import LiveView
    from ui.lookback import LookBack
    from ui.search.search_view import SearchView
    from ui.session_controller import SessionController
    from ui.setup.setup_view import SetupView

#: Sessions listed on the home page; the history lists every one.
HOME_SESSIONS = 100


class MainWindow(QMainWindow):
    """Home, setup and live pages on one stack.

    The window can exist before the store is open (it paints at once); :meth:`attach` hands
    it the store and the templates when they are ready.

    Args:
        clock: Where the live session gets its time.
        tasks: Runs slow work off the GUI thread.
        facilitator_name: Default for "recorded by" in consent records.
    """

    #: The window has painted for the first time (start-up work can begin).
    first_painted = Signal()

    def __init__(self, clock: Clock, tasks: TaskRunner, facilitator_name: str = "") -> None:
        super().__init__()
        self._clock = clock
        self._facilitator_name = facilitator_name
        self._tasks = tasks
        self._store: Store | None = None
        self._templates: TemplateSet | None = None
        #: The sessions read early while the store opens (see show_early_history).
        self._early: EarlyHistory | None = None
        self.setWindowTitle(self.tr("Circle Facilitator"))
        self.resize(1280, 760)

        self.stack = QStackedWidget()
        self.home = HomeView()
        self.home.set_opening()
        self.stack.addWidget(self.home)
        self.setCentralWidget(self.stack)
        self.setup: SetupView | None = None
        self.live: LiveView | None = None
        self.controller: SessionController | None = None
        self.agreement: AgreementView | None = None
        self._lookback: LookBack | None = None
        self._painted = False
        self.installEventFilter(self)
        self._connect_signals()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        """Notice the first paint once, then stop watching."""
        if watched is self and event.type() == QEvent.Type.Paint and not self._painted:
            self._painted = True
            self.removeEventFilter(self)
            self.first_painted.emit()
        return super().eventFilter(watched, event)

    # ------------------------------------------------------------------ store

    @property
    def lookback(self) -> LookBack:
        """History, review, search and follow-up, with the Go and Export menus (built on use)."""
        if self._lookback is None:
            from ui.lookback import LookBack  # noqa: PLC0415 - see the imports above

            self._lookback = LookBack(
                self,
                self.stack,
                self.home,
                clock=self._clock,
                tasks=self._tasks,
                facilitator_name=self._facilitator_name,
            )
            self._lookback.home_requested.connect(self.show_home)
            self._lookback.agreement_requested.connect(self.open_agreement)
        return self._lookback

    @property
    def store(self) -> Store | None:
        """The open store, once attached."""
        return self._store

    def show_early_history(self, early: EarlyHistory) -> None:
        """While the store opens, list its sessions already (read early, in the default order).

        The window keeps ``early`` until :meth:`attach` hands its lists over to the store, or
        :meth:`show_open_error` discards it.
        """
        if self._store is not None:
            early.close()
            return
        if self._early is not None:
            self._early.close()
        self._early = early
        try:
            recent = early.recent(HOME_SESSIONS)
        except StoreError:
            return  # The store's own open follows; it lists them, or says what is wrong.
        self.lookback.show_early(early)
        self.home.set_sessions(recent, more_in_history=len(recent) == HOME_SESSIONS, ready=False)

    def attach(self, store: Store, templates: TemplateSet) -> None:
        """Use ``store`` and ``templates`` from now on, and show what the store holds."""
        self._store = store
        self._templates = templates
        early, self._early = self._early, None
        self.lookback.attach(store)
        if early is not None:
            early.close()
        self.refresh_home()
        if templates.errors:
            self.statusBar().showMessage(
                self.tr("{count} process template(s) could not be loaded.").format(
                    count=len(templates.errors)
                )
            )

    def detach(self) -> None:
        """Close the live session and the store (at exit)."""
        self._close_live()
        if self._store is not None:
            self._store.close()
            self._store = None

    def show_open_error(self, exc: Exception) -> None:
        """The store could not be opened: say why, and never create an empty one in its place."""
        message = str(exc) if isinstance(exc, StoreError | OSError) else type(exc).__name__
        early, self._early = self._early, None
        # Rows read early from a store that did not open after all are not left on screen.
        self.lookback.forget_early()
        if early is not None:
            early.discard()
        self.home.set_open_failed(message)

    def _connect_signals(self) -> None:
        self.home.new_session_requested.connect(self._on_home_new_session_requested)
        self.home.continue_requested.connect(self._on_home_continue_requested)
        self.home.demo_requested.connect(self._on_home_demo_requested)
        self.home.agreement_requested.connect(self.open_agreement)
        self.home.history_requested.connect(self.show_history)
        self.home.search_requested.connect(self.show_search)
        self.home.followup_requested.connect(self.show_followup)

    def refresh_home(self) -> None:
        """Reload the session list: the newest sessions, and any unfinished one."""
        if self._store is None:
            return
        recent = self._store.history.recent(HOME_SESSIONS)
        listed = {s.id for s in recent}
        unfinished = [s for s in self._store.unfinished_sessions() if s.id not in listed]
        self.home.set_sessions([*recent, *unfinished], more_in_history=len(recent) == HOME_SESSIONS)

    def show_home(self) -> None:
        """Back to the list of sessions."""
        self.refresh_home()
        self.stack.setCurrentWidget(self.home)

    def _show_page(self, page: QWidget) -> None:
        pages.show_page(self.stack, page)

    def _drop_page(self, page: QWidget | None) -> None:
        pages.drop_page(self.stack, page)

    # ------------------------------------------------------------------ setup

    def _new_setup(self, store: Store, templates: TemplateSet) -> SetupView:
        from ui.setup.setup_view import SetupView  # noqa: PLC0415 - see the imports above

        self._drop_page(self.setup)
        setup = SetupView(store, templates, facilitator_name=self._facilitator_name)
        setup.start_requested.connect(self._on_setup_start_requested)
        setup.cancelled.connect(self.show_home)
        self.setup = setup
        return setup

    def _on_home_new_session_requested(self) -> None:
        if self._store is not None and self._templates is not None:
            self._show_page(self._new_setup(self._store, self._templates))

    def _on_home_continue_requested(self, session_id: str) -> None:
        from facilitator.domain.session import SessionStatus  # noqa: PLC0415 - see the imports

        if self._store is None or self._templates is None:
            return
        try:
            info = self._store.get_session(session_id)
        except StoreError as exc:
            self._warn(self.tr("Cannot open the session"), str(exc))
            return
        if info.status is SessionStatus.PLANNED:
            setup = self._new_setup(self._store, self._templates)
            setup.load_session(session_id)
            self._show_page(setup)
        elif info.status is SessionStatus.RUNNING:
            self._open_live(self._store, info, resume=True)

    def _on_setup_start_requested(self, session_id: str, keeper_id: str) -> None:
        if self._store is None:
            return
        try:
            info = self._store.get_session(session_id)
        except StoreError as exc:
            self._warn(self.tr("Cannot start the session"), str(exc))
            return
        self._open_live(self._store, info, resume=False, keeper_id=keeper_id or None)

    def _on_home_demo_requested(self) -> None:
        store = self._store
        if store is None:
            return
        self.home.demo_button.setEnabled(False)
        self.statusBar().showMessage(self.tr("Creating the demo case…"))

        def work() -> SessionInfo:
            from facilitator.demo import create_demo  # noqa: PLC0415 - only when asked for

            return create_demo(store)

        self._tasks.run(work, self._on_demo_created, self._on_demo_failed)

    def _on_demo_created(self, _info: SessionInfo) -> None:
        self.home.demo_button.setEnabled(True)
        self.statusBar().showMessage(self.tr("The demo case is ready."), 5000)
        self.refresh_home()

    def _on_demo_failed(self, exc: Exception) -> None:
        self.home.demo_button.setEnabled(True)
        self.statusBar().clearMessage()
        message = str(exc) if isinstance(exc, StoreError) else type(exc).__name__
        self._warn(self.tr("The demo case could not be created"), message)

    # ------------------------------------------------------------------ live

    def _open_live(
        self, store: Store, info: SessionInfo, *, resume: bool, keeper_id: str | None = None
    ) -> None:
        from facilitator.engine.errors import EngineError  # noqa: PLC0415 - see the imports
        from ui.live.live_view import LiveView  # noqa: PLC0415
        from ui.session_controller import SessionController  # noqa: PLC0415

        try:
            if resume:
                controller = SessionController.resume(store, info.id, self._clock)
            else:
                controller = SessionController.start(
                    store, info.id, self._clock, keeper_id=keeper_id
                )
        except (StoreError, EngineError, ValueError, RuntimeError) as exc:
            # Rule errors (a missing consent) and write errors carry safe, content-free text.
            self._warn(self.tr("Cannot run the session"), str(exc))
            return
        self._close_live()
        self.controller = controller
        controller.setParent(self)
        self.live = LiveView(controller)
        self.live.session_ended.connect(self._on_live_session_ended)
        self._show_page(self.live)

    def _on_live_session_ended(self) -> None:
        self._close_live()
        self.show_home()
        if self._store is not None:
            from ui.store_problem import back_up_and_warn  # noqa: PLC0415 - see imports

            back_up_and_warn(self, self._tasks, self._store, "session")

    def _close_live(self) -> None:
        if self.live is not None:
            projector = self.live.projector_window
            if projector is not None:
                projector.close()
        self._drop_page(self.live)
        self.live = None
        if self.controller is not None:
            self.controller.close()
            self.controller.deleteLater()
            self.controller = None

    # ------------------------------------------------------------------ agreement

    def open_agreement(self, session_id: str) -> AgreementView | None:
        """Show the agreement page of ``session_id`` (a draft is started if there is none)."""
        from facilitator.agreements.model import AgreementError  # noqa: PLC0415 - see imports
        from ui.agreement.agreement_view import AgreementView  # noqa: PLC0415

        if self._store is None:
            return None
        try:
            view = AgreementView(self._store, session_id, self._tasks)
        except (StoreError, AgreementError) as exc:
            self._warn(self.tr("Cannot open the agreement"), str(exc))
            return None
        self._drop_page(self.agreement)
        view.closed.connect(self._on_agreement_closed)
        self.agreement = view
        self._show_page(view)
        return view

    def _on_agreement_closed(self) -> None:
        self._drop_page(self.agreement)
        self.agreement = None
        self.show_home()

    # ------------------------------------------------------------------ looking back

    def show_history(self) -> HistoryView | None:
        """Show the history (see :meth:`ui.lookback.LookBack.show_history`)."""
        return self.lookback.show_history()

    def show_search(self) -> SearchView | None:
        """Show the search page (see :meth:`ui.lookback.LookBack.show_search`)."""
        return self.lookback.show_search()

    def show_followup(self) -> FollowUpView | None:
        """Show the follow-up overview (see :meth:`ui.lookback.LookBack.show_followup`)."""
        return self.lookback.show_followup()

    def show_review(self, session_id: str, note_id: str | None = None) -> SessionReviewView | None:
        """Show a session's review (see :meth:`ui.lookback.LookBack.show_review`)."""
        return self.lookback.show_review(session_id, note_id)

    # ------------------------------------------------------------------ misc

    def _warn(self, title: str, message: str) -> None:
        QMessageBox.warning(self, title, message)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt API
        """Close the projector with the window; every event is already stored."""
        self._close_live()
        super().closeEvent(event)
