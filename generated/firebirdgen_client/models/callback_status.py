from typing import Literal

CallbackStatus = Literal["failed", "success"]

CALLBACK_STATUS_VALUES: set[CallbackStatus] = {
    "failed",
    "success",
}


def check_callback_status(value: str) -> CallbackStatus:
    if value in CALLBACK_STATUS_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {CALLBACK_STATUS_VALUES!r}"
    )
