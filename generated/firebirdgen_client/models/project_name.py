from typing import Literal

ProjectName = Literal["sora2"]

PROJECT_NAME_VALUES: set[ProjectName] = {
    "sora2",
}


def check_project_name(value: str) -> ProjectName:
    if value in PROJECT_NAME_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {PROJECT_NAME_VALUES!r}"
    )
