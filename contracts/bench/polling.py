"""(b) Polling on a simulated clock: requests per job and completion-detection delay.

The real client does the polling: a :class:`~soravideo.VideoClient` whose
``_sleep`` advances a simulated clock (and whose ``_clock`` reads it) waits for
a task created on the provider's mock (:func:`~soravideo.mock.create_app`,
driven by the same simulated clock). Each job is made to last a chosen number
of simulated seconds (60-600, sampled with a fixed seed) by setting the mock
adapter's timing; everything else is the provider's own behaviour as the mock
renders it: statuses, progress (qingbo, freesoragenerator, evolink),
remaining-time estimates (firebirdgen's ``estimatedTime`` in the create
answer, evolink's ``task_info.estimated_time``) or nothing (apixo).

The create goes through the mock app in process; status queries are answered
by the mock's own renderer for that provider (``adapter.task_body`` of the
task's snapshot, what the mock's ``get_task`` returns) without its ASGI layer,
which keeps tens of thousands of simulated polls fast. Requests take no
simulated time.

Strategies, each through ``VideoClient.wait`` on the created task (as
``generate()`` does):

* ``soravideo``: the adaptive schedule (no ``poll_interval``);
* ``fixed 1 s``: ``poll_interval=1``;
* ``docs advice``: sleep 180 s, then ``poll_interval=10`` (apixo's docs).

Requests per job count status queries (the create is the same for all).
The detection delay is the simulated time ``wait`` returned minus the time
the task completed.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import httpx

from contracts.bench._table import Row, percentile
from soravideo import PROVIDERS, Task, VideoClient, VideoRequest
from soravideo.mock import create_app, transport
from soravideo.mock._schema import operations
from soravideo.mock._tasks import MockTask

API_KEY = "bench-key"
EPOCH = 1_790_000_000.0
"""Simulated clock's Unix time at 0 (the mock stamps created/completed times with it)."""
MIN_JOB, MAX_JOB = 60.0, 600.0
SEED = 20261121
DOCS_FIRST_WAIT, DOCS_INTERVAL = 180.0, 10.0
TARGET_REQUEST_RATIO = 1 / 5
TARGET_P95_DELAY = 10.0
STRATEGIES = ("soravideo", "fixed 1 s", "docs advice")


class SimClock:
    """A clock that moves only when someone sleeps on it."""

    def __init__(self) -> None:
        """Start at 0 simulated seconds."""
        self.now = 0.0

    def sleep(self, seconds: float) -> None:
        """Advance by ``seconds`` (negative values count as 0)."""
        self.now += max(0.0, seconds)

    def monotonic(self) -> float:
        """Simulated seconds since the start."""
        return self.now

    def unix(self) -> float:
        """The simulated time as Unix seconds (for the mock)."""
        return EPOCH + self.now


class SimTransport(httpx.BaseTransport):
    """The provider's mock on a simulated clock, with each task lasting ``duration`` seconds.

    Creates (and anything but a status query of the current task) run through
    the mock app in process; status queries of the current task are answered
    by the mock's renderer directly and counted in :attr:`status_queries`.
    """

    def __init__(self, provider: str, clock: SimClock) -> None:
        """A fresh mock app for ``provider`` driven by ``clock``."""
        self.provider = provider
        self.clock = clock
        self.duration = 180.0
        self.status_queries = 0
        self.app = create_app(
            provider,
            api_key=API_KEY,
            clock=clock.unix,
            rate_limit=False,
            deliver_callbacks=False,
        )
        self.state: Any = self.app.state.mock
        self._inner = transport(self.app)
        self._get = next(op for op in operations(provider) if op.operation_id == "get_task")
        original = self.state.adapter.timing

        def timing(params: Any) -> tuple[float, float]:
            queue, _ = original(params)
            return min(queue, self.duration), self.duration

        # the only change to the mock: how long its tasks take
        setattr(self.state.adapter, "timing", timing)  # noqa: B010

    def current(self) -> MockTask | None:
        """The most recently created task."""
        return next(reversed(self.state.tasks.values()), None)

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        """Answer a status query of the current task directly; pass anything else on."""
        task = self.current()
        if (
            task is not None
            and request.method == self._get.method
            and self._get.regex.match(request.url.path)
            and (task.id in str(request.url) or task.id.encode() in request.read())
        ):
            self.status_queries += 1
            body = self.state.adapter.task_body(task, self.state.snapshot(task.id))
            return httpx.Response(200, json=body, request=request)
        return self._inner.handle_request(request)

    def close(self) -> None:
        """Stop the mock's event loop thread."""
        self._inner.close()


@dataclass(frozen=True)
class JobResult:
    """One simulated job under one strategy.

    Attributes:
        provider, strategy: what ran.
        duration: seconds from create to completion (simulated).
        requests: status queries sent.
        delay: seconds between completion and ``wait`` returning.
    """

    provider: str
    strategy: str
    duration: float
    requests: int
    delay: float


def sample_durations(count: int, seed: int = SEED) -> list[float]:
    """``count`` job durations, uniform in 60-600 s, the same for a given seed."""
    rng = random.Random(seed)
    return [round(rng.uniform(MIN_JOB, MAX_JOB), 1) for _ in range(count)]


def _wait(client: VideoClient, created: Task, strategy: str) -> Task:
    if strategy == "soravideo":
        return client.wait(created)
    if strategy == "fixed 1 s":
        return client.wait(created, poll_interval=1.0)
    if strategy == "docs advice":
        client._sleep(DOCS_FIRST_WAIT)
        return client.wait(created, poll_interval=DOCS_INTERVAL)
    raise ValueError(f"unknown strategy {strategy!r}")


def simulate(provider: str, durations: Sequence[float], strategy: str) -> list[JobResult]:
    """Run one job per duration through the real ``VideoClient.wait`` on a simulated clock."""
    clock = SimClock()
    sim = SimTransport(provider, clock)
    client = VideoClient(provider, api_key=API_KEY, base_url="http://mock", transport=sim)
    client._sleep = clock.sleep
    client._clock = clock.monotonic
    results: list[JobResult] = []
    try:
        for duration in durations:
            sim.duration = duration
            created = client.create(VideoRequest(prompt="A paper boat drifting down a gutter"))
            created_at = clock.now
            before = sim.status_queries
            done = _wait(client, created, strategy)
            if not done.status.is_terminal:
                raise AssertionError(f"{provider}: wait returned a running task")
            results.append(
                JobResult(
                    provider,
                    strategy,
                    duration,
                    sim.status_queries - before,
                    clock.now - (created_at + duration),
                )
            )
            clock.sleep(3600.0)  # next job starts on a fresh hour
    finally:
        client.close()
    return results


@dataclass
class Summary:
    """Aggregates of one strategy's jobs.

    Attributes:
        strategy: the strategy.
        jobs: how many jobs.
        requests_mean: mean status queries per job.
        delay_p50, delay_p95, delay_max: completion-detection delay, seconds.
    """

    strategy: str
    jobs: int
    requests_mean: float
    delay_p50: float
    delay_p95: float
    delay_max: float
    providers: dict[str, tuple[float, float]] = field(default_factory=dict)
    """Per provider: (mean requests/job, p95 delay)."""


def summarize(results: Sequence[JobResult]) -> Summary:
    """Aggregate the jobs of one strategy (all providers together, and per provider).

    Raises:
        ValueError: no results, or results of more than one strategy.
    """
    strategies = {r.strategy for r in results}
    if len(strategies) != 1:
        raise ValueError(f"expected one strategy, got {sorted(strategies)}")
    delays = [r.delay for r in results]
    per: dict[str, tuple[float, float]] = {}
    for provider in dict.fromkeys(r.provider for r in results):
        mine = [r for r in results if r.provider == provider]
        per[provider] = (
            sum(r.requests for r in mine) / len(mine),
            percentile([r.delay for r in mine], 95),
        )
    return Summary(
        strategy=strategies.pop(),
        jobs=len(results),
        requests_mean=sum(r.requests for r in results) / len(results),
        delay_p50=percentile(delays, 50),
        delay_p95=percentile(delays, 95),
        delay_max=max(delays),
        providers=per,
    )


def run(quick: bool, providers: Sequence[str] = PROVIDERS) -> tuple[list[Row], dict[str, Summary]]:
    """Simulate every strategy for every provider on the same durations; two table rows."""
    count = 8 if quick else 40
    durations = sample_durations(count)
    summaries = {
        strategy: summarize([r for p in providers for r in simulate(p, durations, strategy)])
        for strategy in STRATEGIES
    }
    return rows(summaries, count, len(providers)), summaries


def rows(summaries: dict[str, Summary], per_provider: int, providers: int) -> list[Row]:
    """The two (b) rows from the three strategies' summaries."""
    ours, fixed, docs = (summaries[s] for s in STRATEGIES)
    # the target holds per provider: the worst provider's ratio decides
    ratios = {p: ours.providers[p][0] / fixed.providers[p][0] for p in ours.providers}
    worst_ratio = max(ratios.values())
    worst_p95 = max(p95 for _, p95 in ours.providers.values())
    method = (
        f"real `VideoClient.wait` on a simulated clock against each provider's mock "
        f"(its hints), {per_provider} jobs x {providers} providers, durations uniform "
        f"60-600 s (seed {SEED})"
    )

    def fmt(s: Summary) -> str:
        return f"{s.delay_p50:.1f} / {s.delay_p95:.1f} / {s.delay_max:.1f} s"

    return [
        Row(
            key="b",
            measured="status queries per job (mean): soravideo vs fixed 1 s poller (docs advice)",
            value=(
                f"{ours.requests_mean:.1f} vs {fixed.requests_mean:.1f} "
                f"({docs.requests_mean:.1f}); "
                f"ratio {ours.requests_mean / fixed.requests_mean:.3f}, "
                f"worst provider {worst_ratio:.3f}"
            ),
            target=f"ratio <= {TARGET_REQUEST_RATIO:.2f} (per provider)",
            met=worst_ratio <= TARGET_REQUEST_RATIO,
            method=method,
        ),
        Row(
            key="b",
            measured=(
                "completion-detection delay p50 / p95 / max: soravideo (fixed 1 s; docs advice)"
            ),
            value=f"{fmt(ours)} ({fmt(fixed)}; {fmt(docs)}); worst provider p95 {worst_p95:.1f} s",
            target=f"p95 <= {TARGET_P95_DELAY:.0f} s (per provider)",
            met=worst_p95 <= TARGET_P95_DELAY,
            method=method,
        ),
    ]


def detail_table(summaries: dict[str, Summary]) -> str:
    """Markdown: per provider and strategy, mean status queries/job and p95 delay."""
    providers = list(next(iter(summaries.values())).providers)
    lines = [
        "| provider | " + " | ".join(f"{s}: req/job, p95 delay" for s in summaries) + " |",
        "|---" * (len(summaries) + 1) + "|",
    ]
    for provider in providers:
        cells = []
        for summary in summaries.values():
            requests, p95 = summary.providers[provider]
            cells.append(f"{requests:.1f}, {p95:.1f} s")
        lines.append(f"| {provider} | " + " | ".join(cells) + " |")
    return "\n".join(lines)
