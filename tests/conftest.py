"""Test-wide set-up. Qt must be told to run offscreen before any QApplication exists."""

from __future__ import annotations

import os

# Before anything can import PySide6 and create an application: there is no display here, and
# without this Qt aborts the whole run.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Keep the developer's real data directory out of every test.
os.environ.pop("CIRCLE_FACILITATOR_DB", None)

from hypothesis import HealthCheck, settings

# The machine is shared and has two cores: data generation that is slow because another process
# is busy is not a defect of ours, so the speed health checks would only make runs flaky.
settings.register_profile(
    "circle-facilitator",
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.load_profile("circle-facilitator")
