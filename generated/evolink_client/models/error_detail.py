from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.error_type import ErrorType, check_error_type
from ..types import UNSET, Unset

T = TypeVar("T", bound="ErrorDetail")


@_attrs_define
class ErrorDetail:
    """Error details."""

    code: int | str | Unset = UNSET
    """ Error code. Decision: accept an integer or a string, because the
    docs show both: the 404 example and every error of the 2026-12-01
    OpenAPI documents have the HTTP status (`404`, `402`), while the
    task-query 400 example as read in 2026-11 had a string code
    (`invalid_task_id`) and as read on 2026-12-01 an integer one.
     """
    message: str | Unset = UNSET
    """ Human-readable error description. """
    type_: ErrorType | str | Unset = UNSET
    """ Error category, e.g. `not_found_error`; an open set. """
    param: str | Unset = UNSET
    """ The request parameter the error relates to, when there is one (e.g. `task_id`, `image_urls`). """
    fallback_suggestion: str | Unset = UNSET
    """ What to do about the error, e.g. a link to the billing page for `insufficient_quota_error`. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        code: int | str | Unset
        if isinstance(self.code, Unset):
            code = UNSET
        else:
            code = self.code

        message = self.message

        type_: str | Unset
        if isinstance(self.type_, Unset):
            type_ = UNSET
        elif isinstance(self.type_, str):
            type_ = self.type_
        else:
            type_ = self.type_

        param = self.param

        fallback_suggestion = self.fallback_suggestion

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if code is not UNSET:
            field_dict["code"] = code
        if message is not UNSET:
            field_dict["message"] = message
        if type_ is not UNSET:
            field_dict["type"] = type_
        if param is not UNSET:
            field_dict["param"] = param
        if fallback_suggestion is not UNSET:
            field_dict["fallback_suggestion"] = fallback_suggestion

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_code(data: object) -> int | str | Unset:
            if isinstance(data, Unset):
                return data
            return cast(int | str | Unset, data)

        code = _parse_code(d.pop("code", UNSET))

        message = d.pop("message", UNSET)

        def _parse_type_(data: object) -> ErrorType | str | Unset:
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                type_type_0 = check_error_type(data)

                return type_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(ErrorType | str | Unset, data)

        type_ = _parse_type_(d.pop("type", UNSET))

        param = d.pop("param", UNSET)

        fallback_suggestion = d.pop("fallback_suggestion", UNSET)

        error_detail = cls(
            code=code,
            message=message,
            type_=type_,
            param=param,
            fallback_suggestion=fallback_suggestion,
        )

        error_detail.additional_properties = d
        return error_detail

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
