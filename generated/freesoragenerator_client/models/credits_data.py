from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="CreditsData")


@_attrs_define
class CreditsData:
    """Credit balance and VIP status of the account."""

    left_credits: float | Unset = UNSET
    """ Remaining credits. """
    is_vip: bool | Unset = UNSET
    """ Whether the account has VIP status (some features are VIP-only). """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        left_credits = self.left_credits

        is_vip = self.is_vip

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if left_credits is not UNSET:
            field_dict["left_credits"] = left_credits
        if is_vip is not UNSET:
            field_dict["is_vip"] = is_vip

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        left_credits = d.pop("left_credits", UNSET)

        is_vip = d.pop("is_vip", UNSET)

        credits_data = cls(
            left_credits=left_credits,
            is_vip=is_vip,
        )

        credits_data.additional_properties = d
        return credits_data

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
