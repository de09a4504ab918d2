from typing import Literal

Size = Literal["high", "standard"]

SIZE_VALUES: set[Size] = {
    "high",
    "standard",
}


def check_size(value: str) -> Size:
    if value in SIZE_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {SIZE_VALUES!r}")
