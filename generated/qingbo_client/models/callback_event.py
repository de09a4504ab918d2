from typing import Literal

CallbackEvent = Literal["cancelled", "failed", "succeeded"]

CALLBACK_EVENT_VALUES: set[CallbackEvent] = {
    "cancelled",
    "failed",
    "succeeded",
}


def check_callback_event(value: str) -> CallbackEvent:
    if value in CALLBACK_EVENT_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {CALLBACK_EVENT_VALUES!r}"
    )
