"""EvoLink: ``POST /v1/videos/generations``, ``GET /v1/tasks/{task_id}``.

Sources: https://docs.evolink.ai/en/api-manual/video-series/sora2/sora2-video-generate,
https://docs.evolink.ai/en/api-manual/task-management/get-task-detail,
https://docs.evolink.ai/cn/api-manual/task-management/error-codes

- text/image-to-video is model ``sora-2``; remix is the separate model
  ``sora-2-pro-remix`` with ``base_video_task_id`` (so it needs
  ``model="sora-2-pro"`` here).
- images are URLs only (at most one); callbacks must be public HTTPS URLs of at
  most 2048 characters (no private or loopback addresses).
- status ``pending | processing | completed | failed``; ``results`` holds the
  video URLs, valid for 24 h; ``created`` is Unix seconds;
  ``task_info.estimated_time`` is a remaining-time hint in seconds. A
  cancelled task is ``failed`` with ``error.code`` ``request_cancelled``:
  :attr:`TaskStatus.CANCELLED` here.
- Error bodies are ``{error: {code, message, type, param, fallback_suggestion}}``;
  402 / ``insufficient_quota_error`` is an InsufficientCreditsError, and ``type``,
  ``param`` and ``fallback_suggestion`` are the APIError's ``error_type``,
  ``param`` and ``suggestion``.
"""

from __future__ import annotations

from typing import Any, cast

from evolink_client.models import GenerationRequest, RemixRequest
from evolink_client.types import UNSET

from soravideo._types import Task, TaskStatus, VideoRequest
from soravideo.adapters._base import (
    Adapter,
    Call,
    is_public_http_url,
    to_datetime,
    to_progress,
    to_seconds,
    unsupported,
)


def _opt(value: Any) -> Any:
    return UNSET if value is None else value


class EvolinkAdapter(Adapter):
    """VideoRequest <-> EvoLink's unified task API."""

    provider = "evolink"
    package = "evolink_client"
    status_map = {
        "pending": TaskStatus.QUEUED,
        "processing": TaskStatus.IN_PROGRESS,
        "completed": TaskStatus.COMPLETED,
        "failed": TaskStatus.FAILED,
        # Not in the documented enum, but the callback "is triggered when the task is
        # completed, failed, or cancelled" (sora2-video-generate, callback_url).
        "cancelled": TaskStatus.CANCELLED,
    }
    # https://docs.evolink.ai/cn/api-manual/task-management/error-codes
    failure_statuses = {"request_cancelled": TaskStatus.CANCELLED}
    # The error object of the create / get-task OpenAPI documents (read 2026-12-01).
    error_details = {
        "error_type": "error.type",
        "param": "error.param",
        "suggestion": "error.fallback_suggestion",
    }
    credit_codes = frozenset({"insufficient_quota_error"})
    field_names = {
        "model": "model",
        "prompt": "prompt",
        "aspect_ratio": "aspect_ratio",
        "duration": "duration",
        "image_urls": "image",
        "remove_watermark": "remove_watermark",
        "callback_url": "callback_url",
        "base_video_task_id": "remix_of",
    }
    variants = {
        ("sora-2", "text-to-video"): "GenerationRequest",
        ("sora-2", "image-to-video"): "GenerationRequest",
        ("sora-2-pro", "remix"): "RemixRequest",
    }
    cost_fields = ("usage.credits_reserved",)
    """The spec's ``Usage.credits_reserved`` (on the create answer and the task):
    the credits reserved for the task, the only amount evolink reports."""
    cost_unit = "credits"

    def create_call(self, request: VideoRequest) -> Call:
        """Build ``GenerationRequest`` (sora-2) or ``RemixRequest`` (sora-2-pro-remix)."""
        mode = request.mode
        if request.quality is not None:
            raise unsupported(
                self.provider,
                "quality",
                request.quality,
                None,
                "EvoLink's sora-2 has no quality setting",
            )
        if mode == "storyboard":
            raise unsupported(self.provider, "shots", "...", None, "EvoLink has no storyboard mode")
        if request.callback_url is not None:
            why = is_public_http_url(request.callback_url, https_only=True)
            if why is None and len(request.callback_url) > 2048:
                why = "it is longer than 2048 characters"
            if why:
                raise unsupported(
                    self.provider,
                    "callback_url",
                    request.callback_url,
                    "a public https:// URL of at most 2048 characters",
                    why,
                )
        common = {
            "prompt": request.prompt or "",
            "aspect_ratio": _opt(request.aspect_ratio),
            "duration": _opt(request.duration),
            "remove_watermark": _opt(request.remove_watermark),
            "callback_url": _opt(request.callback_url),
        }
        if mode == "remix":
            if request.model != "sora-2-pro":
                raise unsupported(
                    self.provider,
                    "model",
                    request.model,
                    ["sora-2-pro"],
                    "EvoLink remixes only with its sora-2-pro-remix model",
                )
            body: Any = RemixRequest(
                model="sora-2-pro-remix", base_video_task_id=cast(str, request.remix_of), **common
            )
            return self.finish(body, request, context="remix with sora-2-pro-remix")
        if request.model != "sora-2":
            raise unsupported(
                self.provider, "model", request.model, ["sora-2"], "this spec documents sora-2 only"
            )
        image_urls: Any = UNSET
        if request.image is not None:
            image_urls = [
                self.image_url(
                    request.image,
                    "EvoLink takes image URLs only; upload the image and pass its URL",
                )
            ]
        body = GenerationRequest(model="sora-2", image_urls=image_urls, **common)
        return self.finish(body, request, context=f"model sora-2, {mode}")

    def parse_created(self, body: Any, raw: bytes, status_code: int) -> Task:
        """The create answer is the task object itself."""
        self.check("/components/schemas/CreateTaskResponse", body, raw, status_code)
        return self.to_task(body)

    def to_task(self, body: Any) -> Task:
        """Map EvoLink's task object (query, create and callback share it)."""
        info = body.get("task_info") or {}
        error = body.get("error") or {}
        status = self.status(body.get("status"), error.get("code"))
        created = to_datetime(body.get("created"))
        results = body.get("results") or []
        return self.task(
            body,
            id=body["id"],
            status=status,
            progress=100 if status is TaskStatus.COMPLETED else to_progress(body.get("progress")),
            video_urls=tuple(u for u in results if isinstance(u, str)),
            error=self.error(error.get("code"), error.get("message")) if error else None,
            created_at=created,
            model=body.get("model") if isinstance(body.get("model"), str) else None,
            estimated_seconds=to_seconds(info.get("estimated_time")),
        )
