from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.task_data import TaskData


T = TypeVar("T", bound="CallbackPayload")


@_attrs_define
class CallbackPayload:
    """Body of `get_task`, and of the webhook (`CallbackPayload`).
    Decision: only `data` is required. The status-task page (read 2026-11)
    shows `code`/`message` in every answer and `createTime` while in progress;
    the async-workflow page (read 2026-12-01) shows an in-progress answer with
    only `data.taskId` and `data.state`. Both are accepted.

    """

    data: TaskData
    """ The task's state. While `pending` or `processing` only `taskId`, `state`
    and (not always: the async-workflow page's example has none) `createTime`
    are present.
     """
    code: int | Unset = UNSET
    """ API status code; `200` means the query itself succeeded (the task may still have failed, see `data.state`).
    """
    message: str | Unset = UNSET
    """ Human-readable status message (`success`). """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        data = self.data.to_dict()

        code = self.code

        message = self.message

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "data": data,
            }
        )
        if code is not UNSET:
            field_dict["code"] = code
        if message is not UNSET:
            field_dict["message"] = message

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.task_data import TaskData  # noqa: PLC0415

        d = dict(src_dict)
        data = TaskData.from_dict(d.pop("data"))

        code = d.pop("code", UNSET)

        message = d.pop("message", UNSET)

        callback_payload = cls(
            data=data,
            code=code,
            message=message,
        )

        callback_payload.additional_properties = d
        return callback_payload

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
