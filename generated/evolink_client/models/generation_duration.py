from typing import Literal

GenerationDuration = Literal[10, 15]

GENERATION_DURATION_VALUES: set[GenerationDuration] = {
    10,
    15,
}


def check_generation_duration(value: int) -> GenerationDuration:
    if value in GENERATION_DURATION_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {GENERATION_DURATION_VALUES!r}"
    )
