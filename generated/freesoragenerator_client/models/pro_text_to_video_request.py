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
from ..models.n_frames import NFrames, check_n_frames
from ..models.size import Size, check_size
from ..types import UNSET, Unset

T = TypeVar("T", bound="ProTextToVideoRequest")


@_attrs_define
class ProTextToVideoRequest:
    """Sora 2 Pro text-to-video (`sora-2-pro-text-to-video`)."""

    model: Literal["sora-2-pro-text-to-video"]
    """ Model to use. """
    prompt: str
    """ Natural-language description of the video. Required for this model. """
    aspect_ratio: AspectRatio | Unset = UNSET
    """ Orientation of the video. Default `landscape`. """
    n_frames: NFrames | Unset = UNSET
    """ Video length in seconds ("n frames" in the upstream API): "10" or "15" for
    non-storyboard models ("25" is storyboard-only). Defaults vary by model and are
    not documented, so none is given; the provider normalizes the value to the ones
    the model allows.
    Decision: a JSON string, as in every example on the provider's page
    (`"nFrames": "10"`); integers are not documented and are rejected here.
     """
    size: Size | Unset = UNSET
    """ Output quality/resolution tier; only for the Pro text/image models. No documented default. """
    remove_watermark: bool | Unset = True
    """ Remove the watermark from the result. Default true. """
    is_public: bool | Unset = True
    """ Whether the video is shown publicly on the provider's site. Default true. """

    def to_dict(self) -> dict[str, Any]:
        model = self.model

        prompt = self.prompt

        aspect_ratio: str | Unset = UNSET
        if not isinstance(self.aspect_ratio, Unset):
            aspect_ratio = self.aspect_ratio

        n_frames: str | Unset = UNSET
        if not isinstance(self.n_frames, Unset):
            n_frames = self.n_frames

        size: str | Unset = UNSET
        if not isinstance(self.size, Unset):
            size = self.size

        remove_watermark = self.remove_watermark

        is_public = self.is_public

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "model": model,
                "prompt": prompt,
            }
        )
        if aspect_ratio is not UNSET:
            field_dict["aspectRatio"] = aspect_ratio
        if n_frames is not UNSET:
            field_dict["nFrames"] = n_frames
        if size is not UNSET:
            field_dict["size"] = size
        if remove_watermark is not UNSET:
            field_dict["removeWatermark"] = remove_watermark
        if is_public is not UNSET:
            field_dict["isPublic"] = is_public

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        model = cast(Literal["sora-2-pro-text-to-video"], d.pop("model"))
        if model != "sora-2-pro-text-to-video":
            raise ValueError(
                f"model must match const 'sora-2-pro-text-to-video', got '{model}'"
            )

        prompt = d.pop("prompt")

        _aspect_ratio = d.pop("aspectRatio", UNSET)
        aspect_ratio: AspectRatio | Unset
        if isinstance(_aspect_ratio, Unset):
            aspect_ratio = UNSET
        else:
            aspect_ratio = check_aspect_ratio(_aspect_ratio)

        _n_frames = d.pop("nFrames", UNSET)
        n_frames: NFrames | Unset
        if isinstance(_n_frames, Unset):
            n_frames = UNSET
        else:
            n_frames = check_n_frames(_n_frames)

        _size = d.pop("size", UNSET)
        size: Size | Unset
        if isinstance(_size, Unset):
            size = UNSET
        else:
            size = check_size(_size)

        remove_watermark = d.pop("removeWatermark", UNSET)

        is_public = d.pop("isPublic", UNSET)

        pro_text_to_video_request = cls(
            model=model,
            prompt=prompt,
            aspect_ratio=aspect_ratio,
            n_frames=n_frames,
            size=size,
            remove_watermark=remove_watermark,
            is_public=is_public,
        )

        return pro_text_to_video_request
