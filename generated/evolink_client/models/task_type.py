from typing import Literal

TaskType = Literal["audio", "image", "text", "video"]

TASK_TYPE_VALUES: set[TaskType] = {
    "audio",
    "image",
    "text",
    "video",
}


def check_task_type(value: str) -> TaskType:
    if value in TASK_TYPE_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {TASK_TYPE_VALUES!r}")
