"""QWave API (qingbo.dev): ``POST /v1/tasks``, ``GET /v1/tasks/{task_id}``, cancel.

Sources: https://docs.qingbo.dev/cn/api-reference/video/sora,
https://docs.qingbo.dev/en/api-reference/task/submit,
https://docs.qingbo.dev/en/api-reference/task/status,
https://docs.qingbo.dev/en/api-reference/task/cancel,
https://docs.qingbo.dev/en/docs/request-response

- ``model`` ``sora-2`` / ``sora-2-pro`` / ``sora-2-preview``; ``action``
  ``generate`` only (text- and image-to-video; remix and extend are gone from
  the page of 2026-06-19). ``quality`` standard/high is ``resolution``
  720p/1080p; ``1024p`` (``sora-2-pro``) has no quality name: pass
  ``extra={"resolution": "1024p"}``. ``seed`` and ``callback_events`` go in
  ``extra`` too.
- ``extra`` of a VideoRequest is merged into the body; its ``"extra"`` key (the
  provider's pass-through object) is merged key by key.
- Images are URLs only (``image_urls``, at most one).
- Every create carries an ``Idempotency-Key`` (the spec's ``x-idempotency-ttl``,
  see :meth:`~soravideo.adapters._base.Adapter.with_create_options`).
- status ``queued | processing | completed | failed | cancelled``; result items'
  ``url`` is a string OR a list; timestamps are Unix seconds or milliseconds.
- Cost: ``cost`` (settled, terminal states) wins over ``pre_consumed_cost``
  (pre-deducted at submission); both are integer ``quota``.
- A 429 ``quota_window_exceeded`` is a RateLimitError whose ``retry_after``
  comes from ``reset_at``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

import attrs
from qingbo_client.models import Extra, GenerateTaskRequest
from qingbo_client.types import UNSET

from soravideo import _spec
from soravideo._types import QUALITIES, Task, TaskStatus, VideoRequest
from soravideo.adapters._base import (
    Adapter,
    Call,
    Capabilities,
    check_callback_url,
    to_datetime,
    to_progress,
    unsupported,
)
from soravideo.errors import APIError, RateLimitError, RequestValidationError

_RESOLUTIONS = {"standard": "720p", "high": "1080p"}
_QUALITIES = {v: k for k, v in _RESOLUTIONS.items()}
QUOTA_WINDOW_CODE = "quota_window_exceeded"
"""The 429 code whose ``reset_at`` says when to retry (the spec's ErrorCode)."""


def _opt(value: Any) -> Any:
    return UNSET if value is None else value


class QingboAdapter(Adapter):
    """VideoRequest <-> QWave API's unified task system (Sora 2 models).

    See https://docs.qingbo.dev/en/api-reference/video/sora and
    https://docs.qingbo.dev/en/api-reference/task/status.
    """

    provider = "qingbo"
    package = "qingbo_client"
    status_map = {
        "queued": TaskStatus.QUEUED,
        "processing": TaskStatus.IN_PROGRESS,
        "completed": TaskStatus.COMPLETED,
        "failed": TaskStatus.FAILED,
        "cancelled": TaskStatus.CANCELLED,
    }
    field_names = {
        "model": "model",
        "prompt": "prompt",
        "aspect_ratio": "aspect_ratio",
        "duration": "duration",
        "resolution": "quality",
        "image_urls": "image",
        "callback_url": "callback_url",
        "extra": "extra",
    }
    variants = {
        ("sora-2", "text-to-video"): "GenerateTaskRequest",
        ("sora-2", "image-to-video"): "GenerateTaskRequest",
        ("sora-2-pro", "text-to-video"): "GenerateTaskRequest",
        ("sora-2-pro", "image-to-video"): "GenerateTaskRequest",
        ("sora-2-preview", "text-to-video"): "GenerateTaskRequest",
        ("sora-2-preview", "image-to-video"): "GenerateTaskRequest",
    }
    reserved_extra = frozenset({"model", "action"})
    cancel_operation = "cancel_task"
    cost_fields = ("cost", "pre_consumed_cost")
    """``cost`` (the settled charge, terminal states; 0 after a refund) wins over
    ``pre_consumed_cost`` (pre-deducted at submission), per
    https://docs.qingbo.dev/en/docs/request-response (Billing Field)."""
    cost_unit = "quota"

    def create_call(self, request: VideoRequest) -> Call:
        """Build ``GenerateTaskRequest`` (text- or image-to-video).

        https://docs.qingbo.dev/cn/api-reference/video/sora
        """
        mode = request.mode
        if mode == "storyboard":
            raise unsupported(self.provider, "shots", "...", None, "QWave API has no storyboard")
        if mode == "remix":
            raise unsupported(
                self.provider,
                "remix_of",
                request.remix_of,
                None,
                "the Sora page lists only action generate since 2026-06-19",
            )
        if request.remove_watermark is not None:
            raise unsupported(
                self.provider,
                "remove_watermark",
                request.remove_watermark,
                None,
                "QWave API documents no watermark option",
            )
        if request.quality is not None:
            offer = self.capabilities().offer(request.model, mode)
            allowed = offer.qualities if offer is not None else ()
            if request.quality not in allowed:
                raise unsupported(
                    self.provider,
                    "quality",
                    request.quality,
                    list(allowed),
                    f"{request.model} renders {' or '.join(allowed) or 'no choice of'} quality "
                    "(1024p and 1080p need sora-2-pro)",
                )
        check_callback_url(self.provider, request.callback_url)
        common: dict[str, Any] = {
            "model": request.model,
            "prompt": request.prompt or "",
            "aspect_ratio": _opt(request.aspect_ratio),
            "duration": _opt(request.duration),
            "resolution": _RESOLUTIONS[request.quality] if request.quality else UNSET,
            "callback_url": _opt(request.callback_url),
        }
        image_urls: Any = UNSET
        if request.image is not None:
            image_urls = [
                self.image_url(
                    request.image,
                    "QWave API takes image URLs only; upload the image and pass its URL",
                )
            ]
        body = GenerateTaskRequest(image_urls=image_urls, **common)
        return self.finish(body, request, context=f"model {request.model}, {mode}")

    def merge_extra(self, model: Any, extra: Mapping[str, Any]) -> Any:
        """Like the base, but the provider's own ``extra`` object is merged key by key.

        https://docs.qingbo.dev/en/api-reference/video/sora (``extra``: passed through)
        """
        inner = extra.get("extra")
        if inner is None:
            return super().merge_extra(model, extra)
        if not isinstance(inner, Mapping):
            raise RequestValidationError(
                f"{self.provider}: extra['extra'] must be an object, got {inner!r}",
                provider=self.provider,
                field="extra",
                value=inner,
                allowed="an object (passed through to Sora)",
            )
        current = model.extra.to_dict() if isinstance(model.extra, Extra) else {}
        merged = Extra.from_dict({**current, **inner})
        model = attrs.evolve(model, extra=merged)
        return super().merge_extra(model, {k: v for k, v in extra.items() if k != "extra"})

    def capabilities(self) -> Capabilities:
        """The base capabilities, with each model's qualities checked against the spec.

        ``1024p``/``1080p`` are allowed with ``sora-2-pro`` only (the request's
        ``if``/``then``), so every (model, quality) is validated as a probe body.
        Resolutions without a quality name (``1024p``) are left out: they are
        reached through ``extra``.
        https://docs.qingbo.dev/cn/api-reference/video/sora
        """
        caps = super().capabilities()
        offers = []
        for offer in caps.offers:
            allowed = tuple(
                q
                for q in offer.qualities
                if q in QUALITIES
                and not _spec.errors(
                    self.provider,
                    f"/components/schemas/{offer.schema}",
                    {
                        "model": offer.model,
                        "action": "generate",
                        "prompt": "probe",
                        "resolution": _RESOLUTIONS.get(q, q),
                    },
                )
            )
            offers.append(attrs.evolve(offer, qualities=allowed))
        return attrs.evolve(caps, offers=tuple(offers))

    def display_values(self, prop: str, values: list[Any]) -> list[Any]:
        """``resolution`` 720p/1080p as the qualities standard/high.

        https://docs.qingbo.dev/en/api-reference/video/sora
        """
        if prop == "resolution":
            return [_QUALITIES.get(v, v) for v in values]
        return values

    def api_error(
        self, status_code: int, raw: bytes, headers: Mapping[str, str], *, creating: bool
    ) -> APIError:
        """The base error; a 429 ``quota_window_exceeded`` waits until its ``reset_at``.

        ``reset_at`` is read inside ``error`` or at the top level (the page does
        not say where), as Unix seconds/milliseconds or ISO 8601; ``retry_after``
        is the seconds from now until then (never negative), else the
        ``Retry-After`` header's.
        https://docs.qingbo.dev/en/docs/request-response
        """
        error = super().api_error(status_code, raw, headers, creating=creating)
        if not isinstance(error, RateLimitError) or error.code != QUOTA_WINDOW_CODE:
            return error
        try:
            body = json.loads(raw)
        except (ValueError, UnicodeDecodeError, RecursionError):
            return error
        inner = body.get("error") if isinstance(body, Mapping) else None
        reset = None
        for holder in (inner, body):
            if isinstance(holder, Mapping) and holder.get("reset_at") is not None:
                reset = to_datetime(holder["reset_at"])
                break
        if reset is not None:
            error.retry_after = max(0.0, (reset - datetime.now(UTC)).total_seconds())
        return error

    def parse_created(self, body: Any, raw: bytes, status_code: int) -> Task:
        """``{task_id, model, action, status: "queued", created_at, progress,
        pre_consumed_cost}``, or with ``Prefer: wait`` the task as it then stands.

        https://docs.qingbo.dev/en/api-reference/task/submit
        """
        self.check("/components/schemas/CreateTaskResponse", body, raw, status_code)
        return self.to_task(body)

    def to_task(self, body: Any) -> Task:
        """Map a task (query, webhook, create and cancel answers share the fields).

        https://docs.qingbo.dev/en/api-reference/task/status
        """
        status = self.status(body.get("status"))
        error = body.get("error")
        urls: list[str] = []
        expiries: list[datetime] = []
        result = body.get("result")
        items = result.get("videos") if isinstance(result, Mapping) else None
        for item in items if isinstance(items, list) else []:
            if not isinstance(item, Mapping):
                continue
            url = item.get("url")
            # The field table says a string array, the examples a plain string.
            for one in url if isinstance(url, list) else [url]:
                if isinstance(one, str) and one and one not in urls:
                    urls.append(one)
            expires = to_datetime(item.get("expires_at"))
            if expires is not None:
                expiries.append(expires)
        model = body.get("model")
        return self.task(
            body,
            id=body["task_id"],
            status=status,
            progress=100 if status is TaskStatus.COMPLETED else to_progress(body.get("progress")),
            video_urls=tuple(urls),
            error=self.error(error.get("code"), error.get("message"))
            if isinstance(error, Mapping)
            else None,
            created_at=to_datetime(body.get("created_at")),
            completed_at=to_datetime(body.get("completed_at")),
            # Source: the result items' own ``expires_at`` (the spec's x-link-ttl);
            # the earliest one, when the first link stops working.
            expires_at=min(expiries) if expiries else None,
            model=model if isinstance(model, str) else None,
        )
