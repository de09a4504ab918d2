from typing import Literal

TaskAction = Literal["extend", "generate", "remix"]

TASK_ACTION_VALUES: set[TaskAction] = {
    "extend",
    "generate",
    "remix",
}


def check_task_action(value: str) -> TaskAction:
    if value in TASK_ACTION_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {TASK_ACTION_VALUES!r}"
    )
