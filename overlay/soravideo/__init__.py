"""soravideo: one typed interface over five Sora 2 video-generation providers.

>>> from soravideo import VideoClient, VideoRequest
>>> with VideoClient("evolink") as client:              # key from EVOLINK_API_KEY
...     task = client.generate(VideoRequest(prompt="A cat playing piano", duration=10))
...     client.download(task, "videos/")

The generated, spec-faithful clients are importable on their own as
``firebirdgen_client``, ``qingbo_client``, ``apixo_client``,
``freesoragenerator_client`` and ``evolink_client``.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from soravideo._client import AsyncVideoClient, VideoClient
from soravideo._logging import setup_logging as _setup_logging
from soravideo._types import PROVIDERS, Cost, Shot, Task, TaskError, TaskStatus, VideoRequest
from soravideo.errors import (
    APIConnectionError,
    APIError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    DestinationError,
    InsufficientCreditsError,
    NotFoundError,
    PermissionDeniedError,
    ProviderResponseError,
    RateLimitError,
    RequestValidationError,
    ServerError,
    SoraVideoError,
    TaskFailedError,
    UnsafeDownloadError,
    WaitTimeoutError,
)

if TYPE_CHECKING:
    from soravideo.adapters._base import Capabilities, Offer

__version__ = "0.2.0"

_LAZY = {"Capabilities": "soravideo.adapters._base", "Offer": "soravideo.adapters._base"}
"""Public names whose modules load on first use (they pull in the spec machinery)."""


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'soravideo' has no attribute {name!r}")


_setup_logging()


def _adapter(provider: str) -> Any:
    from soravideo.adapters import get_adapter

    return get_adapter(provider)


def _decode(provider: str, body: bytes | str | Mapping[str, Any]) -> tuple[Any, bytes]:
    if isinstance(body, Mapping):
        return dict(body), json.dumps(body).encode()
    # surrogatepass: a str with lone surrogates (never valid UTF-8) becomes bytes the
    # JSON decoder refuses with a ProviderResponseError, not a UnicodeEncodeError
    raw = body.encode("utf-8", "surrogatepass") if isinstance(body, str) else bytes(body)
    return _adapter(provider).load_json(raw), raw


def parse_task(provider: str, body: bytes | str | Mapping[str, Any]) -> Task:
    """Normalize any task-shaped body a provider sends, exactly as received (envelope included).

    Tried in order: a status-query answer, a create answer (the task as just
    created, usually ``QUEUED``), a webhook (callback) body. The first shape the
    provider's spec allows wins.

    Args:
        provider: one of :data:`PROVIDERS`.
        body: the raw bytes/str of the body, or the already-decoded JSON.

    Raises:
        RequestValidationError: unknown provider (also a ValueError).
        ProviderResponseError: not JSON, or none of those shapes; the error is the
            status-query one (``.body`` keeps the raw bytes, ``.path`` the JSON path).
        APIError: the body is an error envelope (apixo, freesoragenerator send
            errors with HTTP 200).
    """
    adapter = _adapter(provider)
    data, raw = _decode(provider, body)
    try:
        task: Task = adapter.parse_task(data, raw)
        return task
    except ProviderResponseError as as_status:
        other_shapes: tuple[Callable[[], Task], ...] = (
            lambda: adapter.parse_created(data, raw, 200),
            lambda: adapter.parse_callback(data, raw),
        )
        for parse in other_shapes:
            try:
                return parse()
            except APIError:
                raise
            except SoraVideoError:
                continue
        raise as_status


def parse_callback(provider: str, body: bytes, headers: Mapping[str, str] | None = None) -> Task:
    """Normalize a webhook request body that a provider POSTed to your ``callback_url``.

    The providers do not sign callbacks: confirm a callback by fetching the task
    (``VideoClient.get``) before acting on it; ``soravideo.callbacks`` does so.

    Raises:
        ProviderResponseError: not JSON, or not the provider's documented payload.
        SoraVideoError: the provider sends no callbacks (freesoragenerator).
    """
    del headers  # no provider documents a header that changes the payload
    data, raw = _decode(provider, body)
    task: Task = _adapter(provider).parse_callback(data, raw)
    return task


def capabilities(provider: str) -> Capabilities:
    """What ``provider`` offers (models, modes, durations, aspect ratios, qualities,
    prompt limits, callbacks, cancel), derived from its OpenAPI spec.

    Raises:
        RequestValidationError: unknown provider (also a ValueError).
    """
    caps: Capabilities = _adapter(provider).capabilities()
    return caps


__all__ = [
    "PROVIDERS",
    "APIConnectionError",
    "APIError",
    "APITimeoutError",
    "AsyncVideoClient",
    "AuthenticationError",
    "BadRequestError",
    "Capabilities",
    "Cost",
    "DestinationError",
    "InsufficientCreditsError",
    "NotFoundError",
    "Offer",
    "PermissionDeniedError",
    "ProviderResponseError",
    "RateLimitError",
    "RequestValidationError",
    "ServerError",
    "Shot",
    "SoraVideoError",
    "Task",
    "TaskError",
    "TaskFailedError",
    "TaskStatus",
    "UnsafeDownloadError",
    "VideoClient",
    "VideoRequest",
    "WaitTimeoutError",
    "__version__",
    "capabilities",
    "parse_callback",
    "parse_task",
]
