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
from ..models.video_duration import VideoDuration, check_video_duration
from ..types import UNSET, Unset

T = TypeVar("T", bound="ImageToVideoInput")


@_attrs_define
class ImageToVideoInput:
    """Input for extending a single image into a video (`mode` `image-to-video`).
    The reference image becomes the start frame or a key frame; describe the
    desired animation, camera movement and narrative in the prompt.

    """

    mode: Literal["image-to-video"]
    """ Generation mode; `image-to-video` generates a video from an image. """
    prompt: str
    """ Description of the video, 1 to 10000 characters. The docs advise film
    terminology for the camera, lighting and mood cues, action details and
    scene transitions. Must comply with content safety guidelines.
     """
    image_urls: list[str]
    """ Reference image: exactly one publicly reachable URL. JPG, PNG or WebP,
    at most 10 MB. An unreachable URL fails the task with `failCode`
    `INVALID_IMAGE_URL`.
     """
    duration: VideoDuration | Unset = UNSET
    """ Video length in seconds: 4 (fast preview), 8 (balanced cost and
    narrative length) or 12 (richer scene progression). Decision: an integer
    enum of 4, 8, 12 without a default. The current page revisions list
    "Durations: 4, 8, 12 seconds" and send `"duration": 12` as a JSON
    number; an older revision sent `"duration": 15` (a number), and the
    oldest one used a differently named string field `n_frames` ("10"/"15",
    default "10"). Neither the type change nor a default for the current
    field is documented, so the field is optional and the provider's own
    default applies when it is omitted.
     """
    aspect_ratio: AspectRatio | Unset = UNSET
    """ Aspect ratio: `landscape` (default; traditional video platforms, film,
    desktop viewing) or `portrait` (short-video platforms, mobile, social media).
     """
    remove_watermark: bool | Unset = UNSET
    """ `true` (default, highly recommended) removes the watermark
    automatically; `false` keeps the original watermark.
     """

    def to_dict(self) -> dict[str, Any]:
        mode = self.mode

        prompt = self.prompt

        image_urls = self.image_urls

        duration: int | Unset = UNSET
        if not isinstance(self.duration, Unset):
            duration = self.duration

        aspect_ratio: str | Unset = UNSET
        if not isinstance(self.aspect_ratio, Unset):
            aspect_ratio = self.aspect_ratio

        remove_watermark = self.remove_watermark

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "mode": mode,
                "prompt": prompt,
                "image_urls": image_urls,
            }
        )
        if duration is not UNSET:
            field_dict["duration"] = duration
        if aspect_ratio is not UNSET:
            field_dict["aspect_ratio"] = aspect_ratio
        if remove_watermark is not UNSET:
            field_dict["remove_watermark"] = remove_watermark

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        mode = cast(Literal["image-to-video"], d.pop("mode"))
        if mode != "image-to-video":
            raise ValueError(f"mode must match const 'image-to-video', got '{mode}'")

        prompt = d.pop("prompt")

        image_urls = cast(list[str], d.pop("image_urls"))

        _duration = d.pop("duration", UNSET)
        duration: VideoDuration | Unset
        if isinstance(_duration, Unset):
            duration = UNSET
        else:
            duration = check_video_duration(_duration)

        _aspect_ratio = d.pop("aspect_ratio", UNSET)
        aspect_ratio: AspectRatio | Unset
        if isinstance(_aspect_ratio, Unset):
            aspect_ratio = UNSET
        else:
            aspect_ratio = check_aspect_ratio(_aspect_ratio)

        remove_watermark = d.pop("remove_watermark", UNSET)

        image_to_video_input = cls(
            mode=mode,
            prompt=prompt,
            image_urls=image_urls,
            duration=duration,
            aspect_ratio=aspect_ratio,
            remove_watermark=remove_watermark,
        )

        return image_to_video_input
