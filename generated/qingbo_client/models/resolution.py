from typing import Literal

Resolution = Literal["1024p", "1080p", "720p"]

RESOLUTION_VALUES: set[Resolution] = {
    "1024p",
    "1080p",
    "720p",
}


def check_resolution(value: str) -> Resolution:
    if value in RESOLUTION_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {RESOLUTION_VALUES!r}"
    )
