from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="Extra")


@_attrs_define
class Extra:
    """Additional parameters passed through to Sora unchanged. Keys other than
    `characters` are not documented and are forwarded as given.

    """

    characters: list[Any] | Unset = UNSET
    """ Character assets (at most 2). Each character's name must be mentioned in the
    prompt. The item format is not documented (typically a character
    ID/username string), so items are not constrained.
     """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        characters: list[Any] | Unset = UNSET
        if not isinstance(self.characters, Unset):
            characters = self.characters

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if characters is not UNSET:
            field_dict["characters"] = characters

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        characters = cast(list[Any], d.pop("characters", UNSET))

        extra = cls(
            characters=characters,
        )

        extra.additional_properties = d
        return extra

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
