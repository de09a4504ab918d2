"""Running a batch: permits, the money rule around each create, polling and downloading."""

from __future__ import annotations

import contextlib
import contextvars
import math
import time
import uuid
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, Final, Literal

import anyio
import anyio.lowlevel
import attrs
import httpx

from soravideo._client import AsyncVideoClient
from soravideo._polling import PollSchedule
from soravideo._types import PROVIDERS, Task, TaskStatus
from soravideo.batch.jobs import Job
from soravideo.batch.journal import (
    JOURNAL_NAME,
    GroupCommit,
    Journal,
    JournalEntry,
    JournalError,
)
from soravideo.batch.progress import _Progress
from soravideo.batch.rate_limit import RateLimit
from soravideo.batch.summary import BatchSummary, JobResult, cost_of, total_costs
from soravideo.errors import (
    APIConnectionError,
    APIError,
    RateLimitError,
    RequestValidationError,
    SoraVideoError,
    WaitTimeoutError,
    redact,
)

__all__ = ["CREATE_GRACE", "IDEMPOTENCY_MARGIN", "run_batch"]

CREATE_GRACE: Final = 30.0
"""Seconds a stopped batch still waits for the answers of creates already sent."""

IDEMPOTENCY_MARGIN: Final = 300.0
"""Seconds short of a provider's idempotency-key lifetime after which ``--resume`` no
longer re-sends a ``may_exist`` job's create with its stored key (clock drift, and
the time between committing ``sent_at`` and the provider receiving the create)."""

_NOT_SENT: Final = (
    httpx.ConnectError,
    httpx.ConnectTimeout,
    httpx.PoolTimeout,
    httpx.UnsupportedProtocol,
    httpx.InvalidURL,
)
"""httpx errors raised before any byte of a request left this machine."""
_UNSENDABLE: Final = (httpx.UnsupportedProtocol, httpx.InvalidURL)
"""httpx errors of a URL that cannot be sent at all (so no earlier attempt was sent either)."""

CreateOutcome = Literal["may_exist", "not_sent", "refused"]


def create_outcome(exc: BaseException) -> CreateOutcome:
    """What a failed create means for its job (the money rule, as a table).

    * ``may_exist``: the create may have reached the provider (the error says
      ``may_have_created``, or it is of a kind that cannot tell): the job is
      never sent again except with its idempotency key.
    * ``not_sent``: it certainly never left this machine (bad input found
      before sending, connection refused, DNS failure, invalid URL): the job
      stays ``pending`` and ``--resume`` sends it.
    * ``refused``: the provider answered with an error: nothing was created.
    """
    if isinstance(exc, _UNSENDABLE) or isinstance(exc.__cause__, _UNSENDABLE):
        return "not_sent"  # no attempt with this URL can ever have left (whatever the flag)
    if getattr(exc, "may_have_created", False):
        return "may_exist"
    if isinstance(exc, RequestValidationError | APIConnectionError):
        return "not_sent"  # the client sets may_have_created whenever it may have been sent
    if isinstance(exc, _NOT_SENT) or isinstance(exc.__cause__, _NOT_SENT):
        return "not_sent"
    if isinstance(exc, APIError):
        return "refused"
    return "may_exist"


def idempotency_key_ttl(provider: str) -> float | None:
    """Seconds ``provider`` honours an idempotency key for, or None if it documents none.

    The one place the batch reads it (``capabilities(provider).idempotency_key_ttl``;
    a soravideo without that attribute means no key).
    """
    from soravideo import capabilities

    ttl = getattr(capabilities(provider), "idempotency_key_ttl", None)
    if isinstance(ttl, bool) or not isinstance(ttl, int | float):
        return None
    return float(ttl) if math.isfinite(ttl) and ttl > 0 else None


def _shown_id(task_id: str) -> str:
    """A task id for a message: exact (lone surrogates escaped), never cut."""
    return repr(task_id.encode("utf-8", "backslashreplace").decode("utf-8"))


def _describe(exc: BaseException) -> str:
    """One line about ``exc`` for the journal (typed errors as their message)."""
    try:
        text = str(exc)
    except Exception:  # a hostile __str__
        text = ""
    if isinstance(exc, SoraVideoError):  # already redacted
        return text or type(exc).__name__
    return redact(f"{type(exc).__name__}: {text}" if text else type(exc).__name__)


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


_TERMINAL: Final = frozenset({"downloaded", "failed", "may_exist"})


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
        key_ttl: float | None,
    ) -> None:
        self.client = client
        self.journal = journal
        self.gate = gate
        self.stats = stats
        self.out_dir = out_dir
        self.download = download
        self.poll_interval = poll_interval
        self.wait_timeout = wait_timeout
        self.key_ttl = key_ttl
        self.progress = _Progress(False, 0)
        self.commits = GroupCommit(journal)
        self.mid_create: set[str] = set()
        """Jobs whose 'creating' is committed and whose create has no outcome yet."""
        self.created_now: set[str] = set()
        self.resolved: set[str] = set()
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
        """Whether a job in ``state`` needs nothing more (may_exist: nothing more *now*)."""
        return state in _TERMINAL or (state == "completed" and not self.download)

    def resendable(self, entry: JournalEntry) -> bool:
        """A ``may_exist`` job whose stored idempotency key the provider still honours.

        Re-sending its create with that key returns the original task (if the
        first create reached the provider) or creates it (if it did not): one
        task either way. Outside the key's lifetime (less
        :data:`IDEMPOTENCY_MARGIN`) it stays ``may_exist``.
        """
        if entry.state != "may_exist" or self.key_ttl is None:
            return False
        if not entry.idempotency_key or entry.sent_at is None:
            return False
        age = time.time() - entry.sent_at
        return 0 <= age <= self.key_ttl - IDEMPOTENCY_MARGIN

    def todo(self, entry: JournalEntry) -> bool:
        """Whether this run has anything to do for the job."""
        return not self.finished(entry.state) or self.resendable(entry)

    async def run(self, job: Job, entry: JournalEntry) -> None:
        """Take ``job`` as far as it goes; any trouble is recorded on the job, never raised.

        ``entry`` is the job's row as the run began. Only a journal that can
        no longer be written (:class:`JournalError`) and cancellation stop the batch.
        """
        try:
            await self._run(job, entry)
        except JournalError:
            raise
        except Exception as exc:  # one job's trouble stays that job's
            text = _describe(exc)
            if job.key in self.mid_create:  # cannot know whether it was sent: money-safe
                self.mid_create.discard(job.key)
                await self.write("record_may_exist", job.key, text)
                self.progress.finished()
            else:  # the id (if any) is journaled: --resume continues the job
                await self.write("record_error", job.key, text)

    async def write(self, method: str, *args: Any) -> None:
        """One journal write, committed (grouped with concurrent ones) before it returns."""
        await self.commits.write(method, *args)

    async def _run(self, job: Job, entry: JournalEntry) -> None:
        if entry.state not in Journal.STATES:
            await self.write(
                "record_error",
                job.key,
                f"unknown journal state {entry.state!r} (a damaged journal); skipped",
            )
            return
        resend = self.resendable(entry)
        if self.finished(entry.state) and not resend:
            return
        task: Task | None = None
        state, task_id = entry.state, entry.task_id
        if state == "creating":  # begin() settles these; a row changed under us
            await self.write("record_may_exist", job.key, "found mid-create; not sent again")
            self.progress.finished()
            return
        if state in ("pending", "may_exist"):
            task = await self._create(job, entry, resend=resend)
            if task is None:
                return
            state, task_id = "created", task.id
        if not task_id:
            await self.write(
                "record_may_exist",
                job.key,
                f"the journal says {state!r} but holds no task id (a damaged journal): the "
                "task exists at the provider without a known id; it is not sent again",
            )
            self.progress.finished()
            return
        if state != "completed":
            task = await self._wait(task_id, task)
            await self._note_cost(job.key, task)
            if task.status is not TaskStatus.COMPLETED:
                reason = task.error.message if task.error else f"task {task.status.value}"
                await self.write("record_failed", job.key, reason or f"task {task.status.value}")
                self.progress.finished()
                return
            if not self.download:
                await self.write("record_completed", job.key)
            # else one commit fewer per job: 'completed' is written only if the
            # download fails (a run killed in between polls the task once more)
        if self.download:
            try:
                if task is None or not task.video_urls:
                    await self.gate.permit()
                    with self.gate.prepaid():
                        task = await self.client.get(task_id)
                await self.gate.permit()
                with self.gate.prepaid():
                    path = await self.client.download(
                        task, self.out_dir / f"{_safe_name(job.key)}.mp4"
                    )
            except Exception:
                if state != "completed":
                    await self.write("record_completed", job.key)
                raise
            await self.write("record_downloaded", job.key, path)
        self.progress.finished()

    async def _note_cost(self, key: str, task: Task) -> None:
        cost = cost_of(task)
        if cost is not None:
            await self.write("record_cost", key, *cost)

    async def _send_create(self, job: Job, idempotency_key: str) -> Task:
        if self.key_ttl is None:
            return await self.client.create(job.request)
        create: Any = self.client.create  # the keyword exists where keys are documented
        task: Task = await create(job.request, idempotency_key=idempotency_key)
        return task

    async def _create(self, job: Job, entry: JournalEntry, *, resend: bool) -> Task | None:
        key = entry.idempotency_key or str(uuid.uuid4())
        await self.gate.permit()  # wait for the budget while still 'pending'/'may_exist'
        await anyio.lowlevel.checkpoint()  # a stop before this point sends nothing
        # committed, with the key, before the request leaves
        await self.write("mark_creating", job.key, key)
        self.mid_create.add(job.key)
        # A stop (Ctrl-C, cancellation) lets a create on the way get its answer,
        # for up to CREATE_GRACE seconds, so that its id is recorded rather than lost.
        shield = anyio.CancelScope(shield=True)
        self.shields.add(shield)
        try:
            with shield, self.gate.prepaid():
                task = await self._send_create(job, key)
        except Exception as exc:
            outcome = create_outcome(exc)
            text = _describe(exc)
            self.mid_create.discard(job.key)
            if outcome == "not_sent":
                await self.write(
                    "record_not_sent", job.key, f"not sent ({text}); --resume sends it"
                )
            elif outcome == "refused":
                await self.write("record_failed", job.key, text)
                self.progress.finished()
            else:
                await self.write("record_may_exist", job.key, text)
                self.progress.finished()
            return None
        finally:
            self.shields.discard(shield)
        if shield.cancelled_caught:  # the grace ran out: the answer never came
            self.mid_create.discard(job.key)
            await self.write(
                "record_may_exist",
                job.key,
                f"stopped after {CREATE_GRACE:g} s waiting for the create's answer",
            )
            raise anyio.get_cancelled_exc_class()()
        # the id is committed before anything else happens (the write is shielded)
        try:
            await self.write("record_created", job.key, task.id)
        except JournalError as exc:  # the batch stops: the paid id goes with the error
            lost = JournalError(
                f"{exc}; job {job.key!r} was created as task {_shown_id(task.id)} "
                "but the journal could not record it"
            )
            lost.during_run = True
            raise lost from exc
        self.mid_create.discard(job.key)
        self.stats.created += 1
        (self.resolved if resend else self.created_now).add(job.key)
        self.progress.created()
        await self._note_cost(job.key, task)
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
                hint = exc.retry_after
                if not isinstance(hint, int | float) or not math.isfinite(hint) or hint < 0:
                    hint = schedule.max_interval
                await anyio.sleep(min(hint or schedule.max_interval, 60.0))


def _journal_error(group: BaseExceptionGroup[Any]) -> JournalError | None:
    """The first JournalError in a task group's exceptions, if any."""
    found = group.subgroup(lambda e: isinstance(e, JournalError))
    while found is not None:
        first = found.exceptions[0]
        if isinstance(first, JournalError):
            return first
        found = first if isinstance(first, BaseExceptionGroup) else None
    return None


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

    Every job's progress is journaled (see :class:`~soravideo.batch.Journal`):
    its create request is sent only after ``creating`` (and the job's
    idempotency key) is committed, and its task id is committed as soon as
    the create answers. With ``resume``, jobs the journal has finished are
    skipped, created ones continue with their task id, and ones caught
    mid-create become ``may_exist`` and are never sent again, except where
    the provider documents an idempotency key
    (``capabilities(provider).idempotency_key_ttl``): a ``may_exist`` job
    whose stored key is still honoured is re-sent with the same key, which
    returns the original task rather than a second one.

    One job's trouble stays that job's: any exception while creating,
    polling or downloading it is recorded on it (``JobResult.error``) with a
    money-safe state (see :func:`create_outcome`), and the other jobs go on.
    A create that certainly never left the machine leaves its job ``pending``.

    Cancelling the run (Ctrl-C, a cancel scope) stops it: creates already on
    the way get up to :data:`CREATE_GRACE` seconds for their answers, so their
    ids are recorded; everything else stops at once. The journal stays
    consistent and ``resume=True`` continues.

    Args:
        jobs: from :func:`~soravideo.batch.read_jobs`; keys must be unique.
        provider: one of :data:`soravideo.PROVIDERS`.
        out_dir: where videos go (``<key>.mp4``) and the default journal lives.
        concurrency: jobs in flight at once (>= 1).
        journal: an open journal; default ``<out_dir>/soravideo-journal.sqlite3``
            (opened and closed here; with ``resume`` it must exist).
        resume: continue the journal's earlier run; without it a journal that
            already holds jobs is refused.
        client: a client to use as is (not closed here); its calls are
            rate limited and counted one permit per call. Default: a client
            built from ``api_key``/``base_url``/``transport`` whose every HTTP
            request (retries included) takes a permit and is counted.
        limiter: the rate limit; None sends as fast as ``concurrency`` allows
            (:func:`~soravideo.batch.make_rate_limit` gives the provider's documented one).
        progress: show progress bars on stderr (resumed counts included).
        download: download completed videos (else stop at ``completed``).
        poll_interval: fixed seconds between status queries (default adaptive,
            at most 10 s apart).
        api_key, base_url, transport: for the client built here.
        wait_timeout: seconds to wait for one task before leaving it
            ``created`` with a ``WaitTimeoutError`` recorded (default: no limit).

    Returns:
        The :class:`~soravideo.batch.BatchSummary`.

    Raises:
        ValueError: unknown provider, ``concurrency`` < 1 or duplicate keys.
        JournalError: the journal cannot be used (see :class:`~soravideo.batch.Journal`
            and :meth:`~soravideo.batch.Journal.begin`), or stopped being writable.
        RequestValidationError: no API key for the client built here, or
            ``out_dir`` cannot be created.
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
    own_journal = journal is None
    book = journal if journal is not None else Journal(out_dir / JOURNAL_NAME, create=not resume)
    stats = _Stats()
    own_client = client is None
    try:
        try:
            out_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise RequestValidationError(
                f"cannot create the output directory {out_dir}: {exc.strerror or exc}",
                field="out_dir",
                value=str(out_dir),
            ) from exc
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
        runner = _Runner(
            client=client,
            journal=book,
            gate=_Gate(limiter, stats, metered=own_client),
            stats=stats,
            out_dir=out_dir,
            download=download,
            poll_interval=poll_interval,
            wait_timeout=wait_timeout,
            key_ttl=idempotency_key_ttl(provider),
        )
        before = {job.key: book.get(job.key) for job in jobs}
        skipped = {k for k, e in before.items() if e is not None and not runner.todo(e)}
        runner.progress = _Progress(
            progress,
            len(jobs),
            created=sum(bool(e and e.task_id) for e in before.values()),
            finished=len(skipped),
        )
        queue = iter(jobs)

        async def worker() -> None:
            for job in queue:
                entry = before[job.key]
                if entry is None:
                    raise JournalError(f"journal {book.path} lost job {job.key!r}")
                await runner.run(job, entry)

        try:
            with runner.progress:
                async with anyio.create_task_group() as outer:
                    outer.start_soon(runner.watchdog)
                    async with anyio.create_task_group() as group:
                        for _ in range(min(concurrency, len(jobs))):
                            group.start_soon(worker)
                    outer.cancel_scope.cancel()
        except BaseExceptionGroup as group:
            broken = _journal_error(group)
            if broken is not None:
                broken.during_run = True
                raise broken from group
            raise
        finally:
            if own_client:
                with anyio.CancelScope(shield=True):
                    await client.aclose()
        entries = {e.key: e for e in book.entries()}
    finally:
        if own_journal:
            book.close()
    results = []
    for job in jobs:
        entry = entries[job.key]
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
                cost=(entry.cost, entry.cost_unit)
                if entry.cost is not None and entry.cost_unit
                else None,
            )
        )
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
        costs=total_costs(entries[job.key] for job in jobs),
        resolved=len(runner.resolved),
    )
