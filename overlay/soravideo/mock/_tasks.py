"""The mocks' provider-neutral task model: outcomes, lifecycle phases, snapshots."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Literal

Phase = Literal["queued", "running", "succeeded", "failed", "cancelled"]
"""Provider-neutral lifecycle phase; each provider renders it in its own words."""

Outcome = Literal[
    "success",
    "fail_content",
    "fail_generation",
    "fail_image",
    "fail_cancelled",
    "stall_queued",
    "stall_running",
]
"""How a task will end, decided at creation from trigger words in the request."""

TRIGGERS: dict[str, Outcome] = {
    "FAIL_CONTENT": "fail_content",
    "FAIL_GENERATION": "fail_generation",
    "FAIL_IMAGE": "fail_image",
    "FAIL_CANCELLED": "fail_cancelled",
    "STALL_QUEUED": "stall_queued",
    "STALL_RUNNING": "stall_running",
}
"""Trigger word (case-sensitive substring of any string in the create body) -> outcome."""

CREDITS_TRIGGER = "FAIL_CREDITS"
"""Trigger word that makes the create request itself fail for insufficient credits."""

FAIL_AFTER_SECONDS = 20.0
"""A failing task fails this many provider seconds after it left the queue."""


def outcome_for(body: Any) -> Outcome:
    """The outcome the trigger words in ``body`` ask for (``success`` when none)."""
    text = json.dumps(body, ensure_ascii=False)
    for word, outcome in TRIGGERS.items():
        if word in text:
            return outcome
    return "success"


def wants_no_credits(body: Any) -> bool:
    """Whether ``body`` contains the insufficient-credits trigger word."""
    return CREDITS_TRIGGER in json.dumps(body, ensure_ascii=False)


@dataclass
class MockTask:
    """One task in a mock's in-memory store.

    Attributes:
        id: the provider-style task id.
        operation_id: the operation that created it (``create_task`` or ``create_task_sync``).
        created_at: creation time on the app's clock (Unix seconds).
        body: the create request body as received.
        params: ``body`` with the spec's defaults filled in.
        base_url: base URL of the create request (result URLs are built on it).
        queue_seconds: provider seconds spent queued (before time scaling).
        total_seconds: provider seconds from creation to success (before time scaling).
        outcome: how the task ends.
        callback_url: where the finished task is delivered, if anywhere.
        cancelled_at: clock time of a successful cancel, or None.
        credits: credits charged at creation (freesoragenerator).
        refunded: whether ``credits`` were given back (failed freesoragenerator tasks).
        callback_state: ``none`` | ``pending`` | ``delivering`` | ``done``.
        extra: provider-specific values fixed at creation (e.g. ids of results).
    """

    id: str
    operation_id: str
    created_at: float
    body: Any
    params: Any
    base_url: str
    queue_seconds: float
    total_seconds: float
    outcome: Outcome
    callback_url: str | None = None
    cancelled_at: float | None = None
    credits: float = 0.0
    refunded: bool = False
    callback_state: str = "none"
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def video_url(self) -> str:
        """The URL the mock serves this task's MP4 at."""
        return f"{self.base_url}/_mock/videos/{self.id}.mp4"


@dataclass(frozen=True)
class Snapshot:
    """A task's state at one instant.

    Attributes:
        phase: the provider-neutral phase.
        progress: 0-100; rises while running; 100 once succeeded; the progress
            reached when a task failed or was cancelled.
        started_at: clock time the task left the queue, or None.
        completed_at: clock time it reached a terminal phase, or None.
        remaining: provider seconds until the nominal completion (0 when terminal).
    """

    phase: Phase
    progress: int
    started_at: float | None
    completed_at: float | None
    remaining: float

    @property
    def terminal(self) -> bool:
        """Whether the phase is final."""
        return self.phase in ("succeeded", "failed", "cancelled")


def snapshot(task: MockTask, now: float, time_scale: float) -> Snapshot:
    """Compute ``task``'s state at clock time ``now`` (lazy; nothing is stored)."""

    def at(provider_seconds: float) -> float:
        return task.created_at + provider_seconds / time_scale

    elapsed = max(0.0, (now - task.created_at) * time_scale)
    queue, total = task.queue_seconds, task.total_seconds
    if task.cancelled_at is not None:
        return Snapshot("cancelled", 0, None, task.cancelled_at, 0.0)
    if task.outcome == "stall_queued" or elapsed < queue:
        return Snapshot("queued", 0, None, None, max(0.0, total - elapsed))
    started = at(queue)
    span = max(total - queue, 1e-9)
    if task.outcome.startswith("fail_"):
        fail_at = min(queue + FAIL_AFTER_SECONDS, total)
        if elapsed >= fail_at:
            progress = _progress((fail_at - queue) / span)
            return Snapshot("failed", progress, started, at(fail_at), 0.0)
    elif task.outcome == "success" and elapsed >= total:
        return Snapshot("succeeded", 100, started, at(total), 0.0)
    progress = _progress((elapsed - queue) / span)
    return Snapshot("running", progress, started, None, max(0.0, total - elapsed))


def _progress(fraction: float) -> int:
    return max(1, min(99, int(1 + 98 * fraction)))


def iso(timestamp: float) -> str:
    """ISO 8601 UTC with milliseconds and ``Z``, e.g. ``2026-11-21T10:00:00.000Z``."""
    text = datetime.fromtimestamp(timestamp, UTC).isoformat(timespec="milliseconds")
    return text.replace("+00:00", "Z")
