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
from ..models.generation_duration import GenerationDuration, check_generation_duration
from ..types import UNSET, Unset

T = TypeVar("T", bound="GenerationRequest")


@_attrs_define
class GenerationRequest:
    """Text-to-video or image-to-video with `sora-2`.

    Decision: `prompt` is limited to 1000 characters as on the captured
    page; a later rendering of the same page says "5000 tokens" (the page
    has changed over time).
    Decision: `aspect_ratio` has no `default` here: the docs give "16:9"
    only as an example, and a default would be sent on every request by
    the generated client (for an image-to-video request it would force
    landscape). Omitted, the provider decides (landscape is likely).

    """

    model: Literal["sora-2"]
    """ Video generation model name; `sora-2` for this variant. """
    prompt: str
    """ Prompt describing what kind of video to generate (at most 1000 characters). """
    aspect_ratio: AspectRatio | Unset = UNSET
    """ Video aspect ratio: `16:9` generates a landscape video, `9:16` a portrait video. """
    image_urls: list[str] | Unset = UNSET
    """ Reference image URL list for image-to-video. At most 1 image per
    request; at most 10 MB; formats .jpg, .jpeg, .png, .webp; images
    showing real human figures are not supported. The URL must be
    directly viewable by the server or trigger a direct download
    (typically it ends with an image file extension).
     """
    remove_watermark: bool | Unset = True
    """ Whether to remove the video watermark. `true` (the default): removed, higher price; `false`: watermark kept,
    standard price. """
    duration: GenerationDuration | Unset = UNSET
    """ Video duration in seconds for `sora-2`; only 10 (the default) or 15. Billing is by duration; 15 seconds
    costs more than 10. """
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

        prompt = self.prompt

        aspect_ratio: str | Unset = UNSET
        if not isinstance(self.aspect_ratio, Unset):
            aspect_ratio = self.aspect_ratio

        image_urls: list[str] | Unset = UNSET
        if not isinstance(self.image_urls, Unset):
            image_urls = self.image_urls

        remove_watermark = self.remove_watermark

        duration: int | Unset = UNSET
        if not isinstance(self.duration, Unset):
            duration = self.duration

        callback_url = self.callback_url

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "model": model,
                "prompt": prompt,
            }
        )
        if aspect_ratio is not UNSET:
            field_dict["aspect_ratio"] = aspect_ratio
        if image_urls is not UNSET:
            field_dict["image_urls"] = image_urls
        if remove_watermark is not UNSET:
            field_dict["remove_watermark"] = remove_watermark
        if duration is not UNSET:
            field_dict["duration"] = duration
        if callback_url is not UNSET:
            field_dict["callback_url"] = callback_url

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        model = cast(Literal["sora-2"], d.pop("model"))
        if model != "sora-2":
            raise ValueError(f"model must match const 'sora-2', got '{model}'")

        prompt = d.pop("prompt")

        _aspect_ratio = d.pop("aspect_ratio", UNSET)
        aspect_ratio: AspectRatio | Unset
        if isinstance(_aspect_ratio, Unset):
            aspect_ratio = UNSET
        else:
            aspect_ratio = check_aspect_ratio(_aspect_ratio)

        image_urls = cast(list[str], d.pop("image_urls", UNSET))

        remove_watermark = d.pop("remove_watermark", UNSET)

        _duration = d.pop("duration", UNSET)
        duration: GenerationDuration | Unset
        if isinstance(_duration, Unset):
            duration = UNSET
        else:
            duration = check_generation_duration(_duration)

        callback_url = d.pop("callback_url", UNSET)

        generation_request = cls(
            model=model,
            prompt=prompt,
            aspect_ratio=aspect_ratio,
            image_urls=image_urls,
            remove_watermark=remove_watermark,
            duration=duration,
            callback_url=callback_url,
        )

        return generation_request
