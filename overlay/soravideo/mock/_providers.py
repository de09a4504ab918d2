"""Per-provider vocabulary of the mocks: ids, timing, envelopes, error bodies, callbacks."""

from __future__ import annotations

import json
import math
import secrets
import string
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar, Literal

from soravideo import _spec
from soravideo.mock._schema import get_pointer
from soravideo.mock._tasks import MockTask, Phase, Snapshot, iso

ErrorKind = Literal[
    "invalid",
    "unauthorized",
    "forbidden",
    "not_found",
    "rate_limited",
    "server_error",
    "insufficient_credits",
    "not_cancellable",
    "method_not_allowed",
    "invalid_task_id",
]
"""Why the mock rejects a request; each provider renders it in its own error body."""

JSON = dict[str, Any]

_FAIL_TEXT: dict[str, tuple[str, str]] = {
    # outcome -> (generic code, message)
    "fail_content": ("content_policy_violation", "Content violates usage policy"),
    "fail_generation": ("generation_failed", "Failed to generate, system error please try again"),
    "fail_image": ("invalid_image_url", "The provided image URL cannot be accessed"),
    # A task the provider reports as ended by a cancellation (evolink's error-code
    # catalogue: failed with request_cancelled).
    "fail_cancelled": ("request_cancelled", "The request was cancelled"),
}


@dataclass(frozen=True)
class CallbackPolicy:
    """How a provider delivers its webhook.

    Attributes:
        timeout: seconds the receiver has to answer (divided by ``time_scale``, at
            least 1 s of real time).
        retry_delays: provider seconds to wait before each retry (divided by
            ``time_scale``); ``len(retry_delays)`` is the number of retries.
        ok: whether an HTTP status acknowledges the delivery.
    """

    timeout: float
    retry_delays: tuple[float, ...]
    ok: Callable[[int], bool]


def _only_200(status: int) -> bool:
    return status == 200


def _any_2xx(status: int) -> bool:
    return 200 <= status < 300


class Adapter:
    """Base class: one provider's rendering of the neutral task model."""

    key: ClassVar[str]
    callback: ClassVar[CallbackPolicy | None] = None
    status_words: ClassVar[dict[Phase, str]]
    insufficient_status: ClassVar[int] = 402

    def __init__(self, time_scale: float) -> None:
        """An adapter for an app running at ``time_scale``."""
        self.time_scale = time_scale

    # -- creation -------------------------------------------------------------
    def new_id(self, now: float) -> str:
        """A fresh task id in the provider's style."""
        return "task_" + secrets.token_hex(8)

    def timing(self, params: Any) -> tuple[float, float]:
        """``(queue_seconds, total_seconds)`` for a task, in provider seconds."""
        return 5.0, 180.0

    def callback_url(self, params: Any, pointers: list[str]) -> str | None:
        """The callback URL the create request asks for, if any.

        ``pointers`` are the JSON pointers of the spec's ``callbacks`` runtime
        expressions (``{$request.body#/callback_url}``), so where the URL lives
        is read from the spec, not restated here.
        """
        for pointer in pointers:
            value = get_pointer(params, pointer)
            if isinstance(value, str) and value:
                return value
        return None

    def credit_cost(self, params: Any) -> float:
        """Credits a create request costs (only freesoragenerator keeps a balance)."""
        return 0.0

    def status_word(self, phase: Phase) -> str:
        """The provider's status value for ``phase``."""
        return self.status_words[phase]

    def scaled(self, provider_seconds: float) -> float:
        """Provider seconds as the mock's real seconds."""
        return provider_seconds / self.time_scale

    # -- bodies ---------------------------------------------------------------
    def error(
        self,
        kind: ErrorKind,
        status: int,
        message: str,
        *,
        field: str = "",
        path: str = "",
        now: float = 0.0,
        details: JSON | None = None,
    ) -> JSON:
        """The provider's error body for ``kind`` (sent with HTTP ``status``)."""
        raise NotImplementedError

    def created(self, task: MockTask, snap: Snapshot) -> JSON:
        """The 200 body of ``create_task``."""
        raise NotImplementedError

    def task_body(self, task: MockTask, snap: Snapshot) -> JSON:
        """The 200 body of ``get_task``."""
        raise NotImplementedError

    def callback_payload(self, task: MockTask, snap: Snapshot) -> JSON:
        """The webhook body for a finished task."""
        return self.task_body(task, snap)

    def fail_text(self, task: MockTask) -> tuple[str, str]:
        """``(code, message)`` describing the task's failure."""
        return _FAIL_TEXT.get(task.outcome, _FAIL_TEXT["fail_generation"])


class FirebirdGen(Adapter):
    """firebirdgen: ``processing`` -> ``success`` | ``failed``; ``{success, statusCode, data}``."""

    key = "firebirdgen"
    # "Sent once" (webhook page): no retries. Decision: 30 s timeout.
    callback = CallbackPolicy(timeout=30.0, retry_delays=(), ok=_only_200)
    status_words: ClassVar[dict[Phase, str]] = {
        "queued": "processing",
        "running": "processing",
        "succeeded": "success",
        "failed": "failed",
        "cancelled": "failed",
    }
    insufficient_status = 400
    _codes: ClassVar[dict[str, str]] = {
        "invalid": "INVALID_PARAMETERS",
        "unauthorized": "INVALID_TOKEN",
        "forbidden": "ACCOUNT_FROZEN",
        "not_found": "NOT_FOUND",
        "rate_limited": "RATE_LIMIT_EXCEEDED",
        "server_error": "INTERNAL_SERVER_ERROR",
        "insufficient_credits": "INSUFFICIENT_CREDITS",
        "not_cancellable": "INVALID_PARAMETERS",
        "method_not_allowed": "METHOD_NOT_ALLOWED",
        "invalid_task_id": "INVALID_PARAMETERS",
    }

    def timing(self, params: Any) -> tuple[float, float]:
        """No queue; done after 180 s (docs: 3-5 minutes, example estimatedTime 180)."""
        return 0.0, 180.0

    def error(
        self,
        kind: ErrorKind,
        status: int,
        message: str,
        *,
        field: str = "",
        path: str = "",
        now: float = 0.0,
        details: JSON | None = None,
    ) -> JSON:
        """``{success: false, statusCode, error: {code, message, details?}, timestamp, path}``."""
        error: JSON = {"code": self._codes[kind], "message": message}
        if kind == "invalid":
            error["message"] = "Invalid request parameters"
            error["details"] = {"field": field, "message": message}
        elif details:
            error["details"] = details
        body: JSON = {"success": False, "statusCode": status, "error": error}
        body["timestamp"] = iso(now)
        if path:
            body["path"] = path
        return body

    def created(self, task: MockTask, snap: Snapshot) -> JSON:
        """``{success, statusCode: 200, data: {taskId, status, estimatedTime}, message}``."""
        return {
            "success": True,
            "statusCode": 200,
            "data": {
                "taskId": task.id,
                "status": self.status_word(snap.phase),
                "estimatedTime": round(self.scaled(task.total_seconds), 3),
            },
            "message": "Task created successfully",
        }

    def _echo(self, task: MockTask) -> JSON:
        echo = dict(task.params.get("requestParams", {}))
        for name in ("imageUrl", "callbackUrl", "remixTargetId"):
            echo.setdefault(name, "")
        return echo

    def _flat(self, task: MockTask, snap: Snapshot) -> JSON:
        data: JSON = {
            "taskId": task.id,
            "status": self.status_word(snap.phase),
            "resultUrl": task.video_url if snap.phase == "succeeded" else None,
            "createdAt": iso(task.created_at),
            "completedAt": iso(snap.completed_at) if snap.completed_at is not None else None,
            "requestParams": self._echo(task),
        }
        if snap.phase == "failed":
            data["errorMessage"] = self.fail_text(task)[1]
        elif snap.phase == "cancelled":
            data["errorMessage"] = "Task cancelled"
        return data

    def task_body(self, task: MockTask, snap: Snapshot) -> JSON:
        """``{success, statusCode: 200, data: Task}``."""
        return {"success": True, "statusCode": 200, "data": self._flat(task, snap)}

    def callback_payload(self, task: MockTask, snap: Snapshot) -> JSON:
        """The flat webhook body: the task's fields next to ``statusCode: 200``."""
        flat = self._flat(task, snap)
        head = {"taskId": flat.pop("taskId"), "status": flat.pop("status"), "statusCode": 200}
        return {**head, **flat}


class Qingbo(Adapter):
    """qingbo: ``queued`` -> ``processing`` -> ``completed`` | ``failed`` | ``cancelled``."""

    key = "qingbo"
    # Undocumented. Decision: 10 s timeout, 3 retries after 1, 2 and 4 s; any 2xx.
    callback = CallbackPolicy(timeout=10.0, retry_delays=(1.0, 2.0, 4.0), ok=_any_2xx)
    status_words: ClassVar[dict[Phase, str]] = {
        "queued": "queued",
        "running": "processing",
        "succeeded": "completed",
        "failed": "failed",
        "cancelled": "cancelled",
    }
    refund_quota = 50000
    _codes: ClassVar[dict[str, str]] = {
        # Only documented codes (the spec's ErrorCode); kinds without one send
        # `{error: {message}}`, the documented shape.
        "invalid": "invalid_request",
        "not_found": "task_not_found",
        "not_cancellable": "task_not_cancellable",
        "invalid_task_id": "invalid_request",
    }
    quota_per_second: ClassVar[dict[tuple[str, str], int]] = {
        ("sora-2", "720p"): 45000,
        ("sora-2-preview", "720p"): 45000,
        ("sora-2-pro", "720p"): 135000,
        ("sora-2-pro", "1024p"): 225000,
        ("sora-2-pro", "1080p"): 315000,
    }
    """Illustrative quota per video second: the Sora page's USD prices per second
    ($0.09 for sora-2 / sora-2-preview 720p; $0.27 / $0.45 / $0.63 for sora-2-pro
    720p / 1024p / 1080p) at 500000 quota per USD (an assumption: the pages give
    no exchange rate)."""

    def new_id(self, now: float) -> str:
        """``task-wave<ms><12 hex>`` like the docs' ``task-wave1775285160b950328499``."""
        return f"task-wave{int(now * 1000)}{secrets.token_hex(6)}"

    def timing(self, params: Any) -> tuple[float, float]:
        """Queued 5 s, completed after 180 s (undocumented; decision)."""
        return 5.0, 180.0

    def error(
        self,
        kind: ErrorKind,
        status: int,
        message: str,
        *,
        field: str = "",
        path: str = "",
        now: float = 0.0,
        details: JSON | None = None,
    ) -> JSON:
        """``{error: {message, code}}`` (``code`` only where the docs name one)."""
        code = self._codes.get(kind)
        return {"error": {"message": message, **({"code": code} if code else {})}}

    def pre_consumed(self, task: MockTask) -> int:
        """The quota pre-deducted for ``task`` (see :attr:`quota_per_second`)."""
        params = task.params
        key = (str(params.get("model")), str(params.get("resolution", "720p")))
        return self.quota_per_second.get(key, 45000) * int(params.get("duration", 4))

    def created(self, task: MockTask, snap: Snapshot) -> JSON:
        """``{task_id, model, action, status, created_at (ms), progress, pre_consumed_cost}``.

        Also the answer of a ``Prefer: wait`` that ran out (the current state).
        """
        return {
            "task_id": task.id,
            "model": task.params.get("model"),
            "action": task.params.get("action", "generate"),
            "status": self.status_word(snap.phase),
            "created_at": int(task.created_at * 1000),
            "progress": snap.progress if snap.phase == "running" else 0,
            "pre_consumed_cost": self.pre_consumed(task),
        }

    def task_body(self, task: MockTask, snap: Snapshot) -> JSON:
        """The task, timestamps in Unix milliseconds, ``result.videos[].url`` as a list."""
        body: JSON = {
            "task_id": task.id,
            "status": self.status_word(snap.phase),
            "action": task.params.get("action", "generate"),
            "model": task.params.get("model"),
            "progress": snap.progress if snap.phase in ("running", "succeeded") else 0,
            "created_at": int(task.created_at * 1000),
        }
        if snap.started_at is not None:
            body["start_time"] = int(snap.started_at * 1000)
        if snap.completed_at is not None:
            body["completed_at"] = int(snap.completed_at * 1000)
        if snap.terminal:
            # settled charge; failed and cancelled tasks are refunded in full
            body["cost"] = self.pre_consumed(task) if snap.phase == "succeeded" else 0
        if snap.phase == "failed":
            body["error"] = {"message": self.fail_text(task)[1], "code": "task_failed"}
        if snap.phase == "succeeded" and snap.completed_at is not None:
            ttl = _spec.component(self.key, "ResultItem")["x-link-ttl"]["seconds"]
            expires = snap.completed_at + self.scaled(float(ttl))
            body["result"] = {
                "videos": [{"url": [task.video_url], "expires_at": int(expires * 1000)}]
            }
        body["urls"] = {
            "get": f"{task.base_url}/v1/tasks/{task.id}",
            "cancel": f"{task.base_url}/v1/tasks/{task.id}/cancel",
        }
        return body

    def cancelled(self, task: MockTask) -> JSON:
        """``{task_id, status: cancelled, refunded, refunded_quota}``."""
        return {
            "task_id": task.id,
            "status": "cancelled",
            "refunded": True,
            "refunded_quota": self.refund_quota,
        }

    def sync_timeout(self, task: MockTask, snap: Snapshot) -> JSON:
        """``{task_id, status, progress, poll_url}`` when the sync wait ran out."""
        return {
            "task_id": task.id,
            "status": self.status_word(snap.phase),
            "progress": snap.progress if snap.phase == "running" else 0,
            "poll_url": f"/v1/tasks/{task.id}",
        }


class Apixo(Adapter):
    """apixo: ``pending`` -> ``processing`` -> ``success`` | ``failed``; ``{code, data}``."""

    key = "apixo"
    # Documented: 200 within 30 s, else up to 3 retries. Decision: retries after 10, 20, 40 s.
    callback = CallbackPolicy(timeout=30.0, retry_delays=(10.0, 20.0, 40.0), ok=_only_200)
    status_words: ClassVar[dict[Phase, str]] = {
        "queued": "pending",
        "running": "processing",
        "succeeded": "success",
        "failed": "failed",
        "cancelled": "failed",
    }
    # https://apixo.ai/docs/api-reference/errors (read 2026-12-01): 402 insufficient balance.
    insufficient_status = 402
    _fail_codes: ClassVar[dict[str, str]] = {
        "fail_content": "CONTENT_VIOLATION",
        "fail_image": "INVALID_IMAGE_URL",
        "fail_generation": "GENERATION_FAILED",
    }

    def timing(self, params: Any) -> tuple[float, float]:
        """Pending 10 s; done after 180/240/300 s for 4/8/12 s videos (docs: 2-4, 3-5, 4-6 min)."""
        duration = params.get("input", {}).get("duration", 4)
        total = {4: 180.0, 8: 240.0, 12: 300.0}.get(duration, 180.0)
        return 10.0, total

    def callback_url(self, params: Any, pointers: list[str]) -> str | None:
        """The spec's callback URL, only with ``request_type: callback`` (as documented)."""
        if params.get("request_type") != "callback":
            return None
        return super().callback_url(params, pointers)

    def error(
        self,
        kind: ErrorKind,
        status: int,
        message: str,
        *,
        field: str = "",
        path: str = "",
        now: float = 0.0,
        details: JSON | None = None,
    ) -> JSON:
        """``{code: <HTTP status>, message}``; a 400 as ``{code, message, data: {error}}``.

        The 400 shape is the error-codes page's (``"message": "Invalid request"``,
        the detail in ``data.error``): https://apixo.ai/docs/api-reference/error-codes
        """
        if kind == "invalid":
            return {"code": status, "message": "Invalid request", "data": {"error": message}}
        return {"code": status, "message": message}

    def created(self, task: MockTask, snap: Snapshot) -> JSON:
        """``{code: 200, message: success, data: {taskId}}``."""
        return {"code": 200, "message": "success", "data": {"taskId": task.id}}

    def task_body(self, task: MockTask, snap: Snapshot) -> JSON:
        """``{code: 200, message, data: {taskId, state, createTime, ...}}`` (ms timestamps)."""
        data: JSON = {
            "taskId": task.id,
            "state": self.status_word(snap.phase),
            "createTime": int(task.created_at * 1000),
        }
        if snap.completed_at is not None:
            data["completeTime"] = int(snap.completed_at * 1000)
            data["costTime"] = int((snap.completed_at - task.created_at) * 1000)
        if snap.phase == "succeeded":
            data["resultJson"] = json.dumps({"resultUrls": [task.video_url]})
        elif snap.phase in ("failed", "cancelled"):
            data["failCode"] = self._fail_codes.get(task.outcome, "GENERATION_FAILED")
            data["failMsg"] = self.fail_text(task)[1]
        return {"code": 200, "message": "success", "data": data}


class FreeSoraGenerator(Adapter):
    """freesoragenerator: ``pending`` -> ``running`` -> ``succeeded`` | ``failed``; credits."""

    key = "freesoragenerator"
    callback = None  # no webhook is documented
    status_words: ClassVar[dict[Phase, str]] = {
        "queued": "pending",
        "running": "running",
        "succeeded": "succeeded",
        "failed": "failed",
        "cancelled": "failed",
    }
    insufficient_status = 402

    def new_id(self, now: float) -> str:
        """32 hex characters, like the docs' ``281e5b0***...f39b9``."""
        return secrets.token_hex(16)

    def timing(self, params: Any) -> tuple[float, float]:
        """Pending 5 s, succeeded after 180 s (undocumented; decision)."""
        return 5.0, 180.0

    def credit_cost(self, params: Any) -> float:
        """Undocumented prices (decision): standard 20, Pro 60 (Pro ``high`` 100), storyboard 80."""
        model = str(params.get("model", ""))
        if model == "sora-2-pro-storyboard":
            return 80.0
        if model.startswith("sora-2-pro"):
            return 100.0 if params.get("size") == "high" else 60.0
        return 20.0

    def error(
        self,
        kind: ErrorKind,
        status: int,
        message: str,
        *,
        field: str = "",
        path: str = "",
        now: float = 0.0,
        details: JSON | None = None,
    ) -> JSON:
        """``{code: <non-zero: the HTTP status>, message, data: null}``."""
        return {"code": status, "message": message, "data": None}

    def created(self, task: MockTask, snap: Snapshot) -> JSON:
        """``{code: 0, message: ok, data: {taskId}}``."""
        return {"code": 0, "message": "ok", "data": {"taskId": task.id}}

    def task_body(self, task: MockTask, snap: Snapshot) -> JSON:
        """``{code: 0, message: Success, data: {status, progress, result_url, ...}}``."""
        done = snap.phase == "succeeded"
        failed = snap.phase in ("failed", "cancelled")
        pid = task.extra.setdefault("pid", "s_" + secrets.token_hex(8))
        data: JSON = {
            "status": self.status_word(snap.phase),
            "progress": snap.progress,
            "result_url": task.video_url if done else None,
            "result_urls": [task.video_url] if done else [],
            "failure_reason": self.fail_text(task)[0] if failed else "",
            "error_message": self.fail_text(task)[1] if failed else None,
            "credits_refunded": task.refunded,
            "refund_trans_no": task.extra.get("refund_trans_no") if task.refunded else None,
            "result_pid": pid if done else None,
            "result_pids": [pid] if done else [],
            "metadata": {"remixTargetId": None, "characters": []},
        }
        return {"code": 0, "message": "Success", "data": data}

    def credits_body(self, left: float, is_vip: bool) -> JSON:
        """``{code: 0, message: ok, data: {left_credits, is_vip}}``."""
        return {"code": 0, "message": "ok", "data": {"left_credits": left, "is_vip": is_vip}}


class EvoLink(Adapter):
    """evolink: ``pending`` -> ``processing`` -> ``completed`` | ``failed``; the task object."""

    key = "evolink"
    # Documented: 10 s timeout, any 2xx, at most 3 retries after 1, 2 and 4 s.
    callback = CallbackPolicy(timeout=10.0, retry_delays=(1.0, 2.0, 4.0), ok=_any_2xx)
    status_words: ClassVar[dict[Phase, str]] = {
        "queued": "pending",
        "running": "processing",
        "succeeded": "completed",
        "failed": "failed",
        "cancelled": "failed",
    }
    insufficient_status = 402
    _codes: ClassVar[dict[str, tuple[str | int, str]]] = {
        "invalid": ("invalid_parameter", "invalid_request_error"),
        "unauthorized": (401, "authentication_error"),
        "forbidden": (403, "permission_error"),
        "not_found": (404, "not_found_error"),
        "rate_limited": ("rate_limit_exceeded", "rate_limit_error"),
        "server_error": ("internal_error", "api_error"),
        "insufficient_credits": (402, "insufficient_quota_error"),
        "not_cancellable": ("invalid_request", "invalid_request_error"),
        "method_not_allowed": (405, "invalid_request_error"),
        "invalid_task_id": ("invalid_task_id", "invalid_request_error"),
    }

    _server_types: ClassVar[dict[int, str]] = {
        502: "upstream_error",
        503: "service_unavailable_error",
    }
    _suggestions: ClassVar[dict[str, str]] = {
        "insufficient_credits": "https://evolink.ai/dashboard/billing",
    }

    def new_id(self, now: float) -> str:
        """``task-unified-<unix seconds>-<8 lowercase alphanumerics>``."""
        alphabet = string.ascii_lowercase + string.digits
        suffix = "".join(secrets.choice(alphabet) for _ in range(8))
        return f"task-unified-{int(now)}-{suffix}"

    def timing(self, params: Any) -> tuple[float, float]:
        """Pending 5 s, completed after 300 s (the docs' ``estimated_time: 300``)."""
        return 5.0, 300.0

    def error(
        self,
        kind: ErrorKind,
        status: int,
        message: str,
        *,
        field: str = "",
        path: str = "",
        now: float = 0.0,
        details: JSON | None = None,
    ) -> JSON:
        """``{error: {code, message, type, param?, fallback_suggestion?}}``.

        As the create / get-task OpenAPI documents (read 2026-12-01) show: 402 is
        ``insufficient_quota_error`` with a billing link in ``fallback_suggestion``;
        502 ``upstream_error`` and 503 ``service_unavailable_error``, with the HTTP
        status as ``code``.
        """
        code, kind_type = self._codes[kind]
        if kind == "server_error" and status in self._server_types:
            code, kind_type = status, self._server_types[status]
        error: JSON = {"code": code, "message": message, "type": kind_type}
        if field:
            error["param"] = field
        if kind in self._suggestions:
            error["fallback_suggestion"] = self._suggestions[kind]
        return {"error": error}

    def _duration(self, task: MockTask) -> int:
        value = task.params.get("duration")
        if isinstance(value, int):
            return value
        return 15 if task.params.get("model") == "sora-2-pro-remix" else 10

    def _task(self, task: MockTask, snap: Snapshot) -> JSON:
        body: JSON = {
            "created": int(task.created_at),
            "id": task.id,
            "model": task.params.get("model"),
            "object": "video.generation.task",
            "progress": snap.progress if snap.phase in ("running", "succeeded") else 0,
            "status": self.status_word(snap.phase),
        }
        info: JSON = {"can_cancel": snap.phase == "queued"}
        if not snap.terminal:
            info["estimated_time"] = math.ceil(self.scaled(snap.remaining))
        info["video_duration"] = self._duration(task)
        body["task_info"] = info
        body["type"] = "video"
        if snap.phase == "succeeded":
            body["results"] = [task.video_url]
        elif snap.phase in ("failed", "cancelled"):
            code, message = self.fail_text(task)
            body["error"] = {"code": code, "message": message, "type": "task_error"}
        duration = self._duration(task)
        body["usage"] = {
            "billing_rule": "per_call",
            "credits_reserved": round(duration * 0.7),
            "user_group": "default",
        }
        return body

    def created(self, task: MockTask, snap: Snapshot) -> JSON:
        """The task object, ``status: pending``."""
        return self._task(task, snap)

    def task_body(self, task: MockTask, snap: Snapshot) -> JSON:
        """The task object with ``results`` (completed) or ``error`` (failed)."""
        return self._task(task, snap)


ADAPTERS: dict[str, type[Adapter]] = {
    cls.key: cls for cls in (FirebirdGen, Qingbo, Apixo, FreeSoraGenerator, EvoLink)
}
"""Adapter class per provider key."""
