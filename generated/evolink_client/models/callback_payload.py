from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.known_model import KnownModel, check_known_model
from ..models.task_object_kind import TaskObjectKind, check_task_object_kind
from ..models.task_status import TaskStatus, check_task_status
from ..models.task_type import TaskType, check_task_type
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.task_error import TaskError
    from ..models.task_info import TaskInfo
    from ..models.usage import Usage


T = TypeVar("T", bound="CallbackPayload")


@_attrs_define
class CallbackPayload:
    """The task object returned by `GET /v1/tasks/{task_id}` (and sent to `callback_url`)."""

    id: str
    """ Task id. """
    status: str | TaskStatus
    """ Task status. Unknown values are kept as plain strings. """
    created: int | Unset = UNSET
    """ Task creation time, Unix seconds. """
    model: KnownModel | str | Unset = UNSET
    """ Model that runs the task, e.g. `sora-2` or `sora-2-pro-remix`; an open set (EvoLink runs many other models),
    so any string is accepted. """
    object_: str | TaskObjectKind | Unset = UNSET
    """ Object kind of the task; `video.generation.task` for video tasks. Other values are kept as plain strings.
    """
    progress: int | Unset = UNSET
    """ Task progress percentage (0-100). """
    results: list[str] | Unset = UNSET
    """ Result URLs (the generated videos), present only when `status` is `completed`. The links are valid for 24
    hours. """
    task_info: TaskInfo | Unset = UNSET
    """ Task details. """
    type_: str | TaskType | Unset = UNSET
    """ Output type of the task; `video` for video tasks. Other values are kept as plain strings. """
    error: TaskError | Unset = UNSET
    """ Why a task failed; present only when `status` is `failed`. A cancelled
    task is `failed` with `code` `request_cancelled`.
     """
    usage: Usage | Unset = UNSET
    """ Usage and billing information. The field names are those of the documented example. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        status: str
        if isinstance(self.status, str):
            status = self.status
        else:
            status = self.status

        created = self.created

        model: str | Unset
        if isinstance(self.model, Unset):
            model = UNSET
        elif isinstance(self.model, str):
            model = self.model
        else:
            model = self.model

        object_: str | Unset
        if isinstance(self.object_, Unset):
            object_ = UNSET
        elif isinstance(self.object_, str):
            object_ = self.object_
        else:
            object_ = self.object_

        progress = self.progress

        results: list[str] | Unset = UNSET
        if not isinstance(self.results, Unset):
            results = self.results

        task_info: dict[str, Any] | Unset = UNSET
        if not isinstance(self.task_info, Unset):
            task_info = self.task_info.to_dict()

        type_: str | Unset
        if isinstance(self.type_, Unset):
            type_ = UNSET
        elif isinstance(self.type_, str):
            type_ = self.type_
        else:
            type_ = self.type_

        error: dict[str, Any] | Unset = UNSET
        if not isinstance(self.error, Unset):
            error = self.error.to_dict()

        usage: dict[str, Any] | Unset = UNSET
        if not isinstance(self.usage, Unset):
            usage = self.usage.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "status": status,
            }
        )
        if created is not UNSET:
            field_dict["created"] = created
        if model is not UNSET:
            field_dict["model"] = model
        if object_ is not UNSET:
            field_dict["object"] = object_
        if progress is not UNSET:
            field_dict["progress"] = progress
        if results is not UNSET:
            field_dict["results"] = results
        if task_info is not UNSET:
            field_dict["task_info"] = task_info
        if type_ is not UNSET:
            field_dict["type"] = type_
        if error is not UNSET:
            field_dict["error"] = error
        if usage is not UNSET:
            field_dict["usage"] = usage

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.task_error import TaskError  # noqa: PLC0415
        from ..models.task_info import TaskInfo  # noqa: PLC0415
        from ..models.usage import Usage  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

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

        created = d.pop("created", UNSET)

        def _parse_model(data: object) -> KnownModel | str | Unset:
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                componentsschemas_model_name_type_0 = check_known_model(data)

                return componentsschemas_model_name_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(KnownModel | str | Unset, data)

        model = _parse_model(d.pop("model", UNSET))

        def _parse_object_(data: object) -> str | TaskObjectKind | Unset:
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                componentsschemas_task_object_type_0 = check_task_object_kind(data)

                return componentsschemas_task_object_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(str | TaskObjectKind | Unset, data)

        object_ = _parse_object_(d.pop("object", UNSET))

        progress = d.pop("progress", UNSET)

        results = cast(list[str], d.pop("results", UNSET))

        _task_info = d.pop("task_info", UNSET)
        task_info: TaskInfo | Unset
        if isinstance(_task_info, Unset):
            task_info = UNSET
        else:
            task_info = TaskInfo.from_dict(_task_info)

        def _parse_type_(data: object) -> str | TaskType | Unset:
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                componentsschemas_task_output_type_type_0 = check_task_type(data)

                return componentsschemas_task_output_type_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(str | TaskType | Unset, data)

        type_ = _parse_type_(d.pop("type", UNSET))

        _error = d.pop("error", UNSET)
        error: TaskError | Unset
        if isinstance(_error, Unset):
            error = UNSET
        else:
            error = TaskError.from_dict(_error)

        _usage = d.pop("usage", UNSET)
        usage: Usage | Unset
        if isinstance(_usage, Unset):
            usage = UNSET
        else:
            usage = Usage.from_dict(_usage)

        callback_payload = cls(
            id=id,
            status=status,
            created=created,
            model=model,
            object_=object_,
            progress=progress,
            results=results,
            task_info=task_info,
            type_=type_,
            error=error,
            usage=usage,
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
