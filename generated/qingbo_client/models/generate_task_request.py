from __future__ import annotations

from collections.abc import Mapping
from typing import (
    TYPE_CHECKING,
    Any,
    Literal,
    TypeVar,
    cast,
)

from attrs import define as _attrs_define

from ..models.aspect_ratio import AspectRatio, check_aspect_ratio
from ..models.callback_event import CallbackEvent, check_callback_event
from ..models.resolution import Resolution, check_resolution
from ..models.sora_model import SoraModel, check_sora_model
from ..models.video_duration import VideoDuration, check_video_duration
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.extra import Extra


T = TypeVar("T", bound="GenerateTaskRequest")


@_attrs_define
class GenerateTaskRequest:
    """Text-to-video, or image-to-video with one reference image (`action` =
    `generate`, the default). `resolution` `1024p` and `1080p` require `model`
    `sora-2-pro`. With `image_urls` the provider ignores `aspect_ratio` (the
    orientation follows the image).

    """

    model: SoraModel
    """ Sora 2 model ID: `sora-2` (standard, 720p only), `sora-2-pro` (flagship, 720p,
    1024p and 1080p) or `sora-2-preview` (preview tier, same capabilities and price
    as `sora-2`).
     """
    prompt: str
    """ Video description text (scene, subject, action, camera, mood). The page
    recommends at most 2000 characters; longer prompts are not refused here.
     """
    action: Literal["generate"] | Unset = "generate"
    """ Operation type; `generate` (the default when omitted). """
    callback_url: str | Unset = UNSET
    """ Webhook URL, called when the task reaches a terminal state (see the TaskFinished callback). """
    callback_events: list[CallbackEvent] | Unset = UNSET
    """ The webhook events to subscribe to; by default the terminal events
    (`succeeded`, `failed`, `cancelled`).
     """
    extra: Extra | Unset = UNSET
    """ Pass-through object for model-specific parameters, forwarded directly to the
    upstream model. The Sora page says the Sora 2 series has no model-specific
    parameters; keys are forwarded as given.
     """
    aspect_ratio: AspectRatio | Unset = UNSET
    """ Video aspect ratio: `16:9` (landscape), `9:16` (portrait) or `1:1` (square). """
    duration: VideoDuration | Unset = UNSET
    """ Video duration in seconds. """
    resolution: Resolution | Unset = UNSET
    """ Output resolution; `1024p` and `1080p` are supported by `sora-2-pro` only. """
    seed: int | Unset = UNSET
    """ Random seed; the same prompt and seed reproduce similar results. """
    image_urls: list[str] | Unset = UNSET
    """ Reference image URL for image-to-video (at most one; publicly downloadable,
    ≤ 10 MB, JPG / PNG / WEBP). Without it the task is text-to-video.
     """

    def to_dict(self) -> dict[str, Any]:
        model: str = self.model

        prompt = self.prompt

        action = self.action

        callback_url = self.callback_url

        callback_events: list[str] | Unset = UNSET
        if not isinstance(self.callback_events, Unset):
            callback_events = []
            for callback_events_item_data in self.callback_events:
                callback_events_item: str = callback_events_item_data
                callback_events.append(callback_events_item)

        extra: dict[str, Any] | Unset = UNSET
        if not isinstance(self.extra, Unset):
            extra = self.extra.to_dict()

        aspect_ratio: str | Unset = UNSET
        if not isinstance(self.aspect_ratio, Unset):
            aspect_ratio = self.aspect_ratio

        duration: int | Unset = UNSET
        if not isinstance(self.duration, Unset):
            duration = self.duration

        resolution: str | Unset = UNSET
        if not isinstance(self.resolution, Unset):
            resolution = self.resolution

        seed = self.seed

        image_urls: list[str] | Unset = UNSET
        if not isinstance(self.image_urls, Unset):
            image_urls = self.image_urls

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "model": model,
                "prompt": prompt,
            }
        )
        if action is not UNSET:
            field_dict["action"] = action
        if callback_url is not UNSET:
            field_dict["callback_url"] = callback_url
        if callback_events is not UNSET:
            field_dict["callback_events"] = callback_events
        if extra is not UNSET:
            field_dict["extra"] = extra
        if aspect_ratio is not UNSET:
            field_dict["aspect_ratio"] = aspect_ratio
        if duration is not UNSET:
            field_dict["duration"] = duration
        if resolution is not UNSET:
            field_dict["resolution"] = resolution
        if seed is not UNSET:
            field_dict["seed"] = seed
        if image_urls is not UNSET:
            field_dict["image_urls"] = image_urls

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.extra import Extra  # noqa: PLC0415

        d = dict(src_dict)
        model = check_sora_model(d.pop("model"))

        prompt = d.pop("prompt")

        action = cast(Literal["generate"] | Unset, d.pop("action", UNSET))
        if action != "generate" and not isinstance(action, Unset):
            raise ValueError(f"action must match const 'generate', got '{action}'")

        callback_url = d.pop("callback_url", UNSET)

        _callback_events = d.pop("callback_events", UNSET)
        callback_events: list[CallbackEvent] | Unset = UNSET
        if _callback_events is not UNSET:
            callback_events = []
            for callback_events_item_data in _callback_events:
                callback_events_item = check_callback_event(callback_events_item_data)

                callback_events.append(callback_events_item)

        _extra = d.pop("extra", UNSET)
        extra: Extra | Unset
        if isinstance(_extra, Unset):
            extra = UNSET
        else:
            extra = Extra.from_dict(_extra)

        _aspect_ratio = d.pop("aspect_ratio", UNSET)
        aspect_ratio: AspectRatio | Unset
        if isinstance(_aspect_ratio, Unset):
            aspect_ratio = UNSET
        else:
            aspect_ratio = check_aspect_ratio(_aspect_ratio)

        _duration = d.pop("duration", UNSET)
        duration: VideoDuration | Unset
        if isinstance(_duration, Unset):
            duration = UNSET
        else:
            duration = check_video_duration(_duration)

        _resolution = d.pop("resolution", UNSET)
        resolution: Resolution | Unset
        if isinstance(_resolution, Unset):
            resolution = UNSET
        else:
            resolution = check_resolution(_resolution)

        seed = d.pop("seed", UNSET)

        image_urls = cast(list[str], d.pop("image_urls", UNSET))

        generate_task_request = cls(
            model=model,
            prompt=prompt,
            action=action,
            callback_url=callback_url,
            callback_events=callback_events,
            extra=extra,
            aspect_ratio=aspect_ratio,
            duration=duration,
            resolution=resolution,
            seed=seed,
            image_urls=image_urls,
        )

        return generate_task_request
