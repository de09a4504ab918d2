"""FreeSoraGenerator: ``POST /api/v1/video/sora-pro``, ``POST /api/video-generations/check-result``.

Sources: https://freesoragenerator.com/nl/sora-2-pro-api,
https://freesoragenerator.com/en/sora-2-pro-api,
https://sora2api.apifox.cn/check-generation-result-395235467e0

- The ``model`` name encodes model and mode: ``sora-2-text-to-video``,
  ``sora-2-image-to-video``, ``sora-2-pro-text-to-video``,
  ``sora-2-pro-image-to-video``, ``sora-2-pro-storyboard``.
  Decision: ``model="sora-2"`` maps to the plain names, not their
  ``-stable`` twins (the English page's own example uses the plain name; the
  docs give both identical parameters). ``extra`` cannot override ``model``.
- ``aspect_ratio`` 16:9/9:16 is ``aspectRatio`` landscape/portrait; ``duration``
  is the STRING ``nFrames`` ("10", "15"; "25" for storyboards); ``quality`` is
  ``size`` standard/high (Pro text/image models only).
- Images: a ``data:`` URL, bytes or a local file go in ``imageData`` (base64
  data URL), an http(s) URL in ``imageUrl``.
- Storyboard (``shots``) only with ``model="sora-2-pro"``: each Shot is
  ``{"Scene": prompt, "duration": seconds}``.
- No remix, no webhooks (``callback_url`` is refused, and so is
  :meth:`FreeSoraGeneratorAdapter.parse_callback`), no cancel.
- Answers are ``{code, message, data}`` envelopes; ``code`` != 0 is an error even
  with HTTP 200. The status answer does NOT repeat the task id: pass
  ``task_id=`` to :meth:`~soravideo.adapters._base.Adapter.parse_task`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from freesoragenerator_client.models import (
    ImageToVideoRequest,
    ProImageToVideoRequest,
    ProTextToVideoRequest,
    StoryboardRequest,
    TaskQuery,
    TextToVideoRequest,
)
from freesoragenerator_client.models import Shot as FsgShot
from freesoragenerator_client.types import UNSET

from soravideo._types import Task, TaskStatus, VideoRequest
from soravideo.adapters._base import (
    Adapter,
    Call,
    image_data_url,
    make_api_error,
    to_progress,
    unsupported,
)
from soravideo.errors import APIError, ProviderResponseError, RequestValidationError

_ASPECTS = {"16:9": "landscape", "9:16": "portrait"}
_DISPLAY = {v: k for k, v in _ASPECTS.items()}
_MODEL_NAMES = {
    ("sora-2", "text-to-video"): "sora-2-text-to-video",
    ("sora-2", "image-to-video"): "sora-2-image-to-video",
    ("sora-2-pro", "text-to-video"): "sora-2-pro-text-to-video",
    ("sora-2-pro", "image-to-video"): "sora-2-pro-image-to-video",
    ("sora-2-pro", "storyboard"): "sora-2-pro-storyboard",
}
_MESSAGE_KINDS = (
    (("credit", "balance", "quota"), 402),
    (("unauthor", "api key", "apikey", "token", "login", "auth"), 401),
    (("forbidden", "permission", "vip"), 403),
    (("not found", "not exist", "no such"), 404),
    (("too many", "rate limit", "concurren"), 429),
)


def _opt(value: Any) -> Any:
    return UNSET if value is None else value


class FreeSoraGeneratorAdapter(Adapter):
    """VideoRequest <-> FreeSoraGenerator's Sora 2 Pro API.

    See https://freesoragenerator.com/en/sora-2-pro-api (request) and
    https://sora2api.apifox.cn/check-generation-result-395235467e0 (status).
    """

    provider = "freesoragenerator"
    package = "freesoragenerator_client"
    status_map = {
        "pending": TaskStatus.QUEUED,
        "running": TaskStatus.IN_PROGRESS,
        "succeeded": TaskStatus.COMPLETED,
        "failed": TaskStatus.FAILED,
    }
    field_names = {
        "model": "model",
        "prompt": "prompt",
        "aspectRatio": "aspect_ratio",
        "nFrames": "duration",
        "size": "quality",
        "imageData": "image",
        "imageUrl": "image",
        "removeWatermark": "remove_watermark",
        "shots": "shots",
        "Scene": "shots",
    }
    variants = {
        ("sora-2", "text-to-video"): "TextToVideoRequest",
        ("sora-2", "image-to-video"): "ImageToVideoRequest",
        ("sora-2-pro", "text-to-video"): "ProTextToVideoRequest",
        ("sora-2-pro", "image-to-video"): "ProImageToVideoRequest",
        ("sora-2-pro", "storyboard"): "StoryboardRequest",
    }
    reserved_extra = frozenset({"model"})

    def create_call(self, request: VideoRequest) -> Call:
        """Build the body variant of the model name (text, image, Pro, storyboard).

        https://freesoragenerator.com/nl/sora-2-pro-api
        """
        mode = request.mode
        if request.callback_url is not None:
            raise unsupported(
                self.provider,
                "callback_url",
                request.callback_url,
                None,
                "FreeSoraGenerator documents no webhooks; poll the task instead",
            )
        if mode == "remix":
            raise unsupported(
                self.provider, "remix_of", request.remix_of, None, "FreeSoraGenerator has no remix"
            )
        key = (request.model, mode)
        if key not in _MODEL_NAMES:
            raise unsupported(
                self.provider,
                "model",
                request.model,
                ["sora-2-pro"],
                "storyboards use the sora-2-pro-storyboard model",
            )
        if request.quality is not None and request.model != "sora-2-pro":
            raise unsupported(
                self.provider,
                "quality",
                request.quality,
                None,
                "size (quality) is offered by the Pro text/image models only",
            )
        aspect: Any = _ASPECTS[request.aspect_ratio] if request.aspect_ratio else UNSET
        # Any: the spec, not the Literal type, judges the value (error names "duration").
        n_frames: Any = UNSET if request.duration is None else str(request.duration)
        body: Any
        if mode == "storyboard":
            if request.quality is not None:
                raise unsupported(
                    self.provider, "quality", request.quality, None, "storyboards have no size"
                )
            if request.remove_watermark is not None:
                raise unsupported(
                    self.provider,
                    "remove_watermark",
                    request.remove_watermark,
                    None,
                    "the storyboard model takes no removeWatermark",
                )
            body = StoryboardRequest(
                model="sora-2-pro-storyboard",
                # Accepted but not forwarded upstream by the provider.
                prompt=_opt(request.prompt),
                shots=[FsgShot(scene=s.prompt, duration=s.duration) for s in request.shots],
                aspect_ratio=aspect,
                n_frames=n_frames,
            )
            return self.finish(body, request, context="sora-2-pro-storyboard")
        common: dict[str, Any] = {
            "prompt": request.prompt or "",
            "aspect_ratio": aspect,
            "n_frames": n_frames,
            "remove_watermark": _opt(request.remove_watermark),
        }
        if request.model == "sora-2-pro":
            common["size"] = _opt(request.quality)
        name = _MODEL_NAMES[key]
        if mode == "image-to-video" and request.image is not None:
            image = request.image
            if isinstance(image, str) and image.startswith(("http://", "https://")):
                common["image_url"] = image
            else:
                common["image_data"] = image_data_url(image)
            cls: Any = (
                ProImageToVideoRequest if request.model == "sora-2-pro" else ImageToVideoRequest
            )
        else:
            cls = ProTextToVideoRequest if request.model == "sora-2-pro" else TextToVideoRequest
        return self.finish(cls(model=name, **common), request, context=f"{name}, {mode}")

    def get_call(self, task_id: str) -> Call:
        """``POST /api/video-generations/check-result`` with the body ``{"taskId": ...}``.

        https://sora2api.apifox.cn/check-generation-result-395235467e0
        """
        if not isinstance(task_id, str) or not task_id.strip():
            raise RequestValidationError(
                f"task id must be a non-empty string, got {task_id!r}",
                provider=self.provider,
                field="task_id",
                value=task_id,
            )
        body = TaskQuery(task_id=task_id)
        return Call(self.get_operation, self.module(self.get_operation), {"body": body})

    def display_values(self, prop: str, values: list[Any]) -> list[Any]:
        """``aspectRatio`` landscape/portrait as 16:9/9:16, ``nFrames`` "10" as 10.

        https://freesoragenerator.com/nl/sora-2-pro-api
        """
        if prop == "aspectRatio":
            return [_DISPLAY.get(v, v) for v in values]
        if prop == "nFrames":
            return [int(v) if isinstance(v, str) and v.isdigit() else v for v in values]
        return values

    def envelope_error(self, body: Any, raw: bytes, status_code: int) -> APIError | None:
        """An envelope whose ``code`` is not 0 (sent with HTTP 200 as often as not).

        The codes are not documented: a code in 400-599 is read as an HTTP
        status, otherwise the message decides (credits -> 402, auth -> 401 ...),
        else 400. https://freesoragenerator.com/en/sora-2-pro-api
        """
        if not isinstance(body, Mapping):
            return None
        code = body.get("code")
        if not isinstance(code, int) or isinstance(code, bool) or code == 0:
            return None
        message = body.get("message")
        text = message if isinstance(message, str) and message else f"error code {code}"
        kind = code if 400 <= code < 600 else 400
        if kind == 400:
            lowered = text.lower()
            kind = next((k for words, k in _MESSAGE_KINDS if any(w in lowered for w in words)), 400)
        return make_api_error(
            self.provider, status_code, str(code), text, raw, {}, classify_as=kind
        )

    def check(self, pointer: str, body: Any, raw: bytes, status_code: int | None = None) -> None:
        """The schema check, plus: a success envelope (``code`` 0) must carry ``data``.

        https://sora2api.apifox.cn/checkresultresponse-231657861d0
        """
        super().check(pointer, body, raw, status_code)
        envelopes = (self.task_schema, "/components/schemas/CreateTaskResponse")
        if pointer in envelopes and not isinstance(body.get("data"), Mapping):
            raise ProviderResponseError(
                "the success envelope (code 0) has no data object",
                provider=self.provider,
                body=raw,
                path="$.data",
                status_code=status_code,
            )

    def parse_callback(self, body: Any, raw: bytes) -> Task:
        """Always raises: FreeSoraGenerator documents no webhooks.

        https://freesoragenerator.com/en/sora-2-pro-api (no callback for
        ``/api/v1/video/sora-pro``).

        Raises:
            RequestValidationError: always (``field="callback_url"``).
        """
        raise RequestValidationError(
            f"{self.provider} documents no webhooks, so there is no callback body to parse; "
            "poll the task with get()/wait() instead",
            provider=self.provider,
            field="callback_url",
        )

    def parse_created(self, body: Any, raw: bytes, status_code: int) -> Task:
        """``{code: 0, message, data: {taskId}}``: a queued task.

        https://freesoragenerator.com/nl/sora-2-pro-api
        """
        error = self.envelope_error(body, raw, status_code)
        if error is not None:
            raise error
        self.check("/components/schemas/CreateTaskResponse", body, raw, status_code)
        return self.task(body, id=body["data"]["taskId"], status=TaskStatus.QUEUED)

    def to_task(self, body: Any) -> Task:
        """Map ``{code: 0, message, data: {status, progress, result_url, ...}}``.

        The answer has no task id: :attr:`Task.id` is "" unless ``parse_task``
        gets ``task_id=``. https://sora2api.apifox.cn/check-generation-result-395235467e0
        """
        data = body["data"]
        status = self.status(data.get("status"))
        urls: list[str] = []
        first = data.get("result_url")
        rest = data.get("result_urls")
        # Clients read result_url, falling back to result_urls[0] (then the rest).
        for url in [first, *(rest if isinstance(rest, list) else [])]:
            if isinstance(url, str) and url and url not in urls:
                urls.append(url)
        if status in (TaskStatus.QUEUED, TaskStatus.IN_PROGRESS):
            # The docs' running example already carries a (placeholder) result_url.
            urls = []
        reason = data.get("failure_reason")
        detail = data.get("error_message")
        # Not documented in the answer; used should the provider ever add it.
        echoed = data.get("taskId")
        return self.task(
            body,
            id=echoed if isinstance(echoed, str) else "",
            status=status,
            progress=100 if status is TaskStatus.COMPLETED else to_progress(data.get("progress")),
            video_urls=tuple(urls),
            error=self.error(reason, detail or reason),
        )
