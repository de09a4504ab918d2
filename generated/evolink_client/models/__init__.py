"""Contains all the data models used in inputs/outputs"""

from .aspect_ratio import AspectRatio
from .callback_payload import CallbackPayload
from .create_task_response import CreateTaskResponse
from .error_detail import ErrorDetail
from .error_response import ErrorResponse
from .error_type import ErrorType
from .generation_duration import GenerationDuration
from .generation_request import GenerationRequest
from .known_model import KnownModel
from .remix_duration import RemixDuration
from .remix_request import RemixRequest
from .task_error import TaskError
from .task_error_code import TaskErrorCode
from .task_info import TaskInfo
from .task_object_kind import TaskObjectKind
from .task_response import TaskResponse
from .task_status import TaskStatus
from .task_type import TaskType
from .usage import Usage

__all__ = (
    "AspectRatio",
    "CallbackPayload",
    "CreateTaskResponse",
    "ErrorDetail",
    "ErrorResponse",
    "ErrorType",
    "GenerationDuration",
    "GenerationRequest",
    "KnownModel",
    "RemixDuration",
    "RemixRequest",
    "TaskError",
    "TaskErrorCode",
    "TaskInfo",
    "TaskObjectKind",
    "TaskResponse",
    "TaskStatus",
    "TaskType",
    "Usage",
)
