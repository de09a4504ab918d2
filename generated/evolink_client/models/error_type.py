from typing import Literal

ErrorType = Literal[
    "insufficient_quota_error",
    "not_found_error",
    "permission_error",
    "request_too_large_error",
    "service_unavailable_error",
    "upstream_error",
]

ERROR_TYPE_VALUES: set[ErrorType] = {
    "insufficient_quota_error",
    "not_found_error",
    "permission_error",
    "request_too_large_error",
    "service_unavailable_error",
    "upstream_error",
}


def check_error_type(value: str) -> ErrorType:
    if value in ERROR_TYPE_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {ERROR_TYPE_VALUES!r}"
    )
