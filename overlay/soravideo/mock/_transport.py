"""httpx transports that run a mock app in process (sync and async)."""

from __future__ import annotations

import contextlib
import math
import threading
from collections.abc import Mapping
from typing import Any

import anyio
import httpx
from anyio.from_thread import BlockingPortal
from starlette.types import ASGIApp


def _read_timeout(request: httpx.Request) -> float | None:
    timeout: Any = request.extensions.get("timeout")
    if isinstance(timeout, Mapping):
        value = timeout.get("read")
        if isinstance(value, int | float) and math.isfinite(value):
            return float(value)
    return None


class AsyncMockTransport(httpx.ASGITransport):
    """``httpx.ASGITransport`` that also honours the request's read timeout.

    A request whose answer takes longer than ``timeout.read`` (e.g. the
    ``slow=<seconds>`` fault) raises ``httpx.ReadTimeout``, as over a network.
    Exceptions of the app (e.g. the ``drop`` fault's ``httpx.RemoteProtocolError``)
    propagate to the client.
    """

    def __init__(self, app: ASGIApp) -> None:
        """Run ``app`` for every request; the client's base URL host is free."""
        super().__init__(app=app, raise_app_exceptions=True)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        """Send ``request`` to the app; raise ``httpx.ReadTimeout`` past the read timeout."""
        limit = _read_timeout(request)
        if limit is None:
            return await super().handle_async_request(request)
        try:
            with anyio.fail_after(limit):
                response = await super().handle_async_request(request)
                await response.aread()
                return response
        except TimeoutError:
            raise httpx.ReadTimeout("mock: read timed out", request=request) from None


class SyncMockTransport(httpx.BaseTransport):
    """A sync httpx transport running an ASGI app on a private event loop thread.

    The loop (an anyio blocking portal) starts on the first request and lives until
    :meth:`close`; background work of the app (webhook deliveries) runs on it
    meanwhile. Responses are read completely before they are returned. The loop
    runs on a daemon thread, so a script that never closes its client still exits.
    """

    def __init__(self, app: ASGIApp) -> None:
        """Wrap ``app``."""
        self.app = app
        self._inner = AsyncMockTransport(app)
        self._lock = threading.Lock()
        self._portal: BlockingPortal | None = None
        self._thread: threading.Thread | None = None

    def _get_portal(self) -> BlockingPortal:
        with self._lock:
            if self._portal is None:
                self._portal, self._thread = _start_daemon_portal()
            return self._portal

    async def _send(self, request: httpx.Request) -> tuple[int, list[tuple[bytes, bytes]], bytes]:
        response = await self._inner.handle_async_request(request)
        try:
            content = await response.aread()
        finally:
            await response.aclose()
        return response.status_code, response.headers.raw, content

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        """Send ``request`` through the app and return the complete response.

        Raises:
            httpx.ReadTimeout: the app took longer than the request's read timeout.
            httpx.RemoteProtocolError: the app dropped the connection (fault ``drop``).
        """
        body = request.read()
        inner = httpx.Request(
            request.method,
            request.url,
            headers=request.headers,
            content=body,
            extensions=request.extensions,
        )
        try:
            status, headers, content = self._get_portal().call(self._send, inner)
        except httpx.TimeoutException as exc:
            raise type(exc)(str(exc), request=request) from None
        response = httpx.Response(status, headers=headers, content=content, request=request)
        return response

    def close(self) -> None:
        """Stop the app's background work and the event loop thread."""
        with self._lock:
            portal, thread = self._portal, self._thread
            self._portal = self._thread = None
        if portal is None or thread is None:
            return
        state = getattr(getattr(self.app, "state", None), "mock", None)
        if state is not None:
            with contextlib.suppress(Exception):  # best effort on shutdown
                portal.call(state.aclose)
        portal.call(portal.stop)
        thread.join(timeout=5)


def _start_daemon_portal() -> tuple[BlockingPortal, threading.Thread]:
    """An anyio blocking portal whose event loop runs on a daemon thread.

    ``anyio.from_thread.start_blocking_portal`` uses a non-daemon executor thread,
    which interpreter shutdown waits for: an unclosed client would hang the script.
    """
    ready = threading.Event()
    box: dict[str, BlockingPortal] = {}

    async def host() -> None:
        async with BlockingPortal() as portal:
            box["portal"] = portal
            ready.set()
            await portal.sleep_until_stopped()

    thread = threading.Thread(target=anyio.run, args=(host,), name="soravideo-mock", daemon=True)
    thread.start()
    ready.wait()
    return box["portal"], thread


def transport(app: ASGIApp) -> SyncMockTransport:
    """A sync ``httpx.BaseTransport`` that runs ``app`` in process.

    Use as ``httpx.Client(transport=transport(app), base_url="http://mock")``; close
    the client (or the transport) to stop the background event loop.
    """
    return SyncMockTransport(app)


def async_transport(app: ASGIApp) -> AsyncMockTransport:
    """An async ``httpx.AsyncBaseTransport`` that runs ``app`` in process."""
    return AsyncMockTransport(app)
