"""``soravideo mock --log``: one line per request (method, path, status, milliseconds)."""

from __future__ import annotations

import time
from typing import IO

from starlette.types import ASGIApp, Message, Receive, Scope, Send


def access_log(app: ASGIApp, stream: IO[str]) -> ASGIApp:
    """``app`` writing ``<METHOD> <path> <status> <ms> ms`` to ``stream`` after each request.

    The path is written without its query string, and no header is written, so
    the bearer key never reaches the log. A dropped connection (fault ``drop``)
    is logged with status ``-``.
    """

    async def logged(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await app(scope, receive, send)
            return
        started = time.perf_counter()
        status = "-"

        async def watch(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = str(message["status"])
            await send(message)

        try:
            await app(scope, receive, watch)
        finally:
            elapsed = (time.perf_counter() - started) * 1000
            stream.write(f"{scope['method']} {scope['path']} {status} {elapsed:.1f} ms\n")
            stream.flush()

    return logged
