from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.error_code import ErrorCode, check_error_code
from ..types import UNSET, Unset

T = TypeVar("T", bound="ErrorDetail")


@_attrs_define
class ErrorDetail:
    """The error's details."""

    message: str | Unset = UNSET
    """ Detailed error description. """
    code: ErrorCode | str | Unset = UNSET
    """ Error code (open set; see ErrorCode). """
    type_: str | Unset = UNSET
    """ Error type (OpenAI-compatible endpoints only, e.g. `invalid_request_error`). """
    window: float | str | Unset = UNSET
    """ The sliding window of a `quota_window_exceeded` answer. Decision: the page
    names the field but not its type or place (top level or inside `error`): any
    string or number, accepted in both places.
     """
    used: float | Unset = UNSET
    """ Quota used in the window (`quota_window_exceeded`; type undocumented, a number). """
    cap: float | Unset = UNSET
    """ Quota cap of the window (`quota_window_exceeded`; type undocumented, a number). """
    reset_at: float | str | Unset = UNSET
    """ When the window resets: retry after it. Decision: the type is undocumented; a
    Unix timestamp (seconds or milliseconds, like the task timestamps) or an ISO
    8601 string are accepted.
     """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        message = self.message

        code: str | Unset
        if isinstance(self.code, Unset):
            code = UNSET
        elif isinstance(self.code, str):
            code = self.code
        else:
            code = self.code

        type_ = self.type_

        window: float | str | Unset
        if isinstance(self.window, Unset):
            window = UNSET
        else:
            window = self.window

        used = self.used

        cap = self.cap

        reset_at: float | str | Unset
        if isinstance(self.reset_at, Unset):
            reset_at = UNSET
        else:
            reset_at = self.reset_at

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if message is not UNSET:
            field_dict["message"] = message
        if code is not UNSET:
            field_dict["code"] = code
        if type_ is not UNSET:
            field_dict["type"] = type_
        if window is not UNSET:
            field_dict["window"] = window
        if used is not UNSET:
            field_dict["used"] = used
        if cap is not UNSET:
            field_dict["cap"] = cap
        if reset_at is not UNSET:
            field_dict["reset_at"] = reset_at

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        message = d.pop("message", UNSET)

        def _parse_code(data: object) -> ErrorCode | str | Unset:
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                code_type_0 = check_error_code(data)

                return code_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(ErrorCode | str | Unset, data)

        code = _parse_code(d.pop("code", UNSET))

        type_ = d.pop("type", UNSET)

        def _parse_window(data: object) -> float | str | Unset:
            if isinstance(data, Unset):
                return data
            return cast(float | str | Unset, data)

        window = _parse_window(d.pop("window", UNSET))

        used = d.pop("used", UNSET)

        cap = d.pop("cap", UNSET)

        def _parse_reset_at(data: object) -> float | str | Unset:
            if isinstance(data, Unset):
                return data
            return cast(float | str | Unset, data)

        reset_at = _parse_reset_at(d.pop("reset_at", UNSET))

        error_detail = cls(
            message=message,
            code=code,
            type_=type_,
            window=window,
            used=used,
            cap=cap,
            reset_at=reset_at,
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
