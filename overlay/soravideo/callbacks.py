"""Receive provider webhooks safely: a small ASGI app.

None of the five providers signs its callbacks, so a callback body is only a
hint: :func:`callback_app` parses it, confirms it by fetching the task from the
provider with your key (``AsyncVideoClient.get``), and only then hands the
confirmed :class:`~soravideo.Task` to your handler. Forged or stale callbacks
therefore never reach your code with data the provider did not confirm.

Answers (the same for every caller, so an unauthenticated caller learns
nothing about whether a task exists or what state it is in):

- 200 ``{"received": true}`` for every well-formed payload, sent at once;
  confirming and the handler run afterwards in the background, so slow
  confirmations or handlers never trip the providers' timeouts (apixo waits
  30 s, evolink 10 s) and a flood of forged callbacks can't make a real one
  time out (firebirdgen sends each callback once);
- 400 for a body that is not the provider's payload, or a malformed task id;
- 408 when the body is not received within ``body_timeout`` seconds;
- 413 over ``max_body_bytes``; 405 for other methods;
- 503 when ``max_pending`` confirmations are already queued (the provider retries).

Flood and replay safety:

- confirmations are deduplicated per task id: one in flight at a time (a
  callback arriving meanwhile is folded into one more confirmation after it),
  and a recent confirmed result (``result_ttl`` seconds) is reused when it is
  terminal or matches the callback's claimed state;
- at most ``max_concurrency`` confirmations run at once, paced by the
  provider's documented rate limit (the spec's ``x-rate-limit``, through
  :class:`soravideo.batch.RateLimit`), so forged traffic queues behind the
  limit instead of spending it all;
- a confirmation that fails transiently (5xx, timeouts, 429) is retried in the
  background with backoff, ``confirm_attempts`` times; a task the provider does
  not know (404) is dropped;
- the handler is called once per task and state by default
  (``deliver_once``): the providers deliver at least once, and retry, so the
  same terminal state may arrive several times; your handler sees it once
  (remembered for the last :data:`MAX_REMEMBERED` tasks, in memory);
- a sync handler runs in a worker thread (``anyio.to_thread``), so it never
  blocks the event loop.

Example (uvicorn)::

    from soravideo import AsyncVideoClient
    from soravideo.callbacks import callback_app

    async def on_task(task):
        print(task.id, task.status, task.video_urls)

    app = callback_app(AsyncVideoClient("evolink"), on_task)
    # uvicorn module:app --port 8000
"""

from __future__ import annotations

import inspect
import logging
import re
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any, Final

import anyio
import anyio.to_thread
from starlette.applications import Starlette
from starlette.background import BackgroundTask
from starlette.requests import ClientDisconnect, Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from soravideo import _spec, parse_callback
from soravideo._client import AsyncVideoClient
from soravideo._types import Task
from soravideo.errors import (
    APIError,
    NotFoundError,
    ProviderResponseError,
    RateLimitError,
    RequestValidationError,
    ServerError,
    SoraVideoError,
)

if TYPE_CHECKING:
    from soravideo.batch import RateLimit

logger = logging.getLogger("soravideo.callbacks")

DEFAULT_MAX_BODY_BYTES: Final = 1 << 20
"""1 MiB: far above any documented payload (a few KB)."""
DEFAULT_BODY_TIMEOUT: Final = 10.0
"""Seconds to receive a whole request body; slower callers get 408."""
DEFAULT_MAX_CONCURRENCY: Final = 4
"""Confirmations running at once."""
DEFAULT_MAX_PENDING: Final = 1000
"""Confirmations queued or running before new callbacks get 503."""
DEFAULT_RESULT_TTL: Final = 300.0
"""Seconds a confirmed result is reused for a replayed callback."""
DEFAULT_CONFIRM_ATTEMPTS: Final = 4
"""Tries of a confirmation that fails transiently (waits 2, 4, 8 s between them)."""
MAX_REMEMBERED: Final = 10_000
"""Tasks remembered for deduplication (least recently seen forgotten first)."""
MAX_TASK_ID_LENGTH: Final = 256
TASK_ID: Final = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:~-]*")
"""What a task id in a callback may look like: every provider's ids fit (UUIDs,
``task-unified-...``, hex); anything else (slashes, spaces, control or non-ASCII
characters, more than :data:`MAX_TASK_ID_LENGTH` characters) is refused with 400."""
_ACK: Final = {"received": True}
_DOCUMENTED: Final[Any] = object()

Handler = Callable[[Task], Awaitable[None] | None]


def sends_callbacks(provider: str) -> bool:
    """Whether the provider's spec documents webhooks (``callbacks`` on create)."""
    return bool(_spec.operation(provider, "create_task")[2].get("callbacks"))


def valid_task_id(task_id: object) -> bool:
    """Whether ``task_id`` is a plausible provider task id (see :data:`TASK_ID`)."""
    return (
        isinstance(task_id, str)
        and 0 < len(task_id) <= MAX_TASK_ID_LENGTH
        and TASK_ID.fullmatch(task_id) is not None
    )


def _transient(exc: SoraVideoError) -> bool:
    """Whether a failed confirmation is worth retrying (the provider may answer later)."""
    if isinstance(exc, NotFoundError | RequestValidationError):
        return False
    if isinstance(exc, RateLimitError | ServerError):
        return True
    if isinstance(exc, APIError):
        return exc.status_code == 408
    return not isinstance(exc, ProviderResponseError)


class _Remembered(OrderedDict[Any, Any]):
    """A bounded mapping: the least recently touched entry goes past ``limit``."""

    def __init__(self, limit: int) -> None:
        super().__init__()
        self.limit = limit

    def touch(self, key: Any, value: Any) -> None:
        self[key] = value
        self.move_to_end(key)
        while len(self) > self.limit:
            self.popitem(last=False)


class _Receiver:
    """The state of one app: in-flight confirmations, recent results, deliveries."""

    def __init__(
        self,
        client: AsyncVideoClient,
        handler: Handler,
        *,
        confirm: bool,
        rate_limit: RateLimit | None,
        max_concurrency: int,
        max_pending: int,
        result_ttl: float,
        confirm_attempts: int,
        deliver_once: bool,
        clock: Callable[[], float],
        sleep: Callable[[float], Awaitable[None]],
    ) -> None:
        self.client = client
        self.provider = client.provider
        self.handler = handler
        self.confirm = confirm
        self.rate_limit = rate_limit
        self.slots = anyio.CapacityLimiter(max_concurrency)
        self.max_pending = max_pending
        self.result_ttl = result_ttl
        self.confirm_attempts = confirm_attempts
        self.deliver_once = deliver_once
        self.clock = clock
        self.sleep = sleep
        self.in_flight: dict[str, bool] = {}
        """Task id -> whether another callback came while it was being confirmed."""
        self.recent: _Remembered = _Remembered(MAX_REMEMBERED)
        """Task id -> (confirmed Task, when)."""
        self.delivered: _Remembered = _Remembered(MAX_REMEMBERED)
        """(task id, status) -> True once handed to the handler."""
        self.confirmations = 0
        """Confirmation fetches sent (for tests and monitoring)."""

    def reusable(self, hinted: Task) -> Task | None:
        """A recent confirmed result that answers ``hinted`` as well, or None."""
        entry = self.recent.get(hinted.id)
        if entry is None:
            return None
        task: Task = entry[0]
        when: float = entry[1]
        if self.clock() - when > self.result_ttl:
            return None
        if task.status.is_terminal or task.status is hinted.status:
            return task
        return None

    def accept(self, hinted: Task) -> BackgroundTask | bool | None:
        """What to do for a parsed callback: a background job, None (nothing to do)
        or False (too many pending: answer 503)."""
        if not self.confirm:
            return BackgroundTask(self.deliver, hinted)
        if hinted.id in self.in_flight:
            self.in_flight[hinted.id] = True  # confirm once more after the current one
            return None
        known = self.reusable(hinted)
        if known is not None:
            return BackgroundTask(self.deliver, known)
        if len(self.in_flight) >= self.max_pending:
            return False
        self.in_flight[hinted.id] = False
        return BackgroundTask(self.confirm_and_deliver, hinted.id)

    async def confirm_and_deliver(self, task_id: str) -> None:
        """Confirm ``task_id`` (again while callbacks keep coming for it), deliver each result."""
        try:
            while True:
                task = await self.fetch(task_id)
                if task is not None:
                    self.recent.touch(task_id, (task, self.clock()))
                    await self.deliver(task)
                if not self.in_flight.get(task_id):
                    return
                self.in_flight[task_id] = False
        finally:
            self.in_flight.pop(task_id, None)

    async def fetch(self, task_id: str) -> Task | None:
        """The provider's view of the task, paced and bounded; None when unconfirmed."""
        delay = 2.0
        for attempt in range(1, self.confirm_attempts + 1):
            try:
                async with self.slots:
                    if self.rate_limit is not None:
                        await self.rate_limit.acquire()
                    self.confirmations += 1
                    return await self.client.get(task_id)
            except SoraVideoError as exc:
                if not _transient(exc) or attempt == self.confirm_attempts:
                    logger.warning("could not confirm %s task %s: %s", self.provider, task_id, exc)
                    return None
                logger.info("retrying confirmation of %s task %s: %s", self.provider, task_id, exc)
            await self.sleep(delay)
            delay *= 2
        return None  # pragma: no cover - the loop returns

    async def deliver(self, task: Task) -> None:
        """Hand ``task`` to the handler (once per task and state with ``deliver_once``)."""
        key = (task.id, task.status)
        if self.deliver_once:
            if key in self.delivered:
                return
            self.delivered.touch(key, True)
        try:
            if _is_async(self.handler):
                await self.handler(task)  # type: ignore[misc]
            else:
                result = await anyio.to_thread.run_sync(self.handler, task)
                if inspect.isawaitable(result):
                    await result
        except Exception:
            logger.exception("callback handler failed for %s task %s", self.provider, task.id)


def _is_async(handler: Any) -> bool:
    return inspect.iscoroutinefunction(handler) or inspect.iscoroutinefunction(
        getattr(handler, "__call__", None)  # noqa: B004 - an async __call__ method
    )


def callback_app(
    client: AsyncVideoClient,
    handler: Handler,
    *,
    path: str = "/",
    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES,
    confirm: bool = True,
    body_timeout: float = DEFAULT_BODY_TIMEOUT,
    rate_limit: RateLimit | None = _DOCUMENTED,
    max_concurrency: int = DEFAULT_MAX_CONCURRENCY,
    max_pending: int = DEFAULT_MAX_PENDING,
    result_ttl: float = DEFAULT_RESULT_TTL,
    confirm_attempts: int = DEFAULT_CONFIRM_ATTEMPTS,
    deliver_once: bool = True,
) -> Starlette:
    """An ASGI app that receives ``client.provider``'s callbacks at ``path``.

    See the module docs for the answers and the flood/replay rules.

    Args:
        client: used to confirm each callback by fetching the task.
        handler: called (an async function awaited; a sync one in a worker
            thread) with the confirmed Task.
        path: the route the app answers on.
        max_body_bytes: larger bodies are refused with 413 before parsing.
        confirm: fetch the task before calling ``handler`` (default, and strongly
            advised: callbacks are not signed). With False, the parsed callback
            is handed over as is.
        body_timeout: seconds to receive the whole body (else 408).
        rate_limit: paces confirmations; default: the provider's documented
            limit (:func:`soravideo.batch.make_rate_limit`), None for none. Pass
            the :class:`~soravideo.batch.RateLimit` your other traffic uses to
            share one budget.
        max_concurrency: confirmations running at once (>= 1).
        max_pending: distinct tasks being confirmed before new ones get 503.
        result_ttl: seconds a confirmed result answers replays.
        confirm_attempts: tries of a transiently failing confirmation (>= 1).
        deliver_once: call the handler once per task and state (default).

    Raises:
        RequestValidationError: the provider sends no callbacks (freesoragenerator).
        ValueError: a bad number.
    """
    provider = client.provider
    if not sends_callbacks(provider):
        raise RequestValidationError(
            f"{provider} documents no callbacks; poll with wait() instead",
            provider=provider,
            field="callback_url",
        )
    if max_concurrency < 1 or max_pending < 1 or confirm_attempts < 1:
        raise ValueError("max_concurrency, max_pending and confirm_attempts must be >= 1")
    if not body_timeout > 0 or not result_ttl >= 0:
        raise ValueError("body_timeout must be > 0 and result_ttl >= 0 seconds")
    if rate_limit is _DOCUMENTED:
        from soravideo.batch import make_rate_limit

        rate_limit = make_rate_limit(provider, key=f"soravideo:callbacks:{provider}")
    receiver = _Receiver(
        client,
        handler,
        confirm=confirm,
        rate_limit=rate_limit,
        max_concurrency=max_concurrency,
        max_pending=max_pending,
        result_ttl=result_ttl,
        confirm_attempts=confirm_attempts,
        deliver_once=deliver_once,
        clock=time.monotonic,
        sleep=anyio.sleep,
    )

    async def read_body(request: Request) -> bytes | JSONResponse:
        declared = request.headers.get("content-length", "")
        if declared.isascii() and declared.isdigit() and int(declared) > max_body_bytes:
            return JSONResponse({"error": "body too large"}, status_code=413)
        body = bytearray()
        try:
            with anyio.fail_after(body_timeout):
                async for chunk in request.stream():
                    body.extend(chunk)
                    if len(body) > max_body_bytes:
                        return JSONResponse({"error": "body too large"}, status_code=413)
        except TimeoutError:
            return JSONResponse({"error": "body not received in time"}, status_code=408)
        except ClientDisconnect:
            return JSONResponse({"error": "client disconnected"}, status_code=400)
        return bytes(body)

    async def receive(request: Request) -> JSONResponse:
        body = await read_body(request)
        if isinstance(body, JSONResponse):
            return body
        try:
            hinted = parse_callback(provider, body, dict(request.headers))
        except SoraVideoError as exc:
            logger.warning("rejected %s callback: %s", provider, exc)
            return JSONResponse({"error": "not a valid callback payload"}, status_code=400)
        if not valid_task_id(hinted.id):
            logger.warning("rejected %s callback: malformed task id", provider)
            return JSONResponse({"error": "not a valid callback payload"}, status_code=400)
        job = receiver.accept(hinted)
        if job is False:
            return JSONResponse({"error": "busy, retry later"}, status_code=503)
        return JSONResponse(_ACK, background=job if isinstance(job, BackgroundTask) else None)

    app = Starlette(routes=[Route(path, receive, methods=["POST"])])
    app.state.receiver = receiver
    return app


__all__ = [
    "DEFAULT_BODY_TIMEOUT",
    "DEFAULT_MAX_BODY_BYTES",
    "DEFAULT_MAX_CONCURRENCY",
    "DEFAULT_MAX_PENDING",
    "DEFAULT_RESULT_TTL",
    "Handler",
    "callback_app",
    "sends_callbacks",
    "valid_task_id",
]
