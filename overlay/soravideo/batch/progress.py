"""Progress bars of a running batch (created / finished), on stderr."""

from __future__ import annotations

import sys
from typing import Any

__all__: list[str] = []


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
