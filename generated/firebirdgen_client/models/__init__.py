"""Contains all the data models used in inputs/outputs"""

from .aspect_ratio import AspectRatio
from .callback_payload import CallbackPayload
from .callback_status import CallbackStatus
from .create_task_request import CreateTaskRequest
from .create_task_response import CreateTaskResponse
from .created_task import CreatedTask
from .error_code import ErrorCode
from .error_details import ErrorDetails
from .error_info import ErrorInfo
from .error_response import ErrorResponse
from .image_to_video_params import ImageToVideoParams
from .model_name import ModelName
from .pro_duration import ProDuration
from .pro_image_to_video_params import ProImageToVideoParams
from .pro_text_to_video_params import ProTextToVideoParams
from .project_name import ProjectName
from .request_params_echo import RequestParamsEcho
from .standard_duration import StandardDuration
from .task import Task
from .task_response import TaskResponse
from .task_status import TaskStatus
from .text_to_video_params import TextToVideoParams

__all__ = (
    "AspectRatio",
    "CallbackPayload",
    "CallbackStatus",
    "CreatedTask",
    "CreateTaskRequest",
    "CreateTaskResponse",
    "ErrorCode",
    "ErrorDetails",
    "ErrorInfo",
    "ErrorResponse",
    "ImageToVideoParams",
    "ModelName",
    "ProDuration",
    "ProImageToVideoParams",
    "ProjectName",
    "ProTextToVideoParams",
    "RequestParamsEcho",
    "StandardDuration",
    "Task",
    "TaskResponse",
    "TaskStatus",
    "TextToVideoParams",
)
