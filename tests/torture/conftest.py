"""Options of the crash-torture tests: how many kills.

``pytest tests/torture --torture-kills=2000`` (or ``CIRCLE_FACILITATOR_TORTURE_KILLS=2000``, which
also works from a plain ``pytest`` run) sets the number of kills of the live-session test; the
migration and seal tests take a tenth of it each. CI runs 200.
"""

from __future__ import annotations

import os

import pytest

KILLS_ENV = "CIRCLE_FACILITATOR_TORTURE_KILLS"
DEFAULT_KILLS = 200


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--torture-kills",
        type=int,
        default=None,
        help=f"SIGKILLs of the live-session torture test (default {DEFAULT_KILLS}, "
        f"or ${KILLS_ENV})",
    )


@pytest.fixture
def kills(request: pytest.FixtureRequest) -> int:
    """How many times to kill the live session."""
    chosen = request.config.getoption("--torture-kills", default=None)
    if chosen is None:
        chosen = int(os.environ.get(KILLS_ENV, DEFAULT_KILLS))
    return int(chosen)
