from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.task_status import TaskStatus, check_task_status
from ..types import UNSET, Unset

T = TypeVar("T", bound="CancelTaskResponse")


@_attrs_define
class CancelTaskResponse:
    """Answer to `POST /v1/tasks/{task_id}/cancel`."""

    task_id: str
    """ Task ID. """
    status: str | TaskStatus
    """ Task status; `cancelled` on success. """
    refunded: bool | Unset = UNSET
    """ Whether the quota was refunded. """
    refunded_quota: int | Unset = UNSET
    """ Amount of quota refunded. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        task_id = self.task_id

        status: str
        if isinstance(self.status, str):
            status = self.status
        else:
            status = self.status

        refunded = self.refunded

        refunded_quota = self.refunded_quota

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "task_id": task_id,
                "status": status,
            }
        )
        if refunded is not UNSET:
            field_dict["refunded"] = refunded
        if refunded_quota is not UNSET:
            field_dict["refunded_quota"] = refunded_quota

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        task_id = d.pop("task_id")

        def _parse_status(data: object) -> str | TaskStatus:
            try:
                if not isinstance(data, str):
                    raise TypeError()
                status_type_0 = check_task_status(data)

                return status_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(str | TaskStatus, data)

        status = _parse_status(d.pop("status"))

        refunded = d.pop("refunded", UNSET)

        refunded_quota = d.pop("refunded_quota", UNSET)

        cancel_task_response = cls(
            task_id=task_id,
            status=status,
            refunded=refunded,
            refunded_quota=refunded_quota,
        )

        cancel_task_response.additional_properties = d
        return cancel_task_response

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
