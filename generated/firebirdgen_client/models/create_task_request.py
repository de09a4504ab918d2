from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.image_to_video_params import ImageToVideoParams
    from ..models.pro_image_to_video_params import ProImageToVideoParams
    from ..models.pro_text_to_video_params import ProTextToVideoParams
    from ..models.text_to_video_params import TextToVideoParams


T = TypeVar("T", bound="CreateTaskRequest")


@_attrs_define
class CreateTaskRequest:
    """Body of `POST /api/tasks`; all task configuration sits in `requestParams`."""

    request_params: (
        ImageToVideoParams
        | ProImageToVideoParams
        | ProTextToVideoParams
        | TextToVideoParams
    )
    """ Task configuration, one variant per `modelName` (each variant has
    `modelName` as a `const`, its own required fields, durations and
    default). Image-to-video variants require `imageUrl`; the Pro variants
    do not accept `remixTargetId` (remix is standard-only) and take 15 or
    25 s (default 25) instead of 10 or 15 s (default 10).
    Decision: `imageUrl` is accepted only by the image-to-video variants;
    the docs mark it "Required for image-to-video models" and never use it
    with text-to-video (the query echo's empty string means "unset").
     """

    def to_dict(self) -> dict[str, Any]:
        from ..models.image_to_video_params import ImageToVideoParams  # noqa: PLC0415
        from ..models.pro_text_to_video_params import ProTextToVideoParams  # noqa: PLC0415
        from ..models.text_to_video_params import TextToVideoParams  # noqa: PLC0415

        request_params: dict[str, Any]
        if isinstance(self.request_params, TextToVideoParams):
            request_params = self.request_params.to_dict()
        elif isinstance(self.request_params, ImageToVideoParams):
            request_params = self.request_params.to_dict()
        elif isinstance(self.request_params, ProTextToVideoParams):
            request_params = self.request_params.to_dict()
        else:
            request_params = self.request_params.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "requestParams": request_params,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.image_to_video_params import ImageToVideoParams  # noqa: PLC0415
        from ..models.pro_image_to_video_params import ProImageToVideoParams  # noqa: PLC0415
        from ..models.pro_text_to_video_params import ProTextToVideoParams  # noqa: PLC0415
        from ..models.text_to_video_params import TextToVideoParams  # noqa: PLC0415

        d = dict(src_dict)

        def _parse_request_params(
            data: object,
        ) -> (
            ImageToVideoParams
            | ProImageToVideoParams
            | ProTextToVideoParams
            | TextToVideoParams
        ):
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_request_params_type_0 = TextToVideoParams.from_dict(
                    data
                )

                return componentsschemas_request_params_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_request_params_type_1 = ImageToVideoParams.from_dict(
                    data
                )

                return componentsschemas_request_params_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_request_params_type_2 = (
                    ProTextToVideoParams.from_dict(data)
                )

                return componentsschemas_request_params_type_2
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            componentsschemas_request_params_type_3 = ProImageToVideoParams.from_dict(
                data
            )

            return componentsschemas_request_params_type_3

        request_params = _parse_request_params(d.pop("requestParams"))

        create_task_request = cls(
            request_params=request_params,
        )

        return create_task_request
