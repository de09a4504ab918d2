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

from ..models.request_type import RequestType, check_request_type
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.image_to_video_input import ImageToVideoInput
    from ..models.text_to_video_input import TextToVideoInput


T = TypeVar("T", bound="CreateTaskRequest")


@_attrs_define
class CreateTaskRequest:
    """Body of `create_task`. `callback_url` is required when `request_type` is
    `callback` (enforced by the `if`/`then` below; the generated client does
    not check it).

    """

    input_: ImageToVideoInput | TextToVideoInput
    """ Model input. The shape depends on `input.mode`: `text-to-video` or
    `image-to-video`.
     """
    request_type: RequestType | Unset = UNSET
    """ Result delivery mode: `async` to poll `get_task`, or `callback` to have
    the final result POSTed to `callback_url`. No default is documented (the
    overlay always sends one). For Sora 2 the docs strongly recommend
    `callback` because generation takes several minutes.
     """
    callback_url: str | Unset = UNSET
    """ Webhook URL that receives the final task result (see the
    `TaskFinished` callback). Required when `request_type` is `callback`.
    Decision: no scheme or length limit (see `x-doc`).
     """
    provider: Literal["official"] | Unset = "official"
    """ Routing strategy. Only `official` is supported; the docs say to always
    set `provider=official` explicitly. Optional, default `official`
    (the generated client still sends it). Older revisions of the page also
    listed `auto` and `value`; they are no longer accepted here.
     """

    def to_dict(self) -> dict[str, Any]:
        from ..models.text_to_video_input import TextToVideoInput  # noqa: PLC0415

        input_: dict[str, Any]
        if isinstance(self.input_, TextToVideoInput):
            input_ = self.input_.to_dict()
        else:
            input_ = self.input_.to_dict()

        request_type: str | Unset = UNSET
        if not isinstance(self.request_type, Unset):
            request_type = self.request_type

        callback_url = self.callback_url

        provider = self.provider

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "input": input_,
            }
        )
        if request_type is not UNSET:
            field_dict["request_type"] = request_type
        if callback_url is not UNSET:
            field_dict["callback_url"] = callback_url
        if provider is not UNSET:
            field_dict["provider"] = provider

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.image_to_video_input import ImageToVideoInput  # noqa: PLC0415
        from ..models.text_to_video_input import TextToVideoInput  # noqa: PLC0415

        d = dict(src_dict)

        def _parse_input_(data: object) -> ImageToVideoInput | TextToVideoInput:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                input_type_0 = TextToVideoInput.from_dict(data)

                return input_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            input_type_1 = ImageToVideoInput.from_dict(data)

            return input_type_1

        input_ = _parse_input_(d.pop("input"))

        _request_type = d.pop("request_type", UNSET)
        request_type: RequestType | Unset
        if isinstance(_request_type, Unset):
            request_type = UNSET
        else:
            request_type = check_request_type(_request_type)

        callback_url = d.pop("callback_url", UNSET)

        provider = cast(Literal["official"] | Unset, d.pop("provider", UNSET))
        if provider != "official" and not isinstance(provider, Unset):
            raise ValueError(f"provider must match const 'official', got '{provider}'")

        create_task_request = cls(
            input_=input_,
            request_type=request_type,
            callback_url=callback_url,
            provider=provider,
        )

        return create_task_request
