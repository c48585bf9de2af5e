"""A guard against a reference-counting defect of the installed PySide6 on Python 3.11.

PySide6 6.12.0 (the version in this project's environment) returns ``None`` from every void
method, and ``True`` from ``Signal.emit``, without taking a reference. On Python 3.12 and later
those singletons are immortal and nothing happens; on Python 3.11 each call takes one reference
away, and after a few thousand calls (a minute of the live view repainting its timers) the
interpreter aborts with "deallocating None" or "deallocating True or False". PySide6 6.11.3 does
not have the defect.

:func:`keep_singletons_alive` measures whether the running binding has the defect and, only then,
gives ``None``, ``True`` and ``False`` so many extra references that they can never run out. An
extra reference to a singleton costs nothing. Call it once, right after importing Qt and before
the first window; it does nothing on a sound binding or on Python 3.12+.
"""

from __future__ import annotations

import ctypes
import sys

from PySide6.QtCore import QObject, Signal

#: References added to each singleton: enough for years of calls at thousands per second.
HEADROOM = 1 << 40
_PROBE_CALLS = 16
_applied = False


class _Probe(QObject):
    pinged = Signal()


def binding_loses_references() -> bool:
    """Whether void calls or ``emit`` take references from ``None`` or ``True`` that they never had.

    Always ``False`` on Python 3.12+, where the singletons are immortal.
    """
    if sys.version_info >= (3, 12):
        return False
    probe = _Probe()
    none_before = sys.getrefcount(None)
    for _ in range(_PROBE_CALLS):
        probe.setObjectName("probe")
    none_lost = none_before - sys.getrefcount(None)
    true_before = sys.getrefcount(True)
    for _ in range(_PROBE_CALLS):
        probe.pinged.emit()
    true_lost = true_before - sys.getrefcount(True)
    probe.deleteLater()
    return none_lost >= _PROBE_CALLS or true_lost >= _PROBE_CALLS


def keep_singletons_alive() -> bool:
    """Give ``None``, ``True`` and ``False`` ample references if the binding loses them.

    Returns:
        Whether the defect was found and the references were added (once per process).
    """
    global _applied  # noqa: PLW0603 - once per process, whoever calls first
    if _applied or not binding_loses_references():
        return _applied
    _applied = True
    for singleton in (None, True, False):
        # CPython 3.11 keeps an object's reference count as the first field of the object.
        count = ctypes.c_ssize_t.from_address(id(singleton))
        count.value += HEADROOM
    return True
