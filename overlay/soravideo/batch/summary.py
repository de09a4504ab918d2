"""The outcome of a batch run: one :class:`JobResult` per job and the :class:`BatchSummary`."""

from __future__ import annotations

import decimal
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import attrs

from soravideo.batch.journal import JournalEntry, State

__all__ = ["BatchSummary", "JobResult", "cost_of", "total_costs"]


def cost_of(task: Any) -> tuple[decimal.Decimal, str] | None:
    """``(amount, unit)`` of a task's reported cost (``Task.cost``), or None.

    The one place the batch reads a task's cost: None when the task has no
    ``cost`` attribute (a soravideo without cost reporting), no cost, or an
    amount that is not a finite :class:`~decimal.Decimal` with a string unit.
    """
    cost = getattr(task, "cost", None)
    amount = getattr(cost, "amount", None)
    unit = getattr(cost, "unit", None)
    if not isinstance(amount, decimal.Decimal) or not amount.is_finite():
        return None
    if not isinstance(unit, str) or not unit:
        return None
    return amount, unit


def total_costs(entries: Iterable[JournalEntry]) -> dict[str, decimal.Decimal]:
    """The journaled costs of ``entries``, summed per unit (units sorted by name)."""
    totals: dict[str, decimal.Decimal] = {}
    for entry in entries:
        if entry.cost is not None and entry.cost_unit:
            totals[entry.cost_unit] = totals.get(entry.cost_unit, decimal.Decimal(0)) + entry.cost
    return dict(sorted(totals.items()))


@attrs.frozen
class JobResult:
    """What a batch run knows about one job at its end.

    Attributes:
        key, line: the job's identity.
        state: its journal state at the end of the run.
        task_id: the provider's task id, if one was recorded.
        path: the downloaded video, if any.
        cost: ``(amount, unit)`` the provider last reported for the task, if any.
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
    cost: tuple[decimal.Decimal, str] | None = None


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
        costs: the total cost the provider reported for this batch's tasks
            (this run's and earlier runs'), per unit, e.g. ``{"credits":
            Decimal("12.5")}``; empty when the provider reports none.
        resolved: ``may_exist`` jobs this run settled by re-sending their create
            with the stored idempotency key (counted in ``created`` too).
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
    costs: Mapping[str, decimal.Decimal] = attrs.field(factory=dict)
    resolved: int = 0

    @property
    def ok(self) -> bool:
        """Every job finished (downloaded, or completed when not downloading)."""
        return self.failed == 0 and self.may_exist == 0 and self.unfinished == 0
