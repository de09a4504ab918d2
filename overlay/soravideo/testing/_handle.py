"""What the ``soravideo_mock`` fixture hands out: a provider's mock, its clock and its clients.

Imported only when a test asks for the fixture (the plugin module itself stays light).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import httpx
from starlette.applications import Starlette
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from soravideo import AsyncVideoClient, VideoClient
from soravideo._exchange import Violation, check_request
from soravideo.mock import (
    DEFAULT_CREDITS,
    DOWNLOAD_OPERATION,
    AsyncMockTransport,
    MockServer,
    MockState,
    SyncMockTransport,
    async_transport,
    create_app,
    transport,
)
from soravideo.mock._app import VIDEO_PATH

DEFAULT_API_KEY = "soravideo-test-key"
"""The bearer key a fixture mock accepts unless ``api_key=`` says otherwise."""

_HIDDEN_HEADERS = frozenset({"authorization", "proxy-authorization", "cookie", "x-api-key"})


class MockClock:
    """The mock's clock: real time plus whatever a test (or a fixture client) skipped.

    ``now()`` is Unix seconds; it moves with real time, and :meth:`advance` (or
    :meth:`sleep`, which the fixture's clients use instead of sleeping) jumps it
    ahead, so task lifecycles (evolink: done after 300 s) pass without waiting.
    Thread-safe.
    """

    def __init__(self, start: float | None = None) -> None:
        """Start at ``start`` (Unix seconds; default: now)."""
        self._lock = threading.Lock()
        self._origin = time.time() if start is None else float(start)
        self._real0 = time.monotonic()
        self._offset = 0.0
        self.skipped: list[float] = []
        """Every jump (seconds), in order: what the fixture's clients slept."""

    def now(self) -> float:
        """The current mock time in Unix seconds."""
        with self._lock:
            return self._origin + (time.monotonic() - self._real0) + self._offset

    __call__ = now

    def advance(self, seconds: float) -> float:
        """Move the clock ``seconds`` ahead (>= 0); returns the new time.

        Raises:
            ValueError: ``seconds`` is negative (the clock never goes back).
        """
        if not seconds >= 0:
            raise ValueError(f"the mock clock only moves forward, got {seconds!r} seconds")
        with self._lock:
            self._offset += seconds
            self.skipped.append(seconds)
        return self.now()

    def sleep(self, seconds: float) -> None:
        """A ``time.sleep`` that advances the clock instead of waiting."""
        self.advance(max(0.0, seconds))

    async def asleep(self, seconds: float) -> None:
        """The async twin of :meth:`sleep` (yields to the event loop once)."""
        import anyio

        self.advance(max(0.0, seconds))
        await anyio.sleep(0)


@dataclass
class RecordedRequest:
    """One request the mock received, as the code under test sent it.

    Attributes:
        method: upper-case HTTP method.
        path: the URL path (no query string).
        query: query parameters (last value wins).
        headers: lower-case header names to values, without ``Authorization``
            (and other credential headers): the key never lands in a test log.
        content: the raw body.
        operation: the spec's ``operationId`` it matched, ``download_video`` for a
            video URL, or ``""``.
        authorized: whether it carried ``Authorization: Bearer <the mock's key>``.
        status: the HTTP status the mock answered (None before the answer, or for
            a dropped connection).
        violations: how it breaks the spec (empty when valid).
    """

    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    content: bytes
    operation: str
    authorized: bool
    status: int | None = None
    violations: tuple[Violation, ...] = ()
    _json: Any = field(default=None, repr=False)

    @property
    def json(self) -> Any:
        """The decoded JSON body, or None when there is none (or it is not JSON)."""
        return self._json


class _Recorder:
    """ASGI middleware: records each request and judges it against the spec."""

    def __init__(self, app: ASGIApp, handle: MockHandle) -> None:
        self.app = app
        self.handle = handle

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        chunks: list[bytes] = []
        while True:
            message = await receive()
            if message["type"] != "http.request":
                break
            chunks.append(message.get("body", b""))
            if not message.get("more_body", False):
                break
        raw = b"".join(chunks)
        record = self.handle._record(scope, raw)
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": raw, "more_body": False}
            return await receive()

        async def watch(message: Message) -> None:
            if message["type"] == "http.response.start":
                record.status = int(message["status"])
            await send(message)

        await self.app(scope, replay, watch)


class MockHandle:
    """One provider's mock for a test, made by the ``soravideo_mock`` fixture.

    Attributes:
        provider: the provider key.
        app: the mock's ASGI (Starlette) app; ``app.state.mock`` is :attr:`state`.
        state: the mock's :class:`soravideo.mock.MockState` (tasks, credits, faults).
        api_key: the bearer key the mock accepts.
        clock: the mock's :class:`MockClock`.
        requests: every request received, in order (:class:`RecordedRequest`).
        strict: when True, a request the spec forbids that the test did not
            :meth:`take_violations` of fails the test at teardown.
    """

    def __init__(
        self,
        provider: str,
        *,
        api_key: str = DEFAULT_API_KEY,
        time_scale: float = 1.0,
        credits: float = DEFAULT_CREDITS,
        serve: bool = False,
        rate_limit: bool | tuple[int, float] = False,
        strict: bool = True,
        start: float | None = None,
        **app_options: Any,
    ) -> None:
        """Build the mock (see the fixture's documentation for the options).

        Raises:
            ValueError: unknown provider, ``time_scale`` <= 0, or a bad option.
        """
        self.provider = provider
        self.api_key = api_key
        self.strict = strict
        self.clock = MockClock(start)
        app_options.setdefault("deliver_callbacks", False)
        self.app: Starlette = create_app(
            provider,
            api_key=api_key,
            time_scale=time_scale,
            clock=self.clock,
            credits=credits,
            rate_limit=rate_limit,
            **app_options,
        )
        self.app.add_middleware(_Recorder, handle=self)
        self.state: MockState = self.app.state.mock
        self.requests: list[RecordedRequest] = []
        self._lock = threading.Lock()
        self._acknowledged = 0
        self._server: MockServer | None = None
        self._transport: SyncMockTransport | None = None
        self._async_transport: AsyncMockTransport | None = None
        self._client: VideoClient | None = None
        self._closers: list[Callable[[], None]] = []
        if serve:
            self._server = MockServer(self.app)
            self._server.start()

    def __repr__(self) -> str:
        where = self._server.base_url if self._server is not None else "in process"
        return f"MockHandle({self.provider!r}, {where}, {len(self.requests)} requests)"

    # -- wiring ---------------------------------------------------------------------
    @property
    def served(self) -> bool:
        """Whether the mock listens on a loopback port (``serve=True``)."""
        return self._server is not None

    @property
    def base_url(self) -> str:
        """``http://127.0.0.1:<port>`` when served; an in-process placeholder URL otherwise.

        The placeholder (``http://<provider>.mock.invalid``) works with
        :attr:`transport` / :attr:`async_transport` only: nothing listens there.
        """
        if self._server is not None:
            return self._server.base_url
        return f"http://{self.provider}.mock.invalid"

    @property
    def transport(self) -> httpx.BaseTransport:
        """A sync httpx transport into the mock (for your own or the generated clients)."""
        if self._transport is None:
            self._transport = transport(self.app)
        return self._transport

    @property
    def async_transport(self) -> httpx.AsyncBaseTransport:
        """An async httpx transport into the mock."""
        if self._async_transport is None:
            self._async_transport = async_transport(self.app)
        return self._async_transport

    @property
    def client(self) -> VideoClient:
        """A :class:`soravideo.VideoClient` on the mock, closed at teardown.

        Its waits advance :attr:`clock` instead of sleeping: ``generate`` returns at
        once, after the provider's documented (virtual) duration.
        """
        if self._client is None:
            self._client = self.make_client()
        return self._client

    def make_client(self, **options: Any) -> VideoClient:
        """A new :class:`soravideo.VideoClient` on the mock (``options``: its keyword arguments).

        Closed at teardown; its sleeps advance :attr:`clock`.
        """
        options.setdefault("api_key", self.api_key)
        options.setdefault("base_url", self.base_url)
        if self._server is None:
            options.setdefault("transport", transport(self.app))
        client = VideoClient(self.provider, **options)
        client._sleep = self.clock.sleep
        client._clock = self.clock.now
        self._closers.append(client.close)
        return client

    def async_client(self, **options: Any) -> AsyncVideoClient:
        """A new :class:`soravideo.AsyncVideoClient` on the mock; use ``async with`` it.

        Its waits advance :attr:`clock` instead of sleeping. ``options`` are its
        keyword arguments (``timeout``, ``max_retries`` ...).
        """
        options.setdefault("api_key", self.api_key)
        options.setdefault("base_url", self.base_url)
        if self._server is None:
            options.setdefault("transport", async_transport(self.app))
        client = AsyncVideoClient(self.provider, **options)
        client._sleep = self.clock.asleep
        client._clock = self.clock.now
        return client

    # -- faults and time ----------------------------------------------------------
    def inject(self, operation_id: str, fault: str, times: int = 1) -> None:
        """Make the next ``times`` answers to ``operation_id`` fail as ``X-Mock-Fault: fault``.

        ``operation_id``: a spec ``operationId`` (``create_task``, ``get_task`` ...),
        ``download_video`` for the video URLs, or ``"*"`` for any request. Faults:
        ``500``/``503`` (any 5xx), ``429`` or ``429=<seconds>``, ``slow=<seconds>``,
        ``malformed``, ``drop``, and ``<500|503|malformed|drop>-after-create`` (the
        create happens, its answer is lost); see :mod:`soravideo.mock`.

        Raises:
            ValueError: unknown operation id, bad fault, or ``times`` < 1.
        """
        self.state.inject(operation_id, fault, times)

    def advance(self, seconds: float) -> float:
        """Move the mock's clock ``seconds`` ahead (see :meth:`MockClock.advance`)."""
        return self.clock.advance(seconds)

    # -- what was received ---------------------------------------------------------
    @property
    def violations(self) -> list[Violation]:
        """Every spec violation in the requests received so far, in order."""
        with self._lock:
            return [v for r in self.requests for v in r.violations]

    def take_violations(self) -> list[Violation]:
        """The violations not taken yet; taking them tells teardown the test expected them."""
        with self._lock:
            found = [v for r in self.requests for v in r.violations]
            taken, self._acknowledged = found[self._acknowledged :], len(found)
        return taken

    @contextmanager
    def expect_violation(self, field: str | None = None) -> Iterator[list[Violation]]:
        """Assert the block sends at least one request the spec forbids (naming ``field``).

        Yields the list the block's violations are put into. Raises AssertionError
        when there is none, or none whose path or message names ``field``.
        """
        self.take_violations()
        seen: list[Violation] = []
        yield seen
        seen.extend(self.take_violations())
        if not seen:
            raise AssertionError(f"{self.provider}: no request broke the spec")
        if field is not None and not any(field in v.path or field in v.message for v in seen):
            found = "; ".join(f"{v.path}: {v.message}" for v in seen)
            raise AssertionError(f"{self.provider}: no violation names {field!r} ({found})")

    def _record(self, scope: Scope, raw: bytes) -> RecordedRequest:
        headers: dict[str, str] = {}
        authorized = False
        for name_b, value_b in scope.get("headers", []):
            name, value = name_b.decode("latin-1").lower(), value_b.decode("latin-1")
            if name == "authorization":
                scheme, _, token = value.partition(" ")
                authorized = scheme.lower() == "bearer" and token.strip() == self.api_key
            if name not in _HIDDEN_HEADERS:
                headers[name] = value
        query = dict(httpx.QueryParams(scope.get("query_string", b"").decode("latin-1")))
        method, path = str(scope["method"]), str(scope["path"])
        violations: tuple[Violation, ...] = ()
        body: Any = None
        if VIDEO_PATH.match(path):
            operation = DOWNLOAD_OPERATION
        else:
            verdict = check_request(
                self.provider,
                method,
                path,
                query,
                raw,
                relax_loopback=self.state.allow_loopback_callbacks,
            )
            operation, violations, body = verdict.operation, verdict.violations, verdict.body
        record = RecordedRequest(
            method, path, query, headers, raw, operation, authorized, None, violations, body
        )
        with self._lock:
            self.requests.append(record)
        return record

    # -- teardown -------------------------------------------------------------------
    def close(self) -> list[Violation]:
        """Close the clients, transports and server; return the violations not taken."""
        for closer in reversed(self._closers):
            closer()
        self._closers.clear()
        self._client = None
        if self._transport is not None:
            self._transport.close()
            self._transport = None
        if self._server is not None:
            self._server.stop()
            self._server = None
        return self.take_violations()


class MockFactory:
    """The ``soravideo_mock`` fixture's value: call it to get a :class:`MockHandle`.

    ``soravideo_mock("evolink", time_scale=1.0, api_key=..., credits=..., serve=False,
    rate_limit=False, strict=True, start=None, **create_app_options)``.
    """

    def __init__(self) -> None:
        """No mocks yet."""
        self.made: list[MockHandle] = []

    def __call__(self, provider: str, **options: Any) -> MockHandle:
        """A new mock of ``provider`` (see :class:`MockHandle` for ``options``)."""
        handle = MockHandle(provider, **options)
        self.made.append(handle)
        return handle

    def close(self) -> list[str]:
        """Tear every mock down; the failure messages of strict mocks' untaken violations."""
        problems: list[str] = []
        for handle in reversed(self.made):
            left = handle.close()
            if handle.strict and left:
                lines = "\n".join(f"  {v.operation or '?'} {v.path}: {v.message}" for v in left)
                problems.append(
                    f"the {handle.provider} mock received {len(left)} request(s) its spec "
                    f"forbids:\n{lines}\n(expected? use mock.expect_violation() or "
                    "mock.take_violations(); or soravideo_mock(..., strict=False))"
                )
        self.made.clear()
        return problems
