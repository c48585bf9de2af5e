"""From the first paint to an open store: set up, unlock, or open as before.

After the main window has painted, :class:`StartFlow` looks at what the database address names
(on a worker: resolving it imports SQLAlchemy):

* an SQLite file with a key file beside it: the :class:`UnlockDialog`, then the store is opened
  with the data key on a worker;
* an SQLite file without a key file: opened as it is (a store made unencrypted by choice);
* no SQLite file yet: the :class:`SetupDialog` (encrypt with a passphrase, or an explicit choice
  to keep the records unencrypted), then the store is created;
* a server URL (PostgreSQL): opened as before; the server's own controls protect it.

Before any of that, a plain SQLite store's sessions are read early through the standard
library's ``sqlite3`` (:mod:`facilitator.storage.early_history`) and listed at once; the store's
own imports (SQLAlchemy, about 0.3 s) begin only after that list has painted.

Every failure to open goes to the window's open-error path, which never creates a store.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QDialog

from ui.after_paint import after_next_paint
from ui.main_window import HOME_SESSIONS
from ui.tasks import TaskRunner

if TYPE_CHECKING:
    from facilitator.processes import TemplateSet
    from facilitator.security.keyfile import KdfParams
    from facilitator.storage.early_history import EarlyHistory
    from facilitator.storage.store import Store
    from ui.main_window import MainWindow
    from ui.security.protection import StoreProtection
    from ui.security.setup_dialog import SetupDialog
    from ui.security.unlock_dialog import UnlockDialog


@dataclass(frozen=True, slots=True)
class StoreTarget:
    """What a database address names, looked at before anything is opened.

    Attributes:
        url: The SQLAlchemy URL.
        db_path: The SQLite file, or ``None`` for a server.
        exists: Whether that file exists.
        has_key_file: Whether an encryption key file lies beside it.
    """

    url: str
    db_path: Path | None
    exists: bool
    has_key_file: bool


@dataclass(frozen=True, slots=True)
class OpenedStore:
    """The outcome of the start flow.

    Attributes:
        store: The open store.
        templates: The process templates.
        protection: How the store is protected (for the lock and the passphrase dialog).
    """

    store: Store
    templates: TemplateSet
    protection: StoreProtection


def find_store(db: str | None, env: Mapping[str, str]) -> StoreTarget:
    """Resolve ``db`` (or the environment, or the default) and look at it (worker-safe).

    Raises:
        StoreProblemError: the store file is missing but its journal or backups are there.
    """
    from facilitator.security.keyfile import has_key_file  # noqa: PLC0415 - off first paint
    from facilitator.storage.database import resolve_url, sqlite_file  # noqa: PLC0415 - heavy

    url = resolve_url(db, env)
    path = sqlite_file(url)
    if path is None:
        return StoreTarget(url, None, exists=False, has_key_file=False)
    if not path.exists() and not has_key_file(path):
        from facilitator.storage.store_problems import refuse_unsafe_new_store  # noqa: PLC0415

        # No set-up over a store that was moved or deleted: its journal or backups remain.
        refuse_unsafe_new_store(path)
    return StoreTarget(url, path, exists=path.exists(), has_key_file=has_key_file(path))


def read_early(db: str | None, env: Mapping[str, str], recent: int) -> EarlyHistory | None:
    """The early history of a plain SQLite store, ready to show, or ``None`` (worker-safe).

    ``None`` for a server, an encrypted, missing or unreadable store, or one at another schema
    revision: the normal open then runs alone. SQLAlchemy is not imported here.
    """
    from facilitator.storage.early_history import open_early_history  # noqa: PLC0415
    from facilitator.storage.location import plain_sqlite_path, store_location  # noqa: PLC0415

    try:
        path = plain_sqlite_path(store_location(db, env))
    except OSError:
        return None  # The normal open says what is wrong with the place.
    if path is None:
        return None
    return _warmed(open_early_history(path), recent)


def read_early_unlocked(path: Path, key: bytes, recent: int) -> EarlyHistory | None:
    """The early history of an encrypted store just unlocked with ``key``, or ``None``."""
    from facilitator.storage.early_history import open_early_history  # noqa: PLC0415

    return _warmed(open_early_history(path, key), recent)


def _warmed(early: EarlyHistory | None, recent: int) -> EarlyHistory | None:
    if early is not None:
        early.warm(recent)
    return early


def _open(url: str, key: bytes | None) -> Store:
    from facilitator.storage.store import Store  # noqa: PLC0415 - heavy, off start-up

    return Store.open(url, key=key)


class StartFlow(QObject):
    """Opens the store once the window is up, asking for what the store needs.

    Args:
        window: The main window (dialogs are its children; failures go to its open-error path).
        tasks: Where the slow steps run.
        db: The ``--db`` value, if any.
        load_templates: Loads the process templates (slow; runs on the worker).
        kdf_params: Key-derivation settings for a new key file (``None``: the safe default).
        env: The environment to read ``CIRCLE_FACILITATOR_DB`` from (default: ``os.environ``).
    """

    #: The store's sessions were read early and listed (an ``EarlyHistory``); it is still opening.
    early_listed = Signal(object)
    #: The store is open (an :class:`OpenedStore`).
    opened = Signal(object)
    #: The facilitator chose to quit at the set-up or unlock dialog.
    quit_requested = Signal()

    def __init__(
        self,
        window: MainWindow,
        tasks: TaskRunner,
        db: str | None,
        load_templates: Callable[[], TemplateSet],
        *,
        kdf_params: KdfParams | None = None,
        env: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(window)
        self._window = window
        self._tasks = tasks
        self._db = db
        self._load_templates = load_templates
        self._kdf_params = kdf_params
        self._env = dict(os.environ if env is None else env)
        self._target: StoreTarget | None = None
        #: The set-up or unlock dialog on screen, if any.
        self.dialog: QDialog | None = None

    def begin(self) -> None:
        """List a plain store's sessions early; then look at the address: set up, unlock or open."""
        db, env = self._db, self._env
        self._list_early_then(lambda: read_early(db, env, HOME_SESSIONS), self._find)

    def _find(self) -> None:
        db, env = self._db, self._env
        self._tasks.run(lambda: find_store(db, env), self._on_found, self._fail)

    # ------------------------------------------------------------------ steps

    def _list_early_then(
        self, read: Callable[[], EarlyHistory | None], then: Callable[[], None]
    ) -> None:
        """On the worker, ``read`` the sessions; list them if it could; then go on with ``then``."""

        def listed(early: EarlyHistory | None) -> None:
            if early is None:
                then()
                return
            self._window.show_early_history(early)
            self.early_listed.emit(early)
            # The store's imports and checks hold the interpreter for a third of a second or
            # more; begun now, they would slow the painting of the list.
            after_next_paint(self._window, then)

        # A failure to read early is no failure: the store's own open says what is wrong.
        self._tasks.run(read, listed, lambda _exc: then())

    def _on_found(self, target: StoreTarget) -> None:
        # Loaded here, not with this module: the early list of sessions does not wait for them.
        from ui.security.protection import StoreProtection, Unlocker  # noqa: PLC0415
        from ui.security.setup_dialog import SetupDialog  # noqa: PLC0415
        from ui.security.unlock_dialog import UnlockDialog  # noqa: PLC0415

        self._target = target
        path = target.db_path
        if path is None:
            self._open_store(None, StoreProtection(None, encrypted=False))
        elif target.has_key_file:
            unlock = UnlockDialog(Unlocker(path, self._kdf_params), self._tasks, self._window)
            self._show(unlock, lambda: self._on_unlocked(unlock, path))
        elif target.exists:
            self._open_store(None, StoreProtection(path, encrypted=False))
        else:
            setup = SetupDialog(path, self._tasks, self._kdf_params, self._window)
            self._show(setup, lambda: self._on_set_up(setup, path))

    def _show(self, dialog: QDialog, on_accepted: Callable[[], None]) -> None:
        self.dialog = dialog
        dialog.accepted.connect(on_accepted)
        dialog.rejected.connect(self._on_rejected)
        dialog.open()

    def _on_unlocked(self, dialog: UnlockDialog, path: Path) -> None:
        self.dialog = None
        key = dialog.key
        dialog.deleteLater()
        from ui.security.protection import StoreProtection  # noqa: PLC0415 - see _on_found

        protection = StoreProtection(path, encrypted=True, kdf_params=self._kdf_params)
        if key is None:
            self._open_store(key, protection)
            return
        self._list_early_then(
            lambda: read_early_unlocked(path, key, HOME_SESSIONS),
            lambda: self._open_store(key, protection),
        )

    def _on_set_up(self, dialog: SetupDialog, path: Path) -> None:
        self.dialog = None
        key, encrypted = dialog.key, dialog.encrypted
        dialog.deleteLater()
        from ui.security.protection import StoreProtection  # noqa: PLC0415 - see _on_found

        self._open_store(key, StoreProtection(path, encrypted, kdf_params=self._kdf_params))

    def _on_rejected(self) -> None:
        if self.dialog is not None:
            self.dialog.deleteLater()
        self.dialog = None
        self.quit_requested.emit()

    def _open_store(self, key: bytes | None, protection: StoreProtection) -> None:
        assert self._target is not None
        url, load = self._target.url, self._load_templates

        def work() -> OpenedStore:
            store = _open(url, key)
            try:
                return OpenedStore(store, load(), protection)
            except BaseException:
                store.close()
                raise

        self._tasks.run(work, self.opened.emit, self._fail)

    def _fail(self, exc: Exception) -> None:
        self._window.show_open_error(exc)
