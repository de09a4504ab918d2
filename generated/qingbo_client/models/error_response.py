from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.error_detail import ErrorDetail


T = TypeVar("T", bound="ErrorResponse")


@_attrs_define
class ErrorResponse:
    """Error body. Task endpoints (`/v1/tasks/...`) answer `{"error": {"message",
    "code"}}`; the provider's synchronous OpenAI-compatible endpoints add `type`.
    Both parse with this schema. The fields of a 429 `quota_window_exceeded`
    (`window`, `used`, `cap`, `reset_at`) are accepted here and inside `error`.

    """

    error: ErrorDetail
    """ The error's details. """
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
        error = self.error.to_dict()

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
        field_dict.update(
            {
                "error": error,
            }
        )
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
        from ..models.error_detail import ErrorDetail  # noqa: PLC0415

        d = dict(src_dict)
        error = ErrorDetail.from_dict(d.pop("error"))

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

        error_response = cls(
            error=error,
            window=window,
            used=used,
            cap=cap,
            reset_at=reset_at,
        )

        error_response.additional_properties = d
        return error_response

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
