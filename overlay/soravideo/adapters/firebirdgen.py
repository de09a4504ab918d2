"""FirebirdGen: ``POST /api/tasks``, ``GET /api/tasks/{taskId}``, flat webhooks.

Sources: https://docs.firebirdgen.com/api/create-task,
https://docs.firebirdgen.com/api/query-task,
https://docs.firebirdgen.com/api/webhook-callbacks,
https://docs.firebirdgen.com/api/error-handling

- Every setting sits in ``requestParams``; the model name encodes model and mode:
  ``sora2_text_to_video`` / ``sora2_image_to_video`` (10 or 15 s) and
  ``sora2_pro_text_to_video`` / ``sora2_pro_image_to_video`` (15 or 25 s).
- Remix is ``remixTargetId`` on the standard text-to-video model only.
- ``imageUrl`` takes a URL or base64 data: bytes and local files are sent as a
  ``data:`` URL.
- Videos are always watermark-free (``remove_watermark=False`` is refused); the
  quality follows from model and duration (Pro 15 s is HD), so there is no
  quality choice.
- status ``processing | success | failed``; ISO 8601 ``createdAt``/``completedAt``;
  the webhook body is FLAT (the task's fields at the top level, no ``data``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from firebirdgen_client.models import (
    CreateTaskRequest,
    ImageToVideoParams,
    ProImageToVideoParams,
    ProTextToVideoParams,
    TextToVideoParams,
)
from firebirdgen_client.types import UNSET

from soravideo._types import Task, TaskStatus, VideoRequest
from soravideo.adapters._base import (
    Adapter,
    Call,
    check_callback_url,
    image_data_url,
    make_api_error,
    to_datetime,
    to_seconds,
    unsupported,
)
from soravideo.errors import APIError

_MODEL_NAMES = {
    ("sora-2", "text-to-video"): "sora2_text_to_video",
    ("sora-2", "image-to-video"): "sora2_image_to_video",
    ("sora-2", "remix"): "sora2_text_to_video",
    ("sora-2-pro", "text-to-video"): "sora2_pro_text_to_video",
    ("sora-2-pro", "image-to-video"): "sora2_pro_image_to_video",
}


def _opt(value: Any) -> Any:
    return UNSET if value is None else value


class FirebirdGenAdapter(Adapter):
    """VideoRequest <-> FirebirdGen's task API.

    See https://docs.firebirdgen.com/api/create-task (request) and
    https://docs.firebirdgen.com/api/query-task (status).
    """

    provider = "firebirdgen"
    package = "firebirdgen_client"
    status_map = {
        "processing": TaskStatus.IN_PROGRESS,
        "success": TaskStatus.COMPLETED,
        "failed": TaskStatus.FAILED,
    }
    field_names = {
        "modelName": "model",
        "prompt": "prompt",
        "imageUrl": "image",
        "aspectRatio": "aspect_ratio",
        "duration": "duration",
        "remixTargetId": "remix_of",
        "callbackUrl": "callback_url",
    }
    # The variants are the ``requestParams`` components, so their properties are
    # top-level there: no ``paths`` needed.
    variants = {
        ("sora-2", "text-to-video"): "TextToVideoParams",
        ("sora-2", "image-to-video"): "ImageToVideoParams",
        ("sora-2", "remix"): "TextToVideoParams",
        ("sora-2-pro", "text-to-video"): "ProTextToVideoParams",
        ("sora-2-pro", "image-to-video"): "ProImageToVideoParams",
    }
    reserved_extra = frozenset({"modelName"})
    # "Video generation typically takes 3-5 minutes"
    # (https://docs.firebirdgen.com/api/query-task); the create answer's
    # ``estimatedTime`` (Task.estimated_seconds) refines the first wait.

    def create_call(self, request: VideoRequest) -> Call:
        """Build ``CreateTaskRequest(requestParams=<variant of the model name>)``.

        https://docs.firebirdgen.com/api/create-task
        """
        mode = request.mode
        key = (request.model, mode)
        if mode == "storyboard":
            raise unsupported(
                self.provider, "shots", "...", None, "FirebirdGen has no storyboard mode"
            )
        if key not in _MODEL_NAMES:
            raise unsupported(
                self.provider,
                "model",
                request.model,
                ["sora-2"],
                "remix (remixTargetId) is available for the standard models only",
            )
        if request.quality is not None:
            raise unsupported(
                self.provider,
                "quality",
                request.quality,
                None,
                "the quality follows from model and duration (only Pro at 15 s is HD)",
            )
        if request.remove_watermark is False:
            raise unsupported(
                self.provider,
                "remove_watermark",
                False,
                [True, None],
                "FirebirdGen videos are always watermark-free",
            )
        check_callback_url(self.provider, request.callback_url)
        common: dict[str, Any] = {
            "project_name": "sora2",
            "prompt": request.prompt or "",
            "aspect_ratio": _opt(request.aspect_ratio),
            "duration": _opt(request.duration),
            "callback_url": _opt(request.callback_url),
        }
        params: Any
        if request.model == "sora-2-pro":
            if request.image is not None:
                params = ProImageToVideoParams(
                    model_name="sora2_pro_image_to_video",
                    image_url=image_data_url(request.image),
                    **common,
                )
            else:
                params = ProTextToVideoParams(model_name="sora2_pro_text_to_video", **common)
        elif request.image is not None:
            params = ImageToVideoParams(
                model_name="sora2_image_to_video", image_url=image_data_url(request.image), **common
            )
        else:
            params = TextToVideoParams(
                model_name="sora2_text_to_video",
                remix_target_id=_opt(request.remix_of),
                **common,
            )
        body = CreateTaskRequest(request_params=params)
        return self.finish(body, request, context=f"{_MODEL_NAMES[key]}, {mode}")

    def extra_target(self, model: Any) -> tuple[Any, Callable[[Any], Any]]:
        """``extra`` holds ``requestParams`` properties (all settings live there).

        https://docs.firebirdgen.com/api/create-task
        """
        return model.request_params, lambda merged: CreateTaskRequest(request_params=merged)

    def envelope_error(self, body: Any, raw: bytes, status_code: int) -> APIError | None:
        """``{success: false, statusCode, error: {code, message}}`` sent with a 2xx status.

        The docs send errors with their HTTP status
        (https://docs.firebirdgen.com/api/error-handling); this also catches one
        wrapped in a 2xx answer, classified by its ``statusCode``.
        """
        if not isinstance(body, Mapping) or body.get("success") is not False:
            return None
        code, message = self.error_fields(body)
        inner = body.get("statusCode")
        kind = inner if isinstance(inner, int) and 400 <= inner < 600 else 400
        return make_api_error(
            self.provider, status_code, code, message or "request failed", raw, {}, classify_as=kind
        )

    def parse_created(self, body: Any, raw: bytes, status_code: int) -> Task:
        """``{success, statusCode, data: {taskId, status, estimatedTime}}``.

        https://docs.firebirdgen.com/api/create-task
        """
        error = self.envelope_error(body, raw, status_code)
        if error is not None:
            raise error
        self.check("/components/schemas/CreateTaskResponse", body, raw, status_code)
        data = body["data"]
        estimate = data.get("estimatedTime")
        return self.task(
            body,
            id=data["taskId"],
            status=self.status(data.get("status")),
            estimated_seconds=to_seconds(estimate),
        )

    def to_task(self, body: Any) -> Task:
        """Map the query envelope ``{success, statusCode, data: {...}}``.

        https://docs.firebirdgen.com/api/query-task
        """
        return self._task(body["data"], body)

    def callback_to_task(self, body: Any) -> Task:
        """Map the FLAT webhook body (task fields at the top level).

        https://docs.firebirdgen.com/api/webhook-callbacks
        """
        return self._task(body, body)

    def _task(self, node: Mapping[str, Any], body: Any) -> Task:
        status = self.status(node.get("status"))
        url = node.get("resultUrl")
        params = node.get("requestParams")
        model = params.get("modelName") if isinstance(params, Mapping) else None
        return self.task(
            body,
            id=node["taskId"],
            status=status,
            # FirebirdGen reports no progress: 100 once done, else unknown.
            progress=100 if status is TaskStatus.COMPLETED else None,
            video_urls=(url,) if isinstance(url, str) and url else (),
            error=self.error(None, node.get("errorMessage")),
            created_at=to_datetime(node.get("createdAt")),
            completed_at=to_datetime(node.get("completedAt")),
            model=model if isinstance(model, str) else None,
        )
