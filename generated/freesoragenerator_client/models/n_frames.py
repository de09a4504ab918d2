from typing import Literal

NFrames = Literal["10", "15"]

N_FRAMES_VALUES: set[NFrames] = {
    "10",
    "15",
}


def check_n_frames(value: str) -> NFrames:
    if value in N_FRAMES_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {N_FRAMES_VALUES!r}")
