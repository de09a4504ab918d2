"""Batch generation: many video requests from a JSON Lines file, journaled and rate limited.

``soravideo batch JOBS.jsonl --provider KEY --concurrency N --out DIR`` runs
:func:`run_batch`; the pieces are usable on their own:

* :func:`read_jobs` reads ``JOBS.jsonl`` (one JSON object per line: the
  :class:`~soravideo.VideoRequest` fields plus an optional ``"id"``) and reports
  every bad line with its number; :func:`check_jobs` adds the provider's own
  checks (durations, models ...) without sending anything.
* :class:`Journal` is an SQLite file that records, per job, what has happened.
  The rule it keeps (the money rule): a job is marked ``creating`` and
  committed *before* its create request is sent, and the task id is committed
  the moment the create answers, before anything else happens. A job found in
  ``creating`` on ``--resume`` may exist at the provider without an id: it
  becomes ``may_exist`` and is never sent again.
* :class:`RateLimit` wraps pyrate-limiter: every HTTP request the batch sends
  (create, status query, download) first takes a permit, so a batch stays under
  the provider's documented limit (``x-rate-limit`` in its spec). Permits are
  counted in memory by default, or in Redis (``redis://...``) so that several
  processes or machines sharing one API key share one budget.

Journal states (``Journal.STATES``)::

    pending ──► creating ──► created ──► completed ──► downloaded
                   │            │
                   │            └──► failed      (the task failed or was cancelled)
                   ├──► failed                   (the provider certainly refused the create)
                   └──► may_exist                (the create may have reached the provider,
                                                  no id came back; never re-sent)

Errors while polling or downloading leave the job in ``created``/``completed``
(the error is recorded): ``--resume`` picks it up again with its task id. A
stopped run (Ctrl-C, cancellation) first lets creates already on the way
receive their answers (up to :data:`CREATE_GRACE` seconds) so no id is lost;
only a hard kill in the middle of a create leaves ``creating`` behind.
"""

from __future__ import annotations

import base64
import contextlib
import contextvars
import hashlib
import json
import math
import os
import re
import sqlite3
import sys
import time
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, Final, Literal

import anyio
import attrs
import httpx

from soravideo import _spec
from soravideo._client import AsyncVideoClient
from soravideo._polling import PollSchedule
from soravideo._types import PROVIDERS, Task, TaskStatus, VideoRequest
from soravideo.errors import RateLimitError, SoraVideoError, WaitTimeoutError

if TYPE_CHECKING:
    from pyrate_limiter import Limiter, RedisBucket

__all__ = [
    "CREATE_GRACE",
    "JOURNAL_NAME",
    "BadLine",
    "BatchSummary",
    "Job",
    "JobResult",
    "Journal",
    "JournalEntry",
    "JournalError",
    "RateLimit",
    "check_jobs",
    "make_rate_limit",
    "provider_rate_limit",
    "read_jobs",
    "run_batch",
]

JOURNAL_NAME: Final = "soravideo-journal.sqlite3"
"""File name of the default journal, inside the output directory."""

State = Literal["pending", "creating", "created", "completed", "failed", "downloaded", "may_exist"]

_FIELDS: Final = (
    "prompt",
    "model",
    "duration",
    "aspect_ratio",
    "quality",
    "image",
    "remix_of",
    "shots",
    "callback_url",
    "remove_watermark",
    "extra",
)
_STRING_FIELDS: Final = (
    "prompt",
    "model",
    "aspect_ratio",
    "quality",
    "image",
    "remix_of",
    "callback_url",
)
_ID_PATTERN: Final = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,127}")
_TEXT_LIMIT: Final = 80
CREATE_GRACE: Final = 30.0
"""Seconds a stopped batch still waits for the answers of creates already sent."""


# -- jobs ---------------------------------------------------------------------------------


@attrs.frozen
class Job:
    """One video request of a batch.

    Attributes:
        line: 1-based line number in the jobs file.
        key: the line's ``"id"`` if given, else ``f"line-{line}"``; unique in a
            batch, the job's identity in the journal and its video's file name
            (``<out>/<key>.mp4``).
        request: what to generate.
    """

    line: int
    key: str
    request: VideoRequest


@attrs.frozen
class BadLine:
    """A line of the jobs file that cannot be run.

    Attributes:
        line: 1-based line number.
        text: the raw line, truncated to 80 characters.
        error: what is wrong, naming the field.
    """

    line: int
    text: str
    error: str


def _truncate(text: str) -> str:
    text = text.strip()
    return text if len(text) <= _TEXT_LIMIT else text[: _TEXT_LIMIT - 1] + "…"


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON")


def _parse_line(data: Mapping[str, Any], line: int) -> tuple[str, VideoRequest]:
    """The key and request of one decoded line.

    Raises:
        ValueError: naming the field at fault (``TypeError`` is folded in).
    """
    unknown = sorted(set(data) - {*_FIELDS, "id"})
    if unknown:
        raise ValueError(
            f"unknown field {unknown[0]!r}"
            + (f" (and {', '.join(map(repr, unknown[1:]))})" if len(unknown) > 1 else "")
            + f"; allowed: id, {', '.join(_FIELDS)}"
        )
    key = f"line-{line}"
    if "id" in data:
        value = data["id"]
        if not isinstance(value, str) or not _ID_PATTERN.fullmatch(value):
            raise ValueError(
                f"id must be a string of 1-128 letters, digits, '.', '_' or '-' "
                f"starting with a letter or digit, got {value!r}"
            )
        key = value
    fields = {name: data[name] for name in _FIELDS if name in data and data[name] is not None}
    for name in _STRING_FIELDS:
        if name in fields and not isinstance(fields[name], str):
            raise ValueError(f"{name} must be a string, got {fields[name]!r}")
    if "duration" in fields and (
        isinstance(fields["duration"], bool) or not isinstance(fields["duration"], int)
    ):
        raise ValueError(f"duration must be whole seconds (an integer), got {fields['duration']!r}")
    if "remove_watermark" in fields and not isinstance(fields["remove_watermark"], bool):
        raise ValueError(
            f"remove_watermark must be true or false, got {fields['remove_watermark']!r}"
        )
    if "extra" in fields and not isinstance(fields["extra"], dict):
        raise ValueError(f"extra must be an object, got {fields['extra']!r}")
    if "shots" in fields:
        shots = fields["shots"]
        if not isinstance(shots, list) or not all(
            isinstance(s, dict) and set(s) == {"prompt", "duration"} for s in shots
        ):
            raise ValueError('shots must be a list of {"prompt": ..., "duration": ...} objects')
    try:
        request = VideoRequest(**fields)
    except (ValueError, TypeError) as exc:
        field = getattr(exc, "field", None)
        message = str(exc)
        if field and field not in message:
            message = f"{field}: {message}"
        raise ValueError(message) from exc
    return key, request


def read_jobs(path: str | os.PathLike[str]) -> tuple[list[Job], list[BadLine]]:
    """Read a JSON Lines jobs file.

    Each line is one JSON object with :class:`~soravideo.VideoRequest` fields
    (``prompt``, ``model``, ``duration``, ``aspect_ratio``, ``quality``,
    ``image`` (a URL, ``data:`` URL or path), ``remix_of``, ``shots``
    (``[{"prompt", "duration"}]``), ``callback_url``, ``remove_watermark``,
    ``extra``) and an optional ``"id"``. Blank lines and lines starting with
    ``#`` are ignored.

    Never raises on content: every bad line (not UTF-8, invalid JSON, not an
    object, an unknown field, a value of the wrong type or one no provider
    accepts, a duplicate id) becomes a :class:`BadLine` with its 1-based line
    number and a message naming the field.

    Returns:
        ``(jobs, bad_lines)``, both in file order.

    Raises:
        OSError: the file cannot be read.
    """
    jobs: list[Job] = []
    bad: list[BadLine] = []
    first_line: dict[str, int] = {}
    with open(path, "rb") as handle:
        for number, raw in enumerate(handle, start=1):
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                shown = raw.decode("utf-8", "replace")
                bad.append(BadLine(number, _truncate(shown), f"not UTF-8 ({exc.reason})"))
                continue
            if number == 1:
                text = text.removeprefix("\ufeff")
            stripped = text.strip()
            if not stripped or stripped.startswith("#"):
                continue
            try:
                data = json.loads(stripped, parse_constant=_reject_constant)
            except (ValueError, RecursionError) as exc:  # RecursionError: nested too deep
                bad.append(BadLine(number, _truncate(text), f"invalid JSON: {exc}"))
                continue
            if not isinstance(data, dict):
                bad.append(
                    BadLine(number, _truncate(text), f"not a JSON object ({type(data).__name__})")
                )
                continue
            try:
                key, request = _parse_line(data, number)
            except ValueError as exc:
                bad.append(BadLine(number, _truncate(text), str(exc)))
                continue
            if key in first_line:
                bad.append(
                    BadLine(
                        number,
                        _truncate(text),
                        f"duplicate id {key!r} (first on line {first_line[key]})",
                    )
                )
                continue
            first_line[key] = number
            jobs.append(Job(number, key, request))
    return jobs, bad


def check_jobs(jobs: Sequence[Job], provider: str) -> tuple[list[Job], list[BadLine]]:
    """Split ``jobs`` into those ``provider`` accepts and those it does not.

    Runs the provider's own validation (allowed durations, models, modes,
    prompt length ...) exactly as ``create`` would, without sending anything.

    Returns:
        ``(accepted, bad_lines)``; each bad line's ``text`` is the job's key.

    Raises:
        ValueError: unknown provider.
    """
    from soravideo.adapters import get_adapter

    adapter = get_adapter(provider)
    accepted: list[Job] = []
    bad: list[BadLine] = []
    for job in jobs:
        try:
            adapter.create_call(job.request)
        except (ValueError, TypeError, OSError) as exc:
            bad.append(BadLine(job.line, job.key, str(exc)))
        else:
            accepted.append(job)
    return accepted, bad


def _fingerprint(request: VideoRequest) -> str:
    """A stable digest of what a request asks for (to notice an edited jobs file)."""

    def plain(value: Any) -> Any:
        if isinstance(value, bytes):
            return "base64:" + base64.b64encode(value).decode()
        if isinstance(value, os.PathLike):
            return os.fspath(value)
        if isinstance(value, Mapping):
            return {k: plain(v) for k, v in value.items()}
        if isinstance(value, tuple | list):
            return [plain(v) for v in value]
        if attrs.has(type(value)):
            return {f.name: plain(getattr(value, f.name)) for f in attrs.fields(type(value))}
        return value

    text = json.dumps(plain(request), sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


# -- journal ------------------------------------------------------------------------------


class JournalError(SoraVideoError):
    """The journal cannot be used for this run (in use, another batch, an edited job)."""


@attrs.frozen
class JournalEntry:
    """One job's row in the journal.

    Attributes:
        key: the job key.
        line: the job's line in the jobs file when it was journaled.
        provider: the provider key.
        state: one of :attr:`Journal.STATES`.
        task_id: the provider's task id once created, else None.
        path: the downloaded video, once downloaded.
        error: the last error seen for this job, if any.
        updated_at: Unix seconds of the last change.
    """

    key: str
    line: int
    provider: str
    state: State
    task_id: str | None
    path: str | None
    error: str | None
    updated_at: float


class Journal:
    """What happened to every job of a batch, in an SQLite file (stdlib ``sqlite3``, WAL).

    Every method commits before it returns (``synchronous=FULL``: the row
    survives a crash, a ``kill -9`` and a power cut). One process at a time:
    opening a journal another process holds raises :class:`JournalError`.
    Use from one thread (the batch's event loop).

    Schema (version 1)::

        meta(key TEXT PRIMARY KEY, value TEXT)        -- schema_version, provider
        jobs(key TEXT PRIMARY KEY, line INTEGER, provider TEXT, fingerprint TEXT,
             state TEXT CHECK (state IN STATES), task_id TEXT, path TEXT,
             error TEXT, created_at REAL, updated_at REAL)

    Args:
        path: the SQLite file; created (with its directory) if missing.

    Raises:
        JournalError: another process holds the journal, or the file is not a
            soravideo journal.
    """

    STATES: Final[tuple[State, ...]] = (
        "pending",
        "creating",
        "created",
        "completed",
        "failed",
        "downloaded",
        "may_exist",
    )
    SCHEMA_VERSION: Final = 1

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock_file = self._lock(self.path)
        try:
            self._db = sqlite3.connect(self.path, isolation_level=None)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=FULL")
            self._db.execute("PRAGMA busy_timeout=5000")
            self._create_schema()
        except sqlite3.DatabaseError as exc:
            self._unlock()
            raise JournalError(f"{self.path} is not a usable soravideo journal: {exc}") from exc

    # lifecycle ------------------------------------------------------------------------------
    @staticmethod
    def _lock(path: Path) -> Any:
        try:
            import fcntl
        except ImportError:  # pragma: no cover - not POSIX: no cross-process guard
            return None
        handle = open(path.with_name(path.name + ".lock"), "a")  # noqa: SIM115 - held open
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            handle.close()
            raise JournalError(
                f"journal {path} is in use by another soravideo batch process"
            ) from exc
        return handle

    def _unlock(self) -> None:
        if self._lock_file is not None:
            self._lock_file.close()
            self._lock_file = None

    def close(self) -> None:
        """Close the database and release the process lock (idempotent)."""
        db = getattr(self, "_db", None)
        if db is not None:
            db.close()
            self._db = None  # type: ignore[assignment]
        self._unlock()

    def __enter__(self) -> Journal:
        """Return the journal."""
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        """Close the journal."""
        self.close()

    def _create_schema(self) -> None:
        states = ", ".join(f"'{s}'" for s in self.STATES)
        with self._transaction():
            self._db.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT)")
            self._db.execute(
                f"""CREATE TABLE IF NOT EXISTS jobs (
                    key TEXT PRIMARY KEY,
                    line INTEGER NOT NULL,
                    provider TEXT NOT NULL,
                    fingerprint TEXT NOT NULL,
                    state TEXT NOT NULL CHECK (state IN ({states})),
                    task_id TEXT,
                    path TEXT,
                    error TEXT,
                    created_at REAL NOT NULL,
                    updated_at REAL NOT NULL
                )"""
            )
            self._db.execute(
                "INSERT OR IGNORE INTO meta VALUES ('schema_version', ?)",
                (str(self.SCHEMA_VERSION),),
            )
        version = self._meta("schema_version")
        if version != str(self.SCHEMA_VERSION):
            raise sqlite3.DatabaseError(f"unsupported journal schema version {version}")

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[None]:
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    def _meta(self, key: str) -> str | None:
        row = self._db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    # reading --------------------------------------------------------------------------------
    def get(self, key: str) -> JournalEntry | None:
        """The job's entry, or None if the journal does not know it."""
        row = self._db.execute(
            "SELECT key, line, provider, state, task_id, path, error, updated_at "
            "FROM jobs WHERE key = ?",
            (key,),
        ).fetchone()
        return None if row is None else JournalEntry(*row)

    def entries(self) -> list[JournalEntry]:
        """Every entry, in jobs-file line order."""
        rows = self._db.execute(
            "SELECT key, line, provider, state, task_id, path, error, updated_at "
            "FROM jobs ORDER BY line, key"
        ).fetchall()
        return [JournalEntry(*row) for row in rows]

    def counts(self) -> dict[State, int]:
        """How many jobs are in each state (every state present, 0 if none)."""
        found = dict(self._db.execute("SELECT state, COUNT(*) FROM jobs GROUP BY state"))
        return {state: int(found.get(state, 0)) for state in self.STATES}

    @property
    def provider(self) -> str | None:
        """The provider this journal's jobs were sent to, once it has any."""
        return self._meta("provider")

    # writing --------------------------------------------------------------------------------
    def begin(self, jobs: Sequence[Job], provider: str, *, resume: bool) -> list[str]:
        """Register a run's jobs; on resume, settle jobs a previous run left mid-create.

        New jobs are added as ``pending``. With ``resume``, every job found in
        ``creating`` (its create may have been sent; no id was recorded)
        becomes ``may_exist``: it is never sent again.

        Returns:
            The keys turned into ``may_exist`` by this call.

        Raises:
            JournalError: without ``resume``, the journal already holds jobs;
                with it, the journal belongs to another provider, or a job's
                request differs from what was journaled under its key.
        """
        known = self._meta("provider")
        count = self._db.execute("SELECT COUNT(*) FROM jobs").fetchone()[0]
        if count and not resume:
            raise JournalError(
                f"journal {self.path} already records {count} job(s) of an earlier run; "
                "pass --resume (resume=True) to continue it, or use another journal"
            )
        if known is not None and known != provider:
            raise JournalError(
                f"journal {self.path} belongs to a batch for {known}, not {provider}; "
                "use another journal"
            )
        fingerprints = dict(self._db.execute("SELECT key, fingerprint FROM jobs"))
        changed = [
            job.key
            for job in jobs
            if job.key in fingerprints and fingerprints[job.key] != _fingerprint(job.request)
        ]
        if changed:
            shown = ", ".join(changed[:10]) + (" ..." if len(changed) > 10 else "")
            raise JournalError(
                f"{len(changed)} job(s) differ from what the journal recorded under the same "
                f"id ({shown}); give changed requests new ids"
            )
        now = time.time()
        with self._transaction():
            self._db.execute("INSERT OR IGNORE INTO meta VALUES ('provider', ?)", (provider,))
            self._db.executemany(
                "INSERT OR IGNORE INTO jobs (key, line, provider, fingerprint, state, "
                "created_at, updated_at) VALUES (?, ?, ?, ?, 'pending', ?, ?)",
                [(j.key, j.line, provider, _fingerprint(j.request), now, now) for j in jobs],
            )
            stuck = [
                str(row[0])
                for row in self._db.execute("SELECT key FROM jobs WHERE state = 'creating'")
            ]
            self._db.execute(
                "UPDATE jobs SET state = 'may_exist', error = ?, updated_at = ? "
                "WHERE state = 'creating'",
                (
                    f"the previous run stopped while its create request was on the way: "
                    f"the task may exist at {provider} without a recorded id; it is not "
                    "sent again (check the provider's task list)",
                    now,
                ),
            )
        return stuck

    def _update(self, key: str, sql: str, params: tuple[Any, ...]) -> None:
        cursor = self._db.execute(
            f"UPDATE jobs SET {sql}, updated_at = ? WHERE key = ?", (*params, time.time(), key)
        )
        if cursor.rowcount != 1:
            raise KeyError(f"journal has no job {key!r}")

    def mark_creating(self, key: str) -> None:
        """Commit that the job's create request is about to be sent (call before sending)."""
        self._update(key, "state = 'creating', error = NULL", ())

    def record_created(self, key: str, task_id: str) -> None:
        """Commit the created task's id (call the moment the create answers)."""
        self._update(key, "state = 'created', task_id = ?, error = NULL", (task_id,))

    def record_completed(self, key: str) -> None:
        """The task completed; its video can be downloaded."""
        self._update(key, "state = 'completed', error = NULL", ())

    def record_downloaded(self, key: str, path: str | os.PathLike[str]) -> None:
        """The video is saved at ``path``."""
        self._update(key, "state = 'downloaded', path = ?, error = NULL", (os.fspath(path),))

    def record_failed(self, key: str, error: str) -> None:
        """The create was refused (nothing created) or the task failed/was cancelled."""
        self._update(key, "state = 'failed', error = ?", (error,))

    def record_may_exist(self, key: str, error: str) -> None:
        """The create may have reached the provider but no id came back."""
        self._update(key, "state = 'may_exist', error = ?", (error,))

    def record_error(self, key: str, error: str) -> None:
        """Note an error without changing the state (polling/download will be retried)."""
        self._update(key, "error = ?", (error,))


# -- rate limiting ------------------------------------------------------------------------


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


# -- running ------------------------------------------------------------------------------

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


@attrs.frozen
class JobResult:
    """What a batch run knows about one job at its end.

    Attributes:
        key, line: the job's identity.
        state: its journal state at the end of the run.
        task_id: the provider's task id, if one was recorded.
        path: the downloaded video, if any.
        error: the last error, if any.
        created_now: this run sent the create that made the task.
        skipped: the journal already had the job finished; nothing was sent for it.
    """

    key: str
    line: int
    state: State
    task_id: str | None
    path: Path | None
    error: str | None
    created_now: bool = False
    skipped: bool = False


@attrs.frozen
class BatchSummary:
    """The outcome of :func:`run_batch`.

    Counts are of jobs by their journal state at the end of the run, except
    ``created`` (creates this run sent that returned a task id) and
    ``skipped_bad_lines`` (lines the caller skipped; :func:`run_batch` sets 0,
    the CLI fills it in).

    Attributes:
        total: jobs in the batch.
        created: tasks created by this run.
        completed: jobs whose task completed (downloaded or not).
        failed: jobs that failed (refused create, or failed/cancelled task).
        downloaded: jobs whose video is saved.
        may_exist: jobs whose create may have reached the provider without an
            id coming back; never re-sent.
        skipped_bad_lines: bad lines skipped.
        requests: HTTP requests sent (with a client passed in: client calls).
        rate_limited: 429 answers seen.
        elapsed: seconds the run took.
        results: one :class:`JobResult` per job, in jobs order.
        unfinished: jobs still ``pending``/``created``/``completed``-not-downloaded
            (an error stopped them: ``--resume`` continues them).
    """

    total: int
    created: int
    completed: int
    failed: int
    downloaded: int
    may_exist: int
    skipped_bad_lines: int
    requests: int
    rate_limited: int
    elapsed: float
    results: tuple[JobResult, ...]
    unfinished: int = 0

    @property
    def ok(self) -> bool:
        """Every job finished (downloaded, or completed when not downloading)."""
        return self.failed == 0 and self.may_exist == 0 and self.unfinished == 0


def _safe_name(key: str) -> str:
    return "".join(c if c.isalnum() or c in "-_." else "_" for c in key)


class _Progress:
    """Rich progress bars on stderr (created / finished), or nothing."""

    def __init__(self, enabled: bool, total: int) -> None:
        self._bars: Any = None
        if not enabled:
            return
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

        self._bars = Progress(
            "[progress.description]{task.description}",
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=Console(file=sys.stderr),
            transient=False,
        )
        self._created = self._bars.add_task("created", total=total)
        self._finished = self._bars.add_task("finished", total=total)

    def __enter__(self) -> _Progress:
        if self._bars is not None:
            self._bars.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self._bars is not None:
            self._bars.stop()

    def created(self) -> None:
        if self._bars is not None:
            self._bars.advance(self._created)

    def finished(self) -> None:
        if self._bars is not None:
            self._bars.advance(self._finished)


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
