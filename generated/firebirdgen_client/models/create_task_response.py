from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.created_task import CreatedTask


T = TypeVar("T", bound="CreateTaskResponse")


@_attrs_define
class CreateTaskResponse:
    """Body of a successful `POST /api/tasks`."""

    success: bool
    """ Whether the request was successful. """
    status_code: int
    """ HTTP status code (200). """
    data: CreatedTask
    """ The task just created. """
    message: str | Unset = UNSET
    """ Human-readable response message, e.g. "Task created successfully". """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        success = self.success

        status_code = self.status_code

        data = self.data.to_dict()

        message = self.message

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "success": success,
                "statusCode": status_code,
                "data": data,
            }
        )
        if message is not UNSET:
            field_dict["message"] = message

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.created_task import CreatedTask  # noqa: PLC0415

        d = dict(src_dict)
        success = d.pop("success")

        status_code = d.pop("statusCode")

        data = CreatedTask.from_dict(d.pop("data"))

        message = d.pop("message", UNSET)

        create_task_response = cls(
            success=success,
            status_code=status_code,
            data=data,
            message=message,
        )

        create_task_response.additional_properties = d
        return create_task_response

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
