from typing import Literal

AspectRatio = Literal["landscape", "portrait"]

ASPECT_RATIO_VALUES: set[AspectRatio] = {
    "landscape",
    "portrait",
}


def check_aspect_ratio(value: str) -> AspectRatio:
    if value in ASPECT_RATIO_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {ASPECT_RATIO_VALUES!r}"
    )
