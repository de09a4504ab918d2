from typing import Literal

StoryboardNFrames = Literal["10", "15", "25"]

STORYBOARD_N_FRAMES_VALUES: set[StoryboardNFrames] = {
    "10",
    "15",
    "25",
}


def check_storyboard_n_frames(value: str) -> StoryboardNFrames:
    if value in STORYBOARD_N_FRAMES_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {STORYBOARD_N_FRAMES_VALUES!r}"
    )
