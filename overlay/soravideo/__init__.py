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
from collections.abc import Mapping
from typing import Any

from soravideo._client import AsyncVideoClient, VideoClient
from soravideo._types import PROVIDERS, Cost, Shot, Task, TaskError, TaskStatus, VideoRequest
from soravideo.adapters._base import Capabilities, Offer
from soravideo.errors import (
    APIConnectionError,
    APIError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    InsufficientCreditsError,
    NotFoundError,
    PermissionDeniedError,
    ProviderResponseError,
    RateLimitError,
    RequestValidationError,
    ServerError,
    SoraVideoError,
    TaskFailedError,
    WaitTimeoutError,
)

__version__ = "0.1.0"


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
    """Normalize a status-query response body exactly as received (envelope included).

    Args:
        provider: one of :data:`PROVIDERS`.
        body: the raw bytes/str of the response, or the already-decoded JSON.

    Raises:
        ValueError: unknown provider.
        ProviderResponseError: not JSON, or not what the provider's spec allows
            (``.body`` keeps the raw bytes, ``.path`` the JSON path).
        APIError: the body is an error envelope (apixo, freesoragenerator send
            errors with HTTP 200).
    """
    data, raw = _decode(provider, body)
    task: Task = _adapter(provider).parse_task(data, raw)
    return task


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
        ValueError: unknown provider.
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
    "VideoClient",
    "VideoRequest",
    "WaitTimeoutError",
    "__version__",
    "capabilities",
    "parse_callback",
    "parse_task",
]
