"""The batch journal: what happened to every job, in an SQLite file."""

from __future__ import annotations

import contextlib
import os
import sqlite3
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from types import TracebackType
from typing import Any, Final, Literal

import attrs

from soravideo.batch.jobs import Job, _fingerprint
from soravideo.errors import SoraVideoError

__all__ = ["JOURNAL_NAME", "Journal", "JournalEntry", "JournalError", "State"]

JOURNAL_NAME: Final = "soravideo-journal.sqlite3"
"""File name of the default journal, inside the output directory."""

State = Literal["pending", "creating", "created", "completed", "failed", "downloaded", "may_exist"]


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
