"""(d) Cold import time against httpx's, and (e) ``nox -s contracts`` wall time.

(d) starts fresh interpreters, interleaved, running
``from soravideo import VideoClient, VideoRequest``, ``import httpx`` and ``pass``
(the interpreter alone), and takes the best (shortest) wall time of each: the
best run is the one least disturbed by the rest of the machine. The target
(issue 13) is soravideo / httpx <= 1.25 in those wall times; the row also shows
the ratio of the import costs beyond the bare interpreter, the stricter reading.
"Cold" means a new process each time; the OS file cache and ``__pycache__`` are
warm, as on any second run. (e) runs ``nox -s contracts`` once from the repository root and
times it end to end (Prism installed into ``.nox/node`` beforehand counts as
setup, not included when already there).
"""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from contracts.bench._table import Row

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


SORAVIDEO_IMPORT = "from soravideo import VideoClient, VideoRequest"
IMPORT_TARGET = 1.25
"""Largest soravideo / httpx wall-time ratio the project accepts (issue 13)."""


def import_times(
    runs: int, timer: Callable[[Sequence[str]], tuple[float, int]] = wall_time
) -> tuple[float, float, float]:
    """Best seconds of fresh interpreters running the soravideo import, ``import httpx``
    and ``pass``, interleaved ``runs`` times each.

    Raises:
        RuntimeError: an import failed.
    """
    times: dict[str, list[float]] = {SORAVIDEO_IMPORT: [], "import httpx": [], "pass": []}
    for _ in range(runs):
        for code, seen in times.items():
            seconds, status = timer([sys.executable, "-c", code])
            if status != 0:
                raise RuntimeError(f"python -c {code!r} failed")
            seen.append(seconds)
    best = [min(seen) for seen in times.values()]
    return best[0], best[1], best[2]


def import_row(quick: bool) -> Row:
    """The (d) row."""
    runs = 7 if quick else 21
    total, httpx_total, bare = import_times(runs)
    ratio = total / httpx_total
    beyond = (total - bare) / (httpx_total - bare) if httpx_total > bare else float("inf")
    return Row(
        key="d",
        measured="cold `from soravideo import VideoClient, VideoRequest` / `import httpx`",
        value=(
            f"{ratio:.2f}x ({total * 1000:.0f} ms vs {httpx_total * 1000:.0f} ms; "
            f"beyond the bare interpreter's {bare * 1000:.0f} ms: {beyond:.2f}x)"
        ),
        target=f"<= {IMPORT_TARGET}x",
        met=ratio <= IMPORT_TARGET,
        method=f"best of {runs} fresh interpreters each, interleaved, wall clock",
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
