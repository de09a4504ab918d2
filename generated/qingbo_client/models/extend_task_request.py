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
from ..models.resolution import Resolution, check_resolution
from ..models.sora_model import SoraModel, check_sora_model
from ..models.video_duration import VideoDuration, check_video_duration
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.extra import Extra


T = TypeVar("T", bound="ExtendTaskRequest")


@_attrs_define
class ExtendTaskRequest:
    """Extend an existing video (`action` = `extend`).

    Decision: the docs do not say which field names the source video. No top-level
    field is invented; pass the source video reference inside `extra` (forwarded to
    Sora unchanged). `resolution` `1080p` requires `model` `sora-2-pro`.

    """

    model: SoraModel
    """ Sora 2 model ID: `sora-2-pro` (high quality, 720p and 1080p) or `sora-2`
    (faster, 720p only). Discontinued on September 24, 2026 according to the
    provider.
     """
    action: Literal["extend"]
    """ Operation type; `extend`. """
    prompt: str
    """ Description of how the video continues. """
    callback_url: str | Unset = UNSET
    """ Webhook URL; the finished task is POSTed to it (see the TaskFinished callback). """
    extra: Extra | Unset = UNSET
    """ Additional parameters passed through to Sora unchanged. Keys other than
    `characters` are not documented and are forwarded as given.
     """
    aspect_ratio: AspectRatio | Unset = UNSET
    """ Video aspect ratio. """
    duration: VideoDuration | Unset = UNSET
    """ Video duration in seconds. """
    resolution: Resolution | Unset = UNSET
    """ Output resolution; `1080p` is supported by `sora-2-pro` only. """

    def to_dict(self) -> dict[str, Any]:
        model: str = self.model

        action = self.action

        prompt = self.prompt

        callback_url = self.callback_url

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

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "model": model,
                "action": action,
                "prompt": prompt,
            }
        )
        if callback_url is not UNSET:
            field_dict["callback_url"] = callback_url
        if extra is not UNSET:
            field_dict["extra"] = extra
        if aspect_ratio is not UNSET:
            field_dict["aspect_ratio"] = aspect_ratio
        if duration is not UNSET:
            field_dict["duration"] = duration
        if resolution is not UNSET:
            field_dict["resolution"] = resolution

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.extra import Extra  # noqa: PLC0415

        d = dict(src_dict)
        model = check_sora_model(d.pop("model"))

        action = cast(Literal["extend"], d.pop("action"))
        if action != "extend":
            raise ValueError(f"action must match const 'extend', got '{action}'")

        prompt = d.pop("prompt")

        callback_url = d.pop("callback_url", UNSET)

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

        extend_task_request = cls(
            model=model,
            action=action,
            prompt=prompt,
            callback_url=callback_url,
            extra=extra,
            aspect_ratio=aspect_ratio,
            duration=duration,
            resolution=resolution,
        )

        return extend_task_request
