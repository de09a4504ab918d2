from typing import Literal

TextToVideoRequestModel = Literal["sora-2-text-to-video", "sora-2-text-to-video-stable"]

TEXT_TO_VIDEO_REQUEST_MODEL_VALUES: set[TextToVideoRequestModel] = {
    "sora-2-text-to-video",
    "sora-2-text-to-video-stable",
}


def check_text_to_video_request_model(value: str) -> TextToVideoRequestModel:
    if value in TEXT_TO_VIDEO_REQUEST_MODEL_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {TEXT_TO_VIDEO_REQUEST_MODEL_VALUES!r}"
    )
