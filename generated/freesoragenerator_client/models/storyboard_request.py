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
from ..models.storyboard_n_frames import StoryboardNFrames, check_storyboard_n_frames
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.shot import Shot


T = TypeVar("T", bound="StoryboardRequest")


@_attrs_define
class StoryboardRequest:
    """Sora 2 Pro storyboard (`sora-2-pro-storyboard`): a multi-shot video described by
    `shots`. `prompt` is optional and is NOT forwarded to the upstream service; use
    `shots` for the content. `size` and `removeWatermark` do not apply to this model
    (Decision: they are rejected here, since the docs limit them to other models).

    """

    model: Literal["sora-2-pro-storyboard"]
    """ Model to use. """
    shots: list[Shot]
    """ The storyboard's shots, in order. Required for this model. """
    prompt: str | Unset = UNSET
    """ Optional; accepted but not sent to the upstream provider. Use `shots` for content. """
    aspect_ratio: AspectRatio | Unset = UNSET
    """ Orientation of the video. Default `landscape`. """
    n_frames: StoryboardNFrames | Unset = UNSET
    """ Total storyboard length in seconds: "10", "15" or "25" ("25" only for storyboard).
    Defaults vary by model and are not documented; the provider normalizes the value.
    Decision: a JSON string, as in every example on the provider's page; integers are
    rejected here.
     """
    is_public: bool | Unset = True
    """ Whether the video is shown publicly on the provider's site. Default true. """

    def to_dict(self) -> dict[str, Any]:
        model = self.model

        shots = []
        for shots_item_data in self.shots:
            shots_item = shots_item_data.to_dict()
            shots.append(shots_item)

        prompt = self.prompt

        aspect_ratio: str | Unset = UNSET
        if not isinstance(self.aspect_ratio, Unset):
            aspect_ratio = self.aspect_ratio

        n_frames: str | Unset = UNSET
        if not isinstance(self.n_frames, Unset):
            n_frames = self.n_frames

        is_public = self.is_public

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "model": model,
                "shots": shots,
            }
        )
        if prompt is not UNSET:
            field_dict["prompt"] = prompt
        if aspect_ratio is not UNSET:
            field_dict["aspectRatio"] = aspect_ratio
        if n_frames is not UNSET:
            field_dict["nFrames"] = n_frames
        if is_public is not UNSET:
            field_dict["isPublic"] = is_public

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.shot import Shot  # noqa: PLC0415

        d = dict(src_dict)
        model = cast(Literal["sora-2-pro-storyboard"], d.pop("model"))
        if model != "sora-2-pro-storyboard":
            raise ValueError(
                f"model must match const 'sora-2-pro-storyboard', got '{model}'"
            )

        shots = []
        _shots = d.pop("shots")
        for shots_item_data in _shots:
            shots_item = Shot.from_dict(shots_item_data)

            shots.append(shots_item)

        prompt = d.pop("prompt", UNSET)

        _aspect_ratio = d.pop("aspectRatio", UNSET)
        aspect_ratio: AspectRatio | Unset
        if isinstance(_aspect_ratio, Unset):
            aspect_ratio = UNSET
        else:
            aspect_ratio = check_aspect_ratio(_aspect_ratio)

        _n_frames = d.pop("nFrames", UNSET)
        n_frames: StoryboardNFrames | Unset
        if isinstance(_n_frames, Unset):
            n_frames = UNSET
        else:
            n_frames = check_storyboard_n_frames(_n_frames)

        is_public = d.pop("isPublic", UNSET)

        storyboard_request = cls(
            model=model,
            shots=shots,
            prompt=prompt,
            aspect_ratio=aspect_ratio,
            n_frames=n_frames,
            is_public=is_public,
        )

        return storyboard_request
