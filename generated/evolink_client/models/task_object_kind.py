from typing import Literal

TaskObjectKind = Literal[
    "audio.generation.task", "image.generation.task", "video.generation.task"
]

TASK_OBJECT_KIND_VALUES: set[TaskObjectKind] = {
    "audio.generation.task",
    "image.generation.task",
    "video.generation.task",
}


def check_task_object_kind(value: str) -> TaskObjectKind:
    if value in TASK_OBJECT_KIND_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {TASK_OBJECT_KIND_VALUES!r}"
    )
