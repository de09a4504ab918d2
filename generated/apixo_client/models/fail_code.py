from typing import Literal

FailCode = Literal[
    "CONTENT_VIOLATION",
    "GENERATION_FAILED",
    "IMAGE_DOWNLOAD_FAILED",
    "IMAGE_TOO_LARGE",
    "InputImageSensitiveContentDetected",
    "InputOutputSensitiveContentDetected",
    "INSUFFICIENT_CREDITS",
    "INVALID_IMAGE_URL",
    "INVALID_PROMPT",
    "MODEL_UNAVAILABLE",
    "NSFW",
    "NSFW_DETECTED",
    "PROCESSING_TIMEOUT",
    "ProhibitedContentDetected",
    "PROMPT_TOO_LONG",
    "PromptLengthExceeded",
    "SensitiveContent",
    "SensitiveContentDetected",
    "UNSUPPORTED_FORMAT",
]

FAIL_CODE_VALUES: set[FailCode] = {
    "CONTENT_VIOLATION",
    "GENERATION_FAILED",
    "IMAGE_DOWNLOAD_FAILED",
    "IMAGE_TOO_LARGE",
    "InputImageSensitiveContentDetected",
    "InputOutputSensitiveContentDetected",
    "INSUFFICIENT_CREDITS",
    "INVALID_IMAGE_URL",
    "INVALID_PROMPT",
    "MODEL_UNAVAILABLE",
    "NSFW",
    "NSFW_DETECTED",
    "PROCESSING_TIMEOUT",
    "ProhibitedContentDetected",
    "PROMPT_TOO_LONG",
    "PromptLengthExceeded",
    "SensitiveContent",
    "SensitiveContentDetected",
    "UNSUPPORTED_FORMAT",
}


def check_fail_code(value: str) -> FailCode:
    if value in FAIL_CODE_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {FAIL_CODE_VALUES!r}")
