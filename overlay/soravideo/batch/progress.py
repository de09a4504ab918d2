"""Progress bars of a running batch (created / finished), on stderr."""

from __future__ import annotations

import sys
from typing import Any

__all__: list[str] = []


class _Progress:
    """Rich progress bars on stderr (created / finished), or nothing."""

    def __init__(
        self, enabled: bool, total: int, *, created: int = 0, finished: int = 0, console: Any = None
    ) -> None:
        """Bars for ``total`` jobs, starting at the counts a resumed journal already has."""
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
            console=console or Console(file=sys.stderr),
            transient=False,
        )
        self._created = self._bars.add_task("created", total=total, completed=created)
        self._finished = self._bars.add_task("finished", total=total, completed=finished)

    def counts(self) -> tuple[int, int]:
        """``(created, finished)`` as the bars show them (``(0, 0)`` when disabled)."""
        if self._bars is None:
            return 0, 0
        tasks = {t.id: t for t in self._bars.tasks}
        return int(tasks[self._created].completed), int(tasks[self._finished].completed)

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
