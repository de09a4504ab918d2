from typing import Literal

ProDuration = Literal[15, 25]

PRO_DURATION_VALUES: set[ProDuration] = {
    15,
    25,
}


def check_pro_duration(value: int) -> ProDuration:
    if value in PRO_DURATION_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {PRO_DURATION_VALUES!r}"
    )
