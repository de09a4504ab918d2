from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="ResultItem")


@_attrs_define
class ResultItem:
    """One generated file and its link's expiry."""

    url: list[str] | str | Unset = UNSET
    """ Download URL(s) of the file. Decision: the field table says `url` is always a
    string array (even with one element), and every example of the status page
    of 2026-06-11 shows one; the first status and sync pages (2026-04-10) showed a
    plain string. Both are accepted: refusing a readable link would lose a paid
    video.
     """
    expires_at: int | Unset = UNSET
    """ Link expiry, Unix timestamp (see `x-link-ttl`: 24 h for Sora output).
    Download the file before then.
     """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        url: list[str] | str | Unset
        if isinstance(self.url, Unset):
            url = UNSET
        elif isinstance(self.url, list):
            url = self.url

        else:
            url = self.url

        expires_at = self.expires_at

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if url is not UNSET:
            field_dict["url"] = url
        if expires_at is not UNSET:
            field_dict["expires_at"] = expires_at

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_url(data: object) -> list[str] | str | Unset:
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                url_type_1 = cast(list[str], data)

                return url_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[str] | str | Unset, data)

        url = _parse_url(d.pop("url", UNSET))

        expires_at = d.pop("expires_at", UNSET)

        result_item = cls(
            url=url,
            expires_at=expires_at,
        )

        result_item.additional_properties = d
        return result_item

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
