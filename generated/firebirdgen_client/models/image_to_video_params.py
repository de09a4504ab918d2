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
from ..models.project_name import ProjectName, check_project_name
from ..models.standard_duration import StandardDuration, check_standard_duration
from ..types import UNSET, Unset

T = TypeVar("T", bound="ImageToVideoParams")


@_attrs_define
class ImageToVideoParams:
    """Standard Sora 2 image-to-video (10 or 15 s, SD); `imageUrl` is required. Supports remix via `remixTargetId`."""

    project_name: ProjectName
    """ Project name; the only documented value is `sora2`. """
    model_name: Literal["sora2_image_to_video"]
    """ Model to use; `sora2_image_to_video` selects this variant. """
    prompt: str
    """ Description of the video to generate. Must avoid adult content, violence, political content and copyrighted
    IP. """
    image_url: str
    """ The single source image, as a URL or as base64 data. Images must not
    contain unauthorized real person likenesses.
    Decision: no `format: uri`, because base64 data is also accepted.
     """
    aspect_ratio: AspectRatio | Unset = UNSET
    """ Video aspect ratio, portrait `9:16` or landscape `16:9`. """
    duration: StandardDuration | Unset = UNSET
    """ Video length in seconds for the standard models; both are SD. """
    remix_target_id: str | Unset = UNSET
    """ Id of a previous, completed task of your own account to create a remix/variation or continuation of.
    Standard models only. """
    callback_url: str | Unset = UNSET
    """ Webhook URL that receives a POST when the task completes or fails (see the `taskFinished` callback). """

    def to_dict(self) -> dict[str, Any]:
        project_name: str = self.project_name

        model_name = self.model_name

        prompt = self.prompt

        image_url = self.image_url

        aspect_ratio: str | Unset = UNSET
        if not isinstance(self.aspect_ratio, Unset):
            aspect_ratio = self.aspect_ratio

        duration: int | Unset = UNSET
        if not isinstance(self.duration, Unset):
            duration = self.duration

        remix_target_id = self.remix_target_id

        callback_url = self.callback_url

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "projectName": project_name,
                "modelName": model_name,
                "prompt": prompt,
                "imageUrl": image_url,
            }
        )
        if aspect_ratio is not UNSET:
            field_dict["aspectRatio"] = aspect_ratio
        if duration is not UNSET:
            field_dict["duration"] = duration
        if remix_target_id is not UNSET:
            field_dict["remixTargetId"] = remix_target_id
        if callback_url is not UNSET:
            field_dict["callbackUrl"] = callback_url

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        project_name = check_project_name(d.pop("projectName"))

        model_name = cast(Literal["sora2_image_to_video"], d.pop("modelName"))
        if model_name != "sora2_image_to_video":
            raise ValueError(
                f"modelName must match const 'sora2_image_to_video', got '{model_name}'"
            )

        prompt = d.pop("prompt")

        image_url = d.pop("imageUrl")

        _aspect_ratio = d.pop("aspectRatio", UNSET)
        aspect_ratio: AspectRatio | Unset
        if isinstance(_aspect_ratio, Unset):
            aspect_ratio = UNSET
        else:
            aspect_ratio = check_aspect_ratio(_aspect_ratio)

        _duration = d.pop("duration", UNSET)
        duration: StandardDuration | Unset
        if isinstance(_duration, Unset):
            duration = UNSET
        else:
            duration = check_standard_duration(_duration)

        remix_target_id = d.pop("remixTargetId", UNSET)

        callback_url = d.pop("callbackUrl", UNSET)

        image_to_video_params = cls(
            project_name=project_name,
            model_name=model_name,
            prompt=prompt,
            image_url=image_url,
            aspect_ratio=aspect_ratio,
            duration=duration,
            remix_target_id=remix_target_id,
            callback_url=callback_url,
        )

        return image_to_video_params
