from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.sora_model import SoraModel, check_sora_model
from ..models.task_action import TaskAction, check_task_action
from ..models.task_status import TaskStatus, check_task_status
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.task_error import TaskError
    from ..models.task_result import TaskResult
    from ..models.task_urls import TaskUrls


T = TypeVar("T", bound="TaskResponse")


@_attrs_define
class TaskResponse:
    """A task as returned by `GET /v1/tasks/{task_id}` (no envelope).

    Decision (timestamps): the field table documents `created_at` and
    `completed_at` as Unix milliseconds, but the status examples use Unix seconds
    (1720000000) while the create example uses milliseconds (1775285160040).
    Timestamps are plain integers and both units are accepted; a value below 10^11
    is in seconds.

    """

    task_id: str
    """ Unique task ID (returned at submission). """
    status: str | TaskStatus
    """ Task status (open set; unknown values are kept as strings). """
    action: str | TaskAction | Unset = UNSET
    """ Action type, identical to the value submitted (open set across models). """
    model: SoraModel | str | Unset = UNSET
    """ Model ID used (the provider's group_name; open set). """
    progress: int | Unset = UNSET
    """ Progress 0-100; 0 for queued / failed / cancelled, 100 for completed. """
    created_at: int | Unset = UNSET
    """ Creation time, Unix timestamp (milliseconds documented; seconds seen in examples). """
    start_time: int | Unset = UNSET
    """ Processing start time, Unix timestamp (in one example of the first status page only). """
    completed_at: int | Unset = UNSET
    """ Completion time, Unix timestamp (milliseconds documented; seconds seen in
    examples). Only present in completed / failed / cancelled states.
     """
    cost: int | Unset = UNSET
    """ Actual quota charged, only in terminal states: the settled amount on success,
    0 after the automatic refund of a failed or cancelled task. Use it for
    reconciliation.
     """
    error: TaskError | Unset = UNSET
    """ Error details; only present when the task failed. """
    result: TaskResult | Unset = UNSET
    """ Generation result; only present when the task completed. Depending on the
    task's media type the key is `videos`, `images` or `audios` (Sora tasks:
    `videos`).
     """
    urls: TaskUrls | Unset = UNSET
    """ Convenience action links, so clients do not have to assemble URLs. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        task_id = self.task_id

        status: str
        if isinstance(self.status, str):
            status = self.status
        else:
            status = self.status

        action: str | Unset
        if isinstance(self.action, Unset):
            action = UNSET
        elif isinstance(self.action, str):
            action = self.action
        else:
            action = self.action

        model: str | Unset
        if isinstance(self.model, Unset):
            model = UNSET
        elif isinstance(self.model, str):
            model = self.model
        else:
            model = self.model

        progress = self.progress

        created_at = self.created_at

        start_time = self.start_time

        completed_at = self.completed_at

        cost = self.cost

        error: dict[str, Any] | Unset = UNSET
        if not isinstance(self.error, Unset):
            error = self.error.to_dict()

        result: dict[str, Any] | Unset = UNSET
        if not isinstance(self.result, Unset):
            result = self.result.to_dict()

        urls: dict[str, Any] | Unset = UNSET
        if not isinstance(self.urls, Unset):
            urls = self.urls.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "task_id": task_id,
                "status": status,
            }
        )
        if action is not UNSET:
            field_dict["action"] = action
        if model is not UNSET:
            field_dict["model"] = model
        if progress is not UNSET:
            field_dict["progress"] = progress
        if created_at is not UNSET:
            field_dict["created_at"] = created_at
        if start_time is not UNSET:
            field_dict["start_time"] = start_time
        if completed_at is not UNSET:
            field_dict["completed_at"] = completed_at
        if cost is not UNSET:
            field_dict["cost"] = cost
        if error is not UNSET:
            field_dict["error"] = error
        if result is not UNSET:
            field_dict["result"] = result
        if urls is not UNSET:
            field_dict["urls"] = urls

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.task_error import TaskError  # noqa: PLC0415
        from ..models.task_result import TaskResult  # noqa: PLC0415
        from ..models.task_urls import TaskUrls  # noqa: PLC0415

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

        def _parse_action(data: object) -> str | TaskAction | Unset:
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                action_type_0 = check_task_action(data)

                return action_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(str | TaskAction | Unset, data)

        action = _parse_action(d.pop("action", UNSET))

        def _parse_model(data: object) -> SoraModel | str | Unset:
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                model_type_0 = check_sora_model(data)

                return model_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(SoraModel | str | Unset, data)

        model = _parse_model(d.pop("model", UNSET))

        progress = d.pop("progress", UNSET)

        created_at = d.pop("created_at", UNSET)

        start_time = d.pop("start_time", UNSET)

        completed_at = d.pop("completed_at", UNSET)

        cost = d.pop("cost", UNSET)

        _error = d.pop("error", UNSET)
        error: TaskError | Unset
        if isinstance(_error, Unset):
            error = UNSET
        else:
            error = TaskError.from_dict(_error)

        _result = d.pop("result", UNSET)
        result: TaskResult | Unset
        if isinstance(_result, Unset):
            result = UNSET
        else:
            result = TaskResult.from_dict(_result)

        _urls = d.pop("urls", UNSET)
        urls: TaskUrls | Unset
        if isinstance(_urls, Unset):
            urls = UNSET
        else:
            urls = TaskUrls.from_dict(_urls)

        task_response = cls(
            task_id=task_id,
            status=status,
            action=action,
            model=model,
            progress=progress,
            created_at=created_at,
            start_time=start_time,
            completed_at=completed_at,
            cost=cost,
            error=error,
            result=result,
            urls=urls,
        )

        task_response.additional_properties = d
        return task_response

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
