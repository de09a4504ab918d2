from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.task_status import TaskStatus, check_task_status
from ..types import UNSET, Unset

T = TypeVar("T", bound="SyncTimeoutResponse")


@_attrs_define
class SyncTimeoutResponse:
    """Answer of the deprecated `POST /v1/tasks/sync` when the task did not finish
    within the server-side timeout: continue polling `GET /v1/tasks/{task_id}` (the
    path is also given as `poll_url`).

    """

    status: str | TaskStatus
    """ Task status (`processing` in the docs' example). """
    poll_url: str
    """ Path to poll for the result, relative to the API host (e.g. `/v1/tasks/task_xxx`). """
    task_id: str | Unset = UNSET
    """ Task ID. """
    progress: int | Unset = UNSET
    """ Progress 0-100 at the time of the timeout. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        status: str
        if isinstance(self.status, str):
            status = self.status
        else:
            status = self.status

        poll_url = self.poll_url

        task_id = self.task_id

        progress = self.progress

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "status": status,
                "poll_url": poll_url,
            }
        )
        if task_id is not UNSET:
            field_dict["task_id"] = task_id
        if progress is not UNSET:
            field_dict["progress"] = progress

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

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

        poll_url = d.pop("poll_url")

        task_id = d.pop("task_id", UNSET)

        progress = d.pop("progress", UNSET)

        sync_timeout_response = cls(
            status=status,
            poll_url=poll_url,
            task_id=task_id,
            progress=progress,
        )

        sync_timeout_response.additional_properties = d
        return sync_timeout_response

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
