from typing import Literal

ImageToVideoRequestModel = Literal[
    "sora-2-image-to-video", "sora-2-image-to-video-stable"
]

IMAGE_TO_VIDEO_REQUEST_MODEL_VALUES: set[ImageToVideoRequestModel] = {
    "sora-2-image-to-video",
    "sora-2-image-to-video-stable",
}


def check_image_to_video_request_model(value: str) -> ImageToVideoRequestModel:
    if value in IMAGE_TO_VIDEO_REQUEST_MODEL_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {IMAGE_TO_VIDEO_REQUEST_MODEL_VALUES!r}"
    )
