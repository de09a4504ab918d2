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
from ..models.pro_duration import ProDuration, check_pro_duration
from ..models.project_name import ProjectName, check_project_name
from ..types import UNSET, Unset

T = TypeVar("T", bound="ProTextToVideoParams")


@_attrs_define
class ProTextToVideoParams:
    """Sora 2 Pro text-to-video (15 s HD or 25 s SD, default 25). Remix is not available for Pro models."""

    project_name: ProjectName
    """ Project name; the only documented value is `sora2`. """
    model_name: Literal["sora2_pro_text_to_video"]
    """ Model to use; `sora2_pro_text_to_video` selects this variant. """
    prompt: str
    """ Description of the video to generate. Must avoid adult content, violence, political content and copyrighted
    IP. """
    aspect_ratio: AspectRatio | Unset = UNSET
    """ Video aspect ratio, portrait `9:16` or landscape `16:9`. """
    duration: ProDuration | Unset = UNSET
    """ Video length in seconds for the Pro models: 15 s is HD, 25 s is SD.
    Decision: 10 is not accepted for Pro. The models overview lists the Pro
    models as "15s HD / 25s SD" only, and the duration row's "Only Pro 15s
    is HD quality" and "25 (SD, pro only)" name no Pro 10 s option; the
    bare "10 (SD)" in that row is read as the standard models' value.
    Revisit if the provider accepts 10 for Pro.
     """
    callback_url: str | Unset = UNSET
    """ Webhook URL that receives a POST when the task completes or fails (see the `taskFinished` callback). """

    def to_dict(self) -> dict[str, Any]:
        project_name: str = self.project_name

        model_name = self.model_name

        prompt = self.prompt

        aspect_ratio: str | Unset = UNSET
        if not isinstance(self.aspect_ratio, Unset):
            aspect_ratio = self.aspect_ratio

        duration: int | Unset = UNSET
        if not isinstance(self.duration, Unset):
            duration = self.duration

        callback_url = self.callback_url

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "projectName": project_name,
                "modelName": model_name,
                "prompt": prompt,
            }
        )
        if aspect_ratio is not UNSET:
            field_dict["aspectRatio"] = aspect_ratio
        if duration is not UNSET:
            field_dict["duration"] = duration
        if callback_url is not UNSET:
            field_dict["callbackUrl"] = callback_url

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        project_name = check_project_name(d.pop("projectName"))

        model_name = cast(Literal["sora2_pro_text_to_video"], d.pop("modelName"))
        if model_name != "sora2_pro_text_to_video":
            raise ValueError(
                f"modelName must match const 'sora2_pro_text_to_video', got '{model_name}'"
            )

        prompt = d.pop("prompt")

        _aspect_ratio = d.pop("aspectRatio", UNSET)
        aspect_ratio: AspectRatio | Unset
        if isinstance(_aspect_ratio, Unset):
            aspect_ratio = UNSET
        else:
            aspect_ratio = check_aspect_ratio(_aspect_ratio)

        _duration = d.pop("duration", UNSET)
        duration: ProDuration | Unset
        if isinstance(_duration, Unset):
            duration = UNSET
        else:
            duration = check_pro_duration(_duration)

        callback_url = d.pop("callbackUrl", UNSET)

        pro_text_to_video_params = cls(
            project_name=project_name,
            model_name=model_name,
            prompt=prompt,
            aspect_ratio=aspect_ratio,
            duration=duration,
            callback_url=callback_url,
        )

        return pro_text_to_video_params
