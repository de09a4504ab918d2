"""(a) Requests/s of ``VideoClient.get`` against raw ``httpx`` on the same loopback mock.

Both clients talk to one :class:`~soravideo.mock.MockServer` (uvicorn on a
thread of this process, loopback TCP), ask for the same task, keep one
connection alive, and run after a warm-up in interleaved repetitions
(raw, overlay, raw, overlay ...) so that drift of the machine hits both
alike. The raw side sends exactly the request the generated client builds
(method, path, query, JSON body) with ``httpx.Client.request`` and decodes
the body with ``.json()``; the overlay side calls ``VideoClient.get``, which
adds the generated client's request building, retry wrapper, JSON Schema
validation of the answer against the spec, and normalization into a ``Task``.
The mock's rate limit is switched off (``rate_limit=False``).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import httpx

from contracts.bench._table import Row, median
from soravideo import PROVIDERS, VideoClient, VideoRequest
from soravideo.mock import MockServer, create_app

API_KEY = "bench-key"
TARGET_RATIO = 0.8


@dataclass(frozen=True)
class Throughput:
    """Median requests/s of both sides for one provider.

    Attributes:
        provider: the provider key.
        raw: median req/s of raw ``httpx`` + ``.json()``.
        overlay: median req/s of ``VideoClient.get``.
        raw_runs, overlay_runs: every repetition's req/s.
    """

    provider: str
    raw: float
    overlay: float
    raw_runs: tuple[float, ...]
    overlay_runs: tuple[float, ...]

    @property
    def ratio(self) -> float:
        """overlay / raw."""
        return self.overlay / self.raw


def interleaved_rates(
    funcs: Sequence[Callable[[], object]],
    *,
    requests: int,
    repetitions: int,
    warmup: int,
    clock: Callable[[], float] = time.perf_counter,
) -> list[list[float]]:
    """Calls/s of each function: ``warmup`` calls each, then ``repetitions`` interleaved rounds.

    Each round runs every function ``requests`` times in turn. Returns, per
    function, the rate of every round (calls per second of ``clock``).

    Raises:
        ValueError: ``requests`` or ``repetitions`` < 1.
    """
    if requests < 1 or repetitions < 1:
        raise ValueError("requests and repetitions must be >= 1")
    for func in funcs:
        for _ in range(warmup):
            func()
    rates: list[list[float]] = [[] for _ in funcs]
    for _ in range(repetitions):
        for index, func in enumerate(funcs):
            start = clock()
            for _ in range(requests):
                func()
            rates[index].append(requests / max(clock() - start, 1e-12))
    return rates


def measure_provider(provider: str, *, requests: int, repetitions: int, warmup: int) -> Throughput:
    """Serve ``provider``'s mock on loopback and race the two clients on one task."""
    app = create_app(provider, api_key=API_KEY, rate_limit=False, deliver_callbacks=False)
    with MockServer(app) as server:
        overlay = VideoClient(provider, api_key=API_KEY, base_url=server.base_url)
        raw = httpx.Client(base_url=server.base_url, headers={"Authorization": f"Bearer {API_KEY}"})
        with overlay, raw:
            task = overlay.create(VideoRequest(prompt="A lighthouse at dusk, slow pan"))
            core = overlay._core
            kwargs = core.request_kwargs(core.adapter.get_call(task.id))

            def raw_get() -> object:
                response = raw.request(**kwargs)
                response.raise_for_status()
                return response.json()

            def overlay_get() -> object:
                return overlay.get(task.id)

            raw_runs, overlay_runs = interleaved_rates(
                [raw_get, overlay_get], requests=requests, repetitions=repetitions, warmup=warmup
            )
    return Throughput(
        provider, median(raw_runs), median(overlay_runs), tuple(raw_runs), tuple(overlay_runs)
    )


def run(quick: bool) -> tuple[list[Row], list[Throughput]]:
    """Measure every provider; one table row each."""
    requests, repetitions = (100, 5) if quick else (300, 9)
    results = [
        measure_provider(p, requests=requests, repetitions=repetitions, warmup=50)
        for p in PROVIDERS
    ]
    method = (
        f"one MockServer (uvicorn thread, loopback, rate limit off), same task, 50 warm-up, "
        f"{repetitions} interleaved rounds of {requests} requests; median req/s"
    )
    rows = [
        Row(
            key="a",
            measured=f"`VideoClient.get` vs raw `httpx` + `json()`, {r.provider}",
            value=f"{r.ratio:.3f}x ({r.overlay:.0f} vs {r.raw:.0f} req/s)",
            target=f">= {TARGET_RATIO:.1f}x",
            met=r.ratio >= TARGET_RATIO,
            method=method,
        )
        for r in results
    ]
    return rows, results
