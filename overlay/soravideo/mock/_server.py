"""Serving a mock app over real HTTP with uvicorn."""

from __future__ import annotations

import socket
import threading
from collections.abc import Callable
from types import TracebackType
from typing import IO, Any

import uvicorn
from starlette.applications import Starlette
from starlette.types import ASGIApp, Receive, Scope, Send

from soravideo.mock._accesslog import access_log
from soravideo.mock._app import create_app
from soravideo.mock._faults import DroppedConnection


def _quiet_drops(app: ASGIApp) -> ASGIApp:
    """Let uvicorn close the connection on the ``drop`` fault without a traceback."""

    async def wrapped(scope: Scope, receive: Receive, send: Send) -> None:
        try:
            await app(scope, receive, send)
        except DroppedConnection:
            return  # response started, not completed: uvicorn closes the connection

    return wrapped


def _bind(host: str, port: int) -> socket.socket:
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    family, socktype, proto, _, address = infos[0]
    sock = socket.socket(family, socktype, proto)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(address)
    sock.set_inheritable(True)
    return sock


def _base_url(sock: socket.socket) -> str:
    host, port = sock.getsockname()[:2]
    if ":" in host:
        host = f"[{host}]"
    return f"http://{host}:{port}"


class _Server(uvicorn.Server):
    def __init__(self, config: uvicorn.Config, on_started: Callable[[], None]) -> None:
        super().__init__(config)
        self._on_started = on_started

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        await super().startup(sockets=sockets)
        if not self.should_exit:
            self._on_started()


class MockServer:
    """A mock app served by uvicorn on a background thread (for tests and tools).

    ``with MockServer(create_app("evolink")) as server: ... server.base_url ...``

    Attributes:
        app: the served app (its state is ``app.state.mock``).
        base_url: ``http://host:port`` once started (the real port when 0 was asked).
    """

    def __init__(self, app: Starlette, *, host: str = "127.0.0.1", port: int = 0) -> None:
        """Prepare to serve ``app`` on ``host``:``port`` (0: a free port)."""
        self.app = app
        self.host = host
        self.port = port
        self.base_url = ""
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None
        self._started = threading.Event()

    def start(self, timeout: float = 10.0) -> str:
        """Start serving; return the base URL.

        Raises:
            OSError: the address cannot be bound.
            RuntimeError: the server did not start within ``timeout`` seconds.
        """
        sock = _bind(self.host, self.port)
        self.base_url = _base_url(sock)
        config = uvicorn.Config(
            _quiet_drops(self.app), log_level="warning", lifespan="off", access_log=False
        )
        self._server = _Server(config, self._started.set)
        self._thread = threading.Thread(
            target=self._server.run, kwargs={"sockets": [sock]}, daemon=True
        )
        self._thread.start()
        if not self._started.wait(timeout):
            self.stop()
            raise RuntimeError("mock server did not start")
        return self.base_url

    def stop(self, timeout: float = 10.0) -> None:
        """Ask uvicorn to exit and wait for its thread."""
        if self._server is not None:
            self._server.should_exit = True
        if self._thread is not None:
            self._thread.join(timeout)
        self._server = None
        self._thread = None

    def __enter__(self) -> MockServer:
        """Start the server."""
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        """Stop the server."""
        self.stop()


def serve(
    provider: str,
    *,
    host: str = "127.0.0.1",
    port: int = 0,
    api_key: str = "test-key",
    time_scale: float = 1.0,
    ready: Callable[[str], None] | None = None,
    log: IO[str] | None = None,
    **app_options: Any,
) -> None:
    """Serve ``provider``'s mock with uvicorn on ``host``:``port`` until stopped (Ctrl-C).

    Args:
        provider: one of :data:`soravideo.PROVIDERS`.
        host: interface to listen on (loopback by default).
        port: TCP port; 0 picks a free one.
        api_key: the only accepted bearer token.
        time_scale: speed-up factor for task durations.
        ready: called once with the base URL (``http://127.0.0.1:<real port>``)
            when the server is listening.
        log: write one line per request there (method, path, status,
            milliseconds; ``soravideo mock --log`` passes stderr).
        app_options: further keyword arguments of :func:`create_app`.

    Raises:
        ValueError: unknown provider or bad option (from :func:`create_app`).
        OSError: the address cannot be bound.
    """
    app = create_app(provider, api_key=api_key, time_scale=time_scale, **app_options)
    sock = _bind(host, port)
    base_url = _base_url(sock)

    def started() -> None:
        if ready is not None:
            ready(base_url)

    served: ASGIApp = _quiet_drops(app)
    if log is not None:
        served = access_log(served, log)
    config = uvicorn.Config(served, log_level="warning", lifespan="off", access_log=False)
    _Server(config, started).run(sockets=[sock])
