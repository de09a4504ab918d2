from typing import Literal

TaskStatus = Literal["cancelled", "completed", "failed", "processing", "queued"]

TASK_STATUS_VALUES: set[TaskStatus] = {
    "cancelled",
    "completed",
    "failed",
    "processing",
    "queued",
}


def check_task_status(value: str) -> TaskStatus:
    if value in TASK_STATUS_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {TASK_STATUS_VALUES!r}"
    )
