from typing import Literal

ErrorCode = Literal[
    "invalid_request",
    "price_not_configured",
    "quota_window_exceeded",
    "task_failed",
    "task_not_cancellable",
    "task_not_found",
]

ERROR_CODE_VALUES: set[ErrorCode] = {
    "invalid_request",
    "price_not_configured",
    "quota_window_exceeded",
    "task_failed",
    "task_not_cancellable",
    "task_not_found",
}


def check_error_code(value: str) -> ErrorCode:
    if value in ERROR_CODE_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {ERROR_CODE_VALUES!r}"
    )
