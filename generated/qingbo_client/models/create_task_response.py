from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.sora_model import SoraModel, check_sora_model
from ..models.task_action import TaskAction, check_task_action
from ..models.task_status import TaskStatus, check_task_status
from ..types import UNSET, Unset

T = TypeVar("T", bound="CreateTaskResponse")


@_attrs_define
class CreateTaskResponse:
    """Answer to `POST /v1/tasks`: the new task in status `queued`. `created_at` is a
    Unix timestamp in milliseconds here (the docs' example); see TaskResponse for
    the seconds/milliseconds contradiction.

    """

    task_id: str
    """ Task ID, used with `GET /v1/tasks/{task_id}`. """
    status: str | TaskStatus
    """ Task status; `queued` on submission. """
    model: SoraModel | str | Unset = UNSET
    """ Model ID used (open set; other models share the task system). """
    action: str | TaskAction | Unset = UNSET
    """ Operation type, as submitted. """
    created_at: int | Unset = UNSET
    """ Creation time, Unix timestamp (milliseconds documented; seconds also accepted). """
    progress: int | Unset = UNSET
    """ Progress, initially 0. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        task_id = self.task_id

        status: str
        if isinstance(self.status, str):
            status = self.status
        else:
            status = self.status

        model: str | Unset
        if isinstance(self.model, Unset):
            model = UNSET
        elif isinstance(self.model, str):
            model = self.model
        else:
            model = self.model

        action: str | Unset
        if isinstance(self.action, Unset):
            action = UNSET
        elif isinstance(self.action, str):
            action = self.action
        else:
            action = self.action

        created_at = self.created_at

        progress = self.progress

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "task_id": task_id,
                "status": status,
            }
        )
        if model is not UNSET:
            field_dict["model"] = model
        if action is not UNSET:
            field_dict["action"] = action
        if created_at is not UNSET:
            field_dict["created_at"] = created_at
        if progress is not UNSET:
            field_dict["progress"] = progress

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

        created_at = d.pop("created_at", UNSET)

        progress = d.pop("progress", UNSET)

        create_task_response = cls(
            task_id=task_id,
            status=status,
            model=model,
            action=action,
            created_at=created_at,
            progress=progress,
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
