"""(f) the pytest plugin: a whole generate with ``soravideo_mock``, and its cost at startup.

* generate: ``soravideo_mock(provider).client.generate(...)`` then ``download``, in
  process, per provider (the fixture's client advances the mock's clock instead of
  sleeping); the median over repetitions, the worst provider judged against the
  issue's "well under a second".
* startup: ``pytest --collect-only`` of an empty directory in a fresh interpreter,
  with the plugin (auto-loaded from its entry point) and with ``-p no:soravideo``,
  interleaved; the difference is what every pytest run of an installing project pays.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from contracts.bench._table import Row
from soravideo import PROVIDERS, VideoRequest


def generate_seconds(provider: str, runs: int) -> float:
    """Median wall time of one fixture generate + download of ``provider`` (seconds)."""
    from soravideo.testing import MockFactory

    times: list[float] = []
    with tempfile.TemporaryDirectory() as tmp:
        for _ in range(runs):
            factory = MockFactory()
            mock = factory(provider)
            started = time.perf_counter()
            task = mock.client.generate(VideoRequest(prompt="A benchmark"))
            mock.client.download(task, Path(tmp))
            times.append(time.perf_counter() - started)
            factory.close()
    return statistics.median(times)


def startup_seconds(runs: int) -> tuple[float, float]:
    """Median ``pytest --collect-only`` time of an empty directory: with, without the plugin."""
    with_plugin: list[float] = []
    without: list[float] = []
    with tempfile.TemporaryDirectory() as tmp:
        base = [sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider"]
        for _ in range(runs):
            for args, into in ((base, with_plugin), ([*base, "-p", "no:soravideo"], without)):
                started = time.perf_counter()
                subprocess.run(args, cwd=tmp, capture_output=True, check=False)
                into.append(time.perf_counter() - started)
    return statistics.median(with_plugin), statistics.median(without)


def run(quick: bool) -> list[Row]:
    """The (f) rows."""
    runs = 3 if quick else 9
    per_provider = {p: generate_seconds(p, runs) for p in PROVIDERS}
    worst = max(per_provider.values())
    generate = Row(
        key="f",
        measured="`soravideo_mock(p).client.generate` + `download`, per provider",
        value=", ".join(f"{p} {s * 1000:.0f} ms" for p, s in per_provider.items()),
        target="< 1 s (well under)",
        met=worst < 1.0,
        method=f"median of {runs} in-process runs per provider, fresh mock each, wall clock",
    )
    loaded, bare = startup_seconds(3 if quick else 7)
    startup = Row(
        key="f",
        measured="pytest startup with the auto-loaded plugin (without it)",
        value=(
            f"{loaded * 1000:.0f} ms ({bare * 1000:.0f} ms; plugin {(loaded - bare) * 1000:.0f} ms)"
        ),
        target="-",
        met=None,
        method="median `pytest --collect-only` of an empty dir vs `-p no:soravideo`, interleaved",
    )
    return [generate, startup]
