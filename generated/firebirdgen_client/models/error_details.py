from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="ErrorDetails")


@_attrs_define
class ErrorDetails:
    """Optional additional error details; the keys depend on the code:
    `INVALID_PARAMETERS` carries `field` and `message`,
    `INSUFFICIENT_CREDITS` carries `required` and `available`. Other keys
    may appear.

    """

    field: str | Unset = UNSET
    """ Name of the invalid request parameter (INVALID_PARAMETERS). """
    message: str | Unset = UNSET
    """ What is wrong with that parameter (INVALID_PARAMETERS). """
    required: float | Unset = UNSET
    """ Credits the operation needs (INSUFFICIENT_CREDITS). """
    available: float | Unset = UNSET
    """ Credits the account has (INSUFFICIENT_CREDITS). """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        field = self.field

        message = self.message

        required = self.required

        available = self.available

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if field is not UNSET:
            field_dict["field"] = field
        if message is not UNSET:
            field_dict["message"] = message
        if required is not UNSET:
            field_dict["required"] = required
        if available is not UNSET:
            field_dict["available"] = available

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        field = d.pop("field", UNSET)

        message = d.pop("message", UNSET)

        required = d.pop("required", UNSET)

        available = d.pop("available", UNSET)

        error_details = cls(
            field=field,
            message=message,
            required=required,
            available=available,
        )

        error_details.additional_properties = d
        return error_details

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
