"""One row per measured claim, and the Markdown table they make."""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Row:
    """One line of the results table.

    Attributes:
        key: the issue's item letter (``a`` ... ``e``).
        measured: what was measured.
        value: the number(s), formatted.
        target: the target as text (``-`` when the issue sets none).
        met: whether the target was met; None when there is no target or the
            measurement was skipped.
        method: how it was measured, in one line.
    """

    key: str
    measured: str
    value: str
    target: str
    met: bool | None
    method: str


def verdict(met: bool | None) -> str:
    """``yes`` / ``NO`` / ``-`` for a row's met column."""
    if met is None:
        return "-"
    return "yes" if met else "NO"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def markdown_table(rows: Sequence[Row]) -> str:
    """The rows as a GitHub-flavoured Markdown table (``|`` in cells escaped)."""
    lines = [
        "| # | measured | value | target | met | method |",
        "|---|---|---|---|---|---|",
    ]
    for row in rows:
        cells = (row.key, row.measured, row.value, row.target, verdict(row.met), row.method)
        lines.append("| " + " | ".join(_cell(c) for c in cells) + " |")
    return "\n".join(lines)


def percentile(values: Sequence[float], q: float) -> float:
    """The ``q``-th percentile (0-100) of ``values``, linear interpolation (numpy's default).

    Raises:
        ValueError: ``values`` is empty or ``q`` is outside 0-100.
    """
    if not values:
        raise ValueError("percentile of no values")
    if not 0 <= q <= 100:
        raise ValueError(f"q must be within 0-100, got {q}")
    data = sorted(values)
    pos = (len(data) - 1) * q / 100
    low = int(pos)
    high = min(low + 1, len(data) - 1)
    return data[low] + (data[high] - data[low]) * (pos - low)


def median(values: Sequence[float]) -> float:
    """The median of ``values``.

    Raises:
        ValueError: ``values`` is empty.
    """
    if not values:
        raise ValueError("median of no values")
    return float(statistics.median(values))
