"""Options of the fuzz suite: ``pytest tests/fuzz --fuzz-long`` tries twenty times as many examples.

``HYPOTHESIS_PROFILE=fuzz-long`` does the same, and also works from a plain ``pytest`` run.

The default keeps the whole suite under a minute on the CI machine.
"""

from __future__ import annotations

import os

import pytest
from fuzz_text import LONG_ENV


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--fuzz-long",
        action="store_true",
        default=False,
        help="fuzz twenty times as many examples (same as HYPOTHESIS_PROFILE=fuzz-long)",
    )


def pytest_configure(config: pytest.Config) -> None:
    if config.getoption("--fuzz-long", default=False):
        os.environ[LONG_ENV] = "fuzz-long"
