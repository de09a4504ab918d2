"""Contains all the data models used in inputs/outputs"""

from .aspect_ratio import AspectRatio
from .character_item import CharacterItem
from .create_task_data import CreateTaskData
from .create_task_response import CreateTaskResponse
from .credits_data import CreditsData
from .error_response import ErrorResponse
from .get_credits_response import GetCreditsResponse
from .image_to_video_request import ImageToVideoRequest
from .image_to_video_request_model import ImageToVideoRequestModel
from .n_frames import NFrames
from .pro_image_to_video_request import ProImageToVideoRequest
from .pro_text_to_video_request import ProTextToVideoRequest
from .shot import Shot
from .size import Size
from .storyboard_n_frames import StoryboardNFrames
from .storyboard_request import StoryboardRequest
from .task_data import TaskData
from .task_metadata import TaskMetadata
from .task_query import TaskQuery
from .task_response import TaskResponse
from .task_status import TaskStatus
from .text_to_video_request import TextToVideoRequest
from .text_to_video_request_model import TextToVideoRequestModel

__all__ = (
    "AspectRatio",
    "CharacterItem",
    "CreateTaskData",
    "CreateTaskResponse",
    "CreditsData",
    "ErrorResponse",
    "GetCreditsResponse",
    "ImageToVideoRequest",
    "ImageToVideoRequestModel",
    "NFrames",
    "ProImageToVideoRequest",
    "ProTextToVideoRequest",
    "Shot",
    "Size",
    "StoryboardNFrames",
    "StoryboardRequest",
    "TaskData",
    "TaskMetadata",
    "TaskQuery",
    "TaskResponse",
    "TaskStatus",
    "TextToVideoRequest",
    "TextToVideoRequestModel",
)
