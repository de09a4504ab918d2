from typing import Literal

ErrorCode = Literal[
    "ACCOUNT_FROZEN",
    "EMAIL_NOT_VERIFIED",
    "INSUFFICIENT_CREDITS",
    "INVALID_CREDENTIALS",
    "INVALID_PARAMETERS",
    "INVALID_TOKEN",
]

ERROR_CODE_VALUES: set[ErrorCode] = {
    "ACCOUNT_FROZEN",
    "EMAIL_NOT_VERIFIED",
    "INSUFFICIENT_CREDITS",
    "INVALID_CREDENTIALS",
    "INVALID_PARAMETERS",
    "INVALID_TOKEN",
}


def check_error_code(value: str) -> ErrorCode:
    if value in ERROR_CODE_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {ERROR_CODE_VALUES!r}"
    )
