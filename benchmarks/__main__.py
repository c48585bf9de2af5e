"""Run every ``benchmarks/bench_*.py`` module's ``run()``, print one table, write the results.

Each ``run()`` returns rows (dicts) with: ``name``, ``median_ms``, ``p99_ms``, ``min_ms``,
``max_ms``, ``baseline`` (what the same run measured beside it, to share the machine's noise),
``baseline_median_ms``, ``ratio`` (ours / baseline, medians), ``goal`` (in words) and ``ok``.
The exit status is 1 when a goal is missed.
"""

from __future__ import annotations

import importlib
import json
import platform
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

RESULTS_FILE = Path("bench-results.json")


def discover() -> list[str]:
    here = Path(__file__).parent
    return sorted(f"benchmarks.{p.stem}" for p in here.glob("bench_*.py"))


def fmt(value: float | None, digits: int = 2) -> str:
    return "-" if value is None else f"{value:.{digits}f}"


def table(rows: list[dict[str, Any]]) -> str:
    header = [
        "name",
        "ours median (min-max) ms",
        "p99 ms",
        "baseline median ms",
        "ratio",
        "goal",
        "ok?",
    ]
    lines = [
        [
            row["name"],
            f"{fmt(row['median_ms'])} ({fmt(row['min_ms'])}-{fmt(row['max_ms'])})",
            fmt(row["p99_ms"]),
            f"{fmt(row.get('baseline_median_ms'))} ({row.get('baseline') or '-'})",
            fmt(row.get("ratio")) + ("x" if row.get("ratio") is not None else ""),
            row["goal"],
            "ok" if row["ok"] else "MISSED",
        ]
        for row in rows
    ]
    widths = [max(len(str(c)) for c in col) for col in zip(header, *lines, strict=False)]
    out = [" | ".join(h.ljust(w) for h, w in zip(header, widths, strict=True))]
    out.append("-+-".join("-" * w for w in widths))
    out.extend(
        " | ".join(str(c).ljust(w) for c, w in zip(line, widths, strict=True)) for line in lines
    )
    return "\n".join(out)


def main() -> int:
    rows: list[dict[str, Any]] = []
    for name in discover():
        module = importlib.import_module(name)
        for row in module.run():
            rows.append({"module": name, **row})
    print(table(rows))
    RESULTS_FILE.write_text(
        json.dumps(
            {
                "when": datetime.now(UTC).isoformat(timespec="seconds"),
                "python": platform.python_version(),
                "platform": platform.platform(),
                "rows": rows,
            },
            indent=2,
            ensure_ascii=False,
        )
        + "\n",
        encoding="utf-8",
    )
    print(f"\nwrote {RESULTS_FILE}")
    return 0 if all(row["ok"] for row in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
