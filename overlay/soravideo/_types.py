"""The normalized vocabulary shared by every provider: requests, tasks, statuses.

These types never depend on a provider: each adapter in
:mod:`soravideo.adapters` maps a :class:`VideoRequest` onto its generated client
and the provider's status body back onto a :class:`Task`.
"""

from __future__ import annotations

import decimal
import enum
import os
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from types import MappingProxyType
from typing import Any, Literal, TypeAlias

import attrs

from soravideo.errors import RequestTypeError, RequestValidationError

Model: TypeAlias = Literal["sora-2", "sora-2-pro", "sora-2-preview"]
AspectRatio: TypeAlias = Literal["16:9", "9:16", "1:1"]
Quality: TypeAlias = Literal["standard", "high"]
Mode: TypeAlias = Literal["text-to-video", "image-to-video", "remix", "storyboard"]
ImageInput: TypeAlias = "str | bytes | os.PathLike[str]"

PROVIDERS: tuple[str, ...] = ("firebirdgen", "qingbo", "apixo", "freesoragenerator", "evolink")
"""The provider keys, in the order the project documents them."""


def check_provider(provider: object) -> str:
    """``provider`` if it is one of :data:`PROVIDERS`.

    Raises:
        RequestValidationError: any other value (also a ValueError); the message lists the keys.
    """
    if not isinstance(provider, str) or provider not in PROVIDERS:
        raise RequestValidationError(
            f"unknown provider {provider!r}; expected one of {list(PROVIDERS)}",
            field="provider",
            value=provider,
            allowed=list(PROVIDERS),
        )
    return provider


MODELS: tuple[Model, ...] = ("sora-2", "sora-2-pro", "sora-2-preview")
ASPECT_RATIOS: tuple[AspectRatio, ...] = ("16:9", "9:16", "1:1")
QUALITIES: tuple[Quality, ...] = ("standard", "high")
MODES: tuple[Mode, ...] = ("text-to-video", "image-to-video", "remix", "storyboard")


class TaskStatus(enum.StrEnum):
    """Where a task is in its lifecycle, named after the upstream Sora API.

    Every provider's own vocabulary (``processing``, ``pending``, ``running``,
    ``success``, ``succeeded`` ...) maps onto these; a value a provider adds
    later maps to :attr:`UNKNOWN`, and the original stays in :attr:`Task.raw`.
    """

    QUEUED = "queued"
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"
    FAILED = "failed"
    CANCELLED = "cancelled"
    UNKNOWN = "unknown"

    @property
    def is_terminal(self) -> bool:
        """True for a status the task never leaves (completed, failed, cancelled)."""
        return self in (TaskStatus.COMPLETED, TaskStatus.FAILED, TaskStatus.CANCELLED)


@attrs.frozen
class TaskError:
    """Why a task failed, as the provider reported it.

    ``code`` is the provider's machine-readable code (``CONTENT_VIOLATION``,
    ``task_failed`` ...) or ``None`` when it sends only a message.
    """

    code: str | None
    message: str


@attrs.frozen
class Shot:
    """One storyboard scene: what happens (``prompt``) and for how long (seconds, > 0)."""

    prompt: str
    duration: float

    def __attrs_post_init__(self) -> None:
        if not isinstance(self.prompt, str):
            raise RequestTypeError(
                f"Shot.prompt must be a string, got {type(self.prompt).__name__}",
                field="shots",
                value=self.prompt,
            )
        if not self.prompt.strip():
            raise RequestValidationError(
                "Shot.prompt must be a non-empty string", field="shots", value=self.prompt
            )
        if isinstance(self.duration, bool) or not isinstance(self.duration, int | float):
            raise RequestTypeError(
                f"Shot.duration must be a number of seconds, got {self.duration!r}",
                field="shots",
                value=self.duration,
            )
        if not self.duration > 0:
            raise RequestValidationError(
                f"Shot.duration must be > 0 seconds, got {self.duration}",
                field="shots",
                value=self.duration,
            )


def _shot(item: Any) -> Shot:
    if isinstance(item, Shot):
        return item
    if isinstance(item, Mapping) and set(item) == {"prompt", "duration"}:
        return Shot(prompt=item["prompt"], duration=item["duration"])
    raise RequestTypeError(
        f'each shot must be a Shot or a {{"prompt": ..., "duration": ...}} mapping, got {item!r}',
        field="shots",
        value=item,
    )


def _shots(value: Any) -> tuple[Shot, ...]:
    if isinstance(value, str | bytes | Mapping):
        raise RequestTypeError(
            f"shots must be a sequence of Shot, got {type(value).__name__}", field="shots"
        )
    try:
        items = tuple(value or ())
    except TypeError:
        raise RequestTypeError(
            f"shots must be a sequence of Shot, got {type(value).__name__}", field="shots"
        ) from None
    return tuple(_shot(item) for item in items)


def _frozen_mapping(value: Mapping[str, Any] | None) -> Mapping[str, Any]:
    if value is not None and not isinstance(value, Mapping):
        raise RequestTypeError(
            f"extra must be a mapping of provider field names, got {type(value).__name__}",
            field="extra",
        )
    return MappingProxyType(dict(value or {}))


@attrs.frozen(kw_only=True)
class VideoRequest:
    """What a user asks for, in one vocabulary for every provider.

    Unset fields (``None``) take the provider's documented default. The
    :attr:`mode` follows from which fields are set: ``shots`` -> storyboard,
    ``remix_of`` -> remix, ``image`` -> image-to-video, else text-to-video.

    Attributes:
        prompt: what the video shows. Optional only for a storyboard.
        model: ``"sora-2"`` (default), ``"sora-2-pro"`` or ``"sora-2-preview"``
            (qingbo only).
        duration: length in whole seconds; allowed values differ per provider
            (see :func:`soravideo.capabilities`).
        aspect_ratio: ``"16:9"`` (landscape), ``"9:16"`` (portrait) or ``"1:1"``
            (square; qingbo only).
        quality: ``"standard"`` or ``"high"``, where the provider offers a choice.
        image: first frame for image-to-video: an ``http(s)`` URL, a ``data:`` URL,
            raw bytes, or a path to a local file (bytes and paths are sent as a
            ``data:`` URL where the provider accepts one).
        remix_of: id of an earlier task to remix.
        shots: storyboard scenes (``Shot`` or ``{"prompt", "duration"}`` dicts).
        callback_url: where the provider should POST the finished task.
        remove_watermark: ask the provider to remove the Sora watermark.
        extra: provider-specific fields, merged into the provider's request body
            as given (validated against the provider's spec like the rest).

    Raises:
        RequestValidationError: a field has a value no provider accepts, naming
            it in ``.field`` (a ``ValueError``; the provider-specific checks
            happen in ``VideoClient.create``).
        ValueError: more than one mode selected (``shots``, ``remix_of``, ``image``).
        TypeError: a field has the wrong type.
    """

    prompt: str | None = None
    model: Model = "sora-2"
    duration: int | None = None
    aspect_ratio: AspectRatio | None = None
    quality: Quality | None = None
    image: ImageInput | None = None
    remix_of: str | None = None
    shots: tuple[Shot, ...] = attrs.field(default=(), converter=_shots)
    callback_url: str | None = None
    remove_watermark: bool | None = None
    extra: Mapping[str, Any] = attrs.field(factory=dict, converter=_frozen_mapping)

    def __attrs_post_init__(self) -> None:
        _check_choice("model", self.model, MODELS)
        if self.aspect_ratio is not None:
            _check_choice("aspect_ratio", self.aspect_ratio, ASPECT_RATIOS)
        if self.quality is not None:
            _check_choice("quality", self.quality, QUALITIES)
        if self.duration is not None and (
            isinstance(self.duration, bool) or not isinstance(self.duration, int)
        ):
            raise RequestTypeError(
                f"duration must be whole seconds (int), got {self.duration!r}",
                field="duration",
                value=self.duration,
                allowed="a positive whole number of seconds",
            )
        if self.duration is not None and self.duration <= 0:
            raise RequestValidationError(
                f"duration must be > 0 seconds, got {self.duration}",
                field="duration",
                value=self.duration,
                allowed="a positive number of seconds",
            )
        if self.prompt is not None and not isinstance(self.prompt, str):
            raise RequestTypeError(
                f"prompt must be a string, got {type(self.prompt).__name__}",
                field="prompt",
                value=self.prompt,
            )
        if self.image is not None and not isinstance(self.image, str | bytes | os.PathLike):
            raise RequestTypeError(
                "image must be a URL, a data: URL, bytes or a path, "
                f"got {type(self.image).__name__}",
                field="image",
                value=type(self.image).__name__,
            )
        set_modes = [
            name for name in ("shots", "remix_of", "image") if getattr(self, name) not in (None, ())
        ]
        if len(set_modes) > 1:
            raise RequestValidationError(
                f"{' and '.join(set_modes)} select different modes; set at most one of "
                "shots (storyboard), remix_of (remix), image (image-to-video)",
                field=set_modes[0],
                allowed=["shots", "remix_of", "image"],
            )
        if not self.shots and not (self.prompt or "").strip():
            raise RequestValidationError(
                "prompt is required (only a storyboard with shots may omit it)",
                field="prompt",
                value=self.prompt,
            )

    @property
    def mode(self) -> Mode:
        """The generation mode the set fields select."""
        if self.shots:
            return "storyboard"
        if self.remix_of is not None:
            return "remix"
        if self.image is not None:
            return "image-to-video"
        return "text-to-video"


def _check_choice(field: str, value: object, allowed: tuple[str, ...]) -> None:
    if value not in allowed:
        raise RequestValidationError(
            f"{field}={value!r} is not one of {list(allowed)}",
            field=field,
            value=value,
            allowed=list(allowed),
        )


@attrs.frozen
class Cost:
    """What a provider charged (or reserved) for a task, in the provider's own unit.

    ``unit`` is the provider's name for it (qingbo: ``quota``, evolink:
    ``credits``); amounts of different providers are not comparable.
    """

    amount: decimal.Decimal
    unit: str


@attrs.frozen(kw_only=True)
class Task:
    """A provider's task, normalized. Immutable; ``raw`` keeps what was received.

    Attributes:
        provider: the provider key (``"evolink"`` ...).
        id: the provider's task id.
        status: normalized :class:`TaskStatus` (``UNKNOWN`` for a value the
            provider added after this library was written).
        progress: percent complete, 0-100, or ``None`` when not reported.
        video_urls: result video URLs (empty until completed).
        error: the failure reason, when ``status`` is ``FAILED``.
        created_at, completed_at, expires_at: timezone-aware UTC datetimes or
            ``None`` (``expires_at``: when the result URLs stop working).
        model: the model the provider reports, as given (an open set).
        cost: what the provider reports the task costs, in its own unit, or
            ``None`` when it reports nothing (see each adapter's ``cost_fields``).
        raw: the provider's payload exactly as received (envelope included).
    """

    provider: str
    id: str
    status: TaskStatus
    progress: int | None = None
    video_urls: tuple[str, ...] = ()
    error: TaskError | None = None
    created_at: datetime | None = None
    completed_at: datetime | None = None
    expires_at: datetime | None = None
    model: str | None = None
    estimated_seconds: float | None = None
    """The provider's estimate of the remaining time, in seconds, when it gives one."""
    cost: Cost | None = None
    raw: Any = attrs.field(default=None, eq=False, repr=False)

    @property
    def video_url(self) -> str | None:
        """The first result URL, or ``None``."""
        return self.video_urls[0] if self.video_urls else None


def as_path(value: ImageInput) -> Path | None:
    """``value`` as a local file path, if it names one (not a URL or bytes)."""
    if isinstance(value, bytes):
        return None
    text = os.fspath(value)
    if text.startswith(("http://", "https://", "data:")):
        return None
    return Path(text)
