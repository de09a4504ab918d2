from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.fail_code import FailCode, check_fail_code
from ..models.task_status import TaskStatus, check_task_status
from ..types import UNSET, Unset

T = TypeVar("T", bound="TaskData")


@_attrs_define
class TaskData:
    """The task's state. While `pending` or `processing` only `taskId`, `state`
    and (not always: the async-workflow page's example has none) `createTime`
    are present.

    """

    task_id: str
    """ Unique task identifier. """
    state: str | TaskStatus
    """ Current task state; unknown future values are kept as plain strings. """
    create_time: int | Unset = UNSET
    """ Task creation time, Unix epoch milliseconds. """
    complete_time: int | Unset = UNSET
    """ Task completion time, Unix epoch milliseconds. Present once the task has finished. """
    cost_time: int | Unset = UNSET
    """ Processing duration in milliseconds. Present once the task has finished. """
    result_json: str | Unset = UNSET
    """ Only present when `state` is `success`. A JSON-encoded STRING (not an
    object) holding `{"resultUrls": [...]}` with the MP4 video URL(s);
    decode it with a JSON parser (the docs: "Parse with JSON.parse()") and
    read it with `TaskResult`. The URLs are temporary: download promptly
    (24 hours per the webhooks reference, 15 days per the Sora 2 page; see
    `get_task`).
     """
    fail_code: FailCode | str | Unset = UNSET
    """ Machine-readable failure code. Only present when `state` is `failed`; unknown codes are kept as plain
    strings. """
    fail_msg: str | Unset = UNSET
    """ Human-readable failure message. Only present when `state` is `failed`. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        task_id = self.task_id

        state: str
        if isinstance(self.state, str):
            state = self.state
        else:
            state = self.state

        create_time = self.create_time

        complete_time = self.complete_time

        cost_time = self.cost_time

        result_json = self.result_json

        fail_code: str | Unset
        if isinstance(self.fail_code, Unset):
            fail_code = UNSET
        elif isinstance(self.fail_code, str):
            fail_code = self.fail_code
        else:
            fail_code = self.fail_code

        fail_msg = self.fail_msg

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "taskId": task_id,
                "state": state,
            }
        )
        if create_time is not UNSET:
            field_dict["createTime"] = create_time
        if complete_time is not UNSET:
            field_dict["completeTime"] = complete_time
        if cost_time is not UNSET:
            field_dict["costTime"] = cost_time
        if result_json is not UNSET:
            field_dict["resultJson"] = result_json
        if fail_code is not UNSET:
            field_dict["failCode"] = fail_code
        if fail_msg is not UNSET:
            field_dict["failMsg"] = fail_msg

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        task_id = d.pop("taskId")

        def _parse_state(data: object) -> str | TaskStatus:
            try:
                if not isinstance(data, str):
                    raise TypeError()
                state_type_0 = check_task_status(data)

                return state_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(str | TaskStatus, data)

        state = _parse_state(d.pop("state"))

        create_time = d.pop("createTime", UNSET)

        complete_time = d.pop("completeTime", UNSET)

        cost_time = d.pop("costTime", UNSET)

        result_json = d.pop("resultJson", UNSET)

        def _parse_fail_code(data: object) -> FailCode | str | Unset:
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                fail_code_type_0 = check_fail_code(data)

                return fail_code_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(FailCode | str | Unset, data)

        fail_code = _parse_fail_code(d.pop("failCode", UNSET))

        fail_msg = d.pop("failMsg", UNSET)

        task_data = cls(
            task_id=task_id,
            state=state,
            create_time=create_time,
            complete_time=complete_time,
            cost_time=cost_time,
            result_json=result_json,
            fail_code=fail_code,
            fail_msg=fail_msg,
        )

        task_data.additional_properties = d
        return task_data

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
