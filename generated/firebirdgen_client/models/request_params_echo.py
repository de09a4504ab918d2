from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.aspect_ratio import AspectRatio, check_aspect_ratio
from ..models.model_name import ModelName, check_model_name
from ..types import UNSET, Unset

T = TypeVar("T", bound="RequestParamsEcho")


@_attrs_define
class RequestParamsEcho:
    """Echo of the create request's `requestParams` in status responses and
    webhooks. Tolerant on purpose (not the strict request schema): unset
    `imageUrl` and `remixTargetId` come back as empty strings, and the
    webhook examples omit `remixTargetId`.

    """

    project_name: str | Unset = UNSET
    """ Project name as sent (`sora2`). """
    model_name: ModelName | str | Unset = UNSET
    """ Model name as sent; unknown values are kept as plain strings. """
    prompt: str | Unset = UNSET
    """ Prompt as sent. """
    image_url: str | Unset = UNSET
    """ Source image URL or base64 data as sent; empty string when unset. """
    aspect_ratio: AspectRatio | str | Unset = UNSET
    """ Aspect ratio as sent; unknown values are kept as plain strings. """
    duration: float | Unset = UNSET
    """ Video duration in seconds as sent. """
    callback_url: str | Unset = UNSET
    """ Webhook URL as sent; may be empty when unset. """
    remix_target_id: str | Unset = UNSET
    """ Remix source task id as sent; empty string when unset. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        project_name = self.project_name

        model_name: str | Unset
        if isinstance(self.model_name, Unset):
            model_name = UNSET
        elif isinstance(self.model_name, str):
            model_name = self.model_name
        else:
            model_name = self.model_name

        prompt = self.prompt

        image_url = self.image_url

        aspect_ratio: str | Unset
        if isinstance(self.aspect_ratio, Unset):
            aspect_ratio = UNSET
        elif isinstance(self.aspect_ratio, str):
            aspect_ratio = self.aspect_ratio
        else:
            aspect_ratio = self.aspect_ratio

        duration = self.duration

        callback_url = self.callback_url

        remix_target_id = self.remix_target_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if project_name is not UNSET:
            field_dict["projectName"] = project_name
        if model_name is not UNSET:
            field_dict["modelName"] = model_name
        if prompt is not UNSET:
            field_dict["prompt"] = prompt
        if image_url is not UNSET:
            field_dict["imageUrl"] = image_url
        if aspect_ratio is not UNSET:
            field_dict["aspectRatio"] = aspect_ratio
        if duration is not UNSET:
            field_dict["duration"] = duration
        if callback_url is not UNSET:
            field_dict["callbackUrl"] = callback_url
        if remix_target_id is not UNSET:
            field_dict["remixTargetId"] = remix_target_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        project_name = d.pop("projectName", UNSET)

        def _parse_model_name(data: object) -> ModelName | str | Unset:
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                model_name_type_0 = check_model_name(data)

                return model_name_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(ModelName | str | Unset, data)

        model_name = _parse_model_name(d.pop("modelName", UNSET))

        prompt = d.pop("prompt", UNSET)

        image_url = d.pop("imageUrl", UNSET)

        def _parse_aspect_ratio(data: object) -> AspectRatio | str | Unset:
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                aspect_ratio_type_0 = check_aspect_ratio(data)

                return aspect_ratio_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(AspectRatio | str | Unset, data)

        aspect_ratio = _parse_aspect_ratio(d.pop("aspectRatio", UNSET))

        duration = d.pop("duration", UNSET)

        callback_url = d.pop("callbackUrl", UNSET)

        remix_target_id = d.pop("remixTargetId", UNSET)

        request_params_echo = cls(
            project_name=project_name,
            model_name=model_name,
            prompt=prompt,
            image_url=image_url,
            aspect_ratio=aspect_ratio,
            duration=duration,
            callback_url=callback_url,
            remix_target_id=remix_target_id,
        )

        request_params_echo.additional_properties = d
        return request_params_echo

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
