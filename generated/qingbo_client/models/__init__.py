"""Contains all the data models used in inputs/outputs"""

from .aspect_ratio import AspectRatio
from .callback_event import CallbackEvent
from .cancel_task_response import CancelTaskResponse
from .create_task_response import CreateTaskResponse
from .error_code import ErrorCode
from .error_detail import ErrorDetail
from .error_response import ErrorResponse
from .extra import Extra
from .generate_task_request import GenerateTaskRequest
from .resolution import Resolution
from .result_item import ResultItem
from .sora_model import SoraModel
from .sync_timeout_response import SyncTimeoutResponse
from .task_action import TaskAction
from .task_error import TaskError
from .task_error_code import TaskErrorCode
from .task_response import TaskResponse
from .task_result import TaskResult
from .task_status import TaskStatus
from .task_urls import TaskUrls
from .video_duration import VideoDuration

__all__ = (
    "AspectRatio",
    "CallbackEvent",
    "CancelTaskResponse",
    "CreateTaskResponse",
    "ErrorCode",
    "ErrorDetail",
    "ErrorResponse",
    "Extra",
    "GenerateTaskRequest",
    "Resolution",
    "ResultItem",
    "SoraModel",
    "SyncTimeoutResponse",
    "TaskAction",
    "TaskError",
    "TaskErrorCode",
    "TaskResponse",
    "TaskResult",
    "TaskStatus",
    "TaskUrls",
    "VideoDuration",
)
