"""Run every ``benchmarks/bench_*.py`` module's ``run()``, print one table, write the results.

Usage: ``python -m benchmarks [NAME ...]`` runs the modules whose names contain one of the NAMEs
(all of them without one); ``python -m benchmarks --markdown [FILE]`` prints the Markdown table of
a results file already written (``bench-results.json`` by default), for docs/performance.md.

The rows are described in :mod:`benchmarks.report`. A benchmark that raises becomes a missed row
with its error, so one broken benchmark does not hide the others. The exit status is 1 when any
goal is missed.
"""

from __future__ import annotations

import importlib
import json
import sys
import time
import traceback
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from benchmarks.report import machine, machine_line, markdown_report, text_table

RESULTS_FILE = Path("bench-results.json")


def discover(only: list[str]) -> list[str]:
    """The benchmark modules to run, in name order."""
    here = Path(__file__).parent
    names = sorted(p.stem for p in here.glob("bench_*.py"))
    return [f"benchmarks.{n}" for n in names if not only or any(o in n for o in only)]


def run_module(name: str) -> list[dict[str, Any]]:
    """The rows of one benchmark module, or one missed row saying why it failed."""
    start = time.perf_counter()
    try:
        rows = importlib.import_module(name).run()
    except Exception as error:  # noqa: BLE001 - reported as a missed row, never hidden
        traceback.print_exc()
        rows = [{"name": name, "goal": "runs", "ok": False, "error": type(error).__name__}]
    took = round(time.perf_counter() - start, 1)
    return [{"module": name, "module_seconds": took, **row} for row in rows]


def main(argv: list[str]) -> int:
    """Run the benchmarks named in ``argv`` (all by default); 1 when a goal is missed."""
    if argv[:1] == ["--markdown"]:
        path = Path(argv[1]) if len(argv) > 1 else RESULTS_FILE
        print(markdown_report(json.loads(path.read_text(encoding="utf-8"))))
        return 0
    info = machine()
    print(f"machine: {machine_line(info)}\n", flush=True)
    rows: list[dict[str, Any]] = []
    for name in discover(argv):
        print(f"running {name} ...", flush=True)
        rows.extend(run_module(name))
    print()
    print(text_table(rows))
    RESULTS_FILE.write_text(
        json.dumps(
            {
                "when": datetime.now(UTC).isoformat(timespec="seconds"),
                "machine": info,
                "rows": rows,
            },
            indent=2,
            ensure_ascii=False,
        )
        + "\n",
        encoding="utf-8",
    )
    missed = [row["name"] for row in rows if not row.get("ok")]
    print(
        f"\nwrote {RESULTS_FILE}; "
        + (f"MISSED: {', '.join(missed)}" if missed else "all goals met")
    )
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
