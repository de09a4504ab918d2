from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.result_item import ResultItem


T = TypeVar("T", bound="TaskResult")


@_attrs_define
class TaskResult:
    """Generation result; only present when the task completed. Depending on the
    task's media type the key is `videos`, `images` or `audios` (Sora tasks:
    `videos`).

    """

    videos: list[ResultItem] | Unset = UNSET
    """ Generated videos. """
    images: list[ResultItem] | Unset = UNSET
    """ Generated images. """
    audios: list[ResultItem] | Unset = UNSET
    """ Generated audio files. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        videos: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.videos, Unset):
            videos = []
            for videos_item_data in self.videos:
                videos_item = videos_item_data.to_dict()
                videos.append(videos_item)

        images: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.images, Unset):
            images = []
            for images_item_data in self.images:
                images_item = images_item_data.to_dict()
                images.append(images_item)

        audios: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.audios, Unset):
            audios = []
            for audios_item_data in self.audios:
                audios_item = audios_item_data.to_dict()
                audios.append(audios_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if videos is not UNSET:
            field_dict["videos"] = videos
        if images is not UNSET:
            field_dict["images"] = images
        if audios is not UNSET:
            field_dict["audios"] = audios

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.result_item import ResultItem  # noqa: PLC0415

        d = dict(src_dict)
        _videos = d.pop("videos", UNSET)
        videos: list[ResultItem] | Unset = UNSET
        if _videos is not UNSET:
            videos = []
            for videos_item_data in _videos:
                videos_item = ResultItem.from_dict(videos_item_data)

                videos.append(videos_item)

        _images = d.pop("images", UNSET)
        images: list[ResultItem] | Unset = UNSET
        if _images is not UNSET:
            images = []
            for images_item_data in _images:
                images_item = ResultItem.from_dict(images_item_data)

                images.append(images_item)

        _audios = d.pop("audios", UNSET)
        audios: list[ResultItem] | Unset = UNSET
        if _audios is not UNSET:
            audios = []
            for audios_item_data in _audios:
                audios_item = ResultItem.from_dict(audios_item_data)

                audios.append(audios_item)

        task_result = cls(
            videos=videos,
            images=images,
            audios=audios,
        )

        task_result.additional_properties = d
        return task_result

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
