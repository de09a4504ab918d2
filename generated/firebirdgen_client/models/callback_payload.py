from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.callback_status import CallbackStatus, check_callback_status
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.request_params_echo import RequestParamsEcho


T = TypeVar("T", bound="CallbackPayload")


@_attrs_define
class CallbackPayload:
    """Webhook body POSTed to `callbackUrl` when a task completes or fails. It
    is flat: the task's fields sit at the top level next to `statusCode`
    (unlike `TaskResponse`, which wraps them in `data`).

    """

    task_id: str
    """ Unique identifier of the task. """
    status: CallbackStatus | str
    """ Final task status, `success` or `failed`; unknown values are kept as plain strings. """
    status_code: int | Unset = UNSET
    """ HTTP status code; always 200 for webhooks. """
    result_url: None | str | Unset = UNSET
    """ CDN URL of the generated video on success; null on failure. """
    error_message: None | str | Unset = UNSET
    """ Error description; only present when the task failed. """
    created_at: datetime.datetime | Unset = UNSET
    """ When the task was created (ISO 8601). """
    completed_at: datetime.datetime | None | Unset = UNSET
    """ When the task finished (ISO 8601). """
    request_params: RequestParamsEcho | Unset = UNSET
    """ Echo of the create request's `requestParams` in status responses and
    webhooks. Tolerant on purpose (not the strict request schema): unset
    `imageUrl` and `remixTargetId` come back as empty strings, and the
    webhook examples omit `remixTargetId`.
     """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        task_id = self.task_id

        status: str
        if isinstance(self.status, str):
            status = self.status
        else:
            status = self.status

        status_code = self.status_code

        result_url: None | str | Unset
        if isinstance(self.result_url, Unset):
            result_url = UNSET
        else:
            result_url = self.result_url

        error_message: None | str | Unset
        if isinstance(self.error_message, Unset):
            error_message = UNSET
        else:
            error_message = self.error_message

        created_at: str | Unset = UNSET
        if not isinstance(self.created_at, Unset):
            created_at = self.created_at.isoformat()

        completed_at: None | str | Unset
        if isinstance(self.completed_at, Unset):
            completed_at = UNSET
        elif isinstance(self.completed_at, datetime.datetime):
            completed_at = self.completed_at.isoformat()
        else:
            completed_at = self.completed_at

        request_params: dict[str, Any] | Unset = UNSET
        if not isinstance(self.request_params, Unset):
            request_params = self.request_params.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "taskId": task_id,
                "status": status,
            }
        )
        if status_code is not UNSET:
            field_dict["statusCode"] = status_code
        if result_url is not UNSET:
            field_dict["resultUrl"] = result_url
        if error_message is not UNSET:
            field_dict["errorMessage"] = error_message
        if created_at is not UNSET:
            field_dict["createdAt"] = created_at
        if completed_at is not UNSET:
            field_dict["completedAt"] = completed_at
        if request_params is not UNSET:
            field_dict["requestParams"] = request_params

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.request_params_echo import RequestParamsEcho  # noqa: PLC0415

        d = dict(src_dict)
        task_id = d.pop("taskId")

        def _parse_status(data: object) -> CallbackStatus | str:
            try:
                if not isinstance(data, str):
                    raise TypeError()
                status_type_0 = check_callback_status(data)

                return status_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(CallbackStatus | str, data)

        status = _parse_status(d.pop("status"))

        status_code = d.pop("statusCode", UNSET)

        def _parse_result_url(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        result_url = _parse_result_url(d.pop("resultUrl", UNSET))

        def _parse_error_message(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        error_message = _parse_error_message(d.pop("errorMessage", UNSET))

        _created_at = d.pop("createdAt", UNSET)
        created_at: datetime.datetime | Unset
        if isinstance(_created_at, Unset):
            created_at = UNSET
        else:
            created_at = datetime.datetime.fromisoformat(_created_at)

        def _parse_completed_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                completed_at_type_0 = datetime.datetime.fromisoformat(data)

                return completed_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        completed_at = _parse_completed_at(d.pop("completedAt", UNSET))

        _request_params = d.pop("requestParams", UNSET)
        request_params: RequestParamsEcho | Unset
        if isinstance(_request_params, Unset):
            request_params = UNSET
        else:
            request_params = RequestParamsEcho.from_dict(_request_params)

        callback_payload = cls(
            task_id=task_id,
            status=status,
            status_code=status_code,
            result_url=result_url,
            error_message=error_message,
            created_at=created_at,
            completed_at=completed_at,
            request_params=request_params,
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
