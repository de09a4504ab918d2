"""Contains all the data models used in inputs/outputs"""

from .aspect_ratio import AspectRatio
from .callback_payload import CallbackPayload
from .create_task_data import CreateTaskData
from .create_task_request import CreateTaskRequest
from .create_task_response import CreateTaskResponse
from .error_data import ErrorData
from .error_response import ErrorResponse
from .fail_code import FailCode
from .image_to_video_input import ImageToVideoInput
from .request_type import RequestType
from .task_data import TaskData
from .task_response import TaskResponse
from .task_result import TaskResult
from .task_status import TaskStatus
from .text_to_video_input import TextToVideoInput
from .video_duration import VideoDuration

__all__ = (
    "AspectRatio",
    "CallbackPayload",
    "CreateTaskData",
    "CreateTaskRequest",
    "CreateTaskResponse",
    "ErrorData",
    "ErrorResponse",
    "FailCode",
    "ImageToVideoInput",
    "RequestType",
    "TaskData",
    "TaskResponse",
    "TaskResult",
    "TaskStatus",
    "TextToVideoInput",
    "VideoDuration",
)
