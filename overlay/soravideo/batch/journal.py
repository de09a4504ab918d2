"""The batch journal: what happened to every job, in an SQLite file."""

from __future__ import annotations

import contextlib
import decimal
import os
import sqlite3
import threading
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from types import TracebackType
from typing import Any, Final, Literal

import anyio
import anyio.to_thread
import attrs

from soravideo.batch.jobs import Job, _fingerprint
from soravideo.errors import SoraVideoError

__all__ = ["JOURNAL_NAME", "GroupCommit", "Journal", "JournalEntry", "JournalError", "State"]

JOURNAL_NAME: Final = "soravideo-journal.sqlite3"
"""File name of the default journal, inside the output directory."""

State = Literal["pending", "creating", "created", "completed", "failed", "downloaded", "may_exist"]

APPLICATION_ID: Final = 0x53565631
"""``PRAGMA application_id`` of a soravideo journal (``"SVV1"``): tells it from any other
SQLite file (https://www.sqlite.org/pragma.html#pragma_application_id)."""

_SQLITE_HEADER: Final = b"SQLite format 3\x00"
_ERROR_LIMIT: Final = 4000
"""Longest error text kept per job, characters (a hostile answer may be huge)."""

_COLUMNS: Final = (
    "key, line, provider, state, task_id, path, error, updated_at, "
    "idempotency_key, sent_at, cost, cost_unit"
)
_REQUIRED: Final = {
    "meta": {"key", "value"},
    "jobs": {
        "key",
        "line",
        "provider",
        "fingerprint",
        "state",
        "task_id",
        "idempotency_key",
        "sent_at",
        "cost",
        "cost_unit",
        "path",
        "error",
        "created_at",
        "updated_at",
    },
}


class JournalError(SoraVideoError):
    """The journal cannot be used for this run.

    In use by another process; missing, empty, foreign, damaged or of an older
    schema when resuming; of another batch or provider; or a job was edited.
    Then nothing was sent. Or it could no longer be written during a run
    (disk full, I/O error): then ``during_run`` is True, the batch stopped, and
    the message names any task id created but not journaled.

    Attributes:
        during_run: raised by a running batch (requests were sent), not at its start.
    """

    during_run: bool = False


@attrs.frozen
class JournalEntry:
    """One job's row in the journal.

    Attributes:
        key: the job key.
        line: the job's line in the jobs file when it was journaled.
        provider: the provider key.
        state: one of :attr:`Journal.STATES`.
        task_id: the provider's task id once created, else None (kept exactly,
            even when it is not valid Unicode).
        path: the downloaded video, once downloaded.
        error: the last error seen for this job, if any.
        updated_at: Unix seconds of the last change.
        idempotency_key: the key sent with the job's create, committed before
            it was sent (None before the first create).
        sent_at: Unix seconds when the job's first create with that key was
            about to be sent.
        cost: the cost the provider last reported for the task, if any.
        cost_unit: the provider's unit for ``cost`` (e.g. ``"credits"``).
    """

    key: str
    line: int
    provider: str
    state: State
    task_id: str | None
    path: str | None
    error: str | None
    updated_at: float
    idempotency_key: str | None = None
    sent_at: float | None = None
    cost: decimal.Decimal | None = None
    cost_unit: str | None = None


def _text(value: str, limit: int = _ERROR_LIMIT) -> str:
    """``value`` made storable as SQLite TEXT: lone surrogates escaped, cut at ``limit``."""
    value = value.encode("utf-8", "backslashreplace").decode("utf-8")
    return value if len(value) <= limit else value[: limit - 1] + "…"


def _store_id(task_id: str) -> str | bytes:
    """A task id as stored: TEXT, or a BLOB of its UTF-8 (``surrogatepass``) when it
    is not valid Unicode, so that even a hostile id is kept exactly, never lost."""
    task_id = task_id if isinstance(task_id, str) else str(task_id)
    try:
        task_id.encode("utf-8")
    except UnicodeEncodeError:
        return task_id.encode("utf-8", "surrogatepass")
    return task_id


def _load_id(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bytes):
        return value.decode("utf-8", "surrogatepass")
    return str(value)


def _decimal(value: Any) -> decimal.Decimal | None:
    try:
        amount = decimal.Decimal(str(value))
    except (decimal.InvalidOperation, ValueError):
        return None
    return amount if value is not None and amount.is_finite() else None


def _entry(row: tuple[Any, ...]) -> JournalEntry:
    key, line, provider, state, task_id, path, error, updated, idem, sent, cost, unit = row
    return JournalEntry(
        key=str(key),
        line=int(line),
        provider=str(provider),
        state=state,
        task_id=_load_id(task_id),
        path=path,
        error=error,
        updated_at=float(updated),
        idempotency_key=idem,
        sent_at=None if sent is None else float(sent),
        cost=_decimal(cost),
        cost_unit=unit,
    )


class Journal:
    """What happened to every job of a batch, in an SQLite file (stdlib ``sqlite3``).

    Every method commits before it returns. Durability: rollback journal
    (``journal_mode=TRUNCATE``) with ``synchronous=FULL``, never WAL. In WAL mode
    a committed row lives in the ``-wal`` side file until a checkpoint copies
    it into the database; a user who deletes that file after a ``kill -9``
    silently loses committed task ids, and ``--resume`` would then create those
    jobs again. With a rollback journal, ``COMMIT`` returns only after the row
    is written and fsynced *into the database file itself*; the ``-journal``
    side file exists only while a transaction is being written and holds
    nothing committed. So a committed row survives a crash, a ``kill -9``, a
    power cut and the deletion of any side file. ``TRUNCATE`` rather than
    ``DELETE``: the same guarantee, but the side file is emptied at each
    commit instead of deleted and re-created (0.37 against 0.84 ms a commit
    measured here; WAL 0.07 ms); the empty file is removed on :meth:`close`.
    The cost is small next to an HTTP request.

    One process at a time: the lock is an ``flock`` on the database file itself
    (its inode, so a symlink or a second path to the same file is the same
    journal, and no ``.lock`` file is left behind). Opening a journal another
    process holds raises :class:`JournalError`. Use from one thread (the
    batch's event loop). Local file systems only (as SQLite itself advises).

    A soravideo journal is marked with ``PRAGMA application_id`` and
    ``PRAGMA user_version`` (the schema version); any other file is refused
    and never written to.

    Schema (version 2)::

        meta(key TEXT PRIMARY KEY, value TEXT)        -- provider
        jobs(key TEXT PRIMARY KEY, line INTEGER, provider TEXT, fingerprint TEXT,
             state TEXT CHECK (state IN STATES), task_id TEXT (or BLOB, see
             JournalEntry.task_id), idempotency_key TEXT, sent_at REAL,
             cost TEXT (a decimal), cost_unit TEXT, path TEXT, error TEXT,
             created_at REAL, updated_at REAL)

    Version 1 journals (soravideo 0.1: line-number ids, no idempotency keys)
    are refused with a message saying so: their job ids cannot be matched to
    this version's safely.

    Args:
        path: the SQLite file.
        create: create the journal (and its directory) if the file is missing
            or empty; with False (``--resume``) a missing or empty file is
            refused, so that a mistyped path never starts a batch over.

    Raises:
        JournalError: another process holds the journal; the file is missing
            or empty (``create=False``); it is not an SQLite file, is another
            application's SQLite file, lost its tables, or has an unsupported
            schema version.
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
    SCHEMA_VERSION: Final = 2

    def __init__(self, path: str | os.PathLike[str], *, create: bool = True) -> None:
        self.path = Path(path)
        self._db: sqlite3.Connection | None = None
        self._lock_fd: int | None = None
        real = Path(os.path.realpath(self.path))
        self.real_path = real  # symlinks resolved: what is locked and opened
        if not real.exists() and not create:
            raise JournalError(
                f"no journal at {self.path}: nothing to resume (check --journal and --out); "
                "nothing was sent"
            )
        if real.exists() and not real.is_file():
            raise JournalError(f"journal {self.path} is not a regular file")
        if not create and real.stat().st_size == 0:
            raise JournalError(
                f"journal {self.path} is empty (0 bytes): it records no batch to resume; "
                "nothing was sent"
            )
        try:
            if create:
                real.parent.mkdir(parents=True, exist_ok=True)
            self._lock_fd = self._lock(real, self.path)
        except OSError as exc:
            raise JournalError(
                f"cannot open journal {self.path}: {exc.strerror or exc}; nothing was sent"
            ) from exc
        try:
            self._check_header(real)
            # check_same_thread=False: GroupCommit commits from a worker thread, one
            # transaction at a time, while the event loop thread does not touch it
            self._db = sqlite3.connect(real, isolation_level=None, check_same_thread=False)
            # Never fail a read on a damaged byte: text comes back with U+FFFD instead.
            self._db.text_factory = lambda raw: raw.decode("utf-8", "replace")
            self._open_schema(create=create)
        except sqlite3.Error as exc:
            self.close()
            raise JournalError(
                f"{self.path} is not a usable soravideo journal ({exc}); nothing was sent"
            ) from exc
        except OSError as exc:
            self.close()
            raise JournalError(
                f"cannot read journal {self.path}: {exc.strerror or exc}; nothing was sent"
            ) from exc
        except BaseException:
            self.close()
            raise

    # lifecycle ------------------------------------------------------------------------------
    @staticmethod
    def _lock(real: Path, shown: Path) -> int | None:
        try:
            import fcntl
        except ImportError:  # pragma: no cover - not POSIX: no cross-process guard
            return None
        # The database file itself is locked (flock, independent of SQLite's own
        # fcntl byte-range locks on Linux). This descriptor stays open until after
        # SQLite's connection is closed: closing it earlier would drop SQLite's
        # POSIX locks (https://www.sqlite.org/howtocorrupt.html#_posix_advisory_locks_canceled_by_a_separate_thread_doing_close_).
        fd = os.open(real, os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            os.close(fd)
            raise JournalError(
                f"journal {shown} is in use by another soravideo batch process"
            ) from exc
        return fd

    def _check_header(self, real: Path) -> None:
        with open(real, "rb") as handle:
            head = handle.read(len(_SQLITE_HEADER))
        if head and head != _SQLITE_HEADER:
            raise JournalError(
                f"{self.path} is not an SQLite file, so not a soravideo journal; "
                "nothing was sent (check --journal)"
            )

    def close(self) -> None:
        """Close the database and release the process lock (idempotent)."""
        if self._db is not None:
            self._db.close()
            self._db = None
            side = self.real_path.with_name(self.real_path.name + "-journal")
            with contextlib.suppress(OSError):  # still locked: no transaction can be open
                if side.stat().st_size == 0:  # an empty rollback journal is never "hot"
                    side.unlink()
        if self._lock_fd is not None:
            os.close(self._lock_fd)
            self._lock_fd = None

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

    @property
    def db(self) -> sqlite3.Connection:
        """The open connection.

        Raises:
            JournalError: the journal is closed.
        """
        if self._db is None:
            raise JournalError(f"journal {self.path} is closed")
        return self._db

    def _tables(self) -> dict[str, set[str]]:
        names = [
            str(row[0])
            for row in self.db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        ]
        return {
            name: {str(col[1]) for col in self.db.execute(f'PRAGMA table_info("{name}")')}
            for name in names
        }

    def _open_schema(self, *, create: bool) -> None:
        db = self.db
        app_id = int(db.execute("PRAGMA application_id").fetchone()[0])
        version = int(db.execute("PRAGMA user_version").fetchone()[0])
        tables = self._tables()
        if app_id == 0 and not tables:
            if not create:
                raise JournalError(
                    f"journal {self.path} holds no soravideo journal (an empty SQLite file); "
                    "nothing to resume, nothing was sent"
                )
            self._configure()
            self._create_schema()
            return
        if app_id != APPLICATION_ID:
            old = tables.get("meta") == {"key", "value"} and "jobs" in tables
            if old and app_id == 0:
                raise JournalError(
                    f"journal {self.path} was written by soravideo 0.1 (schema 1), whose job "
                    "ids this version computes differently; finish that batch with soravideo "
                    "0.1, or start a new journal (--journal); nothing was sent"
                )
            raise JournalError(
                f"{self.path} is another application's SQLite file, not a soravideo journal; "
                "it was left untouched and nothing was sent (check --journal)"
            )
        if version != self.SCHEMA_VERSION:
            raise JournalError(
                f"journal {self.path} has schema version {version}; this soravideo reads "
                f"version {self.SCHEMA_VERSION}; nothing was sent"
            )
        for table, columns in _REQUIRED.items():
            missing = columns - tables.get(table, set())
            if table not in tables:
                raise JournalError(
                    f"journal {self.path} is damaged: its table {table!r} is missing; "
                    "it cannot say which jobs were paid for, so nothing was sent"
                )
            if missing:
                raise JournalError(
                    f"journal {self.path} is damaged: table {table!r} lacks "
                    f"{', '.join(sorted(missing))}; nothing was sent"
                )
        check = db.execute("PRAGMA quick_check").fetchone()[0]
        if check != "ok":
            raise JournalError(f"journal {self.path} is damaged ({check}); nothing was sent")
        self._configure()

    def _configure(self) -> None:
        # Why TRUNCATE + FULL and not WAL: see the class docstring (no committed row
        # may depend on a side file a user can delete).
        mode = self.db.execute("PRAGMA journal_mode=TRUNCATE").fetchone()[0]
        if str(mode).lower() != "truncate":
            raise JournalError(f"journal {self.path}: cannot leave journal mode {mode}")
        self.db.execute("PRAGMA synchronous=FULL")
        self.db.execute("PRAGMA busy_timeout=5000")

    def _create_schema(self) -> None:
        states = ", ".join(f"'{s}'" for s in self.STATES)
        with self._transaction():
            self.db.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)")
            self.db.execute(
                f"""CREATE TABLE jobs (
                    key TEXT PRIMARY KEY,
                    line INTEGER NOT NULL,
                    provider TEXT NOT NULL,
                    fingerprint TEXT NOT NULL,
                    state TEXT NOT NULL CHECK (state IN ({states})),
                    task_id TEXT,
                    idempotency_key TEXT,
                    sent_at REAL,
                    cost TEXT,
                    cost_unit TEXT,
                    path TEXT,
                    error TEXT,
                    created_at REAL NOT NULL,
                    updated_at REAL NOT NULL
                )"""
            )
            self.db.execute(f"PRAGMA application_id={APPLICATION_ID}")
            self.db.execute(f"PRAGMA user_version={self.SCHEMA_VERSION}")

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[None]:
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            with contextlib.suppress(sqlite3.Error):
                self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    def _meta(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    # reading --------------------------------------------------------------------------------
    def get(self, key: str) -> JournalEntry | None:
        """The job's entry, or None if the journal does not know it."""
        row = self.db.execute(f"SELECT {_COLUMNS} FROM jobs WHERE key = ?", (key,)).fetchone()
        return None if row is None else _entry(row)

    def entries(self) -> list[JournalEntry]:
        """Every entry, in jobs-file line order."""
        rows = self.db.execute(f"SELECT {_COLUMNS} FROM jobs ORDER BY line, key").fetchall()
        return [_entry(row) for row in rows]

    def counts(self) -> dict[State, int]:
        """How many jobs are in each state (every state present, 0 if none)."""
        found = dict(self.db.execute("SELECT state, COUNT(*) FROM jobs GROUP BY state"))
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
        becomes ``may_exist``: it is never sent again without its idempotency
        key (see :func:`~soravideo.batch.run_batch`).

        Returns:
            The keys turned into ``may_exist`` by this call.

        Raises:
            JournalError: without ``resume``, the journal already holds jobs;
                with it, the journal holds no jobs (nothing to resume), belongs
                to another provider, holds none of these jobs (another batch),
                or a job's request (an image file's content included) differs
                from what was journaled under its key.
        """
        known = self._meta("provider")
        count = int(self.db.execute("SELECT COUNT(*) FROM jobs").fetchone()[0])
        if count and not resume:
            raise JournalError(
                f"journal {self.path} already records {count} job(s) of an earlier run; "
                "pass --resume to continue it, or use another journal (--journal)"
            )
        if resume and not count:
            raise JournalError(
                f"journal {self.path} records no jobs: nothing to resume; "
                "run without --resume to start this batch"
            )
        if known is not None and known != provider:
            raise JournalError(
                f"journal {self.path} belongs to a batch for {known}, not {provider}; "
                "use another journal"
            )
        fingerprints = {
            str(k): str(f) for k, f in self.db.execute("SELECT key, fingerprint FROM jobs")
        }
        if resume and jobs and not any(job.key in fingerprints for job in jobs):
            raise JournalError(
                f"journal {self.path} records {count} job(s) of another batch and none of "
                f"these {len(jobs)}; check the jobs file and --journal; nothing was sent"
            )
        new = {job.key: _fingerprint(job.request) for job in jobs}
        changed = [key for key, f in new.items() if key in fingerprints and fingerprints[key] != f]
        if changed:
            shown = ", ".join(changed[:10]) + (" ..." if len(changed) > 10 else "")
            raise JournalError(
                f"{len(changed)} job(s) differ from what the journal recorded under the same "
                f"id ({shown}): the request or its image file changed; give changed requests "
                "new ids (or restore them)"
            )
        now = time.time()
        with self._transaction():
            self.db.execute("INSERT OR IGNORE INTO meta VALUES ('provider', ?)", (provider,))
            self.db.executemany(
                "INSERT OR IGNORE INTO jobs (key, line, provider, fingerprint, state, "
                "created_at, updated_at) VALUES (?, ?, ?, ?, 'pending', ?, ?)",
                [(j.key, j.line, provider, new[j.key], now, now) for j in jobs],
            )
            stuck = [
                str(row[0])
                for row in self.db.execute("SELECT key FROM jobs WHERE state = 'creating'")
            ]
            self.db.execute(
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
        try:
            cursor = self.db.execute(
                f"UPDATE jobs SET {sql}, updated_at = ? WHERE key = ?", (*params, time.time(), key)
            )
        except sqlite3.Error as exc:  # disk full, I/O error ...: the batch must stop
            raise JournalError(f"journal {self.path} cannot be written: {exc}") from exc
        if cursor.rowcount != 1:
            raise KeyError(f"journal has no job {key!r}")

    def mark_creating(self, key: str, idempotency_key: str | None = None) -> None:
        """Commit that the job's create request is about to be sent (call before sending).

        ``idempotency_key``: the key the create will carry; the first key
        committed for a job is kept (a re-sent create reuses it), and so is the
        time it was first about to be sent (``sent_at``).
        """
        self._update(
            key,
            "state = 'creating', error = NULL, "
            "idempotency_key = COALESCE(idempotency_key, ?), "
            "sent_at = CASE WHEN ? IS NULL THEN sent_at ELSE COALESCE(sent_at, ?) END",
            (idempotency_key, idempotency_key, time.time()),
        )

    def record_created(self, key: str, task_id: str) -> None:
        """Commit the created task's id (call the moment the create answers).

        The id is kept exactly, whatever it holds (see :attr:`JournalEntry.task_id`).
        """
        self._update(key, "state = 'created', task_id = ?, error = NULL", (_store_id(task_id),))

    def record_completed(self, key: str) -> None:
        """The task completed; its video can be downloaded."""
        self._update(key, "state = 'completed', error = NULL", ())

    def record_downloaded(self, key: str, path: str | os.PathLike[str]) -> None:
        """The video is saved at ``path``."""
        self._update(key, "state = 'downloaded', path = ?, error = NULL", (_text(os.fspath(path)),))

    def record_failed(self, key: str, error: str) -> None:
        """The create was refused (nothing created) or the task failed/was cancelled."""
        self._update(key, "state = 'failed', error = ?", (_text(error),))

    def record_may_exist(self, key: str, error: str) -> None:
        """The create may have reached the provider but no id came back."""
        self._update(key, "state = 'may_exist', error = ?", (_text(error),))

    def record_not_sent(self, key: str, error: str) -> None:
        """The create certainly never left this machine: the job is ``pending`` again.

        Its idempotency key, if any, is kept for the next attempt.
        """
        self._update(key, "state = 'pending', error = ?", (_text(error),))

    def record_error(self, key: str, error: str) -> None:
        """Note an error without changing the state (polling/download will be retried)."""
        self._update(key, "error = ?", (_text(error),))

    def record_cost(self, key: str, amount: decimal.Decimal, unit: str) -> None:
        """The cost the provider reported for the job's task, in its own ``unit``."""
        self._update(key, "cost = ?, cost_unit = ?", (str(amount), _text(unit, 64)))


class GroupCommit:
    """Journal writes of concurrent jobs, committed together, off the event loop.

    ``await write("record_created", key, task_id)`` returns once the write is
    committed (the money rule's "committed before" holds exactly as with a
    direct call). Writes queued while a commit is running go into the next
    commit: one transaction, so one set of fsyncs, for all of them, and the
    event loop keeps running during the fsyncs (with ``synchronous=FULL`` an
    fsync can take tens of milliseconds on a busy disk). Each write is
    shielded from cancellation: once asked for, it is committed.

    Raises (from :meth:`write`):
        JournalError: the journal could not be written.
        KeyError: the journal has no such job.
    """

    def __init__(self, journal: Journal) -> None:
        self.journal = journal
        self._queue: list[tuple[str, tuple[Any, ...], list[BaseException | None], anyio.Event]] = []
        self._running = False
        self._lock = threading.Lock()
        self.commits = 0
        """Transactions committed (fewer than writes when writes were grouped)."""

    async def write(self, method: str, *args: Any) -> None:
        """Call ``Journal.<method>(*args)`` inside the next group commit; wait for it."""
        done = anyio.Event()
        outcome: list[BaseException | None] = [None]
        self._queue.append((method, args, outcome, done))
        with anyio.CancelScope(shield=True):
            if self._running:
                await done.wait()
            else:
                self._running = True
                try:
                    while self._queue:
                        batch, self._queue = self._queue, []
                        try:
                            await anyio.to_thread.run_sync(self._commit, batch)
                        finally:
                            for *_, event in batch:
                                event.set()
                finally:
                    self._running = False
                    for _, _, left, event in self._queue:  # only if the leader broke
                        left[0] = JournalError(f"journal {self.journal.path}: write abandoned")
                        event.set()
                    self._queue = []
        if outcome[0] is not None:
            raise outcome[0]

    def _commit(
        self, batch: list[tuple[str, tuple[Any, ...], list[BaseException | None], anyio.Event]]
    ) -> None:
        with self._lock:
            try:
                with self.journal._transaction():
                    for method, args, outcome, _ in batch:
                        try:
                            getattr(self.journal, method)(*args)
                        except KeyError as exc:  # that row only; the others stand
                            outcome[0] = exc
                self.commits += 1
            except Exception as exc:
                error = (
                    exc
                    if isinstance(exc, JournalError)
                    else JournalError(f"journal {self.journal.path} cannot be written: {exc}")
                )
                for _, _, outcome, _ in batch:
                    outcome[0] = error
