from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.aspect_ratio import AspectRatio, check_aspect_ratio
from ..models.n_frames import NFrames, check_n_frames
from ..models.text_to_video_request_model import (
    TextToVideoRequestModel,
    check_text_to_video_request_model,
)
from ..types import UNSET, Unset

T = TypeVar("T", bound="TextToVideoRequest")


@_attrs_define
class TextToVideoRequest:
    """Standard Sora 2 text-to-video (`sora-2-text-to-video` or `sora-2-text-to-video-stable`)."""

    model: TextToVideoRequestModel
    """ Model to use. The `-stable` variant targets the provider's more stable upstream channel for the same model.
    """
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
    remove_watermark: bool | Unset = True
    """ Remove the watermark from the result. Default true. """
    is_public: bool | Unset = True
    """ Whether the video is shown publicly on the provider's site. Default true. """

    def to_dict(self) -> dict[str, Any]:
        model: str = self.model

        prompt = self.prompt

        aspect_ratio: str | Unset = UNSET
        if not isinstance(self.aspect_ratio, Unset):
            aspect_ratio = self.aspect_ratio

        n_frames: str | Unset = UNSET
        if not isinstance(self.n_frames, Unset):
            n_frames = self.n_frames

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
        if remove_watermark is not UNSET:
            field_dict["removeWatermark"] = remove_watermark
        if is_public is not UNSET:
            field_dict["isPublic"] = is_public

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        model = check_text_to_video_request_model(d.pop("model"))

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

        remove_watermark = d.pop("removeWatermark", UNSET)

        is_public = d.pop("isPublic", UNSET)

        text_to_video_request = cls(
            model=model,
            prompt=prompt,
            aspect_ratio=aspect_ratio,
            n_frames=n_frames,
            remove_watermark=remove_watermark,
            is_public=is_public,
        )

        return text_to_video_request
