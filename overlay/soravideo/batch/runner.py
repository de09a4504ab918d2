"""Running a batch: permits, the money rule around each create, polling and downloading."""

from __future__ import annotations

import contextlib
import contextvars
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Final

import anyio
import attrs
import httpx

from soravideo._client import AsyncVideoClient
from soravideo._polling import PollSchedule
from soravideo._types import PROVIDERS, Task, TaskStatus
from soravideo.batch.jobs import Job
from soravideo.batch.journal import JOURNAL_NAME, Journal
from soravideo.batch.progress import _Progress
from soravideo.batch.rate_limit import RateLimit
from soravideo.batch.summary import BatchSummary, JobResult
from soravideo.errors import RateLimitError, SoraVideoError, WaitTimeoutError

__all__ = ["CREATE_GRACE", "run_batch"]

CREATE_GRACE: Final = 30.0
"""Seconds a stopped batch still waits for the answers of creates already sent."""


_PREPAID: contextvars.ContextVar[list[bool] | None] = contextvars.ContextVar(
    "soravideo_batch_prepaid", default=None
)
"""Set around a client call whose first request already took its permit."""


@attrs.define
class _Stats:
    requests: int = 0
    rate_limited: int = 0
    created: int = 0


class _MeteredTransport(httpx.AsyncBaseTransport):
    """Takes a permit for, and counts, every request the batch's own client sends."""

    def __init__(
        self, inner: httpx.AsyncBaseTransport, limit: RateLimit | None, stats: _Stats
    ) -> None:
        self.inner = inner
        self.limit = limit
        self.stats = stats
        self._closed = False

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        """Wait for a permit (unless the caller prepaid this request), send, count."""
        prepaid = _PREPAID.get()
        if prepaid is not None and prepaid[0]:
            prepaid[0] = False
        elif self.limit is not None:
            await self.limit.acquire()
        self.stats.requests += 1
        response = await self.inner.handle_async_request(request)
        if response.status_code == 429:
            self.stats.rate_limited += 1
        return response

    async def aclose(self) -> None:
        """Close the wrapped transport once (the client closes it from two places)."""
        if not self._closed:
            self._closed = True
            await self.inner.aclose()


class _Gate:
    """Permits and counting around each client call.

    The batch always takes the permit for a call's first request itself (for a
    create: before the journal marks it ``creating``, so a run stopped while
    waiting for the budget leaves the job ``pending``, not ``may_exist``).
    With the batch's own client, the metered transport takes permits for any
    further requests (retries) and counts every request and 429; with a client
    passed in, calls are counted instead.
    """

    def __init__(self, limit: RateLimit | None, stats: _Stats, metered: bool) -> None:
        self.limit = limit
        self.stats = stats
        self.metered = metered

    async def permit(self) -> None:
        if self.limit is not None:
            await self.limit.acquire()

    @contextlib.contextmanager
    def prepaid(self) -> Iterator[None]:
        token = _PREPAID.set([True])
        if not self.metered:
            self.stats.requests += 1
        try:
            yield
        except RateLimitError:
            if not self.metered:
                self.stats.rate_limited += 1
            raise
        finally:
            _PREPAID.reset(token)


def _safe_name(key: str) -> str:
    return "".join(c if c.isalnum() or c in "-_." else "_" for c in key)


class _Runner:
    def __init__(
        self,
        *,
        client: AsyncVideoClient,
        journal: Journal,
        gate: _Gate,
        stats: _Stats,
        out_dir: Path,
        download: bool,
        poll_interval: float | None,
        wait_timeout: float | None,
        progress: _Progress,
    ) -> None:
        self.client = client
        self.journal = journal
        self.gate = gate
        self.stats = stats
        self.out_dir = out_dir
        self.download = download
        self.poll_interval = poll_interval
        self.wait_timeout = wait_timeout
        self.progress = progress
        self.created_now: set[str] = set()
        self.shields: set[anyio.CancelScope] = set()

    async def watchdog(self) -> None:
        """On a stop, give creates already on the way CREATE_GRACE seconds to answer."""
        try:
            await anyio.sleep_forever()
        finally:
            deadline = anyio.current_time() + CREATE_GRACE
            for scope in self.shields:
                scope.deadline = min(scope.deadline, deadline)

    def finished(self, state: str) -> bool:
        return state in ("downloaded", "failed", "may_exist") or (
            state == "completed" and not self.download
        )

    async def run(self, job: Job) -> None:
        entry = self.journal.get(job.key)
        assert entry is not None
        if self.finished(entry.state):
            return
        task: Task | None = None
        state, task_id = entry.state, entry.task_id
        if state == "pending":
            task = await self._create(job)
            if task is None:
                return
            state, task_id = "created", task.id
        assert task_id is not None
        try:
            if state != "completed":
                task = await self._wait(task_id, task)
                if task.status is not TaskStatus.COMPLETED:
                    reason = task.error.message if task.error else f"task {task.status.value}"
                    self.journal.record_failed(job.key, reason)
                    self.progress.finished()
                    return
                self.journal.record_completed(job.key)
            if self.download:
                if task is None or not task.video_urls:
                    await self.gate.permit()
                    with self.gate.prepaid():
                        task = await self.client.get(task_id)
                await self.gate.permit()
                with self.gate.prepaid():
                    path = await self.client.download(
                        task, self.out_dir / f"{_safe_name(job.key)}.mp4"
                    )
                self.journal.record_downloaded(job.key, path)
            self.progress.finished()
        except (SoraVideoError, OSError) as exc:
            # the task exists (its id is journaled): --resume continues it
            self.journal.record_error(job.key, str(exc))

    async def _create(self, job: Job) -> Task | None:
        await self.gate.permit()  # wait for the budget while still 'pending'
        self.journal.mark_creating(job.key)  # committed before the request leaves
        # A stop (Ctrl-C, cancellation) lets a create on the way get its answer,
        # for up to CREATE_GRACE seconds, so that its id is recorded rather than lost.
        shield = anyio.CancelScope(shield=True)
        self.shields.add(shield)
        try:
            with shield, self.gate.prepaid():
                task = await self.client.create(job.request)
        except SoraVideoError as exc:
            if getattr(exc, "may_have_created", False):
                self.journal.record_may_exist(job.key, str(exc))
            else:
                self.journal.record_failed(job.key, str(exc))
            self.progress.finished()
            return None
        except Exception as exc:
            # unknown whether it was sent: never risk a second task
            self.journal.record_may_exist(job.key, f"{type(exc).__name__}: {exc}")
            raise
        finally:
            self.shields.discard(shield)
        if shield.cancelled_caught:  # the grace ran out: the answer never came
            self.journal.record_may_exist(
                job.key, f"stopped after {CREATE_GRACE:g} s waiting for the create's answer"
            )
            raise anyio.get_cancelled_exc_class()()
        # the id is committed before anything else happens (no await in between)
        self.journal.record_created(job.key, task.id)
        self.stats.created += 1
        self.created_now.add(job.key)
        self.progress.created()
        return task

    async def _wait(self, task_id: str, task: Task | None) -> Task:
        schedule = PollSchedule(fixed=self.poll_interval)
        start = time.monotonic()
        while True:
            elapsed = time.monotonic() - start
            if task is not None:
                if task.status.is_terminal:
                    return task
                if self.wait_timeout is not None and elapsed >= self.wait_timeout:
                    raise WaitTimeoutError(task, self.wait_timeout)
                await anyio.sleep(schedule.next_delay(task, elapsed))
            await self.gate.permit()
            try:
                with self.gate.prepaid():
                    task = await self.client.get(task_id)
            except RateLimitError as exc:
                await anyio.sleep(min(exc.retry_after or schedule.max_interval, 60.0))


async def run_batch(
    jobs: Sequence[Job],
    *,
    provider: str,
    out_dir: Path,
    concurrency: int = 8,
    journal: Journal | None = None,
    resume: bool = False,
    client: AsyncVideoClient | None = None,
    limiter: RateLimit | None = None,
    progress: bool = False,
    download: bool = True,
    poll_interval: float | None = None,
    api_key: str | None = None,
    base_url: str | None = None,
    transport: httpx.AsyncBaseTransport | None = None,
    wait_timeout: float | None = None,
) -> BatchSummary:
    """Create, wait for and download every job, at most ``concurrency`` at a time.

    Every job's progress is journaled (see :class:`Journal`): its create
    request is sent only after ``creating`` is committed, and its task id is
    committed as soon as the create answers. With ``resume``, jobs the journal
    has finished are skipped, created ones continue with their task id, and
    ones caught mid-create become ``may_exist`` and are never sent again.
    Cancelling the run (Ctrl-C, a cancel scope) stops it: creates already on
    the way get up to :data:`CREATE_GRACE` seconds for their answers, so their
    ids are recorded; everything else stops at once. The journal stays
    consistent and ``resume=True`` continues.

    Args:
        jobs: from :func:`read_jobs`; keys must be unique.
        provider: one of :data:`soravideo.PROVIDERS`.
        out_dir: where videos go (``<key>.mp4``) and the default journal lives.
        concurrency: jobs in flight at once (>= 1).
        journal: an open journal; default ``<out_dir>/soravideo-journal.sqlite3``
            (opened and closed here).
        resume: continue the journal's earlier run; without it a journal that
            already holds jobs is refused.
        client: a client to use as is (not closed here); its calls are
            rate limited and counted one permit per call. Default: a client
            built from ``api_key``/``base_url``/``transport`` whose every HTTP
            request (retries included) takes a permit and is counted.
        limiter: the rate limit; None sends as fast as ``concurrency`` allows
            (:func:`make_rate_limit` gives the provider's documented one).
        progress: show progress bars on stderr.
        download: download completed videos (else stop at ``completed``).
        poll_interval: fixed seconds between status queries (default adaptive,
            at most 10 s apart).
        api_key, base_url, transport: for the client built here.
        wait_timeout: seconds to wait for one task before leaving it
            ``created`` with a ``WaitTimeoutError`` recorded (default: no limit).

    Returns:
        The :class:`BatchSummary`.

    Raises:
        ValueError: unknown provider, ``concurrency`` < 1 or duplicate keys.
        JournalError: the journal cannot be used (see :meth:`Journal.begin`).
        RequestValidationError: no API key for the client built here.
    """
    if provider not in PROVIDERS:
        raise ValueError(f"unknown provider {provider!r}; expected one of {list(PROVIDERS)}")
    if concurrency < 1:
        raise ValueError(f"concurrency must be >= 1, got {concurrency}")
    keys = [job.key for job in jobs]
    if len(set(keys)) != len(keys):
        raise ValueError("job keys must be unique")
    started = time.monotonic()
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    own_journal = journal is None
    book = journal if journal is not None else Journal(out_dir / JOURNAL_NAME)
    stats = _Stats()
    own_client = client is None
    try:
        if client is None:  # first: a missing API key must not leave jobs journaled
            metered = _MeteredTransport(transport or httpx.AsyncHTTPTransport(), limiter, stats)
            client = AsyncVideoClient(
                provider, api_key=api_key, base_url=base_url, transport=metered
            )
        try:
            book.begin(jobs, provider, resume=resume)
        except BaseException:
            if own_client:
                await client.aclose()
            raise
        gate = _Gate(limiter, stats, metered=own_client)
        bars = _Progress(progress, len(jobs))
        runner = _Runner(
            client=client,
            journal=book,
            gate=gate,
            stats=stats,
            out_dir=out_dir,
            download=download,
            poll_interval=poll_interval,
            wait_timeout=wait_timeout,
            progress=bars,
        )
        skipped = {job.key for job in jobs if runner.finished(book.get(job.key).state)}  # type: ignore[union-attr]
        queue = iter(jobs)

        async def worker() -> None:
            for job in queue:
                await runner.run(job)

        try:
            with bars:
                async with anyio.create_task_group() as outer:
                    outer.start_soon(runner.watchdog)
                    async with anyio.create_task_group() as group:
                        for _ in range(min(concurrency, len(jobs))):
                            group.start_soon(worker)
                    outer.cancel_scope.cancel()
        finally:
            if own_client:
                with anyio.CancelScope(shield=True):
                    await client.aclose()
        results = []
        for job in jobs:
            entry = book.get(job.key)
            assert entry is not None
            results.append(
                JobResult(
                    key=job.key,
                    line=job.line,
                    state=entry.state,
                    task_id=entry.task_id,
                    path=Path(entry.path) if entry.path else None,
                    error=entry.error,
                    created_now=job.key in runner.created_now,
                    skipped=job.key in skipped,
                )
            )
    finally:
        if own_journal:
            book.close()
    states = [r.state for r in results]
    return BatchSummary(
        total=len(jobs),
        created=stats.created,
        completed=sum(s in ("completed", "downloaded") for s in states),
        failed=states.count("failed"),
        downloaded=states.count("downloaded"),
        may_exist=states.count("may_exist"),
        skipped_bad_lines=0,
        requests=stats.requests,
        rate_limited=stats.rate_limited,
        elapsed=time.monotonic() - started,
        results=tuple(results),
        unfinished=sum(not runner.finished(s) for s in states),
    )
