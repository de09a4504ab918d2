from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.task_status import TaskStatus, check_task_status
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.task_metadata import TaskMetadata


T = TypeVar("T", bound="TaskData")


@_attrs_define
class TaskData:
    """State and result of one generation task."""

    status: str | TaskStatus
    """ Task status; unknown future values parse as plain strings. """
    progress: float | Unset = UNSET
    """ Progress percentage, 0-100. """
    result_url: None | str | Unset = UNSET
    """ URL of the generated video once `succeeded`. Clients read this first, then fall back to `result_urls[0]`.
    """
    result_urls: list[str] | Unset = UNSET
    """ All result video URLs (usually one). """
    failure_reason: None | str | Unset = UNSET
    """ Short reason why the task failed; empty string otherwise. """
    error_message: None | str | Unset = UNSET
    """ Error detail when the task failed; null otherwise. """
    credits_refunded: bool | Unset = UNSET
    """ Whether the credits deducted for this task were refunded (failed tasks are refunded automatically). """
    refund_trans_no: None | str | Unset = UNSET
    """ Transaction number of the refund, if any; null otherwise. """
    result_pid: None | str | Unset = UNSET
    """ Upstream Sora post/video id of the result (e.g. `s_...`), usable as a remix target. """
    result_pids: list[str] | Unset = UNSET
    """ All upstream post/video ids of the results. """
    metadata: None | TaskMetadata | Unset = UNSET
    """ Extra task metadata (remix target, character references). """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.task_metadata import TaskMetadata  # noqa: PLC0415

        status: str
        if isinstance(self.status, str):
            status = self.status
        else:
            status = self.status

        progress = self.progress

        result_url: None | str | Unset
        if isinstance(self.result_url, Unset):
            result_url = UNSET
        else:
            result_url = self.result_url

        result_urls: list[str] | Unset = UNSET
        if not isinstance(self.result_urls, Unset):
            result_urls = self.result_urls

        failure_reason: None | str | Unset
        if isinstance(self.failure_reason, Unset):
            failure_reason = UNSET
        else:
            failure_reason = self.failure_reason

        error_message: None | str | Unset
        if isinstance(self.error_message, Unset):
            error_message = UNSET
        else:
            error_message = self.error_message

        credits_refunded = self.credits_refunded

        refund_trans_no: None | str | Unset
        if isinstance(self.refund_trans_no, Unset):
            refund_trans_no = UNSET
        else:
            refund_trans_no = self.refund_trans_no

        result_pid: None | str | Unset
        if isinstance(self.result_pid, Unset):
            result_pid = UNSET
        else:
            result_pid = self.result_pid

        result_pids: list[str] | Unset = UNSET
        if not isinstance(self.result_pids, Unset):
            result_pids = self.result_pids

        metadata: dict[str, Any] | None | Unset
        if isinstance(self.metadata, Unset):
            metadata = UNSET
        elif isinstance(self.metadata, TaskMetadata):
            metadata = self.metadata.to_dict()
        else:
            metadata = self.metadata

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "status": status,
            }
        )
        if progress is not UNSET:
            field_dict["progress"] = progress
        if result_url is not UNSET:
            field_dict["result_url"] = result_url
        if result_urls is not UNSET:
            field_dict["result_urls"] = result_urls
        if failure_reason is not UNSET:
            field_dict["failure_reason"] = failure_reason
        if error_message is not UNSET:
            field_dict["error_message"] = error_message
        if credits_refunded is not UNSET:
            field_dict["credits_refunded"] = credits_refunded
        if refund_trans_no is not UNSET:
            field_dict["refund_trans_no"] = refund_trans_no
        if result_pid is not UNSET:
            field_dict["result_pid"] = result_pid
        if result_pids is not UNSET:
            field_dict["result_pids"] = result_pids
        if metadata is not UNSET:
            field_dict["metadata"] = metadata

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.task_metadata import TaskMetadata  # noqa: PLC0415

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

        progress = d.pop("progress", UNSET)

        def _parse_result_url(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        result_url = _parse_result_url(d.pop("result_url", UNSET))

        result_urls = cast(list[str], d.pop("result_urls", UNSET))

        def _parse_failure_reason(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        failure_reason = _parse_failure_reason(d.pop("failure_reason", UNSET))

        def _parse_error_message(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        error_message = _parse_error_message(d.pop("error_message", UNSET))

        credits_refunded = d.pop("credits_refunded", UNSET)

        def _parse_refund_trans_no(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        refund_trans_no = _parse_refund_trans_no(d.pop("refund_trans_no", UNSET))

        def _parse_result_pid(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        result_pid = _parse_result_pid(d.pop("result_pid", UNSET))

        result_pids = cast(list[str], d.pop("result_pids", UNSET))

        def _parse_metadata(data: object) -> None | TaskMetadata | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                metadata_type_0 = TaskMetadata.from_dict(data)

                return metadata_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | TaskMetadata | Unset, data)

        metadata = _parse_metadata(d.pop("metadata", UNSET))

        task_data = cls(
            status=status,
            progress=progress,
            result_url=result_url,
            result_urls=result_urls,
            failure_reason=failure_reason,
            error_message=error_message,
            credits_refunded=credits_refunded,
            refund_trans_no=refund_trans_no,
            result_pid=result_pid,
            result_pids=result_pids,
            metadata=metadata,
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
