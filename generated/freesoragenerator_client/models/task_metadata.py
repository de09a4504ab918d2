from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.character_item import CharacterItem


T = TypeVar("T", bound="TaskMetadata")


@_attrs_define
class TaskMetadata:
    """Extra metadata stored with a task."""

    remix_target_id: None | str | Unset = UNSET
    """ Upstream post/video id this task remixes or continues, if any. """
    characters: list[CharacterItem] | Unset = UNSET
    """ Character reference clips used by the task. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        remix_target_id: None | str | Unset
        if isinstance(self.remix_target_id, Unset):
            remix_target_id = UNSET
        else:
            remix_target_id = self.remix_target_id

        characters: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.characters, Unset):
            characters = []
            for characters_item_data in self.characters:
                characters_item = characters_item_data.to_dict()
                characters.append(characters_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if remix_target_id is not UNSET:
            field_dict["remixTargetId"] = remix_target_id
        if characters is not UNSET:
            field_dict["characters"] = characters

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.character_item import CharacterItem  # noqa: PLC0415

        d = dict(src_dict)

        def _parse_remix_target_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        remix_target_id = _parse_remix_target_id(d.pop("remixTargetId", UNSET))

        _characters = d.pop("characters", UNSET)
        characters: list[CharacterItem] | Unset = UNSET
        if _characters is not UNSET:
            characters = []
            for characters_item_data in _characters:
                characters_item = CharacterItem.from_dict(characters_item_data)

                characters.append(characters_item)

        task_metadata = cls(
            remix_target_id=remix_target_id,
            characters=characters,
        )

        task_metadata.additional_properties = d
        return task_metadata

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
