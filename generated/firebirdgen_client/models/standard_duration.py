from typing import Literal

StandardDuration = Literal[10, 15]

STANDARD_DURATION_VALUES: set[StandardDuration] = {
    10,
    15,
}


def check_standard_duration(value: int) -> StandardDuration:
    if value in STANDARD_DURATION_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {STANDARD_DURATION_VALUES!r}"
    )
