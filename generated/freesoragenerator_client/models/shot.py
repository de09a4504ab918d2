from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="Shot")


@_attrs_define
class Shot:
    """One storyboard shot. Note the capital S in `Scene`, as the provider requires."""

    scene: str
    """ Description of what happens in this shot (capital S). """
    duration: float
    """ Length of this shot in seconds; must be greater than 0. """

    def to_dict(self) -> dict[str, Any]:
        scene = self.scene

        duration = self.duration

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "Scene": scene,
                "duration": duration,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        scene = d.pop("Scene")

        duration = d.pop("duration")

        shot = cls(
            scene=scene,
            duration=duration,
        )

        return shot
