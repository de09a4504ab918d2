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

import contextlib
import os
import tempfile
import time
from collections.abc import Callable, Generator, Iterator
from pathlib import Path
from typing import Any, Self

import anyio
import httpx
import tenacity

from soravideo import _spec
from soravideo._polling import PollSchedule
from soravideo._types import Task, TaskStatus, VideoRequest
from soravideo.adapters import Call, get_adapter
from soravideo.adapters._base import make_api_error
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
    WaitTimeoutError,
    mark_may_have_created,
    register_secret,
)

DEFAULT_TIMEOUT = 60.0
"""Seconds for connect/read/write of one request (downloads: per chunk)."""
DEFAULT_MAX_RETRIES = 2
MAX_RETRY_AFTER = 60.0
"""Longest ``Retry-After`` honoured, seconds; longer hints are capped."""

ProgressCallback = Callable[[Task], None]
Action = tuple[str, float | None]
"""A step of :meth:`_Core.wait_plan`: ``("get", None)`` or ``("sleep", seconds)``."""


_NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)
"""httpx errors raised before any byte of the request left: safe to resend anything."""


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
        self.adapter = get_adapter(provider)
        self.provider = provider
        key = api_key if api_key is not None else os.environ.get(f"{provider.upper()}_API_KEY")
        if not key:
            raise RequestValidationError(
                f"no API key for {provider}: pass api_key= or set {provider.upper()}_API_KEY",
                provider=provider,
                field="api_key",
            )
        register_secret(key)
        self._api_key = key
        self.base_url = (base_url or _spec.load(provider)["servers"][0]["url"]).rstrip("/")
        self.timeout = timeout if isinstance(timeout, httpx.Timeout) else httpx.Timeout(timeout)
        if max_retries < 0:
            raise ValueError(f"max_retries must be >= 0, got {max_retries}")
        self.max_retries = max_retries

    def __repr__(self) -> str:
        return f"{self.provider!r}, base_url={self.base_url!r}"

    def generated_client(self, transport: Any) -> Any:
        """The provider's generated ``AuthenticatedClient`` over ``transport``."""
        import importlib

        package = importlib.import_module(self.adapter.package)
        httpx_args: dict[str, Any] = {}
        if transport is not None:
            httpx_args["transport"] = transport
        return package.AuthenticatedClient(
            base_url=self.base_url,
            token=self._api_key,
            timeout=self.timeout,
            httpx_args=httpx_args,
            raise_on_unexpected_status=False,
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
        raw = response.content
        if not 200 <= response.status_code < 300:
            raise self.adapter.api_error(
                response.status_code, raw, response.headers, creating=call.creates
            )
        try:
            body = self.adapter.load_json(raw, response.status_code)
        except ProviderResponseError as exc:
            if call.creates:  # a 2xx to a create: the task most likely exists
                mark_may_have_created(exc)
            raise
        error = self.adapter.envelope_error(body, raw, response.status_code)
        if error is not None:
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
                return isinstance(exc, APIConnectionError) and not exc.may_have_created
            return isinstance(exc, APIConnectionError) and not _was_sent(exc)
        if isinstance(exc, APIConnectionError):
            return True
        return isinstance(exc, ServerError) or (
            isinstance(exc, APIError) and exc.status_code == 408
        )

    def retrying_kwargs(self, call: Call) -> dict[str, Any]:
        """tenacity arguments for ``call``: stop, wait (backoff + jitter or Retry-After), retry."""
        backoff = tenacity.wait_exponential_jitter(multiplier=0.5, max=8.0, jitter=0.5)

        def wait(state: tenacity.RetryCallState) -> float:
            exc = state.outcome.exception() if state.outcome else None
            if isinstance(exc, RateLimitError) and exc.retry_after is not None:
                return min(exc.retry_after, MAX_RETRY_AFTER)
            return float(backoff(state))

        return {
            "stop": tenacity.stop_after_attempt(self.max_retries + 1),
            "wait": wait,
            "retry": tenacity.retry_if_exception(lambda e: self.should_retry(call, e)),
            "reraise": True,
        }

    def created(self, body: Any, response: httpx.Response) -> Task:
        """The Task from a create answer (keeps the raw body if it cannot be read).

        Raises:
            ProviderResponseError: the answer has no readable id; ``may_have_created``.
        """
        try:
            return self.adapter.parse_created(body, response.content, response.status_code)
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
            if on_progress is not None and seen != task:
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


def _destination(dest: str | os.PathLike[str], task: Task) -> Path:
    path = Path(dest)
    if path.is_dir() or str(dest).endswith(os.sep):
        path.mkdir(parents=True, exist_ok=True)
        safe_id = "".join(c if c.isalnum() or c in "-_." else "_" for c in task.id)
        return path / f"{safe_id}.mp4"
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


ERROR_BODY_LIMIT = 64 * 1024
"""Bytes of an answer that is not a video kept on the error (``.body``) for debugging."""


def _video_kind(response: httpx.Response) -> str | None:
    """The answer's content type when it is not a video answer (200, video type), else None."""
    kind: str = response.headers.get("content-type", "").split(";")[0].strip().lower()
    if response.status_code == 200 and (
        not kind
        or kind.startswith("video/")
        or kind in ("application/octet-stream", "binary/octet-stream")
    ):
        return None
    return kind


def _check_video_response(provider: str, response: httpx.Response, head: bytes = b"") -> int | None:
    """Validate a download answer's headers; return the announced length, if any.

    ``head`` is the start of the body of an answer that is not a video
    (see :func:`_video_kind`), kept on the error as ``.body``.
    """
    if response.status_code != 200:
        # typed like any answer (ServerError, RateLimitError ...) so that 5xx,
        # 408 and 429 are retried as the module docstring promises
        raise make_api_error(
            provider,
            response.status_code,
            None,
            f"download failed with HTTP {response.status_code}",
            head,
            response.headers,
        )
    kind = _video_kind(response)
    if kind is not None:
        raise ProviderResponseError(
            f"download is {kind!r}, not a video", provider=provider, body=head, status_code=200
        )
    length = response.headers.get("content-length")
    return int(length) if length and length.isdigit() else None


@contextlib.contextmanager
def _progress_bar(enabled: bool, total: int | None, label: str) -> Iterator[Callable[[int], None]]:
    if not enabled:
        yield lambda _n: None
        return
    from rich.progress import DownloadColumn, Progress, TransferSpeedColumn

    with Progress(*Progress.get_default_columns(), DownloadColumn(), TransferSpeedColumn()) as bar:
        job = bar.add_task(label, total=total)
        yield lambda n: bar.advance(job, n)


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

    Raises:
        RequestValidationError: no API key, or an unknown provider.
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
    ) -> None:
        self._core = _Core(
            provider, api_key=api_key, base_url=base_url, timeout=timeout, max_retries=max_retries
        )
        self._transport = transport
        self._api = self._core.generated_client(transport)
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

        def attempt() -> Any:
            try:
                response = self._api.get_httpx_client().request(**core.request_kwargs(call))
            except httpx.TransportError as exc:
                raise core.connection_error(exc, call) from exc
            last["response"] = response
            return core.interpret(call, response)

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
            timeout: overall seconds; then :class:`WaitTimeoutError` with the last task.
            poll_interval: fixed seconds between polls, overriding the adaptive schedule.
            on_progress: called with the task on every observed change.
        """
        task_id = task_or_id.id if isinstance(task_or_id, Task) else str(task_or_id)
        plan = self._core.wait_plan(
            task_or_id,
            timeout=timeout,
            poll_interval=poll_interval,
            on_progress=on_progress,
            clock=self._clock,
        )
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
                    action = plan.send(fetched)
        except StopIteration as done:
            result: Task = done.value
            return result

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
        """
        created = self.create(request)
        if on_progress is not None:
            on_progress(created)
        task = self.wait(
            created, timeout=timeout, poll_interval=poll_interval, on_progress=on_progress
        )
        if task.status is not TaskStatus.COMPLETED:
            raise TaskFailedError(task)
        return task

    def download(
        self, task: Task | str, dest: str | os.PathLike[str], *, progress: bool = False
    ) -> Path:
        """Stream the task's video to ``dest`` (a file, or a directory for ``<id>.mp4``).

        Written to a temporary file beside the destination and renamed into
        place, so ``dest`` never holds a partial video. The API key is not sent
        to the video host.

        Raises:
            RequestValidationError: the task has no video yet.
            ProviderResponseError: not a video, or fewer bytes than announced.
        """
        if not isinstance(task, Task):
            task = self.get(task)
        url = self._core.video_url(task)
        target = _destination(dest, task)
        if self._http is None:
            self._http = httpx.Client(
                transport=self._transport, timeout=self._core.timeout, follow_redirects=True
            )
        http = self._http
        call = Call("download", httpx, {})

        def attempt() -> Path:
            try:
                with http.stream("GET", url) as response:
                    head = b""
                    if _video_kind(response) is not None:
                        for chunk in response.iter_bytes():
                            head += chunk
                            if len(head) >= ERROR_BODY_LIMIT:
                                break
                    expected = _check_video_response(
                        self._core.provider, response, head[:ERROR_BODY_LIMIT]
                    )
                    writer = _AtomicWriter(target, expected, self._core.provider)
                    try:
                        with _progress_bar(progress, expected, target.name) as advance:
                            for chunk in response.iter_bytes():
                                writer.write(chunk)
                                advance(len(chunk))
                        return writer.commit()
                    except BaseException:
                        writer.abort()
                        raise
            except httpx.TransportError as exc:
                raise self._core.connection_error(exc, None) from exc

        retrying = tenacity.Retrying(sleep=self._sleep, **self._core.retrying_kwargs(call))
        result: Path = retrying(attempt)
        return result


class _AtomicWriter:
    """Collects a download in a temporary file beside ``target``; renames on success.

    ``dest`` never holds a partial video: on any error (including cancellation)
    the temporary file is removed.
    """

    def __init__(self, target: Path, expected: int | None, provider: str) -> None:
        self.target = target
        self.expected = expected
        self.provider = provider
        self.written = 0
        fd, self.tmp_name = tempfile.mkstemp(
            prefix=f".{target.name}.", suffix=".part", dir=target.parent
        )
        self.file = os.fdopen(fd, "wb")

    def write(self, chunk: bytes) -> None:
        """Append a chunk (bytes) to the temporary file."""
        self.file.write(chunk)
        self.written += len(chunk)

    def commit(self) -> Path:
        """Check the length and move the file into place.

        Raises:
            ProviderResponseError: empty, or fewer/more bytes than Content-Length.
        """
        self.file.close()
        if self.expected is not None and self.written != self.expected:
            raise ProviderResponseError(
                f"download ended after {self.written} of {self.expected} bytes",
                provider=self.provider,
                body=b"",
            )
        if self.written == 0:
            raise ProviderResponseError("download is empty", provider=self.provider, body=b"")
        os.replace(self.tmp_name, self.target)
        return self.target

    def abort(self) -> None:
        """Remove the temporary file."""
        self.file.close()
        with contextlib.suppress(OSError):
            os.unlink(self.tmp_name)


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
    ) -> None:
        self._core = _Core(
            provider, api_key=api_key, base_url=base_url, timeout=timeout, max_retries=max_retries
        )
        self._transport = transport
        self._api = self._core.generated_client(transport)
        self._http: httpx.AsyncClient | None = None
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

        async def attempt() -> Any:
            try:
                client = self._api.get_async_httpx_client()
                response = await client.request(**core.request_kwargs(call))
            except httpx.TransportError as exc:
                raise core.connection_error(exc, call) from exc
            last["response"] = response
            return core.interpret(call, response)

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
            timeout=timeout,
            poll_interval=poll_interval,
            on_progress=on_progress,
            clock=self._clock,
        )
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
                    action = plan.send(fetched)
        except StopIteration as done:
            result: Task = done.value
            return result

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
        if on_progress is not None:
            on_progress(created)
        task = await self.wait(
            created, timeout=timeout, poll_interval=poll_interval, on_progress=on_progress
        )
        if task.status is not TaskStatus.COMPLETED:
            raise TaskFailedError(task)
        return task

    async def download(
        self, task: Task | str, dest: str | os.PathLike[str], *, progress: bool = False
    ) -> Path:
        """See :meth:`VideoClient.download`."""
        if not isinstance(task, Task):
            task = await self.get(task)
        url = self._core.video_url(task)
        target = _destination(dest, task)
        if self._http is None:
            self._http = httpx.AsyncClient(
                transport=self._transport, timeout=self._core.timeout, follow_redirects=True
            )
        http = self._http
        provider = self._core.provider

        async def attempt() -> Path:
            try:
                async with http.stream("GET", url) as response:
                    head = b""
                    if _video_kind(response) is not None:
                        async for chunk in response.aiter_bytes():
                            head += chunk
                            if len(head) >= ERROR_BODY_LIMIT:
                                break
                    expected = _check_video_response(provider, response, head[:ERROR_BODY_LIMIT])
                    writer = _AtomicWriter(target, expected, provider)
                    try:
                        with _progress_bar(progress, expected, target.name) as advance:
                            async for chunk in response.aiter_bytes():
                                writer.write(chunk)
                                advance(len(chunk))
                        return writer.commit()
                    except BaseException:
                        writer.abort()
                        raise
            except httpx.TransportError as exc:
                raise self._core.connection_error(exc, None) from exc

        call = Call("download", httpx, {})
        retrying = tenacity.AsyncRetrying(sleep=self._sleep, **self._core.retrying_kwargs(call))
        result: Path = await retrying(attempt)
        return result
