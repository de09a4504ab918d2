"""Stateful mock servers of the five providers' APIs, driven by their specs.

One ASGI (Starlette) app per provider, built by :func:`create_app`: it routes every
operation of ``<provider>_client/openapi.yaml``, validates each request's path and
query parameters and JSON body against the spec's schemas (formats checked), and
answers in the provider's own envelopes, status vocabulary and error bodies. The
task store is in memory, per app. Use it in process through :func:`transport`
(sync) or :func:`async_transport` (async), or over HTTP with :func:`serve` /
:class:`MockServer` (``soravideo mock <key>``).

Requests
    * ``Authorization: Bearer <api_key>`` is required on every spec operation;
      otherwise the provider's 401 body.
    * An invalid request gets the provider's own error status and body: firebirdgen
      400 ``INVALID_PARAMETERS`` with ``details {field, message}``; qingbo 400
      ``{error: {message, code: invalid_request}}``; apixo 400 ``{code: 400,
      message}``; freesoragenerator 400 ``{code: 400, message, data: null}`` (HTTP
      200 with ``errors_as_http_200=True``); evolink 400 ``{error: {code:
      invalid_parameter, message, type: invalid_request_error, param}}``.
    * Unknown task ids: the provider's 404 body (evolink: a malformed id, not
      starting with ``task-unified-``, is 400 ``invalid_task_id`` as documented).
      Unknown paths: 404; known paths with another method: 405 with ``Allow``.
    * Rate limits from the spec root ``x-rate-limit``: firebirdgen 10 requests/s,
      apixo 10000/min and 1000 unfinished tasks; the others document none. Over
      the limit: 429, ``Retry-After`` (seconds) and the provider's 429 body. The
      window is real time (``time.monotonic``), not the injected clock.
    * Callback URLs: the spec may demand ``https://`` (apixo, evolink); with
      ``allow_loopback_callbacks=True`` (the default, mock mode only) the mock also
      accepts ``http://127.0.0.1``, ``http://localhost`` and ``http://[::1]`` URLs
      and calls them.

Lifecycle and timing
    States are computed lazily from ``clock`` on each request; provider seconds
    are divided by ``time_scale``. Progress rises linearly while running (1-99),
    is 100 once completed.

    ================== ======================================= ===========================
    provider           statuses                                queued / done after
    ================== ======================================= ===========================
    firebirdgen        processing -> success | failed          0 s / 180 s
    qingbo             queued -> processing -> completed |      5 s / 180 s
                       failed | cancelled
    apixo              pending -> processing -> success |       10 s / 180, 240, 300 s for
                       failed                                  4, 8, 12 s videos
    freesoragenerator  pending -> running -> succeeded | failed 5 s / 180 s
    evolink            pending -> processing -> completed |     5 s / 300 s
                       failed
    ================== ======================================= ===========================

    A failing task (trigger words below) fails 20 provider seconds after leaving
    the queue. Completed tasks' result URLs point at the mock itself,
    ``<base URL of the create request>/_mock/videos/<task id>.mp4``: a real, small
    MP4 (``video/mp4``, ``Content-Length``; starts with an ``ftyp`` box), no auth.
    qingbo: cancel only while ``queued`` (else 400 ``task_not_cancellable``);
    an ``Idempotency-Key`` repeated within 24 provider hours returns the
    original task (no second task, no second charge); ``Prefer: wait=N`` on
    ``POST /v1/tasks`` holds the answer up to N (at most 60, and at most
    ``sync_timeout``) provider seconds: the finished task, else the current
    state with ``pre_consumed_cost``; terminal tasks carry ``cost`` (0 when
    failed or cancelled); result links live 24 h (the spec's ``x-link-ttl``).
    The deprecated ``POST /v1/tasks/sync`` waits up to ``sync_timeout``
    provider seconds (60) and then answers ``{task_id, status, progress, poll_url}``.
    freesoragenerator: a create costs credits (standard 20, Pro 60, Pro ``high``
    100, storyboard 80; decisions), failed tasks are refunded;
    ``get_user_credits`` reports the balance (``credits=``, default
    :data:`DEFAULT_CREDITS` = 1,000,000: a full schemathesis run does not spend it).

Trigger words (case-sensitive, anywhere in a string of the create body, e.g. the prompt)
    * ``FAIL_CONTENT``: content-policy failure (apixo ``failCode``
      ``CONTENT_VIOLATION``; evolink ``error.code`` ``content_policy_violation``;
      qingbo ``error.code`` ``task_failed``; freesoragenerator ``failure_reason``
      ``content_policy_violation``; firebirdgen ``errorMessage``).
    * ``FAIL_GENERATION``: generic generation failure (apixo ``GENERATION_FAILED``,
      evolink ``generation_failed``, firebirdgen "Failed to generate, system error
      please try again").
    * ``FAIL_IMAGE``: unreachable image (apixo ``INVALID_IMAGE_URL``, evolink
      ``invalid_image_url``).
    * ``FAIL_CANCELLED``: the task ends as cancelled by the provider (evolink
      ``failed`` with ``error.code`` ``request_cancelled``; the others render it
      as their generic failure).
    * ``STALL_QUEUED``: never leaves the queue (cancellable on qingbo forever).
    * ``STALL_RUNNING``: runs forever, progress capped at 99.
    * ``FAIL_CREDITS``: the create itself is refused for insufficient credits
      (firebirdgen 400 ``INSUFFICIENT_CREDITS``; qingbo 402 ``insufficient_balance``;
      apixo 402; freesoragenerator 402; evolink 402 ``insufficient_quota_error``
      with a ``fallback_suggestion`` billing link). apixo's 400 is
      ``{code: 400, message: "Invalid request", data: {error: <detail>}}``;
      evolink's 502/503 are ``upstream_error`` / ``service_unavailable_error``.

Webhooks
    Delivered when the task reaches a terminal state, with the spec's callback
    payload, by ``httpx.AsyncClient`` (through ``callback_transport`` if given),
    from a background ticker started on the serving event loop. Policies (provider
    seconds; timeouts scaled but at least 1 s real; retry delays scaled):
    firebirdgen one attempt ("sent once"), 30 s timeout, needs 200; qingbo
    (undocumented; decision) 10 s timeout, 3 retries after 1/2/4 s, any 2xx;
    apixo 30 s timeout, 3 retries (after 10/20/40 s, a decision), needs 200, and
    only with ``request_type: callback``; evolink 10 s timeout, 3 retries after
    1/2/4 s, any 2xx; freesoragenerator has none. Every attempt is recorded in
    ``app.state.mock.callback_log``. ``deliver_callbacks=False`` switches delivery
    off (useful when fuzzing, so generated public URLs are never contacted).
    Tests: inject ``callback_transport`` (e.g. ``httpx.ASGITransport(receiver)``),
    then ``await app.state.mock.flush_callbacks()`` (async, same loop) or
    ``app.state.mock.wait_callbacks()`` (sync transport / uvicorn).

Faults (never on by default)
    Header ``X-Mock-Fault`` (comma-separated, applied in order) or
    ``app.state.mock.inject(operation_id, fault, times=1)`` (operation ids of the
    spec, ``download_video`` or ``"*"``):

    * ``500`` / ``503`` (any 5xx): that status with the provider's error body
      (503 adds ``Retry-After: 1``); the request is not processed.
    * ``429`` or ``429=<seconds>``: 429, the provider's body, ``Retry-After``.
    * ``slow=<seconds>``: wait that many real seconds, then answer normally (the
      in-process transports honour the client's read timeout: ``httpx.ReadTimeout``).
    * ``malformed``: HTTP 200 with a body that is not valid JSON.
    * ``drop``: no complete answer: in process ``httpx.RemoteProtocolError``
      (:class:`DroppedConnection`); under uvicorn the connection is closed.
    * ``500-after-create``, ``503-after-create``, ``malformed-after-create``,
      ``drop-after-create``: the operation runs (a create really creates the
      task) and its answer is replaced by the fault.
"""

from __future__ import annotations

from soravideo.mock._app import (
    DEFAULT_CREDITS,
    DOWNLOAD_OPERATION,
    CallbackAttempt,
    MockState,
    create_app,
    video_bytes,
)
from soravideo.mock._faults import FAULT_HEADER, DroppedConnection, Fault, parse_faults
from soravideo.mock._server import MockServer, serve
from soravideo.mock._tasks import CREDITS_TRIGGER, TRIGGERS, MockTask, Snapshot
from soravideo.mock._transport import (
    AsyncMockTransport,
    SyncMockTransport,
    async_transport,
    transport,
)

__all__ = [
    "CREDITS_TRIGGER",
    "DEFAULT_CREDITS",
    "DOWNLOAD_OPERATION",
    "FAULT_HEADER",
    "TRIGGERS",
    "AsyncMockTransport",
    "CallbackAttempt",
    "DroppedConnection",
    "Fault",
    "MockServer",
    "MockState",
    "MockTask",
    "Snapshot",
    "SyncMockTransport",
    "async_transport",
    "create_app",
    "parse_faults",
    "serve",
    "transport",
    "video_bytes",
]
