"""One way to summarise timing samples, shared by every benchmark so their rows agree."""

from __future__ import annotations

import statistics


def summarize_ns(samples_ns: list[int]) -> dict[str, float]:
    """Median, p99 (nearest rank), min and max in milliseconds of samples in nanoseconds."""
    return summarize_ms([s / 1e6 for s in samples_ns])


def summarize_ms(samples_ms: list[float]) -> dict[str, float]:
    """Median, p99 (nearest rank), min and max of samples already in milliseconds."""
    ms = sorted(samples_ms)
    return {
        "median_ms": statistics.median(ms),
        "p99_ms": ms[min(len(ms) - 1, round(0.99 * (len(ms) - 1)))],
        "min_ms": ms[0],
        "max_ms": ms[-1],
    }
