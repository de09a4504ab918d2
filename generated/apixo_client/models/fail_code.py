from typing import Literal

FailCode = Literal["CONTENT_VIOLATION", "INVALID_IMAGE_URL"]

FAIL_CODE_VALUES: set[FailCode] = {
    "CONTENT_VIOLATION",
    "INVALID_IMAGE_URL",
}


def check_fail_code(value: str) -> FailCode:
    if value in FAIL_CODE_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {FAIL_CODE_VALUES!r}")
