"""``VideoClient`` and ``AsyncVideoClient``: one implementation, two I/O edges.

All decisions (which generated operation to call, how to read an answer,
whether an error may be retried, how long to wait before the next poll) live in
:class:`_Core`, which does no I/O. The two clients only send requests and sleep.

Retry policy (the money rule): a create request is retried only when the
provider certainly did not accept it -- a 429 answer, or a connection that
failed before the request was sent. After a 5xx (also inside a 2xx envelope),
a read timeout, a dropped connection or a 2xx answer that cannot be read the
error says the task may exist (``may_have_created``) and is raised at once.
A create that carries an idempotency key (providers whose spec documents one,
qingbo: the same key within 24 h returns the original task) is different: its
lost answers (5xx, timeout, dropped connection, unreadable 2xx) are re-sent
with the same key, up to ``max_retries`` times, so the task id is recovered
instead of left as a question. Status queries and downloads, which cost
nothing, also retry on 408, 5xx and connection errors. Waits use exponential
backoff with jitter (tenacity), or the server's ``Retry-After`` when it sends
one (capped).
"""

from __future__ import annotations

import logging
import math
import os
import time
from collections.abc import Awaitable, Callable, Generator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Self

import httpx

from soravideo import _download
from soravideo._download import DEFAULT_DEADLINE, DEFAULT_MAX_BYTES, DownloadGuard
from soravideo._logging import body_text, http_log, poll_log, request_id, retry_log
from soravideo._polling import PollSchedule
from soravideo._types import Task, TaskStatus, VideoRequest
from soravideo.errors import (
    APIConnectionError,
    APIError,
    APITimeoutError,
    ProviderResponseError,
    RateLimitError,
    RequestValidationError,
    ServerError,
    SoraVideoError,
    TaskFailedError,
    UnsafeDownloadError,
    WaitTimeoutError,
    attach_task,
    mark_may_have_created,
    register_secret,
)

__all__ = ["DEFAULT_DEADLINE", "DEFAULT_MAX_BYTES", "AsyncVideoClient", "VideoClient"]

DEFAULT_TIMEOUT = 60.0
"""Seconds for connect/read/write of one request (downloads: per chunk)."""
DEFAULT_MAX_RETRIES = 2
MAX_RETRY_AFTER = 60.0
"""Longest ``Retry-After`` honoured, seconds; longer hints are capped."""

if TYPE_CHECKING:
    # imported where first used, so `import soravideo` stays cheap (issue 13): the
    # spec machinery (jsonschema, yaml), the adapters and generated clients, tenacity
    # and anyio load when a client is made or a request is sent
    import tenacity

    from soravideo.adapters import Call

ProgressCallback = Callable[[Task], None]
Action = tuple[str, float | None]
"""A step of :meth:`_Core.wait_plan`: ``("get", None)`` or ``("sleep", seconds)``."""


_NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout, httpx.UnsupportedProtocol)
"""httpx errors raised before any byte of the request left: safe to resend anything."""


class _Secret:
    """Holds an API key; its repr and str never show it (``vars()`` of a client is safe)."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def reveal(self) -> str:
        """The key itself, for the Authorization header only."""
        return self._value

    def __repr__(self) -> str:
        return "<redacted>"

    __str__ = __repr__


class _BearerAuth(httpx.Auth):
    """Adds ``Authorization: Bearer <key>`` to each request as it is sent.

    The key stays in a :class:`_Secret`, so neither the generated client's
    headers nor any repr holds it.
    """

    def __init__(self, secret: _Secret) -> None:
        self._secret = secret

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        """Set the header, send once."""
        request.headers["Authorization"] = f"Bearer {self._secret.reveal()}"
        yield request

    def __repr__(self) -> str:
        return "_BearerAuth(<redacted>)"


_REDACTED_TOKEN = "<redacted: sent by soravideo's auth hook>"
"""The generated client's ``token``: the real key is added per request (:class:`_BearerAuth`)."""


def _seconds_arg(provider: str, name: str, value: Any, *, positive: bool) -> float | None:
    """A ``timeout``/``poll_interval`` argument as float seconds (None: no limit).

    Raises:
        RequestValidationError: not a number, NaN, negative (or zero when ``positive``).
    """
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise RequestValidationError(
            f"{name} must be a number of seconds, got {value!r}", provider=provider, field=name
        )
    try:
        number = float(value)
    except OverflowError:
        number = math.inf if value > 0 else -math.inf
    if math.isnan(number) or number < 0 or (positive and number == 0):
        raise RequestValidationError(
            f"{name} must be {'> 0' if positive else '>= 0'} seconds, got {value!r}",
            provider=provider,
            field=name,
            value=value,
        )
    if math.isinf(number):
        if positive:  # an infinite poll interval would never poll again
            raise RequestValidationError(
                f"{name} must be finite, got {value!r}", provider=provider, field=name
            )
        return None
    return number


def _observed(task: Task) -> tuple[Any, ...]:
    """What ``on_progress`` reports a change of: status, progress, videos, error."""
    return (task.status, task.progress, task.video_urls, task.error)


def _check_base_url(base_url: str | None, provider: str) -> None:
    """Refuse a ``base_url`` that is not an absolute http(s) URL, before anything is sent.

    Raises:
        RequestValidationError: ``field="base_url"``.
    """
    if base_url is None:
        return
    try:
        url = httpx.URL(base_url)
    except (httpx.InvalidURL, TypeError, ValueError):
        url = None
    if url is None or url.scheme not in ("http", "https") or not url.host:
        raise RequestValidationError(
            f"base_url must be an absolute http(s) URL such as https://api.example.com, "
            f"got {base_url!r}",
            provider=provider,
            field="base_url",
            value=base_url,
        )


EventHooks = dict[str, list[Callable[..., Any]]]
"""httpx event hooks: ``{"request": [fn, ...], "response": [fn, ...]}``."""


def _event_hooks(
    provider: str, hooks: Mapping[str, Sequence[Callable[..., Any]]] | None
) -> EventHooks:
    """``hooks`` as httpx takes them, checked before anything is sent.

    Raises:
        RequestValidationError: a key other than ``request``/``response``, or a hook
            that is not callable.
    """
    checked: EventHooks = {"request": [], "response": []}
    for name, functions in (hooks or {}).items():
        if name not in checked or not all(callable(f) for f in functions):
            raise RequestValidationError(
                f"event_hooks must map 'request'/'response' to lists of callables, "
                f"got {name!r}: {functions!r}",
                provider=provider,
                field="event_hooks",
                allowed=["request", "response"],
            )
        checked[name] = list(functions)
    return checked


def _timeout_arg(provider: str, timeout: Any) -> httpx.Timeout:
    """``timeout`` (seconds per request, or an ``httpx.Timeout``) as an ``httpx.Timeout``.

    Raises:
        RequestValidationError: not a finite number of seconds > 0 (NaN, negative, a
            string); None means no timeout.
    """
    if isinstance(timeout, httpx.Timeout):
        return timeout
    return httpx.Timeout(_seconds_arg(provider, "timeout", timeout, positive=True))


def _was_sent(exc: BaseException) -> bool:
    """Whether the transport error behind ``exc`` may have let the request reach the server."""
    cause = exc.__cause__
    return not isinstance(cause, _NOT_SENT)


class _Core:
    """Everything the two clients share; no I/O here."""

    def __init__(
        self,
        provider: str,
        *,
        api_key: str | None,
        base_url: str | None,
        timeout: float | httpx.Timeout,
        max_retries: int,
    ) -> None:
        from soravideo.adapters import get_adapter

        self.adapter = get_adapter(provider)
        self.provider = provider
        key = api_key if api_key is not None else os.environ.get(f"{provider.upper()}_API_KEY")
        if not key:
            raise RequestValidationError(
                f"no API key for {provider}: pass api_key= or set {provider.upper()}_API_KEY",
                provider=provider,
                field="api_key",
            )
        _check_base_url(base_url, provider)
        register_secret(key)
        self._api_key = _Secret(key)
        from soravideo import _spec

        self.base_url = (base_url or _spec.load(provider)["servers"][0]["url"]).rstrip("/")
        self.timeout = _timeout_arg(provider, timeout)
        if isinstance(max_retries, bool) or not isinstance(max_retries, int) or max_retries < 0:
            raise RequestValidationError(
                f"max_retries must be a whole number >= 0, got {max_retries!r}",
                provider=provider,
                field="max_retries",
                value=max_retries,
            )
        self.max_retries = max_retries

    def __repr__(self) -> str:
        return f"{self.provider!r}, base_url={self.base_url!r}"

    def generated_client(
        self, transport: Any, *, asynchronous: bool, event_hooks: EventHooks
    ) -> Any:
        """The provider's generated ``AuthenticatedClient`` over ``transport``.

        Its httpx client is built here with an auth hook holding the key, so the
        generated client's ``token`` and headers never contain it. ``event_hooks``
        are httpx's (``{"request": [...], "response": [...]}``).
        """
        import importlib

        package = importlib.import_module(self.adapter.package)
        api = package.AuthenticatedClient(
            base_url=self.base_url,
            token=_REDACTED_TOKEN,
            timeout=self.timeout,
            raise_on_unexpected_status=False,
        )
        kwargs: dict[str, Any] = {
            "base_url": self.base_url,
            "timeout": self.timeout,
            "auth": _BearerAuth(self._api_key),
            "event_hooks": event_hooks,
        }
        if transport is not None:
            kwargs["transport"] = transport
        if asynchronous:
            api.set_async_httpx_client(httpx.AsyncClient(**kwargs))
        else:
            api.set_httpx_client(httpx.Client(**kwargs))
        return api

    def build(self, client: httpx.Client | httpx.AsyncClient, call: Call) -> httpx.Request:
        """The request of ``call``, or a :class:`RequestValidationError` (nothing was sent)
        when it cannot be encoded (a surrogate in an id or prompt, an invalid URL, NaN)."""
        try:
            return client.build_request(**self.request_kwargs(call))
        except (httpx.InvalidURL, UnicodeError, ValueError, TypeError) as exc:
            raise RequestValidationError(
                f"{self.provider}: {call.operation_id} request cannot be encoded "
                f"({type(exc).__name__}: {exc}); nothing was sent",
                provider=self.provider,
                field="request",
            ) from exc

    def download_guard(
        self, *, custom_transport: bool, max_bytes: int, deadline: float | None, clock: Any
    ) -> DownloadGuard:
        """The rules of one download (see :mod:`soravideo._download`)."""
        return DownloadGuard.make(
            self.provider,
            base_url=self.base_url,
            custom_transport=custom_transport,
            max_bytes=max_bytes,
            deadline=deadline,
            clock=clock,
        )

    def request_kwargs(self, call: Call) -> dict[str, Any]:
        """The generated operation's request (method, url, json, params, headers).

        A call that asks the provider to hold its answer (``call.wait`` seconds)
        gets that much more read timeout.
        """
        kwargs: dict[str, Any] = call.module._get_kwargs(**call.kwargs)
        if call.wait:
            base = self.timeout
            kwargs["timeout"] = httpx.Timeout(
                connect=base.connect,
                read=None if base.read is None else base.read + call.wait,
                write=base.write,
                pool=base.pool,
            )
        return kwargs

    def create_call(
        self, request: VideoRequest, *, idempotency_key: str | None, wait: float | None
    ) -> Call:
        """The validated create call with its idempotency key and wait headers.

        Raises:
            RequestValidationError: see :meth:`Adapter.with_create_options`.
        """
        call = self.adapter.create_call(request)
        return self.adapter.with_create_options(call, idempotency_key=idempotency_key, wait=wait)

    def connection_error(self, exc: httpx.TransportError, call: Call | None) -> SoraVideoError:
        """Translate an httpx transport error, saying whether a task may exist."""
        creates = call is not None and call.creates
        sent = not isinstance(exc, _NOT_SENT)
        text = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
        if isinstance(exc, httpx.TimeoutException):
            return APITimeoutError(
                f"request timed out ({text})",
                provider=self.provider,
                may_have_created=creates and sent,
            )
        return APIConnectionError(
            f"connection failed ({text})", provider=self.provider, may_have_created=creates and sent
        )

    def interpret(self, call: Call, response: httpx.Response) -> Any:
        """The JSON body of a successful answer, or the typed error for it.

        Raises:
            APIError: a non-2xx answer, or an error inside a 2xx envelope.
            ProviderResponseError: a 2xx body that is not JSON.
        """
        from soravideo.adapters._base import unreadable

        raw = response.content
        status = response.status_code
        if not 200 <= status < 300:
            try:
                with unreadable(self.provider, raw, status):
                    refusal = self.adapter.api_error(
                        status, raw, response.headers, creating=call.creates
                    )
            except ProviderResponseError as exc:
                if call.creates and status >= 500:
                    mark_may_have_created(exc)
                raise
            refusal.request_id = request_id(response.headers)
            raise refusal
        try:
            with unreadable(self.provider, raw, status):
                body = self.adapter.load_json(raw, status)
                error = self.adapter.envelope_error(body, raw, status)
        except ProviderResponseError as exc:
            if call.creates:  # a 2xx to a create: the task most likely exists
                mark_may_have_created(exc)
            raise
        if error is not None:
            error.request_id = request_id(response.headers)
            if call.creates and isinstance(error, ServerError):
                mark_may_have_created(error)
            raise error
        return body

    def should_retry(self, call: Call, exc: BaseException) -> bool:
        """Whether ``exc`` after ``call`` may be retried without risking a second task."""
        if isinstance(exc, RateLimitError):
            return True
        if call.creates and call.idempotency_key is not None:
            # the same key returns the original task: re-send whatever the answer lost
            if isinstance(exc, APIConnectionError | ServerError):
                return True
            if isinstance(exc, ProviderResponseError):  # an unreadable 2xx
                return exc.may_have_created
            return isinstance(exc, APIError) and exc.status_code == 408
        if call.creates or not call.idempotent:
            # Only when the first attempt certainly never reached the provider.
            if call.creates:
                retry = isinstance(exc, APIConnectionError) and not exc.may_have_created
            else:
                retry = isinstance(exc, APIConnectionError) and not _was_sent(exc)
            if not retry:
                retry_log.info(
                    "%s %s: not retried (%s): it changes state and may have reached the "
                    "provider; only a 429 or a connection that failed before sending is retried",
                    self.provider,
                    call.operation_id,
                    type(exc).__name__,
                )
            return retry
        if isinstance(exc, APIConnectionError):
            return True
        return isinstance(exc, ServerError) or (
            isinstance(exc, APIError) and exc.status_code == 408
        )

    def retrying_kwargs(self, call: Call) -> dict[str, Any]:
        """tenacity arguments for ``call``: stop, wait (backoff + jitter or Retry-After), retry."""
        import tenacity

        backoff = tenacity.wait_exponential_jitter(multiplier=0.5, max=8.0, jitter=0.5)

        def wait(state: tenacity.RetryCallState) -> float:
            exc = state.outcome.exception() if state.outcome else None
            if isinstance(exc, RateLimitError) and exc.retry_after is not None:
                return min(exc.retry_after, MAX_RETRY_AFTER)
            return float(backoff(state))

        def before_sleep(state: tenacity.RetryCallState) -> None:
            exc = state.outcome.exception() if state.outcome else None
            delay = state.next_action.sleep if state.next_action else 0.0
            retry_log.info(
                "%s %s: retry %d of %d in %.2f s after %s: %s",
                self.provider,
                call.operation_id,
                state.attempt_number,
                self.max_retries,
                delay,
                type(exc).__name__,
                exc,
            )

        return {
            "stop": tenacity.stop_after_attempt(self.max_retries + 1),
            "wait": wait,
            "before_sleep": before_sleep,
            "retry": tenacity.retry_if_exception(lambda e: self.should_retry(call, e)),
            "reraise": True,
        }

    def log_exchange(
        self,
        call: Call,
        response: httpx.Response | None,
        error: SoraVideoError | None,
        tries: list[float],
    ) -> None:
        """One ``soravideo.http`` line for an attempt (``debug``: with bodies, redacted)."""
        if not http_log.isEnabledFor(logging.INFO):
            return
        elapsed_ms = (time.monotonic() - tries[-1]) * 1000
        if response is None:
            http_log.info(
                "%s %s: no answer in %.0f ms, attempt %d: %s",
                self.provider,
                call.operation_id,
                elapsed_ms,
                len(tries),
                error,
            )
            return
        rid = request_id(response.headers)
        http_log.info(
            "%s %s: %s %s -> %d in %.0f ms, attempt %d%s",
            self.provider,
            call.operation_id,
            response.request.method,
            response.request.url.path,
            response.status_code,
            elapsed_ms,
            len(tries),
            f", request id {rid}" if rid else "",
        )
        if http_log.isEnabledFor(logging.DEBUG):
            http_log.debug("request body: %s", body_text(response.request.content or b""))
            http_log.debug("response body: %s", body_text(response.content))

    def created(self, body: Any, response: httpx.Response) -> Task:
        """The Task from a create answer (keeps the raw body if it cannot be read).

        Raises:
            ProviderResponseError: the answer has no readable id; ``may_have_created``.
        """
        from soravideo.adapters._base import unreadable

        try:
            with unreadable(self.provider, response.content, response.status_code):
                task: Task = self.adapter.parse_created(
                    body, response.content, response.status_code
                )
            return task
        except ProviderResponseError as exc:
            mark_may_have_created(exc)
            raise

    def task(self, body: Any, response: httpx.Response, task_id: str) -> Task:
        """The Task from a status answer (``task_id`` for providers that do not echo it)."""
        return self.adapter.parse_task(body, response.content, task_id=task_id)

    def cancelled(self, body: Any, response: httpx.Response) -> Task:
        """The Task from a cancel answer."""
        return self.adapter.parse_cancel(body, response.content, response.status_code)

    def wait_plan(
        self,
        task_or_id: Task | str,
        *,
        timeout: float | None,
        poll_interval: float | None,
        on_progress: ProgressCallback | None,
        clock: Callable[[], float],
    ) -> Generator[Action, Task | None, Task]:
        """The polling loop as a generator of I/O actions, shared by both clients.

        Yields ``("get", None)`` (send back the fetched Task; throw a
        ``RateLimitError`` into it instead if the poll was rate limited) and
        ``("sleep", seconds)`` (send back None). Returns the terminal task.

        Raises:
            WaitTimeoutError: ``timeout`` seconds passed; carries the last task.
        """
        task = task_or_id if isinstance(task_or_id, Task) else None
        schedule = PollSchedule(fixed=poll_interval)
        start = clock()
        # a Task passed in is already known to the caller (generate() reports the
        # created one): report only what differs from it
        seen: Task | None = task
        while True:
            if task is None or not task.status.is_terminal:
                try:
                    task = yield ("get", None)
                except RateLimitError as exc:
                    yield ("sleep", min(exc.retry_after or schedule.max_interval, MAX_RETRY_AFTER))
                    continue
            assert task is not None
            if on_progress is not None and (seen is None or _observed(seen) != _observed(task)):
                on_progress(task)
            seen = task
            if task.status.is_terminal:
                return task
            elapsed = clock() - start
            if timeout is not None and elapsed >= timeout:
                raise WaitTimeoutError(task, timeout)
            delay = schedule.next_delay(task, elapsed)
            if timeout is not None:
                delay = min(delay, timeout - elapsed)
            poll_log.info(
                "%s task %s: %s%s after %.1f s; next status query in %.1f s",
                self.provider,
                task.id,
                task.status.value,
                "" if task.progress is None else f" {task.progress}%",
                elapsed,
                delay,
            )
            yield ("sleep", delay)

    def video_url(self, task: Task) -> str:
        """The URL to download, or a clear error when the task has none."""
        if task.status is not TaskStatus.COMPLETED or not task.video_urls:
            raise RequestValidationError(
                f"{self.provider} task {task.id} has no video to download "
                f"(status {task.status.value})",
                provider=self.provider,
                field="task",
                value=task.id,
            )
        return task.video_urls[0]


class VideoClient:
    """Create, poll, wait for and download Sora 2 videos from one provider (sync).

    Args:
        provider: one of :data:`soravideo.PROVIDERS`.
        api_key: defaults to the environment variable ``<PROVIDER>_API_KEY``.
        base_url: defaults to the spec's server URL (e.g. ``https://api.evolink.ai``).
        timeout: seconds per request (or an ``httpx.Timeout``).
        max_retries: retries of a request that may be retried (see module docs).
        transport: an ``httpx.BaseTransport`` every request goes through,
            downloads included (tests, mock servers, proxies).
        event_hooks: httpx event hooks, ``{"request": [fn], "response": [fn]}``,
            called for every request the client sends, downloads included
            (https://www.python-httpx.org/advanced/event-hooks/). Request hooks
            see the request as sent, ``Authorization`` header included: redact it
            (``soravideo.errors.redact``) before logging headers.

    Raises:
        RequestValidationError: no API key, an unknown provider, a bad argument.
    """

    def __init__(
        self,
        provider: str,
        *,
        api_key: str | None = None,
        base_url: str | None = None,
        timeout: float | httpx.Timeout = DEFAULT_TIMEOUT,
        max_retries: int = DEFAULT_MAX_RETRIES,
        transport: httpx.BaseTransport | None = None,
        event_hooks: Mapping[str, Sequence[Callable[[Any], None]]] | None = None,
    ) -> None:
        self._core = _Core(
            provider, api_key=api_key, base_url=base_url, timeout=timeout, max_retries=max_retries
        )
        self._transport = transport
        self._event_hooks = _event_hooks(provider, event_hooks)
        self._api = self._core.generated_client(
            transport, asynchronous=False, event_hooks=self._event_hooks
        )
        self._http: httpx.Client | None = None
        self._sleep: Callable[[float], None] = time.sleep
        self._clock: Callable[[], float] = time.monotonic

    provider = property(lambda self: self._core.provider, doc="The provider key.")

    def __repr__(self) -> str:
        return f"VideoClient({self._core!r})"

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the underlying connections."""
        self._api.get_httpx_client().close()
        if self._http is not None:
            self._http.close()

    def _send(self, call: Call) -> tuple[Any, httpx.Response]:
        core = self._core
        last: dict[str, httpx.Response] = {}
        tries: list[float] = []  # start time of each attempt

        def attempt() -> Any:
            client = self._api.get_httpx_client()
            request = core.build(client, call)
            tries.append(time.monotonic())
            try:
                response = client.send(request)
            except httpx.TransportError as exc:
                error = core.connection_error(exc, call)
                core.log_exchange(call, None, error, tries)
                raise error from exc
            core.log_exchange(call, response, None, tries)
            last["response"] = response
            return core.interpret(call, response)

        import tenacity

        body = tenacity.Retrying(sleep=self._sleep, **core.retrying_kwargs(call))(attempt)
        return body, last["response"]

    def create(
        self,
        request: VideoRequest,
        *,
        idempotency_key: str | None = None,
        wait: float | None = None,
    ) -> Task:
        """Create a task (costs credits). Validates first.

        Where the provider documents an idempotency key (see
        ``capabilities(provider).idempotency_key_ttl``; qingbo: 24 h), every
        create carries one (``idempotency_key``, else a fresh uuid4) and a lost
        answer (5xx, timeout, dropped connection) is re-sent with the same key
        up to ``max_retries`` times: the provider returns the original task, so
        no second task is created. Elsewhere a create is never retried once it
        may have been sent.

        Args:
            idempotency_key: the key to send (reuse it to recover a create whose
                answer was lost, within the provider's window).
            wait: seconds the provider may hold the answer until the task is done
                (qingbo ``Prefer: wait=N``, at most ``capabilities().max_wait``);
                the answer is then the task as it stands, terminal if it finished.

        Raises:
            RequestValidationError: before any request, naming the field (also
                ``idempotency_key``/``wait`` for a provider that documents neither).
            APIError: the provider refused (``may_have_created`` on 5xx).
            APIConnectionError: no answer (``may_have_created`` if it was sent).
            ProviderResponseError: an answer that cannot be read (``may_have_created``).
        """
        call = self._core.create_call(request, idempotency_key=idempotency_key, wait=wait)
        body, response = self._send(call)
        return self._core.created(body, response)

    def get(self, task_id: str) -> Task:
        """The task's current state (free; retried on transient errors)."""
        body, response = self._send(self._core.adapter.get_call(task_id))
        return self._core.task(body, response, task_id)

    def cancel(self, task_id: str) -> Task:
        """Cancel a task where the provider allows it (qingbo: queued tasks only).

        Raises:
            RequestValidationError: the provider has no cancel operation.
        """
        call = self._core.adapter.cancel_call(task_id)
        body, response = self._send(call)
        return self._core.cancelled(body, response)

    def wait(
        self,
        task_or_id: Task | str,
        *,
        timeout: float | None = None,
        poll_interval: float | None = None,
        on_progress: ProgressCallback | None = None,
    ) -> Task:
        """Poll until the task is completed, failed or cancelled; return it.

        Args:
            timeout: overall seconds (None or infinite: no limit); then
                :class:`WaitTimeoutError` with the last task.
            poll_interval: fixed seconds (> 0) between polls, overriding the adaptive schedule.
            on_progress: called with the task on every observed change.

        Raises:
            RequestValidationError: a bad ``timeout``/``poll_interval``, before any request.
            WaitTimeoutError: the timeout passed (``.task`` is the last one seen).
            SoraVideoError: a poll failed for good; every error raised here carries
                ``task_id`` (and ``task`` when one was seen) and names the id.
        """
        task_id = task_or_id.id if isinstance(task_or_id, Task) else str(task_or_id)
        plan = self._core.wait_plan(
            task_or_id,
            timeout=_seconds_arg(self.provider, "timeout", timeout, positive=False),
            poll_interval=_seconds_arg(
                self.provider, "poll_interval", poll_interval, positive=True
            ),
            on_progress=on_progress,
            clock=self._clock,
        )
        known: Task | str = task_or_id if isinstance(task_or_id, Task) else task_id
        try:
            action = next(plan)
            while True:
                kind, seconds = action
                if kind == "sleep":
                    self._sleep(seconds or 0.0)
                    action = plan.send(None)
                    continue
                try:
                    fetched = self.get(task_id)
                except RateLimitError as exc:
                    action = plan.throw(exc)
                else:
                    known = fetched
                    action = plan.send(fetched)
        except StopIteration as done:
            result: Task = done.value
            return result
        except BaseException as exc:
            attach_task(exc, known, self.provider)
            raise

    def generate(
        self,
        request: VideoRequest,
        *,
        timeout: float | None = None,
        poll_interval: float | None = None,
        on_progress: ProgressCallback | None = None,
    ) -> Task:
        """Create, then wait. Returns the completed task.

        Raises:
            TaskFailedError: the task failed or was cancelled (``.task`` has it).
            WaitTimeoutError: ``timeout`` passed; ``.task.id`` lets you wait again.
            SoraVideoError: any other failure once the task exists (polling,
                cancellation) carries ``task_id``/``task`` and names the id:
                the paid task is never lost. Errors of the create itself are
                those of :meth:`create`.
        """
        created = self.create(request)
        try:
            if on_progress is not None:
                on_progress(created)
            task = self.wait(
                created, timeout=timeout, poll_interval=poll_interval, on_progress=on_progress
            )
        except BaseException as exc:
            attach_task(exc, created)
            raise
        if task.status is not TaskStatus.COMPLETED:
            raise TaskFailedError(task)
        return task

    def download(
        self,
        task: Task | str,
        dest: str | os.PathLike[str],
        *,
        progress: bool = False,
        max_bytes: int = DEFAULT_MAX_BYTES,
        deadline: float | None = DEFAULT_DEADLINE,
    ) -> Path:
        """Stream the task's video to ``dest`` (a file, or a directory for ``<id>.mp4``).

        Written to a temporary file beside the destination and renamed into
        place, so ``dest`` never holds a partial video. The API key is not sent
        to the video host. Safe against a hostile video host (see
        :mod:`soravideo._download`): redirects only to public http(s) hosts and
        never from https to http, at most ``max_bytes``, at most ``deadline``
        seconds in all, and the body must start like an MP4/MOV or WebM file.

        Args:
            max_bytes: size cap in bytes (default 2 GiB).
            deadline: seconds for the whole download, retries included
                (default 1800; None for none), besides the per-read timeout.

        Raises:
            RequestValidationError: the task has no video yet, or a bad argument.
            DestinationError: ``dest`` cannot be written (before any request
                when the directory or temporary file cannot be created).
            UnsafeDownloadError: refused by the rules above (never retried).
            ProviderResponseError: not a video, or fewer bytes than announced.
            SoraVideoError: every error carries the task's ``task_id``.
        """
        task_id = task.id if isinstance(task, Task) else str(task)
        try:
            guard = self._core.download_guard(
                custom_transport=self._transport is not None,
                max_bytes=max_bytes,
                deadline=deadline,
                clock=self._clock,
            )
            if not isinstance(task, Task):
                task = self.get(task)
            url = self._core.video_url(task)
            target = _download.destination(dest, task)
            if self._http is None:
                self._http = httpx.Client(
                    transport=self._transport,
                    timeout=self._core.timeout,
                    event_hooks=self._event_hooks,
                )
            http = self._http
            timeout = self._core.timeout

            def attempt() -> Path:
                try:
                    return _download.fetch(http, url, target, guard, timeout, progress=progress)
                except httpx.TransportError as exc:
                    raise self._core.connection_error(exc, None) from exc

            import tenacity

            from soravideo.adapters import Call

            call = Call("download", httpx, {})
            retrying = tenacity.Retrying(sleep=self._sleep, **self._core.retrying_kwargs(call))
            result: Path = retrying(attempt)
            return result
        except BaseException as exc:
            attach_task(exc, task if isinstance(task, Task) else task_id, self.provider)
            raise


class AsyncVideoClient:
    """The async twin of :class:`VideoClient` (same arguments; ``transport`` is async).

    Cancelling a pending ``wait()``/``generate()`` (task cancellation, Ctrl-C)
    stops polling at once; no request is left running after ``aclose()``.
    """

    def __init__(
        self,
        provider: str,
        *,
        api_key: str | None = None,
        base_url: str | None = None,
        timeout: float | httpx.Timeout = DEFAULT_TIMEOUT,
        max_retries: int = DEFAULT_MAX_RETRIES,
        transport: httpx.AsyncBaseTransport | None = None,
        event_hooks: Mapping[str, Sequence[Callable[[Any], Awaitable[None]]]] | None = None,
    ) -> None:
        self._core = _Core(
            provider, api_key=api_key, base_url=base_url, timeout=timeout, max_retries=max_retries
        )
        self._transport = transport
        self._event_hooks = _event_hooks(provider, event_hooks)
        self._api = self._core.generated_client(
            transport, asynchronous=True, event_hooks=self._event_hooks
        )
        self._http: httpx.AsyncClient | None = None
        import anyio

        self._sleep: Callable[[float], Any] = anyio.sleep
        self._clock: Callable[[], float] = time.monotonic

    provider = property(lambda self: self._core.provider, doc="The provider key.")

    def __repr__(self) -> str:
        return f"AsyncVideoClient({self._core!r})"

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Close the underlying connections."""
        await self._api.get_async_httpx_client().aclose()
        if self._http is not None:
            await self._http.aclose()

    async def _send(self, call: Call) -> tuple[Any, httpx.Response]:
        core = self._core
        last: dict[str, httpx.Response] = {}
        tries: list[float] = []  # start time of each attempt

        async def attempt() -> Any:
            client = self._api.get_async_httpx_client()
            request = core.build(client, call)
            tries.append(time.monotonic())
            try:
                response = await client.send(request)
            except httpx.TransportError as exc:
                error = core.connection_error(exc, call)
                core.log_exchange(call, None, error, tries)
                raise error from exc
            core.log_exchange(call, response, None, tries)
            last["response"] = response
            return core.interpret(call, response)

        import tenacity

        retrying = tenacity.AsyncRetrying(sleep=self._sleep, **core.retrying_kwargs(call))
        body: Any = await retrying(attempt)
        return body, last["response"]

    async def create(
        self,
        request: VideoRequest,
        *,
        idempotency_key: str | None = None,
        wait: float | None = None,
    ) -> Task:
        """See :meth:`VideoClient.create`."""
        call = self._core.create_call(request, idempotency_key=idempotency_key, wait=wait)
        body, response = await self._send(call)
        return self._core.created(body, response)

    async def get(self, task_id: str) -> Task:
        """See :meth:`VideoClient.get`."""
        body, response = await self._send(self._core.adapter.get_call(task_id))
        return self._core.task(body, response, task_id)

    async def cancel(self, task_id: str) -> Task:
        """See :meth:`VideoClient.cancel`."""
        body, response = await self._send(self._core.adapter.cancel_call(task_id))
        return self._core.cancelled(body, response)

    async def wait(
        self,
        task_or_id: Task | str,
        *,
        timeout: float | None = None,
        poll_interval: float | None = None,
        on_progress: ProgressCallback | None = None,
    ) -> Task:
        """See :meth:`VideoClient.wait`."""
        task_id = task_or_id.id if isinstance(task_or_id, Task) else str(task_or_id)
        plan = self._core.wait_plan(
            task_or_id,
            timeout=_seconds_arg(self.provider, "timeout", timeout, positive=False),
            poll_interval=_seconds_arg(
                self.provider, "poll_interval", poll_interval, positive=True
            ),
            on_progress=on_progress,
            clock=self._clock,
        )
        known: Task | str = task_or_id if isinstance(task_or_id, Task) else task_id
        try:
            action = next(plan)
            while True:
                kind, seconds = action
                if kind == "sleep":
                    await self._sleep(seconds or 0.0)
                    action = plan.send(None)
                    continue
                try:
                    fetched = await self.get(task_id)
                except RateLimitError as exc:
                    action = plan.throw(exc)
                else:
                    known = fetched
                    action = plan.send(fetched)
        except StopIteration as done:
            result: Task = done.value
            return result
        except BaseException as exc:
            attach_task(exc, known, self.provider)
            raise

    async def generate(
        self,
        request: VideoRequest,
        *,
        timeout: float | None = None,
        poll_interval: float | None = None,
        on_progress: ProgressCallback | None = None,
    ) -> Task:
        """See :meth:`VideoClient.generate`."""
        created = await self.create(request)
        try:
            if on_progress is not None:
                on_progress(created)
            task = await self.wait(
                created, timeout=timeout, poll_interval=poll_interval, on_progress=on_progress
            )
        except BaseException as exc:
            attach_task(exc, created)
            raise
        if task.status is not TaskStatus.COMPLETED:
            raise TaskFailedError(task)
        return task

    async def download(
        self,
        task: Task | str,
        dest: str | os.PathLike[str],
        *,
        progress: bool = False,
        max_bytes: int = DEFAULT_MAX_BYTES,
        deadline: float | None = DEFAULT_DEADLINE,
    ) -> Path:
        """See :meth:`VideoClient.download` (the deadline is also enforced in real time)."""
        task_id = task.id if isinstance(task, Task) else str(task)
        try:
            guard = self._core.download_guard(
                custom_transport=self._transport is not None,
                max_bytes=max_bytes,
                deadline=deadline,
                clock=self._clock,
            )
            if not isinstance(task, Task):
                task = await self.get(task)
            url = self._core.video_url(task)
            target = _download.destination(dest, task)
            if self._http is None:
                self._http = httpx.AsyncClient(
                    transport=self._transport,
                    timeout=self._core.timeout,
                    event_hooks=self._event_hooks,
                )
            http = self._http
            timeout = self._core.timeout

            async def attempt() -> Path:
                try:
                    return await _download.afetch(
                        http, url, target, guard, timeout, progress=progress
                    )
                except httpx.TransportError as exc:
                    raise self._core.connection_error(exc, None) from exc

            import anyio
            import tenacity

            from soravideo.adapters import Call

            call = Call("download", httpx, {})
            retrying = tenacity.AsyncRetrying(sleep=self._sleep, **self._core.retrying_kwargs(call))
            with anyio.fail_after(guard.deadline):
                result: Path = await retrying(attempt)
            return result
        except TimeoutError as exc:
            error = UnsafeDownloadError(
                f"download refused: not finished within {guard.deadline:g} s",
                reason="deadline",
                url=str(task.video_url if isinstance(task, Task) else ""),
                provider=self.provider,
            )
            attach_task(error, task if isinstance(task, Task) else task_id, self.provider)
            raise error from exc
        except BaseException as exc:
            attach_task(exc, task if isinstance(task, Task) else task_id, self.provider)
            raise
