"""Receive provider webhooks safely: a small ASGI app.

None of the five providers signs its callbacks, so a callback body is only a
hint: :func:`callback_app` parses it, confirms it by fetching the task from the
provider with your key (``AsyncVideoClient.get``), and only then hands the
confirmed :class:`~soravideo.Task` to your handler. Forged or stale callbacks
therefore never reach your code with data the provider did not confirm.

Answers: 200 once the task is confirmed (the handler then runs in the
background, so slow handlers do not trip the providers' timeouts: apixo waits
30 s, evolink 10 s); 400 for a body that is not the provider's payload; 413 over
``max_body_bytes``; 405 for other methods; 503 when the confirmation fetch
failed, so the provider retries (apixo and evolink retry 3 times).

Example (uvicorn)::

    from soravideo import AsyncVideoClient
    from soravideo.callbacks import callback_app

    async def on_task(task):
        print(task.id, task.status, task.video_urls)

    app = callback_app(AsyncVideoClient("evolink"), on_task)
    # uvicorn module:app --port 8000
"""

from __future__ import annotations

import inspect
import logging
from collections.abc import Awaitable, Callable

from starlette.applications import Starlette
from starlette.background import BackgroundTask
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from soravideo import _spec, parse_callback
from soravideo._client import AsyncVideoClient
from soravideo._types import Task
from soravideo.errors import ProviderResponseError, RequestValidationError, SoraVideoError

logger = logging.getLogger("soravideo.callbacks")

DEFAULT_MAX_BODY_BYTES = 1 << 20
"""1 MiB: far above any documented payload (a few KB)."""

Handler = Callable[[Task], Awaitable[None] | None]


def sends_callbacks(provider: str) -> bool:
    """Whether the provider's spec documents webhooks (``callbacks`` on create)."""
    return bool(_spec.operation(provider, "create_task")[2].get("callbacks"))


def callback_app(
    client: AsyncVideoClient,
    handler: Handler,
    *,
    path: str = "/",
    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES,
    confirm: bool = True,
) -> Starlette:
    """An ASGI app that receives ``client.provider``'s callbacks at ``path``.

    Args:
        client: used to confirm each callback by fetching the task.
        handler: called (sync or async) with the confirmed Task.
        path: the route the app answers on.
        max_body_bytes: larger bodies are refused with 413 before parsing.
        confirm: fetch the task before calling ``handler`` (default, and strongly
            advised: callbacks are not signed). With False, the parsed callback
            is handed over as is.

    Raises:
        RequestValidationError: the provider sends no callbacks (freesoragenerator).
    """
    provider = client.provider
    if not sends_callbacks(provider):
        raise RequestValidationError(
            f"{provider} documents no callbacks; poll with wait() instead",
            provider=provider,
            field="callback_url",
        )

    async def run_handler(task: Task) -> None:
        try:
            result = handler(task)
            if inspect.isawaitable(result):
                await result
        except Exception:
            logger.exception("callback handler failed for %s task %s", provider, task.id)

    async def receive(request: Request) -> JSONResponse:
        declared = request.headers.get("content-length")
        if declared is not None and declared.isdigit() and int(declared) > max_body_bytes:
            return JSONResponse({"error": "body too large"}, status_code=413)
        body = bytearray()
        async for chunk in request.stream():
            body.extend(chunk)
            if len(body) > max_body_bytes:
                return JSONResponse({"error": "body too large"}, status_code=413)
        try:
            hinted = parse_callback(provider, bytes(body), dict(request.headers))
        except (ProviderResponseError, RequestValidationError) as exc:
            logger.warning("rejected %s callback: %s", provider, exc)
            return JSONResponse({"error": "not a valid callback payload"}, status_code=400)
        task = hinted
        if confirm:
            try:
                task = await client.get(hinted.id)
            except SoraVideoError as exc:
                logger.warning("could not confirm %s task %s: %s", provider, hinted.id, exc)
                return JSONResponse({"error": "could not confirm the task"}, status_code=503)
        return JSONResponse(
            {"received": task.id, "status": task.status.value},
            background=BackgroundTask(run_handler, task),
        )

    return Starlette(routes=[Route(path, receive, methods=["POST"])])
