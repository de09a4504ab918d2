from typing import Literal

RemixDuration = Literal[15, 25]

REMIX_DURATION_VALUES: set[RemixDuration] = {
    15,
    25,
}


def check_remix_duration(value: int) -> RemixDuration:
    if value in REMIX_DURATION_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {REMIX_DURATION_VALUES!r}"
    )
