"""Contains all the data models used in inputs/outputs"""

from .aspect_ratio import AspectRatio
from .cancel_task_response import CancelTaskResponse
from .create_task_response import CreateTaskResponse
from .error_detail import ErrorDetail
from .error_response import ErrorResponse
from .extend_task_request import ExtendTaskRequest
from .extra import Extra
from .generate_task_request import GenerateTaskRequest
from .remix_task_request import RemixTaskRequest
from .resolution import Resolution
from .result_item import ResultItem
from .sora_model import SoraModel
from .sync_timeout_response import SyncTimeoutResponse
from .task_action import TaskAction
from .task_error import TaskError
from .task_response import TaskResponse
from .task_result import TaskResult
from .task_status import TaskStatus
from .task_urls import TaskUrls
from .video_duration import VideoDuration

__all__ = (
    "AspectRatio",
    "CancelTaskResponse",
    "CreateTaskResponse",
    "ErrorDetail",
    "ErrorResponse",
    "ExtendTaskRequest",
    "Extra",
    "GenerateTaskRequest",
    "RemixTaskRequest",
    "Resolution",
    "ResultItem",
    "SoraModel",
    "SyncTimeoutResponse",
    "TaskAction",
    "TaskError",
    "TaskResponse",
    "TaskResult",
    "TaskStatus",
    "TaskUrls",
    "VideoDuration",
)
