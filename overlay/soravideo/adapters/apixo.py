"""APIXO: ``POST /api/v1/generateTask/sora-2``, ``GET /api/v1/statusTask/sora-2``.

Sources: https://apixo.ai/docs/pl/models/video/sora-2,
https://apixo.ai/docs/api-reference/status-task,
https://apixo.ai/docs/api-reference/response-format,
https://apixo.ai/docs/api-reference/webhooks,
https://apixo.ai/docs/api-reference/errors,
https://apixo.ai/docs/api-reference/error-codes

- Only ``sora-2``; ``input.mode`` ``text-to-video`` / ``image-to-video``; no
  remix, storyboard or quality choice. Aspect ratios are ``landscape`` (16:9)
  and ``portrait`` (9:16); durations 4, 8, 12 s.
- ``image_urls`` holds exactly one public URL (no uploads or data URLs).
- ``request_type`` is always sent: ``callback`` with a ``callback_url`` (required
  then), else ``async`` (the spec documents no default).
- Every answer is an envelope ``{code, message, data}``; ``code`` != 200 is an
  error (mirroring an HTTP status) even when the HTTP status is 200. 402 (or
  ``code`` 402) is an InsufficientCreditsError; a 400's ``data.error`` detail
  is the error's ``detail``. Fail codes (``failCode``, an open set) are the
  task's ``TaskError.code``.
- ``state`` ``pending | processing | success | failed``; ``createTime`` /
  ``completeTime`` are Unix ms; ``resultJson`` is a JSON-encoded STRING holding
  ``{"resultUrls": [...]}``; webhooks send the same envelope as the query.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import timedelta
from typing import Any

from apixo_client.models import CreateTaskRequest, ImageToVideoInput, TextToVideoInput
from apixo_client.types import UNSET

from soravideo import _spec
from soravideo._types import Task, TaskStatus, VideoRequest
from soravideo.adapters._base import (
    MAX_JSON_DEPTH,
    Adapter,
    Call,
    check_callback_url,
    deeper_than,
    make_api_error,
    to_datetime,
    unsupported,
)
from soravideo.errors import APIError, ProviderResponseError

_ASPECTS = {"16:9": "landscape", "9:16": "portrait"}
_DISPLAY = {v: k for k, v in _ASPECTS.items()}
RESULT_LIFETIME = timedelta(hours=24)
"""How long result URLs live: 24 h per https://apixo.ai/docs/api-reference/webhooks
(the spec's Decision on ``get_task``: the shorter of the documented 24 h / 15 days)."""


def _opt(value: Any) -> Any:
    return UNSET if value is None else value


class ApixoAdapter(Adapter):
    """VideoRequest <-> APIXO's sora-2 task API.

    See https://apixo.ai/docs/pl/models/video/sora-2 (request) and
    https://apixo.ai/docs/api-reference/status-task (status).
    """

    provider = "apixo"
    package = "apixo_client"
    status_map = {
        "pending": TaskStatus.QUEUED,
        "processing": TaskStatus.IN_PROGRESS,
        "success": TaskStatus.COMPLETED,
        "failed": TaskStatus.FAILED,
    }
    field_names = {
        "prompt": "prompt",
        "duration": "duration",
        "aspect_ratio": "aspect_ratio",
        "image_urls": "image",
        "remove_watermark": "remove_watermark",
        "callback_url": "callback_url",
    }
    # The variants are the ``input`` components, so no ``paths`` are needed.
    variants = {
        ("sora-2", "text-to-video"): "TextToVideoInput",
        ("sora-2", "image-to-video"): "ImageToVideoInput",
    }
    reserved_extra = frozenset({"input"})
    # https://apixo.ai/docs/api-reference/error-codes: {"code": 400, ..., "data": {"error": ...}}
    error_details = {"detail": "data.error"}

    def create_call(self, request: VideoRequest) -> Call:
        """Build ``CreateTaskRequest(input=TextToVideoInput | ImageToVideoInput)``.

        https://apixo.ai/docs/pl/models/video/sora-2
        """
        mode = request.mode
        if request.model != "sora-2":
            raise unsupported(
                self.provider, "model", request.model, ["sora-2"], "APIXO documents sora-2 only"
            )
        if mode == "remix":
            raise unsupported(
                self.provider, "remix_of", request.remix_of, None, "APIXO's sora-2 has no remix"
            )
        if mode == "storyboard":
            raise unsupported(self.provider, "shots", "...", None, "APIXO has no storyboard mode")
        if request.quality is not None:
            raise unsupported(
                self.provider,
                "quality",
                request.quality,
                None,
                "APIXO's sora-2 has no quality setting",
            )
        check_callback_url(self.provider, request.callback_url)
        common: dict[str, Any] = {
            "prompt": request.prompt or "",
            "duration": _opt(request.duration),
            "aspect_ratio": _ASPECTS[request.aspect_ratio] if request.aspect_ratio else UNSET,
            "remove_watermark": _opt(request.remove_watermark),
        }
        input_: Any
        if request.image is not None:
            self.image_url(
                request.image,
                "APIXO takes a publicly reachable image URL only",
                "one public http(s) URL",
            )
            input_ = ImageToVideoInput(
                mode="image-to-video", image_urls=[str(request.image)], **common
            )
        else:
            input_ = TextToVideoInput(mode="text-to-video", **common)
        body = CreateTaskRequest(
            input_=input_,
            request_type="callback" if request.callback_url is not None else "async",
            callback_url=_opt(request.callback_url),
        )
        return self.finish(body, request, context=f"model sora-2, {mode}")

    def display_values(self, prop: str, values: list[Any]) -> list[Any]:
        """``aspect_ratio`` landscape/portrait as 16:9/9:16.

        https://apixo.ai/docs/pl/models/video/sora-2
        """
        if prop == "aspect_ratio":
            return [_DISPLAY.get(v, v) for v in values]
        return values

    def envelope_error(self, body: Any, raw: bytes, status_code: int) -> APIError | None:
        """An envelope whose ``code`` is not 200, classified by that code.

        https://apixo.ai/docs/api-reference/response-format
        (``{"code": 401, "message": "Invalid or missing API key"}``)
        """
        if not isinstance(body, Mapping):
            return None
        code = body.get("code")
        if not isinstance(code, int) or isinstance(code, bool) or code == 200:
            return None
        message = body.get("message")
        return make_api_error(
            self.provider,
            status_code,
            str(code),
            message if isinstance(message, str) and message else f"error code {code}",
            raw,
            {},
            classify_as=code if 400 <= code < 600 else 400,
            details=self.error_detail(body),
            credit_codes=self.credit_codes,
        )

    def check(self, pointer: str, body: Any, raw: bytes, status_code: int | None = None) -> None:
        """The schema check, plus what it cannot say: ``data`` must be there and
        ``resultJson`` must decode to ``{"resultUrls": [...]}``.

        https://apixo.ai/docs/api-reference/status-task
        """
        super().check(pointer, body, raw, status_code)
        envelopes = (
            self.task_schema,
            self.callback_schema,
            "/components/schemas/CreateTaskResponse",
        )
        if pointer not in envelopes:
            return
        if not isinstance(body, Mapping) or not isinstance(body.get("data"), Mapping):
            raise ProviderResponseError(
                "the success envelope has no data object",
                provider=self.provider,
                body=raw,
                path="$.data",
                status_code=status_code,
            )
        if "resultJson" in body["data"]:
            result = _decode_result(body["data"]["resultJson"])
            found = _spec.errors(self.provider, "/components/schemas/TaskResult", result)
            if result is None or found:
                raise ProviderResponseError(
                    'resultJson is not a JSON string holding {"resultUrls": [...]}',
                    provider=self.provider,
                    body=raw,
                    path="$.data.resultJson",
                    status_code=status_code,
                )

    def parse_created(self, body: Any, raw: bytes, status_code: int) -> Task:
        """``{code: 200, message, data: {taskId}}``: a queued task.

        https://apixo.ai/docs/pl/models/video/sora-2
        """
        error = self.envelope_error(body, raw, status_code)
        if error is not None:
            raise error
        self.check("/components/schemas/CreateTaskResponse", body, raw, status_code)
        return self.task(body, id=body["data"]["taskId"], status=TaskStatus.QUEUED)

    def to_task(self, body: Any) -> Task:
        """Map the envelope of the query (and of the webhook, which is the same).

        https://apixo.ai/docs/api-reference/status-task,
        https://apixo.ai/docs/api-reference/webhooks
        """
        data = body["data"]
        status = self.status(data.get("state"))
        result = _decode_result(data.get("resultJson"))
        urls = result.get("resultUrls") if isinstance(result, Mapping) else None
        completed = to_datetime(data.get("completeTime"))
        return self.task(
            body,
            id=data["taskId"],
            status=status,
            # APIXO reports no progress: 100 once done, else unknown.
            progress=100 if status is TaskStatus.COMPLETED else None,
            video_urls=tuple(u for u in urls or () if isinstance(u, str) and u),
            error=self.error(data.get("failCode"), data.get("failMsg")),
            created_at=to_datetime(data.get("createTime")),
            completed_at=completed,
            # Source: the spec's Decision on get_task (24 h after completion, per
            # https://apixo.ai/docs/api-reference/webhooks).
            expires_at=completed + RESULT_LIFETIME
            if completed is not None and status is TaskStatus.COMPLETED
            else None,
            model="sora-2",
        )


def _decode_result(value: Any) -> Any:
    """``resultJson`` decoded, or None when absent or not JSON."""
    if not isinstance(value, str):
        return None
    try:
        decoded = json.loads(value)
    except (ValueError, RecursionError):
        return None
    return None if deeper_than(decoded, MAX_JSON_DEPTH) else decoded
