from typing import Literal

TaskErrorCode = Literal[
    "task_failed",
    "upstream_bad_request",
    "upstream_rate_limited",
    "upstream_unavailable",
]

TASK_ERROR_CODE_VALUES: set[TaskErrorCode] = {
    "task_failed",
    "upstream_bad_request",
    "upstream_rate_limited",
    "upstream_unavailable",
}


def check_task_error_code(value: str) -> TaskErrorCode:
    if value in TASK_ERROR_CODE_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {TASK_ERROR_CODE_VALUES!r}"
    )
