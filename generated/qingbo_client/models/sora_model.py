from typing import Literal

SoraModel = Literal["sora-2", "sora-2-preview", "sora-2-pro"]

SORA_MODEL_VALUES: set[SoraModel] = {
    "sora-2",
    "sora-2-preview",
    "sora-2-pro",
}


def check_sora_model(value: str) -> SoraModel:
    if value in SORA_MODEL_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {SORA_MODEL_VALUES!r}"
    )
