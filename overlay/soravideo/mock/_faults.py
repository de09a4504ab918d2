"""Fault injection: the ``X-Mock-Fault`` header grammar and the programmatic queue."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Literal

import httpx

FAULT_HEADER = "X-Mock-Fault"
"""Request header that switches a fault on for that one request."""

AFTER_SUFFIX = "-after-create"

FaultKind = Literal["status", "slow", "malformed", "drop"]


class DroppedConnection(httpx.RemoteProtocolError):
    """Raised by the app for the ``drop`` fault.

    In process (``transport(app)`` / ``async_transport(app)`` / ``httpx.ASGITransport``)
    it reaches the client as an ``httpx.RemoteProtocolError``; under uvicorn the
    response has been started, so uvicorn closes the connection mid-answer and the
    client sees the peer close the connection.
    """


@dataclass(frozen=True)
class Fault:
    """One parsed fault.

    Attributes:
        kind: ``status`` (answer ``status`` in the provider's error envelope),
            ``slow`` (sleep ``seconds`` of real time, then answer normally),
            ``malformed`` (HTTP 200 with a body that is not valid JSON) or ``drop``
            (close the connection without a complete answer).
        status: HTTP status for ``kind == "status"`` (429 or 500-599).
        retry_after: ``Retry-After`` seconds sent with a 429.
        seconds: delay for ``slow``, in real seconds (not time-scaled).
        after: the operation runs first (a create really creates the task) and its
            answer is then replaced by the fault (``<fault>-after-create``).
    """

    kind: FaultKind
    status: int = 0
    retry_after: int = 1
    seconds: float = 0.0
    after: bool = False


def parse_faults(value: str) -> list[Fault]:
    """Parse an ``X-Mock-Fault`` value: comma-separated faults, applied in order.

    Values: ``500``, ``503`` (any 500-599), ``429`` or ``429=<retry-after seconds>``,
    ``slow=<seconds>``, ``malformed``, ``drop``; ``500``/``503``/``malformed``/``drop``
    may carry the suffix ``-after-create`` (e.g. ``500-after-create``).

    Raises:
        ValueError: an unknown or malformed fault.
    """
    faults: list[Fault] = []
    for raw in value.split(","):
        item = raw.strip().lower()
        if not item:
            continue
        after = item.endswith(AFTER_SUFFIX)
        if after:
            item = item[: -len(AFTER_SUFFIX)]
        fault: Fault
        if item.isdigit() and 500 <= int(item) <= 599:
            fault = Fault("status", status=int(item), after=after)
        elif item == "429" or item.startswith("429="):
            retry = item.partition("=")[2] or "1"
            if not retry.isdigit():
                raise ValueError(f"bad Retry-After in fault {raw.strip()!r}")
            fault = Fault("status", status=429, retry_after=int(retry))
        elif item.startswith("slow="):
            try:
                seconds = float(item.partition("=")[2])
            except ValueError:
                raise ValueError(f"bad delay in fault {raw.strip()!r}") from None
            if not seconds >= 0:
                raise ValueError(f"bad delay in fault {raw.strip()!r}")
            fault = Fault("slow", seconds=seconds)
        elif item == "malformed":
            fault = Fault("malformed", after=after)
        elif item == "drop":
            fault = Fault("drop", after=after)
        else:
            raise ValueError(f"unknown fault {raw.strip()!r}")
        if after and fault.kind not in ("status", "malformed", "drop"):
            raise ValueError(f"fault {raw.strip()!r} cannot be applied after the operation")
        if after and fault.status == 429:
            raise ValueError(f"fault {raw.strip()!r} cannot be applied after the operation")
        faults.append(fault)
    return faults


@dataclass
class _Entry:
    faults: list[Fault]
    left: int


class FaultQueue:
    """Faults injected programmatically, per operation id (thread-safe)."""

    def __init__(self) -> None:
        """An empty queue."""
        self._lock = threading.Lock()
        self._queue: dict[str, list[_Entry]] = {}

    def add(self, operation_id: str, faults: list[Fault], times: int) -> None:
        """Apply ``faults`` to the next ``times`` requests of ``operation_id``."""
        with self._lock:
            self._queue.setdefault(operation_id, []).append(_Entry(list(faults), times))

    def take(self, operation_id: str) -> list[Fault]:
        """The faults for one request of ``operation_id`` (or ``"*"``), consuming one use."""
        with self._lock:
            for key in (operation_id, "*"):
                entries = self._queue.get(key)
                if not entries:
                    continue
                entry = entries[0]
                entry.left -= 1
                if entry.left <= 0:
                    entries.pop(0)
                return entry.faults
        return []

    def clear(self) -> None:
        """Forget every pending fault."""
        with self._lock:
            self._queue.clear()
