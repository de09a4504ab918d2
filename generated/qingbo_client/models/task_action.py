from typing import Literal

TaskAction = Literal["generate"]

TASK_ACTION_VALUES: set[TaskAction] = {
    "generate",
}


def check_task_action(value: str) -> TaskAction:
    if value in TASK_ACTION_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {TASK_ACTION_VALUES!r}"
    )
