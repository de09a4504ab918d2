from typing import Literal

KnownModel = Literal["sora-2", "sora-2-pro-remix"]

KNOWN_MODEL_VALUES: set[KnownModel] = {
    "sora-2",
    "sora-2-pro-remix",
}


def check_known_model(value: str) -> KnownModel:
    if value in KNOWN_MODEL_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {KNOWN_MODEL_VALUES!r}"
    )
