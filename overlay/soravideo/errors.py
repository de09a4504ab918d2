"""Every error soravideo raises, in one tree.

::

    SoraVideoError
    ├── RequestValidationError      bad input, raised before any network call (also a ValueError)
    │   └── RequestTypeError            a value of the wrong type (also a TypeError)
    ├── APIError                    the provider answered with an error
    │   ├── BadRequestError             400, 409, 422 (and documented 200-with-error codes)
    │   ├── AuthenticationError         401
    │   ├── PermissionDeniedError       403
    │   ├── NotFoundError               404
    │   ├── InsufficientCreditsError    402, or a provider's "insufficient credits" code
    │   ├── RateLimitError              429 (``retry_after`` seconds, if sent)
    │   └── ServerError                 5xx
    ├── APIConnectionError          no HTTP answer (DNS, refused, reset ...)
    │   └── APITimeoutError             the request timed out
    ├── ProviderResponseError       an answer the provider's spec does not allow
    │   └── UnsafeDownloadError         a download refused: redirect to a non-public
    │                                   host or https->http, too big, too slow, not a video
    ├── DestinationError            ``download()``: the destination cannot be written
    ├── TaskFailedError             ``generate()``: the task ended failed/cancelled (``.task``)
    └── WaitTimeoutError            ``wait()``: the overall timeout passed (``.task``)

Every error has ``task_id`` and ``task`` (both None by default). An error
raised after a task exists -- while polling it in ``wait()``/``generate()``,
when ``wait()`` times out, when downloading its video -- carries the task's
id in ``task_id`` (and the last known :class:`~soravideo.Task` in ``task``
when there is one) and names the id in its message: a paid task is never
lost. Cancellation (``KeyboardInterrupt``, a cancelled async task), which
cannot become a soravideo error, gets the id as a note (``add_note``).

Errors about a create request that may have reached the provider carry
``may_have_created=True`` and say so in their message: a task (and its cost)
may exist even though no id came back. API keys never appear in a message or
a repr: every error text passes through :func:`redact`.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from soravideo._types import Task

__all__ = [
    "APIConnectionError",
    "APIError",
    "APITimeoutError",
    "AuthenticationError",
    "BadRequestError",
    "DestinationError",
    "InsufficientCreditsError",
    "NotFoundError",
    "PermissionDeniedError",
    "ProviderResponseError",
    "RateLimitError",
    "RequestTypeError",
    "RequestValidationError",
    "ServerError",
    "SoraVideoError",
    "TaskFailedError",
    "UnsafeDownloadError",
    "WaitTimeoutError",
    "redact",
]

_SECRETS: set[str] = set()
_MAY_EXIST = (
    " (the create request may have reached the provider: a task may exist; "
    "check your provider dashboard before retrying)"
)
_BEARER = re.compile(r"(?i)(bearer\s+)[^\s\"',]+")


SECRET_RUN = 8
"""Any run of this many characters of a registered key is redacted (a cut-off key too)."""


def register_secret(secret: str | None) -> None:
    """Remember an API key so :func:`redact` removes it from any text."""
    if secret and len(secret) >= 4:
        _SECRETS.add(secret)


def _secret_runs(text: str, secret: str) -> list[tuple[int, int]]:
    """Spans of ``text`` made of runs of >= SECRET_RUN consecutive characters of ``secret``."""
    if len(secret) < SECRET_RUN or len(text) < SECRET_RUN:
        return []
    from soravideo._types import PROVIDERS  # lazy: _types imports this module

    # a provider's name inside a (test) key is no secret: it is in every message
    grams = {
        gram
        for i in range(len(secret) - SECRET_RUN + 1)
        if not any((gram := secret[i : i + SECRET_RUN]) in name for name in PROVIDERS)
    }
    spans: list[tuple[int, int]] = []
    for i in range(len(text) - SECRET_RUN + 1):
        if text[i : i + SECRET_RUN] in grams:
            end = i + SECRET_RUN
            if spans and i <= spans[-1][1]:
                spans[-1] = (spans[-1][0], end)
            else:
                spans.append((i, end))
    return spans


def redact(text: str) -> str:
    """``text`` with every registered API key and bearer token replaced by ``***``.

    Also removes any run of :data:`SECRET_RUN` or more consecutive characters
    of a key (a key cut off by someone else's truncation, or split by a
    provider). Redact *before* truncating: :func:`shorten` does both in order.
    """
    for secret in sorted(_SECRETS, key=len, reverse=True):
        text = text.replace(secret, "***")
        spans = _secret_runs(text, secret)
        for start, end in reversed(spans):
            text = text[:start] + "***" + text[end:]
    return _BEARER.sub(r"\1***", text)


def shorten(text: str, limit: int) -> str:
    """``text`` redacted, then cut to ``limit`` characters (an ellipsis marks a cut)."""
    text = redact(text)
    return text if len(text) <= limit else text[: max(0, limit - 1)] + "\u2026"


def show_id(task_id: str, limit: int = 120) -> str:
    """A task id for a message: as is, or its start and length when absurdly long."""
    shown = task_id.encode("utf-8", "backslashreplace").decode("ascii", "backslashreplace")
    if len(shown) <= limit:
        return shown
    return f"{shown[:limit]}... ({len(task_id)} characters)"


def attach_task(exc: BaseException, task: Task | str, provider: str | None = None) -> None:
    """Record on ``exc`` the task it was raised for, naming the id in its message.

    A :class:`SoraVideoError` gets ``task_id`` (and ``task`` when a Task is
    given and it has none yet) and its message ends with the id; any other
    exception (cancellation, a callback's error) gets a note with the id.
    Idempotent.
    """
    task_id = task if isinstance(task, str) else task.id
    where = provider or (None if isinstance(task, str) else task.provider)
    text = (
        f"{where + ' ' if where else ''}task {show_id(task_id)} exists: "
        "wait for or download it again with its id"
    )
    if not isinstance(exc, SoraVideoError):
        notes = getattr(exc, "__notes__", [])
        if text not in notes:
            exc.add_note(text)
        return
    if exc.task is None and not isinstance(task, str):
        exc.task = task
    if exc.task_id is not None:
        return
    exc.task_id = task_id
    if show_id(task_id) not in exc.message:
        exc.message += f" [{text}]"
        exc.args = (exc.message,)


def mark_may_have_created(exc: APIError | ProviderResponseError) -> None:
    """Mark ``exc``, raised for a create request, as possibly having created a task.

    For answers that prove nothing either way (an unreadable 2xx body, a 5xx
    sent inside a 2xx envelope): the message then says so, like a 5xx's.
    """
    if exc.may_have_created:
        return
    exc.may_have_created = True
    exc.message += _MAY_EXIST
    exc.args = (exc.message,)


class SoraVideoError(Exception):
    """Base class of every soravideo error.

    Attributes:
        message: the redacted message (no API key).
        task_id: the id of the task this error was raised for, once it exists
            (polling, waiting, downloading), else None.
        task: the last known :class:`~soravideo.Task`, when there is one, else None.
    """

    task_id: str | None = None
    task: Task | None = None

    def __init__(self, message: str) -> None:
        self.message = redact(message)
        super().__init__(self.message)


class RequestValidationError(SoraVideoError, ValueError):
    """A request no provider call was made for, because the spec forbids it.

    Attributes:
        provider: the provider key.
        field: the :class:`~soravideo.VideoRequest` field at fault (``"duration"``).
        value: the rejected value.
        allowed: what the provider accepts, as a human-readable string or list.
    """

    def __init__(
        self,
        message: str,
        *,
        provider: str | None = None,
        field: str | None = None,
        value: Any = None,
        allowed: Any = None,
    ) -> None:
        super().__init__(message)
        self.provider = provider
        self.field = field
        self.value = value
        self.allowed = allowed


class RequestTypeError(RequestValidationError, TypeError):
    """A request field of the wrong type (``duration="ten"``); also a :class:`TypeError`."""


class APIError(SoraVideoError):
    """The provider answered with an error.

    Attributes:
        status_code: the HTTP status (200 for errors sent in a 200 envelope).
        code: the provider's error code (``"INVALID_PARAMETERS"``, ``"401"`` ...) or None.
        message: the provider's message.
        provider: the provider key.
        body: the raw response body (bytes), kept for debugging.
        may_have_created: True when this answered a create request that the
            provider may nevertheless have accepted (5xx, timeouts).
        request_id: the provider's request id from the answer's headers
            (``x-request-id`` and the like, see ``soravideo._logging``), or None.
        detail: the provider's detail text besides its message (apixo
            ``data.error``: ``"Missing required field: input.prompt"``), or None.
        param: the request parameter the provider blames (evolink ``param``), or None.
        suggestion: what the provider suggests doing (evolink
            ``fallback_suggestion``, e.g. a billing link), or None.
        error_type: the provider's error category (evolink ``type``:
            ``"insufficient_quota_error"``), or None.

    Each adapter declares where these live in its error body
    (``Adapter.error_details``); those present are also shown in the message.
    """

    request_id: str | None = None

    def __init__(
        self,
        message: str,
        *,
        status_code: int,
        provider: str,
        code: str | None = None,
        body: bytes = b"",
        may_have_created: bool = False,
        detail: str | None = None,
        param: str | None = None,
        suggestion: str | None = None,
        error_type: str | None = None,
    ) -> None:
        shown = f" {code}" if code and code != str(status_code) else ""
        extras = [
            f"{label}: {value}"
            for label, value in (
                ("type", error_type),
                ("detail", detail),
                ("param", param),
                ("suggestion", suggestion),
            )
            if value
        ]
        text = f"{provider}: HTTP {status_code}{shown}: {message}"
        if extras:
            text += f" ({'; '.join(extras)})"
        if may_have_created:
            text += _MAY_EXIST
        super().__init__(text)
        self.status_code = status_code
        self.code = code
        self.provider = provider
        self.body = body
        self.may_have_created = may_have_created
        self.provider_message = redact(message)
        self.detail = None if detail is None else redact(detail)
        self.param = param
        self.suggestion = None if suggestion is None else redact(suggestion)
        self.error_type = error_type


class BadRequestError(APIError):
    """The provider rejected the request's content (400, 409, 422)."""


class AuthenticationError(APIError):
    """The API key is missing, wrong or expired (401)."""


class PermissionDeniedError(APIError):
    """The key is valid but not allowed to do this (403: IP not allowed, frozen account)."""


class NotFoundError(APIError):
    """The task (or model) does not exist, or has expired (404)."""


class InsufficientCreditsError(APIError):
    """The account has too few credits for this task (402, or a provider's code for it)."""


class RateLimitError(APIError):
    """Too many requests (429). ``retry_after`` is the server's hint in seconds, or None."""

    def __init__(self, message: str, *, retry_after: float | None = None, **kwargs: Any) -> None:
        super().__init__(message, **kwargs)
        self.retry_after = retry_after


class ServerError(APIError):
    """The provider failed (5xx)."""


class APIConnectionError(SoraVideoError):
    """No HTTP answer was received (connection refused or reset, DNS failure ...).

    ``may_have_created`` is True when a create request may have been sent
    before the connection failed.
    """

    def __init__(self, message: str, *, provider: str, may_have_created: bool = False) -> None:
        if may_have_created:
            message += _MAY_EXIST
        super().__init__(f"{provider}: {message}")
        self.provider = provider
        self.may_have_created = may_have_created


class APITimeoutError(APIConnectionError):
    """The request timed out before a complete answer arrived."""


class ProviderResponseError(SoraVideoError):
    """The provider answered with a body its spec does not allow.

    Attributes:
        provider: the provider key.
        body: the raw body as received (bytes).
        path: JSON path of the first offending value, e.g. ``$.data.status``.
        status_code: the HTTP status, when the body came from a response.
        may_have_created: True when this answered a create request: the
            provider most likely accepted it, but its id could not be read.
    """

    def __init__(
        self,
        message: str,
        *,
        provider: str,
        body: bytes,
        path: str | None = None,
        status_code: int | None = None,
        may_have_created: bool = False,
    ) -> None:
        text = f"{provider}: {message}" + (f" at {path}" if path else "")
        if may_have_created:
            text += _MAY_EXIST
        super().__init__(text)
        self.provider = provider
        self.body = body
        self.path = path
        self.status_code = status_code
        self.may_have_created = may_have_created


class UnsafeDownloadError(ProviderResponseError):
    """A download refused for safety: a redirect to a non-public address or from
    https to http, too many redirects, more than ``max_bytes``, past the
    download's deadline, or a body that does not start like a video container.

    Attributes:
        reason: ``"redirect"``, ``"too_large"``, ``"deadline"`` or ``"not_video"``.
        url: the URL refused or being read (redacted of keys).
    """

    def __init__(
        self, message: str, *, reason: str, url: str, provider: str, body: bytes = b""
    ) -> None:
        super().__init__(message, provider=provider, body=body)
        self.reason = reason
        self.url = redact(url)


class DestinationError(SoraVideoError):
    """``download()`` cannot write the video where asked: permission denied, a name
    too long, a read-only or full disk, a file where a directory should be ...

    Attributes:
        path: the destination as given or derived (a string).
        errno: the operating system's error number, or None.
    """

    def __init__(self, message: str, *, path: str, errno: int | None = None) -> None:
        super().__init__(message)
        self.path = path
        self.errno = errno


class TaskFailedError(SoraVideoError):
    """The task ended without a video (failed or cancelled). ``task`` has the details."""

    def __init__(self, task: Task) -> None:
        reason = f": {task.error.code or ''} {task.error.message}".rstrip() if task.error else ""
        super().__init__(f"{task.provider} task {show_id(task.id)} {task.status.value}{reason}")
        self.task = task
        self.task_id = task.id


class WaitTimeoutError(SoraVideoError):
    """``wait()`` gave up before the task finished. ``task`` is the last one seen.

    The task keeps running at the provider: call ``wait()`` again with its id.
    """

    def __init__(self, task: Task, timeout: float) -> None:
        super().__init__(
            f"{task.provider} task {show_id(task.id)} still {task.status.value} after "
            f"{timeout:g} s; wait again with its id to keep waiting"
        )
        self.task = task
        self.task_id = task.id
        self.timeout = timeout
