"""The ``make bench`` report: the machine it ran on and one table of rows.

A row is a dict returned by a benchmark's ``run()``: ``name``, ``goal`` (in words), ``ok``, and
its figures, either as ``median_ms``/``p99_ms``/``min_ms``/``max_ms`` (see
:func:`benchmarks.summary.summarize_ms`) or as ``median``/``p99``/``min``/``max`` with a
``unit`` (see :func:`benchmarks.summary.summarize`); the unit defaults to ``"ms"``. A row measured
beside a baseline also has ``baseline`` (what it is, in words), ``baseline_median_ms`` (or
``baseline_median``, in the row's unit) and ``ratio``; a row with a fixed goal has neither.
"""

from __future__ import annotations

import os
import platform
import sqlite3
from collections.abc import Mapping
from pathlib import Path
from typing import Any

HEADER = ("benchmark", "ours: median (min-max)", "p99", "baseline: median", "ratio", "goal", "ok?")


def machine() -> dict[str, Any]:
    """What the figures were measured on: they only compare within one machine and one run."""
    from PySide6 import __version__ as pyside_version  # noqa: PLC0415 - only for the report
    from PySide6.QtCore import qVersion  # noqa: PLC0415

    return {
        "cpu": _cpu_model(),
        "cores": os.cpu_count(),
        "ram_gib": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1),
        "python": platform.python_version(),
        "qt": qVersion(),
        "pyside": pyside_version,
        "sqlite": sqlite3.sqlite_version,
        "platform": platform.platform(),
    }


def machine_line(info: Mapping[str, Any]) -> str:
    """One line for the top of the report (and docs/performance.md)."""
    return (
        f"{info['cpu']}, {info['cores']} cores, {info['ram_gib']} GiB RAM, "
        f"Python {info['python']}, Qt {info['qt']} (PySide6 {info['pyside']}), "
        f"SQLite {info['sqlite']}, {info['platform']}"
    )


def figure(row: Mapping[str, Any], key: str) -> float | None:
    """A row's figure (``median``, ``p99``, ``min``, ``max``, ``baseline_median``) in its unit."""
    unit = unit_of(row)
    for name in (key, f"{key}_{unit.lower()}", f"{key}_ms"):
        if row.get(name) is not None:
            return float(row[name])
    return None


def unit_of(row: Mapping[str, Any]) -> str:
    """The unit of a row's figures (``"ms"`` unless the row says otherwise)."""
    return str(row.get("unit") or "ms")


def cells(row: Mapping[str, Any]) -> tuple[str, ...]:
    """The seven cells of one row, as text."""
    unit = unit_of(row)
    median, low, high = figure(row, "median"), figure(row, "min"), figure(row, "max")
    ours = f"{_num(median)} {unit} ({_num(low)}-{_num(high)})" if median is not None else "-"
    p99 = figure(row, "p99")
    base = figure(row, "baseline_median")
    baseline = f"{_num(base)} {unit} ({row.get('baseline') or 'baseline'})" if base else "-"
    ratio = row.get("ratio")
    return (
        str(row["name"]),
        ours if not row.get("error") else f"error: {row['error']}",
        "-" if p99 is None else f"{_num(p99)} {unit}",
        baseline,
        "-" if ratio is None else f"{ratio:.2f}x",
        str(row.get("goal") or "-"),
        "ok" if row.get("ok") else "MISSED",
    )


def text_table(rows: list[Mapping[str, Any]]) -> str:
    """A plain-text table for the terminal."""
    lines = [HEADER, *(cells(row) for row in rows)]
    widths = [max(len(line[i]) for line in lines) for i in range(len(HEADER))]
    out = [" | ".join(c.ljust(w) for c, w in zip(line, widths, strict=True)) for line in lines]
    out.insert(1, "-+-".join("-" * w for w in widths))
    return "\n".join(out)


def markdown_table(rows: list[Mapping[str, Any]]) -> str:
    """The same table in Markdown, for docs/performance.md."""
    out = ["| " + " | ".join(HEADER) + " |", "|" + "---|" * len(HEADER)]
    out.extend("| " + " | ".join(c.replace("|", "/") for c in cells(r)) + " |" for r in rows)
    return "\n".join(out)


def markdown_report(document: Mapping[str, Any]) -> str:
    """The machine line and the Markdown table of a written results file."""
    return f"Run {document['when']} on: {machine_line(document['machine'])}.\n\n" + markdown_table(
        document["rows"]
    )


def _cpu_model() -> str:
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text(encoding="utf-8", errors="replace").splitlines():
            if line.startswith("model name"):
                return line.partition(":")[2].strip()
    return platform.processor() or platform.machine()


def _num(value: float | None) -> str:
    if value is None:
        return "-"
    return f"{value:.2f}" if abs(value) < 1000 else f"{value:,.0f}"
