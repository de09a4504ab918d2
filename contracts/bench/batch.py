"""(c) 1000 concurrent jobs through ``soravideo.batch`` against the rate-limited firebirdgen mock.

Run as its own process (``python -m contracts.bench.batch --jobs N``) so that
the peak RSS it reports (``ru_maxrss``) is that of this run alone; it prints
one JSON object. The process serves the firebirdgen mock with
:class:`~soravideo.mock.MockServer` (uvicorn thread, loopback TCP) with its
documented limit (10 requests/s, sliding window, real time) and a large
``time_scale`` so tasks finish in a blink, writes a JSON Lines file of N jobs,
reads it with :func:`~soravideo.batch.read_jobs` and runs
:func:`~soravideo.batch.run_batch` with every job in flight at once
(``concurrency=N``), the provider's limiter (:func:`~soravideo.batch.make_rate_limit`)
and downloads on. A middleware in the mock records the time and status of
every request it answers, so the request rate and the 429 count are the
server's view, next to the batch's own ``BatchSummary``. The RSS includes the
mock server's thread: an upper bound for the batch.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from contracts.bench._table import Row
from soravideo.batch import make_rate_limit, provider_rate_limit, read_jobs, run_batch
from soravideo.mock import MockServer, create_app

PROVIDER = "firebirdgen"
API_KEY = "bench-key"
TIME_SCALE = 3600.0
TARGET_SHARE = 0.95
TARGET_RSS_MB = 300.0
TRIM = 0.1
"""Fraction of the run's span cut from each end before measuring the steady rate."""


class _Recorder:
    """ASGI middleware: appends ``(time.monotonic(), status)`` of every answer to ``log``."""

    def __init__(self, app: ASGIApp, log: list[tuple[float, int]]) -> None:
        self.app = app
        self.log = log

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        async def sending(message: Message) -> None:
            if message["type"] == "http.response.start":
                self.log.append((time.monotonic(), int(message["status"])))
            await send(message)

        await self.app(scope, receive, sending)


def steady_rate(times: Sequence[float], trim: float = TRIM) -> float:
    """Requests/s within the middle of the run: the span minus ``trim`` of it at each end.

    Raises:
        ValueError: fewer than two times, or ``trim`` outside [0, 0.5).
    """
    if len(times) < 2:
        raise ValueError("need at least two request times")
    if not 0 <= trim < 0.5:
        raise ValueError(f"trim must be within [0, 0.5), got {trim}")
    ordered = sorted(times)
    span = ordered[-1] - ordered[0]
    low, high = ordered[0] + span * trim, ordered[-1] - span * trim
    inside = sum(1 for t in ordered if low <= t <= high)
    return inside / max(high - low, 1e-9)


async def _run(jobs: int, out_dir: Path) -> dict[str, Any]:
    log: list[tuple[float, int]] = []
    app = create_app(PROVIDER, api_key=API_KEY, time_scale=TIME_SCALE, deliver_callbacks=False)
    app.add_middleware(_Recorder, log=log)
    path = out_dir / "jobs.jsonl"
    lines = (
        json.dumps({"id": f"job-{i:04d}", "prompt": f"Bench scene {i}: a kite over dunes"})
        for i in range(jobs)
    )
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    parsed, bad = read_jobs(path)
    if bad:
        raise RuntimeError(f"bench jobs file has bad lines: {bad[:3]}")
    with MockServer(app) as server:
        summary = await run_batch(
            parsed,
            provider=PROVIDER,
            out_dir=out_dir / "videos",
            concurrency=len(parsed),
            limiter=make_rate_limit(PROVIDER),
            api_key=API_KEY,
            base_url=server.base_url,
        )
    times = [t for t, _ in log]
    return {
        "jobs": jobs,
        "created": summary.created,
        "completed": summary.completed,
        "downloaded": summary.downloaded,
        "failed": summary.failed,
        "unfinished": summary.unfinished,
        "requests": summary.requests,
        "rate_limited": summary.rate_limited,
        "elapsed": summary.elapsed,
        "server_requests": len(log),
        "server_429": sum(1 for _, status in log if status == 429),
        "steady_rate": steady_rate(times),
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def main(argv: Sequence[str] | None = None) -> int:
    """Run the batch once and print the measurements as JSON."""
    parser = argparse.ArgumentParser(prog="python -m contracts.bench.batch")
    parser.add_argument("--jobs", type=int, default=1000)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="soravideo-bench-") as tmp:
        result = asyncio.run(_run(args.jobs, Path(tmp)))
    print(json.dumps(result))
    return 0


def measure(jobs: int) -> dict[str, Any]:
    """Run :func:`main` in a fresh interpreter and return its measurements.

    Raises:
        RuntimeError: the subprocess failed.
    """
    done = subprocess.run(
        [sys.executable, "-m", "contracts.bench.batch", "--jobs", str(jobs)],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"batch bench failed ({done.returncode}):\n{done.stderr[-4000:]}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


@dataclass(frozen=True)
class _Limit:
    requests: int
    per_seconds: float

    @property
    def rate(self) -> float:
        return self.requests / self.per_seconds


def rows(result: dict[str, Any]) -> list[Row]:
    """The three (c) rows from one run's measurements."""
    documented = provider_rate_limit(PROVIDER)
    assert documented is not None
    limit = _Limit(*documented)
    share = result["steady_rate"] / limit.rate
    jobs = result["jobs"]
    method = (
        f"{jobs} jobs, concurrency {jobs}, `run_batch` + `make_rate_limit` vs MockServer "
        f"firebirdgen ({limit.requests}/{limit.per_seconds:g} s, time_scale {TIME_SCALE:g}), "
        f"own process"
    )
    done = (
        f"{result['downloaded']}/{jobs} downloaded, {result['server_requests']} requests "
        f"in {result['elapsed']:.0f} s"
    )
    return [
        Row(
            key="c",
            measured="achieved request rate, middle 80 % of the run (server's count)",
            value=f"{result['steady_rate']:.2f} req/s = {share:.1%} of the limit; {done}",
            target=f">= {TARGET_SHARE:.0%} of {limit.rate:g} req/s",
            met=share >= TARGET_SHARE,
            method=method,
        ),
        Row(
            key="c",
            measured="429 answers (batch's count / mock's count)",
            value=f"{result['rate_limited']} / {result['server_429']}",
            target="0",
            met=result["rate_limited"] == 0 and result["server_429"] == 0,
            method=method,
        ),
        Row(
            key="c",
            measured="peak RSS of the batch process (mock server thread included)",
            value=f"{result['peak_rss_mb']:.0f} MB",
            target=f"< {TARGET_RSS_MB:.0f} MB",
            met=result["peak_rss_mb"] < TARGET_RSS_MB,
            method=method + "; `ru_maxrss`",
        ),
    ]


def run(quick: bool) -> tuple[list[Row], dict[str, Any]]:
    """Measure with 100 jobs (quick) or 1000."""
    result = measure(100 if quick else 1000)
    return rows(result), result


if __name__ == "__main__":
    raise SystemExit(main())
