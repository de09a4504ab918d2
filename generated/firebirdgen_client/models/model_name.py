from typing import Literal

ModelName = Literal[
    "sora2_image_to_video",
    "sora2_pro_image_to_video",
    "sora2_pro_text_to_video",
    "sora2_text_to_video",
]

MODEL_NAME_VALUES: set[ModelName] = {
    "sora2_image_to_video",
    "sora2_pro_image_to_video",
    "sora2_pro_text_to_video",
    "sora2_text_to_video",
}


def check_model_name(value: str) -> ModelName:
    if value in MODEL_NAME_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {MODEL_NAME_VALUES!r}"
    )
