"""The ``make bench`` report: any unit, rows with and without a baseline, failures shown."""

from __future__ import annotations

import json

from benchmarks import __main__ as bench
from benchmarks.report import cells, figure, machine, markdown_report, text_table
from benchmarks.summary import summarize, summarize_ms

TIMED = {
    "name": "event append",
    **summarize_ms([0.3, 0.2, 0.4, 2.0]),
    "baseline": "bare commit",
    "baseline_median_ms": 0.5,
    "ratio": 0.7,
    "goal": "p99 < 5 ms",
    "ok": True,
}
MEMORY = {
    "name": "peak memory, 10,000 sessions",
    **summarize([150.0, 160.0, 155.0], "MB"),
    "goal": "< 200 MB",
    "ok": False,
}


def test_rows_in_ms_and_in_another_unit_with_and_without_a_baseline() -> None:
    assert cells(TIMED) == (
        "event append",
        "0.35 ms (0.20-2.00)",
        "2.00 ms",
        "0.50 ms (bare commit)",
        "0.70x",
        "p99 < 5 ms",
        "ok",
    )
    assert cells(MEMORY) == (
        "peak memory, 10,000 sessions",
        "155.00 MB (150.00-160.00)",
        "160.00 MB",
        "-",
        "-",
        "< 200 MB",
        "MISSED",
    )
    assert figure(MEMORY, "median") == 155.0
    table = text_table([TIMED, MEMORY])
    assert table.splitlines()[0].startswith("benchmark")
    assert len(table.splitlines()) == 4


def test_a_benchmark_that_raises_is_a_missed_row() -> None:
    rows = bench.run_module("benchmarks.no_such_benchmark")
    assert rows[0]["ok"] is False
    assert rows[0]["error"] == "ModuleNotFoundError"
    assert "error: ModuleNotFoundError" in cells(rows[0])[1]


def test_the_markdown_report_names_the_machine() -> None:
    info = machine()
    assert info["cores"] >= 1
    assert info["qt"]
    document = {"when": "2026-11-25T19:00:00+00:00", "machine": info, "rows": [TIMED, MEMORY]}
    text = markdown_report(json.loads(json.dumps(document)))
    assert f"Qt {info['qt']}" in text
    assert "| peak memory, 10,000 sessions | 155.00 MB (150.00-160.00) |" in text
