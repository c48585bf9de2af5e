"""One way to summarise samples, shared by every benchmark so their rows agree."""

from __future__ import annotations

import statistics


def summarize_ns(samples_ns: list[int]) -> dict[str, float]:
    """Median, p99 (nearest rank), min and max in milliseconds of samples in nanoseconds."""
    return summarize_ms([s / 1e6 for s in samples_ns])


def summarize_ms(samples_ms: list[float]) -> dict[str, float]:
    """Median, p99 (nearest rank), min and max of samples already in milliseconds."""
    return {f"{key}_ms": value for key, value in _summary(samples_ms).items()}


def summarize(samples: list[float], unit: str) -> dict[str, float | str]:
    """The same summary for samples in any unit (e.g. ``"MB"``), with the row's ``unit`` key.

    The keys are ``median``, ``p99``, ``min``, ``max`` and ``unit``; the report reads these as
    well as the ``*_ms`` keys of :func:`summarize_ms`.
    """
    return {"unit": unit, **_summary(samples)}


def _summary(samples: list[float]) -> dict[str, float]:
    if not samples:
        raise ValueError("no samples to summarise")
    ordered = sorted(samples)
    return {
        "median": statistics.median(ordered),
        "p99": ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))],
        "min": ordered[0],
        "max": ordered[-1],
    }
