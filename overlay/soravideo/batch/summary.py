"""The outcome of a batch run: one :class:`JobResult` per job and the :class:`BatchSummary`."""

from __future__ import annotations

from pathlib import Path

import attrs

from soravideo.batch.journal import State

__all__ = ["BatchSummary", "JobResult"]


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
