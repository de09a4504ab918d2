from __future__ import annotations

from collections.abc import Mapping
from typing import (
    Any,
    Literal,
    TypeVar,
    cast,
)

from attrs import define as _attrs_define

from ..models.aspect_ratio import AspectRatio, check_aspect_ratio
from ..models.remix_duration import RemixDuration, check_remix_duration
from ..types import UNSET, Unset

T = TypeVar("T", bound="RemixRequest")


@_attrs_define
class RemixRequest:
    """Remix of an earlier video task with `sora-2-pro-remix`.

    Decision: the remix variant takes `base_video_task_id`, `prompt`
    (at most 2000 characters, as its own page says), `aspect_ratio`,
    `duration` (15 or 25, default 15), `remove_watermark` and
    `callback_url`; it takes no `image_urls` (the remix page lists none).
    `callback_url` is not visible in the captured part of the remix page;
    it is accepted because every EvoLink video-generation page documents
    the same callback mechanism for this endpoint.
    `aspect_ratio` has no `default`: none is documented, and sending one
    would override the source video's orientation.

    """

    model: Literal["sora-2-pro-remix"]
    """ Video generation model name; `sora-2-pro-remix` for this variant. """
    base_video_task_id: str
    """ Id of the original video task; it must be a video task generated or remixed by Sora 2 / Sora 2 Pro. """
    prompt: str
    """ Prompt describing the change to make to the original video (at most 2000 characters). """
    aspect_ratio: AspectRatio | Unset = UNSET
    """ Video aspect ratio: `16:9` generates a landscape video, `9:16` a portrait video. """
    duration: RemixDuration | Unset = UNSET
    """ Video duration in seconds for `sora-2-pro-remix`: 15 or 25. Billing is by
    duration; longer costs more. Decision: no default is sent (see `x-doc`).
     """
    remove_watermark: bool | Unset = True
    """ Whether to remove the video watermark. `true` (the default): removed, higher price; `false`: watermark kept,
    standard price. """
    callback_url: str | Unset = UNSET
    """ HTTPS URL called when the task is completed, failed or cancelled,
    after billing has been confirmed; the body is the task object, as
    returned by the task query. Only HTTPS is supported; internal and
    loopback addresses (127.0.0.1, 10.x.x.x, 172.16-31.x.x, 192.168.x.x,
    etc.) are refused; at most 2048 characters. Timeout 10 s; a 2xx
    answer is success; otherwise at most 3 retries, after 1, 2 and 4 s.
    (The private-address rule is enforced by the provider, not by this
    schema.)
     """

    def to_dict(self) -> dict[str, Any]:
        model = self.model

        base_video_task_id = self.base_video_task_id

        prompt = self.prompt

        aspect_ratio: str | Unset = UNSET
        if not isinstance(self.aspect_ratio, Unset):
            aspect_ratio = self.aspect_ratio

        duration: int | Unset = UNSET
        if not isinstance(self.duration, Unset):
            duration = self.duration

        remove_watermark = self.remove_watermark

        callback_url = self.callback_url

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "model": model,
                "base_video_task_id": base_video_task_id,
                "prompt": prompt,
            }
        )
        if aspect_ratio is not UNSET:
            field_dict["aspect_ratio"] = aspect_ratio
        if duration is not UNSET:
            field_dict["duration"] = duration
        if remove_watermark is not UNSET:
            field_dict["remove_watermark"] = remove_watermark
        if callback_url is not UNSET:
            field_dict["callback_url"] = callback_url

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        model = cast(Literal["sora-2-pro-remix"], d.pop("model"))
        if model != "sora-2-pro-remix":
            raise ValueError(
                f"model must match const 'sora-2-pro-remix', got '{model}'"
            )

        base_video_task_id = d.pop("base_video_task_id")

        prompt = d.pop("prompt")

        _aspect_ratio = d.pop("aspect_ratio", UNSET)
        aspect_ratio: AspectRatio | Unset
        if isinstance(_aspect_ratio, Unset):
            aspect_ratio = UNSET
        else:
            aspect_ratio = check_aspect_ratio(_aspect_ratio)

        _duration = d.pop("duration", UNSET)
        duration: RemixDuration | Unset
        if isinstance(_duration, Unset):
            duration = UNSET
        else:
            duration = check_remix_duration(_duration)

        remove_watermark = d.pop("remove_watermark", UNSET)

        callback_url = d.pop("callback_url", UNSET)

        remix_request = cls(
            model=model,
            base_video_task_id=base_video_task_id,
            prompt=prompt,
            aspect_ratio=aspect_ratio,
            duration=duration,
            remove_watermark=remove_watermark,
            callback_url=callback_url,
        )

        return remix_request
