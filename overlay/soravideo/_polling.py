"""When to poll next: an adaptive schedule from the providers' hints.

A fixed 1 s poller wastes requests on jobs that take minutes; the docs' advice
(apixo: wait 180 s, then every 10 s) detects a 60 s job two minutes late. This
schedule starts quickly, grows geometrically, and never waits longer than
``max_interval`` between polls, so a finished task is seen within
``max_interval`` seconds of finishing. In between it uses what the provider
says about the task:

- an estimate of the remaining time (firebirdgen ``estimatedTime``, evolink
  ``task_info.estimated_time``): sleep through most of it, capped;
- progress (0-100) rising over time: extrapolate the finish, capped;
- ``Retry-After`` on a 429: honoured exactly (the caller passes it).
"""

from __future__ import annotations

import attrs

from soravideo._types import Task

DEFAULT_INITIAL = 2.0
"""First wait, seconds."""
DEFAULT_GROWTH = 1.5
DEFAULT_MAX_INTERVAL = 10.0
"""Longest wait between two polls, seconds: the worst-case detection delay."""
MIN_INTERVAL = 1.0


@attrs.define
class PollSchedule:
    """Stateful schedule for one task: call :meth:`next_delay` after each poll.

    Attributes:
        fixed: a user-given ``poll_interval`` (seconds); overrides everything.
        initial: the first delay (seconds).
        max_interval: the cap (seconds); bounds the completion-detection delay.
    """

    fixed: float | None = None
    initial: float = DEFAULT_INITIAL
    growth: float = DEFAULT_GROWTH
    max_interval: float = DEFAULT_MAX_INTERVAL
    _current: float | None = None
    _first_progress: tuple[float, int] | None = None

    def next_delay(self, task: Task | None, elapsed: float) -> float:
        """Seconds to sleep before the next poll.

        Args:
            task: the task as last seen (None before the first answer).
            elapsed: seconds since the wait started (for progress extrapolation).
        """
        if self.fixed is not None:
            return self.fixed
        self._current = (
            self.initial
            if self._current is None
            else min(self._current * self.growth, self.max_interval)
        )
        delay = self._current
        hint = self._hint(task, elapsed)
        if hint is not None:
            delay = max(delay, hint)
        return max(MIN_INTERVAL, min(delay, self.max_interval))

    def _hint(self, task: Task | None, elapsed: float) -> float | None:
        if task is None:
            return None
        if task.estimated_seconds is not None and task.estimated_seconds > 0:
            return float(task.estimated_seconds) * 0.8
        if task.progress is not None and 0 < task.progress < 100:
            if self._first_progress is None:
                self._first_progress = (elapsed, task.progress)
                return None
            t0, p0 = self._first_progress
            if task.progress > p0 and elapsed > t0:
                rate = (task.progress - p0) / (elapsed - t0)
                return (100 - task.progress) / rate * 0.5
        return None
