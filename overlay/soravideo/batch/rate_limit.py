"""Rate limits for a batch: the provider's documented limit, in memory or shared through Redis."""

from __future__ import annotations

import math
import time
from typing import TYPE_CHECKING, Any, Final

import anyio

from soravideo import _spec

if TYPE_CHECKING:
    from pyrate_limiter import Limiter, RedisBucket

__all__ = ["LIMITER_BUFFER_MS", "RateLimit", "make_rate_limit", "provider_rate_limit"]


def provider_rate_limit(provider: str) -> tuple[int, float] | None:
    """The provider's documented request limit as ``(requests, per_seconds)``.

    Read from the spec root ``x-rate-limit`` (firebirdgen ``(10, 1.0)``, apixo
    ``(10000, 60.0)``); None when the provider documents none.

    Raises:
        ValueError: unknown provider.
    """
    limit = _spec.load(provider).get("x-rate-limit") or {}
    if "requests" not in limit or "per_seconds" not in limit:
        return None
    return int(limit["requests"]), float(limit["per_seconds"])


LIMITER_BUFFER_MS: Final = 1
"""pyrate-limiter's extra sleep after each wait, milliseconds (its default is 50)."""


class RateLimit:
    """At most ``requests`` HTTP requests per ``per_seconds``, via pyrate-limiter.

    A sliding-window log (pyrate-limiter's default algorithm, the same kind of
    window the providers document), paced: at most one permit per
    ``window / requests`` as well, so a window's budget is spread out rather than
    released in one burst (the tail of a burst leaves late and lands in the
    server's next window: a 429). The window is widened by ``margin`` (2 % by
    default, 20 ms on a 1 s window) for the time between a permit and the
    request reaching the server; a 429 that slips through anyway is retried by
    the client (safe even for creates). pyrate-limiter's extra sleep per wait
    (``buffer_ms``, 50 ms by default) is cut to 1 ms. Measured by ``nox -s
    bench`` (row c): the defaults (no pacing, 5 %, 50 ms) delivered 9.1 of 10
    requests/s; pacing with 2 % and 1 ms delivers about 9.6 with no 429.
    :meth:`acquire` waits (without blocking the event loop) until a permit is free.

    Storage: in memory by default (one process). With ``redis_url``
    (``redis://host:port/db``, needs the ``redis`` package: ``pip install
    soravideo[redis]``) the permits live in a Redis sorted set under ``key``, so
    every process and machine using that key shares one budget; their clocks
    must agree (NTP) to within the margin.

    Needs an asyncio event loop (pyrate-limiter waits with ``asyncio.sleep``).

    Args:
        requests: permits per window (>= 1).
        per_seconds: window length in seconds (> 0).
        redis_url: Redis URL; None for in-memory storage.
        key: the bucket's name (the Redis key); processes sharing a budget use
            the same key.
        margin: fraction the window is widened by (>= 0).

    Raises:
        ValueError: a bad number or a URL that is not ``redis://``/``rediss://``/``unix://``.
    """

    LEAK_INTERVAL: Final = 10.0
    """Seconds between removals of expired entries from the bucket."""

    def __init__(
        self,
        requests: int,
        per_seconds: float,
        *,
        redis_url: str | None = None,
        key: str = "soravideo:ratelimit",
        margin: float = 0.02,
    ) -> None:
        if isinstance(requests, bool) or not isinstance(requests, int) or requests < 1:
            raise ValueError(f"requests must be a positive integer, got {requests!r}")
        if not per_seconds > 0 or not math.isfinite(per_seconds):
            raise ValueError(f"per_seconds must be > 0, got {per_seconds!r}")
        if not margin >= 0:
            raise ValueError(f"margin must be >= 0, got {margin!r}")
        if redis_url is not None and not redis_url.startswith(("redis://", "rediss://", "unix://")):
            raise ValueError(
                f"redis_url must start with redis://, rediss:// or unix://: {redis_url}"
            )
        self.requests = requests
        self.per_seconds = float(per_seconds)
        self.redis_url = redis_url
        self.key = key
        self.window_ms = math.ceil(self.per_seconds * 1000 * (1 + margin))
        self._limiter: Limiter | None = None
        self._bucket: Any = None
        self._redis: Any = None
        self._build_lock = anyio.Lock()
        self._last_leak = 0.0

    def __repr__(self) -> str:
        return f"RateLimit({self.describe()})"

    def describe(self) -> str:
        """``"10 requests / 1 s (in memory)"`` or ``"... (redis, key K)"``."""
        where = "in memory" if self.redis_url is None else f"redis, key {self.key}"
        return f"{self.requests} requests / {self.per_seconds:g} s ({where})"

    async def _build(self) -> Limiter:
        from pyrate_limiter import InMemoryBucket, Limiter, Rate, SingleBucketFactory

        # Paced: at most one permit per window/requests as well, so a full window's
        # permits are spread out instead of released in one burst (the tail of a
        # burst leaves late and lands in the server's next window: a 429).
        spacing_ms = max(1, self.window_ms // self.requests)
        rates = [Rate(self.requests, self.window_ms)]
        if self.requests > 1:
            rates.insert(0, Rate(1, spacing_ms))
        bucket: InMemoryBucket | RedisBucket
        if self.redis_url is None:
            bucket = InMemoryBucket(rates)
        else:
            from pyrate_limiter import RedisBucket
            from redis.asyncio import Redis

            self._redis = Redis.from_url(self.redis_url)
            bucket = await RedisBucket.init(rates, self._redis, self.key)
        self._bucket = bucket
        # no background leak thread/task: acquire() leaks now and then itself
        return Limiter(
            SingleBucketFactory(bucket, schedule_leak=False), buffer_ms=LIMITER_BUFFER_MS
        )

    async def acquire(self) -> None:
        """Wait until one request may be sent, and take its permit.

        Raises:
            redis.exceptions.ConnectionError: Redis storage is unreachable.
        """
        if self._limiter is None:
            async with self._build_lock:
                if self._limiter is None:
                    self._limiter = await self._build()
        await self._limiter.try_acquire_async(self.key)
        now = time.monotonic()
        if now - self._last_leak > self.LEAK_INTERVAL:
            self._last_leak = now
            leaked = self._bucket.leak(self._bucket.now())
            if not isinstance(leaked, int):
                await leaked

    async def aclose(self) -> None:
        """Release the storage (closes the Redis connection; idempotent)."""
        if self._limiter is not None:
            self._limiter.close()
            self._limiter = None
        if self._redis is not None:
            await self._redis.aclose()
            self._redis = None


def make_rate_limit(
    provider: str,
    redis_url: str | None = None,
    requests: int | None = None,
    per_seconds: float | None = None,
    *,
    key: str | None = None,
) -> RateLimit | None:
    """The rate limit for a batch against ``provider``.

    ``requests``/``per_seconds`` override the provider's documented limit
    (:func:`provider_rate_limit`); None when neither is known (no limit).
    ``key`` defaults to ``soravideo:ratelimit:<provider>``.

    Raises:
        ValueError: unknown provider, only one of ``requests``/``per_seconds``
            given, or a bad value (see :class:`RateLimit`).
    """
    documented = provider_rate_limit(provider)
    if (requests is None) != (per_seconds is None):
        raise ValueError("give both requests and per_seconds, or neither")
    if requests is not None and per_seconds is not None:
        limit: tuple[int, float] | None = (requests, per_seconds)
    else:
        limit = documented
    if limit is None:
        return None
    return RateLimit(
        limit[0], limit[1], redis_url=redis_url, key=key or f"soravideo:ratelimit:{provider}"
    )
