"""The mock ASGI application: routing, auth, rate limits, faults, task store, callbacks."""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import math
import re
import threading
import time
from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any
from urllib.parse import urlsplit

import httpx
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from starlette.types import Receive, Scope, Send

from soravideo import _spec
from soravideo._types import check_provider
from soravideo.errors import RequestValidationError
from soravideo.mock import _schema
from soravideo.mock._faults import (
    FAULT_HEADER,
    DroppedConnection,
    Fault,
    FaultQueue,
    parse_faults,
)
from soravideo.mock._providers import ADAPTERS, JSON, Adapter, ErrorKind, FreeSoraGenerator, Qingbo
from soravideo.mock._tasks import MockTask, Snapshot, outcome_for, snapshot, wants_no_credits

VIDEO_PATH = re.compile(r"^/_mock/videos/(?P<task_id>[^/]+)\.mp4$")
DOWNLOAD_OPERATION = "download_video"
"""Pseudo operation id of ``GET /_mock/videos/<task id>.mp4`` (for :meth:`MockState.inject`)."""

DEFAULT_CREDITS = 1_000_000.0
"""Starting credit balance (freesoragenerator): enough for a full schemathesis run
(hundreds of creates at 20-100 credits each) followed by any number of generates."""

USER_AGENT = "soravideo-mock"
TICK_SECONDS = 0.02


@cache
def video_bytes() -> bytes:
    """The MP4 every completed mock task serves (a real ISO-BMFF file; starts with ``ftyp``)."""
    return resources.files("soravideo.mock").joinpath("sample.mp4").read_bytes()


@dataclass(frozen=True)
class CallbackAttempt:
    """One webhook delivery attempt, as recorded in :attr:`MockState.callback_log`.

    Attributes:
        task_id: the task delivered.
        url: the callback URL.
        attempt: 1 for the first try, 2.. for retries.
        payload: the JSON body sent.
        status_code: the receiver's HTTP status, or None when there was no answer.
        error: the transport error (or refusal reason) when there was no answer.
        at: real time of the attempt (``time.monotonic()``).
    """

    task_id: str
    url: str
    attempt: int
    payload: JSON
    status_code: int | None
    error: str | None
    at: float


class MockState:
    """The state of one mock app (``app.state.mock``): tasks, faults, callbacks.

    Create it through :func:`soravideo.mock.create_app`; tests reach it as
    ``app.state.mock``.

    Attributes:
        provider: the provider key.
        api_key: the bearer token the app accepts.
        time_scale: documented durations are divided by this.
        clock: returns the current time in Unix seconds (``time.time`` by default).
        tasks: the in-memory task store, by task id.
        credits: remaining credits (freesoragenerator's ``get_user_credits``).
        callback_log: every webhook delivery attempt, in order.
    """

    def __init__(
        self,
        provider: str,
        *,
        api_key: str,
        time_scale: float,
        clock: Callable[[], float],
        allow_loopback_callbacks: bool,
        rate_limit: bool | tuple[int, float],
        callback_transport: httpx.AsyncBaseTransport | None,
        sync_timeout: float,
        credits: float,
        is_vip: bool,
        errors_as_http_200: bool,
        deliver_callbacks: bool = True,
    ) -> None:
        """See :func:`soravideo.mock.create_app` for the parameters."""
        self.provider = provider
        self.api_key = api_key
        self.time_scale = time_scale
        self.clock = clock
        self.allow_loopback_callbacks = allow_loopback_callbacks
        self.callback_transport = callback_transport
        self.sync_timeout = sync_timeout
        self.idempotency: dict[str, tuple[str, float]] = {}
        """Idempotency key -> (task id, clock time of the create that stored it)."""
        self.credits = credits
        self.is_vip = is_vip
        self.deliver_callbacks = deliver_callbacks
        self.errors_as_http_200 = errors_as_http_200 and provider == "freesoragenerator"
        self.adapter: Adapter = ADAPTERS[provider](time_scale)
        self.operations = _schema.operations(provider)
        self.tasks: dict[str, MockTask] = {}
        self.faults = FaultQueue()
        self.callback_log: list[CallbackAttempt] = []
        spec_limit: Mapping[str, Any] = _spec.load(provider).get("x-rate-limit", {})
        self.rate_limit: tuple[int, float] | None = None
        if rate_limit is True and "requests" in spec_limit:
            self.rate_limit = (int(spec_limit["requests"]), float(spec_limit["per_seconds"]))
        elif isinstance(rate_limit, tuple):
            self.rate_limit = (int(rate_limit[0]), float(rate_limit[1]))
        self.concurrent_tasks: int | None = (
            int(spec_limit["concurrent_tasks"]) if "concurrent_tasks" in spec_limit else None
        )
        self._hits: deque[float] = deque()
        self._lock = threading.Lock()
        self._ticker: asyncio.Task[None] | None = None
        self._ticker_loop: asyncio.AbstractEventLoop | None = None
        self._deliveries: set[asyncio.Task[None]] = set()

    # -- public helpers ---------------------------------------------------------
    def inject(self, operation_id: str, fault: str, times: int = 1) -> None:
        """Apply ``fault`` (``X-Mock-Fault`` syntax) to the next ``times`` requests.

        ``operation_id`` is a spec operation id (``create_task``, ``get_task`` ...),
        ``download_video`` for the video URLs, or ``"*"`` for any request. A fault
        sent in the header wins over an injected one.

        Raises:
            RequestValidationError: unknown operation id, bad fault, or ``times`` < 1
                (also a ValueError).
        """
        known = {op.operation_id for op in self.operations} | {DOWNLOAD_OPERATION, "*"}
        if operation_id not in known:
            raise RequestValidationError(
                f"{self.provider} has no operation {operation_id!r}",
                field="operation_id",
                value=operation_id,
                allowed=sorted(known),
            )
        if times < 1:
            raise RequestValidationError("times must be at least 1", field="times", value=times)
        try:
            faults = parse_faults(fault)
        except ValueError as exc:
            raise RequestValidationError(str(exc), field="fault", value=fault) from None
        self.faults.add(operation_id, faults, times)

    def clear_faults(self) -> None:
        """Drop every injected fault not yet used."""
        self.faults.clear()

    def snapshot(self, task_id: str) -> Snapshot:
        """The state of task ``task_id`` now.

        Raises:
            KeyError: no such task.
        """
        return snapshot(self.tasks[task_id], self.clock(), self.time_scale)

    def wait_callbacks(self, timeout: float = 5.0) -> bool:
        """Block (real time) until no webhook is pending or being delivered.

        For apps driven from another thread (the sync transport, uvicorn); with an
        injected clock, advance it past completion first. Returns whether all settled.
        """
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            states = [t.callback_state for t in list(self.tasks.values())]
            if not any(s in ("pending", "delivering") for s in states):
                return True
            time.sleep(TICK_SECONDS)
        return False

    async def flush_callbacks(self, timeout: float = 5.0) -> None:
        """Deliver every due webhook now and await the deliveries (same event loop only)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self._dispatch_due()
            running = [t for t in self._deliveries if not t.done()]
            if not running:
                return
            await asyncio.wait(running, timeout=max(0.0, deadline - time.monotonic()))

    async def aclose(self) -> None:
        """Cancel the background webhook ticker and deliveries of the current loop."""
        loop = asyncio.get_running_loop()
        pending = [t for t in [self._ticker, *self._deliveries] if t is not None]
        for task in pending:
            if task.get_loop() is loop and not task.done():
                task.cancel()
        for task in pending:
            if task.get_loop() is loop:
                with contextlib.suppress(asyncio.CancelledError, Exception):
                    await task
        self._ticker = None
        self._deliveries.clear()

    # -- settle lazily ------------------------------------------------------------
    def settle(self) -> None:
        """Refund the credits of failed freesoragenerator tasks (done lazily)."""
        if not isinstance(self.adapter, FreeSoraGenerator):
            return
        now = self.clock()
        for task in self.tasks.values():
            if task.refunded or task.credits <= 0:
                continue
            if snapshot(task, now, self.time_scale).phase in ("failed", "cancelled"):
                task.refunded = True
                task.extra["refund_trans_no"] = "RF" + task.id[:16].upper()
                self.credits += task.credits

    # -- callbacks ------------------------------------------------------------------
    def _kick(self) -> None:
        """Make sure a ticker runs on this event loop while webhooks are pending."""
        self._dispatch_due()
        if not any(t.callback_state == "pending" for t in self.tasks.values()):
            return
        loop = asyncio.get_running_loop()
        if self._ticker is not None and not self._ticker.done() and self._ticker_loop is loop:
            return
        self._ticker_loop = loop
        self._ticker = loop.create_task(self._tick())

    async def _tick(self) -> None:
        while True:
            self._dispatch_due()
            if not any(t.callback_state == "pending" for t in self.tasks.values()):
                return
            await asyncio.sleep(TICK_SECONDS)

    def _dispatch_due(self) -> None:
        now = self.clock()
        for task in list(self.tasks.values()):
            if task.callback_state != "pending":
                continue
            snap = snapshot(task, now, self.time_scale)
            if not snap.terminal:
                continue
            task.callback_state = "delivering"
            payload = self.adapter.callback_payload(task, snap)
            delivery = asyncio.get_running_loop().create_task(self._deliver(task, payload))
            self._deliveries.add(delivery)
            delivery.add_done_callback(self._deliveries.discard)

    async def _deliver(self, task: MockTask, payload: JSON) -> None:
        policy = self.adapter.callback
        url = task.callback_url
        try:
            if policy is None or url is None:
                return
            timeout = max(1.0, policy.timeout / self.time_scale)
            delays = [d / self.time_scale for d in policy.retry_delays]
            for attempt in range(1, len(delays) + 2):
                if attempt > 1:
                    await asyncio.sleep(delays[attempt - 2])
                status: int | None = None
                error: str | None = None
                try:
                    async with httpx.AsyncClient(
                        transport=self.callback_transport, timeout=timeout
                    ) as client:
                        response = await client.post(
                            url,
                            json=payload,
                            headers={"User-Agent": f"{USER_AGENT}/{self.provider}"},
                        )
                    status = response.status_code
                except httpx.HTTPError as exc:
                    error = f"{type(exc).__name__}: {exc}"
                self.callback_log.append(
                    CallbackAttempt(task.id, url, attempt, payload, status, error, time.monotonic())
                )
                if status is not None and policy.ok(status):
                    return
        finally:
            task.callback_state = "done"

    def _callback_refused(self, url: str) -> bool:
        if self.allow_loopback_callbacks:
            return False
        host = urlsplit(url).hostname or ""
        if host == "localhost":
            return True
        try:
            address = ipaddress.ip_address(host)
        except ValueError:
            return False
        return address.is_loopback or address.is_private or address.is_link_local

    # -- rate limit -----------------------------------------------------------------
    def _retry_after(self) -> int | None:
        if self.rate_limit is None:
            return None
        limit, window = self.rate_limit
        now = time.monotonic()
        with self._lock:
            while self._hits and now - self._hits[0] >= window:
                self._hits.popleft()
            if len(self._hits) >= limit:
                return max(1, math.ceil(window - (now - self._hits[0])))
            self._hits.append(now)
        return None


class _Dispatcher:
    """The raw ASGI endpoint behind every route of a mock app."""

    def __init__(self, state: MockState) -> None:
        self.state = state

    @property
    def adapter(self) -> Adapter:
        return self.state.adapter

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        request = Request(scope, receive)
        path: str = scope["path"]
        method: str = scope["method"]
        video = VIDEO_PATH.match(path)
        op: _schema.Operation | None = None
        path_params: dict[str, str] = {}
        allowed: set[str] = set()
        if video is not None:
            operation_id = DOWNLOAD_OPERATION
        else:
            op, path_params, allowed = self._match(method, path)
            operation_id = op.operation_id if op is not None else ""
        faults: list[Fault] = []
        header = request.headers.get(FAULT_HEADER)
        if header is not None:
            try:
                faults = parse_faults(header)
            except ValueError as exc:
                rejected = self._error(request, "invalid", 400, f"{FAULT_HEADER}: {exc}")
                await rejected(scope, receive, send)
                return
        elif operation_id:
            faults = self.state.faults.take(operation_id)
        for fault in faults:
            if fault.after:
                continue
            if fault.kind == "slow":
                await asyncio.sleep(fault.seconds)
                continue
            await self._apply(fault, request, scope, receive, send)
            return
        response: Response
        if video is not None:
            response = self._video(request, video.group("task_id"))
        elif op is None:
            if allowed:
                response = self._error(
                    request, "method_not_allowed", 405, f"Method {method} not allowed"
                )
                response.headers["Allow"] = ", ".join(sorted(allowed))
            else:
                response = self._error(request, "not_found", 404, f"No route for {path}")
        else:
            response = await self._operation(op, request, path_params)
        self.state._kick()
        for fault in faults:
            if fault.after:
                await self._apply(fault, request, scope, receive, send)
                return
        await response(scope, receive, send)

    def _match(
        self, method: str, path: str
    ) -> tuple[_schema.Operation | None, dict[str, str], set[str]]:
        return _schema.match(self.state.operations, method, path)

    async def _apply(
        self, fault: Fault, request: Request, scope: Scope, receive: Receive, send: Send
    ) -> None:
        if fault.kind == "drop":
            await send(
                {
                    "type": "http.response.start",
                    "status": 200,
                    "headers": [(b"content-type", b"application/json"), (b"content-length", b"64")],
                }
            )
            raise DroppedConnection("mock fault: connection dropped before the answer")
        if fault.kind == "malformed":
            response: Response = Response(
                b'{"mock": "malformed", "data": {"taskId": ', 200, media_type="application/json"
            )
        elif fault.status == 429:
            response = self._error(request, "rate_limited", 429, "Rate limit exceeded", fault=True)
            response.headers["Retry-After"] = str(fault.retry_after)
        else:
            message = "Service unavailable" if fault.status == 503 else "Internal server error"
            response = self._error(request, "server_error", fault.status, message, fault=True)
            if fault.status == 503:
                response.headers["Retry-After"] = "1"
        await response(scope, receive, send)

    # -- helpers --------------------------------------------------------------------
    def _error(
        self,
        request: Request,
        kind: ErrorKind,
        status: int,
        message: str,
        *,
        field: str = "",
        details: JSON | None = None,
        fault: bool = False,
    ) -> JSONResponse:
        body = self.adapter.error(
            kind,
            status,
            message,
            field=field,
            path=request.url.path,
            now=self.state.clock(),
            details=details,
        )
        http_status = 200 if self.state.errors_as_http_200 and not fault else status
        return JSONResponse(body, status_code=http_status)

    def _video(self, request: Request, task_id: str) -> Response:
        if request.method not in ("GET", "HEAD"):
            return Response("Method Not Allowed", 405, headers={"Allow": "GET, HEAD"})
        task = self.state.tasks.get(task_id)
        if task is None or self.state.snapshot(task_id).phase != "succeeded":
            return Response("Not Found", 404, media_type="text/plain")
        data = video_bytes()
        headers = {"Content-Length": str(len(data)), "Cache-Control": "no-store"}
        content = b"" if request.method == "HEAD" else data
        return Response(content, 200, headers=headers, media_type="video/mp4")

    async def _operation(
        self, op: _schema.Operation, request: Request, path_params: dict[str, str]
    ) -> Response:
        state = self.state
        scheme, _, token = request.headers.get("authorization", "").partition(" ")
        if scheme.lower() != "bearer" or token.strip() != state.api_key:
            return self._error(request, "unauthorized", 401, "Invalid or missing API key")
        retry_after = state._retry_after()
        if retry_after is not None:
            response = self._error(request, "rate_limited", 429, "Rate limit exceeded")
            response.headers["Retry-After"] = str(retry_after)
            return response
        state.settle()
        checked = _schema.check_request(
            op,
            path_params,
            request.query_params,
            await request.body(),
            relax_loopback=state.allow_loopback_callbacks,
        )
        problem = checked.problem
        if problem is not None:
            if checked.param in ("task_id", "taskId") and not checked.missing:
                # e.g. evolink: an id without the spec's `task-unified-` prefix is
                # 400 `invalid_task_id` (get-task-detail).
                return self._error(
                    request, "invalid_task_id", 400, problem.message, field=checked.param
                )
            return self._invalid(request, problem.field, problem.message)
        values, body = checked.values, checked.body
        handler = getattr(self, f"_op_{op.operation_id}", None)
        if handler is None:  # pragma: no cover - every spec operation has a handler
            return self._error(request, "server_error", 500, "operation not implemented")
        result: Response = await handler(op, request, values, body)
        return result

    def _invalid(self, request: Request, field: str, message: str) -> JSONResponse:
        return self._error(request, "invalid", 400, message, field=field)

    def _not_found(self, request: Request) -> JSONResponse:
        message = (
            "Task not found or expired" if self.state.provider == "evolink" else "Task not found"
        )
        field = "task_id" if self.state.provider == "evolink" else ""
        return self._error(request, "not_found", 404, message, field=field)

    def _lookup(
        self, request: Request, values: dict[str, str], body: Any
    ) -> MockTask | JSONResponse:
        task_id = values.get("taskId") or values.get("task_id")
        if task_id is None and isinstance(body, Mapping):
            task_id = body.get("taskId")
        task_id = str(task_id or "")
        task = self.state.tasks.get(task_id)
        if task is None:
            return self._not_found(request)
        return task

    # -- operations -------------------------------------------------------------------
    def _create(
        self, op: _schema.Operation, request: Request, body: Any
    ) -> MockTask | JSONResponse:
        state = self.state
        adapter = self.adapter
        params = _schema.with_defaults(op.provider, op.body_pointer or "", body)
        cost = adapter.credit_cost(params)
        if wants_no_credits(body) or (cost > 0 and cost > state.credits):
            available = 0.0 if wants_no_credits(body) else state.credits
            required = cost or 30.0
            return self._error(
                request,
                "insufficient_credits",
                adapter.insufficient_status,
                "Insufficient credits to perform this operation",
                details={"required": required, "available": available},
            )
        now = state.clock()
        if state.concurrent_tasks is not None:
            running = sum(
                1 for t in state.tasks.values() if not snapshot(t, now, state.time_scale).terminal
            )
            if running >= state.concurrent_tasks:
                response = self._error(
                    request, "rate_limited", 429, "Too many concurrent tasks; wait and retry"
                )
                response.headers["Retry-After"] = "10"
                return response
        callback_url = adapter.callback_url(params, op.callback_pointers)
        if (
            callback_url is not None
            and state.provider == "evolink"
            and state._callback_refused(callback_url)
        ):
            return self._invalid(
                request, "callback_url", "Internal and loopback callback addresses are refused"
            )
        queue, total = adapter.timing(params)
        task = MockTask(
            id=adapter.new_id(now),
            operation_id=op.operation_id,
            created_at=now,
            body=body,
            params=params,
            base_url=str(request.base_url).rstrip("/"),
            queue_seconds=queue,
            total_seconds=total,
            outcome=outcome_for(body),
            callback_url=callback_url,
            credits=cost,
        )
        if callback_url is not None and adapter.callback is not None and state.deliver_callbacks:
            if state._callback_refused(callback_url):
                state.callback_log.append(
                    CallbackAttempt(
                        task.id,
                        callback_url,
                        0,
                        {},
                        None,
                        "refused: loopback or private address",
                        time.monotonic(),
                    )
                )
            else:
                task.callback_state = "pending"
        state.credits -= cost
        state.tasks[task.id] = task
        return task

    def _remembered(
        self, op: _schema.Operation, request: Request
    ) -> tuple[str | None, MockTask | None]:
        """The request's idempotency key (where the spec documents one) and the task
        a create with the same key made within the spec's ``x-idempotency-ttl``."""
        rule = _schema.header_rule(op.provider, op.operation_id, "x-idempotency-ttl")
        if rule is None:
            return None, None
        name, value = rule
        key = request.headers.get(name)
        if not key:
            return None, None
        found = self.state.idempotency.get(key)
        if found is None:
            return key, None
        task_id, stored_at = found
        elapsed = (self.state.clock() - stored_at) * self.state.time_scale
        if elapsed >= float(value["seconds"]):
            del self.state.idempotency[key]
            return key, None
        return key, self.state.tasks.get(task_id)

    def _wait_limit(self, op: _schema.Operation, request: Request) -> float | None:
        """Provider seconds a ``Prefer: wait=N`` holds the answer: N, at most the spec's
        ``x-max-wait`` and the app's ``sync_timeout``."""
        rule = _schema.header_rule(op.provider, op.operation_id, "x-max-wait")
        if rule is None:
            return None
        name, value = rule
        header = request.headers.get(name, "")
        for part in header.split(","):
            word, _, number = part.strip().partition("=")
            if word.strip().lower() == "wait" and number.strip().isdigit():
                return min(float(number), float(value["seconds"]), self.state.sync_timeout)
        return None

    async def _op_create_task(
        self, op: _schema.Operation, request: Request, values: dict[str, str], body: Any
    ) -> Response:
        key, task = self._remembered(op, request)
        if task is None:
            created = self._create(op, request, body)
            if isinstance(created, Response):
                return created
            task = created
            if key is not None:
                self.state.idempotency[key] = (task.id, task.created_at)
        wait = self._wait_limit(op, request)
        if wait is not None:
            return await self._hold(task, wait, timeout_body=self.adapter.created)
        return JSONResponse(self.adapter.created(task, self.state.snapshot(task.id)))

    async def _hold(
        self, task: MockTask, provider_seconds: float, *, timeout_body: Any
    ) -> Response:
        """Answer when ``task`` is terminal (its full body) or after ``provider_seconds``
        (``timeout_body(task, snapshot)``): ``Prefer: wait`` and the deprecated sync wait."""
        adapter = self.adapter
        state = self.state
        state._kick()
        limit = provider_seconds / state.time_scale
        started_real, started_clock = time.monotonic(), state.clock()
        while True:
            snap = state.snapshot(task.id)
            if snap.terminal:
                return JSONResponse(adapter.task_body(task, snap))
            waited_clock = state.clock() - started_clock
            waited_real = time.monotonic() - started_real
            if max(waited_clock, waited_real) >= limit:
                return JSONResponse(timeout_body(task, snap))
            await asyncio.sleep(min(TICK_SECONDS * 2, max(0.0, limit - waited_real)))

    async def _op_create_task_sync(
        self, op: _schema.Operation, request: Request, values: dict[str, str], body: Any
    ) -> Response:
        task = self._create(op, request, body)
        if isinstance(task, Response):
            return task
        adapter = self.adapter
        assert isinstance(adapter, Qingbo)
        return await self._hold(task, self.state.sync_timeout, timeout_body=adapter.sync_timeout)

    async def _op_get_task(
        self, op: _schema.Operation, request: Request, values: dict[str, str], body: Any
    ) -> Response:
        task = self._lookup(request, values, body)
        if isinstance(task, Response):
            return task
        return JSONResponse(self.adapter.task_body(task, self.state.snapshot(task.id)))

    async def _op_cancel_task(
        self, op: _schema.Operation, request: Request, values: dict[str, str], body: Any
    ) -> Response:
        task = self._lookup(request, values, body)
        if isinstance(task, Response):
            return task
        adapter = self.adapter
        assert isinstance(adapter, Qingbo)
        if self.state.snapshot(task.id).phase != "queued":
            return self._error(
                request, "not_cancellable", 400, "Only queued tasks can be cancelled"
            )
        task.cancelled_at = self.state.clock()
        return JSONResponse(adapter.cancelled(task))

    async def _op_get_user_credits(
        self, op: _schema.Operation, request: Request, values: dict[str, str], body: Any
    ) -> Response:
        adapter = self.adapter
        assert isinstance(adapter, FreeSoraGenerator)
        return JSONResponse(adapter.credits_body(self.state.credits, self.state.is_vip))


def create_app(
    provider: str,
    *,
    api_key: str = "test-key",
    time_scale: float = 1.0,
    clock: Callable[[], float] | None = None,
    allow_loopback_callbacks: bool = True,
    rate_limit: bool | tuple[int, float] = True,
    callback_transport: httpx.AsyncBaseTransport | None = None,
    sync_timeout: float = 60.0,
    credits: float = DEFAULT_CREDITS,
    is_vip: bool = False,
    errors_as_http_200: bool = False,
    deliver_callbacks: bool = True,
) -> Starlette:
    """A stateful mock of ``provider``'s API as a Starlette (ASGI) app.

    Args:
        provider: one of :data:`soravideo.PROVIDERS`.
        api_key: the only accepted ``Authorization: Bearer`` token.
        time_scale: speed-up factor; documented durations (and webhook retry delays)
            are divided by it. Must be > 0.
        clock: current time in Unix seconds (default ``time.time``); task states are
            computed from it lazily on each request, so a test can step time.
        allow_loopback_callbacks: accept and call ``http://127.0.0.1`` /
            ``http://localhost`` callback URLs even where the spec demands
            ``https://`` (mock mode). False: validate callback URLs exactly as the
            spec says and never call loopback/private addresses (evolink rejects
            them at creation, as documented).
        rate_limit: True: the spec's ``x-rate-limit`` (firebirdgen 10/s, apixo
            10000/min; none for the others); False: off; ``(requests, per_seconds)``:
            that limit. Measured in real time (``time.monotonic``), per app.
        callback_transport: httpx transport the webhook deliveries go through
            (e.g. ``httpx.ASGITransport(receiver_app)``); default: the network.
        sync_timeout: provider seconds qingbo's deprecated ``POST /v1/tasks/sync``
            waits (divided by ``time_scale``), and the longest a ``Prefer: wait=N``
            on ``POST /v1/tasks`` holds its answer (N is also capped by the spec's
            ``x-max-wait``, 60).
        credits: starting credit balance (freesoragenerator; :data:`DEFAULT_CREDITS`,
            1,000,000). A create costing more than what is left gets the
            provider's 402; failed tasks are refunded.
        is_vip: the ``is_vip`` flag freesoragenerator reports.
        errors_as_http_200: freesoragenerator only: send error bodies with HTTP 200
            (the provider's documented habit); injected faults keep their status.
        deliver_callbacks: False: accept callback URLs but never call them (e.g. for
            fuzzing, so generated public URLs are not contacted).

    Returns:
        The app; its :class:`MockState` is ``app.state.mock``.

    Raises:
        RequestValidationError: unknown provider or ``time_scale`` <= 0 (also a
            ValueError).
    """
    check_provider(provider)
    if not time_scale > 0:
        raise RequestValidationError(
            f"time_scale must be > 0, got {time_scale!r}", field="time_scale", value=time_scale
        )
    state = MockState(
        provider,
        api_key=api_key,
        time_scale=time_scale,
        clock=clock or time.time,
        allow_loopback_callbacks=allow_loopback_callbacks,
        rate_limit=rate_limit,
        callback_transport=callback_transport,
        sync_timeout=sync_timeout,
        credits=credits,
        is_vip=is_vip,
        errors_as_http_200=errors_as_http_200,
        deliver_callbacks=deliver_callbacks,
    )
    dispatcher = _Dispatcher(state)
    app = Starlette(routes=[Route("/{path:path}", dispatcher)])
    # Paths Starlette's `{path:path}` cannot match (e.g. a task id with a decoded
    # newline) go to the mock too: the provider's JSON 404, not Starlette's text one.
    app.router.default = dispatcher
    app.state.mock = state
    return app
