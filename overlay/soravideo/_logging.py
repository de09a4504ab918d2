"""Logging in the openai-python style: ``SORAVIDEO_LOG=info|debug`` and the ``soravideo`` loggers.

Loggers (standard :mod:`logging`; attach your own handlers to ``"soravideo"``):

- ``soravideo.http``: one ``info`` line per HTTP request (provider, operation,
  status, elapsed milliseconds, attempt, the provider's request id when it sends
  one); ``debug`` adds the request and response bodies, redacted and cut to
  :data:`BODY_LOG_LIMIT` characters.
- ``soravideo.retry``: each retry with its reason and delay, and each decision
  not to retry a create (or cancel) and why.
- ``soravideo.poll``: the poll schedule's choices (``info``).

``SORAVIDEO_LOG=info`` (or ``debug``) in the environment attaches one stderr
handler to ``soravideo`` at import time, as ``OPENAI_LOG`` does for openai.
Without it nothing is configured: the loggers propagate to whatever the
application set up. API keys never reach a log record: every message passes
through :func:`soravideo.errors.redact`.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from typing import Any

from soravideo.errors import redact

LOG_ENV = "SORAVIDEO_LOG"
"""Environment variable: ``info`` or ``debug`` turns on logging to stderr."""
BODY_LOG_LIMIT = 2000
"""Characters of a body shown in a ``debug`` line (after redaction)."""
REQUEST_ID_HEADERS = ("x-request-id", "request-id", "x-trace-id", "x-amzn-requestid")
"""Response headers read as the provider's request id, first match wins. No provider
documents one; these are the common conventions, so an id a provider sends is kept."""

logger = logging.getLogger("soravideo")
http_log = logging.getLogger("soravideo.http")
retry_log = logging.getLogger("soravideo.retry")
poll_log = logging.getLogger("soravideo.poll")

_LEVELS = {"info": logging.INFO, "debug": logging.DEBUG}


class _RedactingFilter(logging.Filter):
    """Belt and braces: redact the fully formatted message of every ``soravideo`` record."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = redact(record.getMessage())
        record.args = None
        return True


def setup_logging(value: str | None = None) -> None:
    """Attach a stderr handler to ``soravideo`` at the level ``value`` names (default: the env).

    ``value`` is ``"info"`` or ``"debug"`` (case-insensitive); anything else does nothing.
    Calling it twice does not add a second handler.
    """
    level = _LEVELS.get((value if value is not None else os.environ.get(LOG_ENV, "")).lower())
    if level is None:
        return
    if not any(getattr(h, "_soravideo", False) for h in logger.handlers):
        handler = logging.StreamHandler()
        handler.setFormatter(
            logging.Formatter("[%(asctime)s - %(name)s - %(levelname)s] %(message)s")
        )
        handler.addFilter(_RedactingFilter())
        handler._soravideo = True  # type: ignore[attr-defined]
        logger.addHandler(handler)
    logger.setLevel(level)


def request_id(headers: Mapping[str, str]) -> str | None:
    """The provider's request id from response ``headers`` (see :data:`REQUEST_ID_HEADERS`)."""
    for name in REQUEST_ID_HEADERS:
        value = headers.get(name)
        if value:
            return redact(value)[:200]
    return None


def body_text(body: Any) -> str:
    """A body for a ``debug`` line: decoded, redacted, cut to :data:`BODY_LOG_LIMIT`."""
    # redact the whole text first: a key cut in half by the limit would escape redaction
    text = (
        bytes(body).decode("utf-8", "replace") if isinstance(body, bytes | bytearray) else str(body)
    )
    text = redact(text)
    return text if len(text) <= BODY_LOG_LIMIT else text[:BODY_LOG_LIMIT] + "…"
