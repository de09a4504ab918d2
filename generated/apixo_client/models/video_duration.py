from typing import Literal

VideoDuration = Literal[4, 8, 12]

VIDEO_DURATION_VALUES: set[VideoDuration] = {
    4,
    8,
    12,
}


def check_video_duration(value: int) -> VideoDuration:
    if value in VIDEO_DURATION_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {VIDEO_DURATION_VALUES!r}"
    )
