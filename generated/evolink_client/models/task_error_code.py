from typing import Literal

TaskErrorCode = Literal[
    "content_policy_violation",
    "generation_failed_no_content",
    "generation_timeout",
    "image_dimension_mismatch",
    "image_processing_error",
    "invalid_parameters",
    "quota_exceeded",
    "request_cancelled",
    "resource_exhausted",
    "resource_not_found",
    "service_error",
    "service_unavailable",
    "unknown_error",
]

TASK_ERROR_CODE_VALUES: set[TaskErrorCode] = {
    "content_policy_violation",
    "generation_failed_no_content",
    "generation_timeout",
    "image_dimension_mismatch",
    "image_processing_error",
    "invalid_parameters",
    "quota_exceeded",
    "request_cancelled",
    "resource_exhausted",
    "resource_not_found",
    "service_error",
    "service_unavailable",
    "unknown_error",
}


def check_task_error_code(value: str) -> TaskErrorCode:
    if value in TASK_ERROR_CODE_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {TASK_ERROR_CODE_VALUES!r}"
    )
