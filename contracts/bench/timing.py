"""(d) Cold ``import soravideo`` time and (e) ``nox -s contracts`` wall time.

(d) starts a fresh interpreter ``python -c "import soravideo"`` several times
and takes the median wall time, next to the median of ``python -c "pass"``
(the interpreter alone) measured the same way, interleaved. "Cold" means a new
process each time; the OS file cache and ``__pycache__`` are warm, as on any
second run. (e) runs ``nox -s contracts`` once from the repository root and
times it end to end (Prism installed into ``.nox/node`` beforehand counts as
setup, not included when already there).
"""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from contracts.bench._table import Row, median

ROOT = Path(__file__).resolve().parents[2]


def wall_time(command: Sequence[str], *, cwd: Path | None = None) -> tuple[float, int]:
    """Seconds ``command`` took to run to its end, and its exit status (output discarded)."""
    start = time.perf_counter()
    done = subprocess.run(
        list(command),
        cwd=cwd,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        check=False,
    )
    return time.perf_counter() - start, done.returncode


def import_times(
    runs: int, timer: Callable[[Sequence[str]], tuple[float, int]] = wall_time
) -> tuple[float, float]:
    """Median seconds of ``python -c "import soravideo"`` and of ``python -c "pass"``.

    Raises:
        RuntimeError: the import failed.
    """
    imports: list[float] = []
    bare: list[float] = []
    for _ in range(runs):
        seconds, status = timer([sys.executable, "-c", "import soravideo"])
        if status != 0:
            raise RuntimeError("python -c 'import soravideo' failed")
        imports.append(seconds)
        bare.append(timer([sys.executable, "-c", "pass"])[0])
    return median(imports), median(bare)


def import_row(quick: bool) -> Row:
    """The (d) row."""
    runs = 5 if quick else 11
    total, bare = import_times(runs)
    return Row(
        key="d",
        measured="cold `import soravideo` (new interpreter; interpreter alone)",
        value=(
            f"{total * 1000:.0f} ms ({bare * 1000:.0f} ms; import {(total - bare) * 1000:.0f} ms)"
        ),
        target="-",
        met=None,
        method=f'median of {runs} fresh `python -c "import soravideo"` vs `-c "pass"`, interleaved',
    )


def contracts_row(skip: bool) -> Row:
    """The (e) row: one timed ``nox -s contracts`` (or a skipped row)."""
    method = "one `nox -s contracts` from the repository root, wall clock"
    if skip:
        return Row("e", "`nox -s contracts` wall time", "skipped", "-", None, method)
    seconds, status = wall_time(["nox", "-s", "contracts"], cwd=ROOT)
    outcome = "passed" if status == 0 else f"FAILED (exit {status})"
    return Row(
        key="e",
        measured="`nox -s contracts` wall time",
        value=f"{seconds:.0f} s ({outcome})",
        target="-",
        met=None,
        method=method,
    )
