"""The five provider adapters against their specs: requests, responses, capabilities."""

from __future__ import annotations

import copy
import json
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from soravideo import PROVIDERS, _spec
from soravideo._types import Cost, Shot, Task, TaskError, TaskStatus, VideoRequest
from soravideo.adapters import get_adapter
from soravideo.adapters._base import MAX_ESTIMATE_SECONDS
from soravideo.errors import (
    AuthenticationError,
    BadRequestError,
    InsufficientCreditsError,
    ProviderResponseError,
    RequestValidationError,
    SoraVideoError,
)
from soravideo.mock.hostile import HOSTILE_VALUES

# --- spec examples -------------------------------------------------------------------


def _media_examples(provider: str, node: Any) -> dict[str, Any]:
    node = _spec.resolve(provider, node)
    media = node.get("content", {}).get("application/json", {})
    return {name: ex["value"] for name, ex in media.get("examples", {}).items()}


def request_examples(provider: str, operation_id: str = "create_task") -> dict[str, Any]:
    return _media_examples(provider, _spec.operation(provider, operation_id)[2]["requestBody"])


def response_examples(provider: str, operation_id: str, status: str = "200") -> dict[str, Any]:
    return _media_examples(
        provider, _spec.operation(provider, operation_id)[2]["responses"][status]
    )


def callback_examples(provider: str) -> dict[str, Any]:
    found: dict[str, Any] = {}
    callbacks = _spec.operation(provider, "create_task")[2].get("callbacks") or {}
    for callback in callbacks.values():
        for expression, item in callback.items():
            if not expression.startswith("x-"):  # x-doc: a Callback Object's extension
                found.update(_media_examples(provider, item["post"]["requestBody"]))
    return found


def raw(body: Any) -> bytes:
    return json.dumps(body).encode()


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)  # type: ignore[misc]


def test_every_provider_is_covered() -> None:
    assert {p for p, *_ in REQUESTS} == set(PROVIDERS)


# --- requests: documented examples are reproduced -----------------------------------

# (provider, operation, example name, request, keys allowed to differ: their default)
REQUESTS: list[tuple[str, str, str, VideoRequest, Mapping[str, Any]]] = [
    (
        "firebirdgen",
        "create_task",
        "textToVideo",
        VideoRequest(
            prompt="A beautiful sunset over the ocean",
            aspect_ratio="9:16",
            duration=10,
            callback_url="https://your-domain.com/webhook",
        ),
        {},
    ),
    (
        "firebirdgen",
        "create_task",
        "imageToVideo",
        VideoRequest(
            prompt="Animate this image with gentle camera movement",
            image="https://example.com/image.jpg",
            aspect_ratio="9:16",
            duration=10,
            callback_url="https://your-domain.com/webhook",
        ),
        {},
    ),
    (
        "firebirdgen",
        "create_task",
        "remix",
        VideoRequest(
            prompt="Continue the previous scene with more dramatic lighting",
            remix_of="task_abc123",
        ),
        {},
    ),
    (
        "qingbo",
        "create_task",
        "textToVideo",
        VideoRequest(
            prompt="A waterfall pours down, a rainbow rises in the mist, cinematic light",
            aspect_ratio="16:9",
            duration=8,
            quality="standard",
        ),
        {"action": "generate"},  # the generated model sends the default
    ),
    (
        "qingbo",
        "create_task",
        "imageToVideo",
        VideoRequest(
            prompt="The camera slowly pushes in, the figure turns into the wind",
            image="https://cdn.example.com/portrait.jpg",
            duration=8,
            quality="standard",
        ),
        {"action": "generate"},  # the generated model sends the default
    ),
    (
        "qingbo",
        "create_task",
        "sora2Pro1080p",
        VideoRequest(
            model="sora-2-pro",
            prompt="A girl runs along the beach at dusk, hair flying, waves and footsteps in sync",
            aspect_ratio="16:9",
            duration=12,
            quality="high",
        ),
        {"action": "generate"},  # the generated model sends the default
    ),
    (
        "qingbo",
        "create_task",
        "squareWithSeedAndEvents",
        VideoRequest(
            model="sora-2-pro",
            prompt="A paper boat drifting on a pond",
            aspect_ratio="1:1",
            duration=4,
            callback_url="https://your-server.com/webhook/task-done",
            extra={
                "resolution": "1024p",
                "seed": 42,
                "callback_events": ["succeeded", "failed", "cancelled"],
            },
        ),
        {"action": "generate"},  # the generated model sends the default
    ),
    (
        "qingbo",
        "create_task_sync",
        "sora2Generate",
        VideoRequest(
            prompt="A cat walking on the beach", aspect_ratio="16:9", duration=4, quality="standard"
        ),
        {},
    ),
    (
        "apixo",
        "create_task",
        "textToVideo",
        VideoRequest(
            prompt=(
                "a cinematic flyover of a futuristic city at sunrise, golden hour lighting, "
                "slow camera movement revealing towering skyscrapers with holographic "
                "advertisements"
            ),
            duration=12,
            aspect_ratio="16:9",
            remove_watermark=True,
        ),
        {"request_type": "async"},
    ),
    (
        "apixo",
        "create_task",
        "imageToVideo",
        VideoRequest(
            prompt="extend this scene into a smooth camera pan with dramatic lighting",
            image="https://example.com/reference_image.jpg",
            duration=8,
            aspect_ratio="9:16",
            remove_watermark=True,
            callback_url="https://your-server.com/callback",
        ),
        {},
    ),
    (
        "freesoragenerator",
        "create_task",
        "pro_text_to_video",
        VideoRequest(
            model="sora-2-pro",
            prompt="A cinematic shot of a futuristic city at sunset.",
            aspect_ratio="16:9",
            duration=10,
            quality="high",
            remove_watermark=True,
        ),
        {},
    ),
    (
        "freesoragenerator",
        "create_task",
        "image_to_video_stable_image_data",
        VideoRequest(
            prompt="Turn this image into a dynamic 15s clip.",
            image="data:image/png;base64,iVBORw0KGgoAAA...",
            aspect_ratio="9:16",
            duration=15,
        ),
        # "sora-2" is the plain model by decision; the example uses its -stable twin.
        {"isPublic": True, "model": None},
    ),
    (
        "freesoragenerator",
        "create_task",
        "image_to_video_image_url",
        VideoRequest(
            prompt="Turn this image into a dynamic 10s clip.",
            image="https://example.com/reference.png",
            aspect_ratio="9:16",
            duration=10,
        ),
        {"isPublic": True},
    ),
    (
        "freesoragenerator",
        "create_task",
        "pro_storyboard",
        VideoRequest(
            model="sora-2-pro",
            shots=[
                Shot("Establishing shot of a city skyline at dusk", 5),
                {"prompt": "Close-up of a runner splashing through puddles", "duration": 5},
            ],
            aspect_ratio="16:9",
            duration=10,
        ),
        {"isPublic": True},
    ),
    ("evolink", "create_task", "text_to_video", VideoRequest(prompt="A cat playing piano"), {}),
    (
        "evolink",
        "create_task",
        "image_to_video",
        VideoRequest(
            prompt="A cat playing piano",
            aspect_ratio="16:9",
            image="http://example.com/image1.jpg",
            remove_watermark=True,
            duration=10,
            callback_url="https://your-domain.com/webhooks/video-task-completed",
        ),
        {},
    ),
    (
        "evolink",
        "create_task",
        "remix",
        VideoRequest(
            model="sora-2-pro", prompt="add a dog", remix_of="task-unified-1757169743-7cvnl5zw"
        ),
        {},
    ),
]


def assert_same_body(actual: Any, expected: Any, defaults: Mapping[str, Any], path: str) -> None:
    """Equal, except that a key in ``defaults`` may be missing on one side if the
    other side holds the default (``None``: the key may differ at will)."""
    if isinstance(expected, dict) and isinstance(actual, dict):
        for key in set(actual) | set(expected):
            where = f"{path}.{key}"
            if key in defaults and (
                defaults[key] is None
                or (
                    (key not in actual or key not in expected)
                    and actual.get(key, expected.get(key)) == defaults[key]
                )
            ):
                continue
            assert key in actual, f"missing {where}"
            assert key in expected, f"unexpected {where}={actual[key]!r}"
            assert_same_body(actual[key], expected[key], defaults, where)
    else:
        assert actual == expected, f"{path}: {actual!r} != {expected!r}"


def test_every_request_example_is_listed() -> None:
    listed = {(p, op, name) for p, op, name, *_ in REQUESTS}
    for provider in PROVIDERS:
        for op in ("create_task", "create_task_sync"):
            if _spec.has_operation(provider, op):
                for name in request_examples(provider, op):
                    assert (provider, op, name) in listed


@pytest.mark.parametrize(
    ("provider", "operation", "name", "request_", "defaults"),
    REQUESTS,
    ids=[f"{p}-{op}-{n}" for p, op, n, *_ in REQUESTS],
)
def test_create_call_reproduces_documented_example(
    provider: str, operation: str, name: str, request_: VideoRequest, defaults: Mapping[str, Any]
) -> None:
    call = get_adapter(provider).create_call(request_)
    assert call.operation_id == "create_task"
    assert call.creates
    assert call.module.__name__ == f"{provider}_client.api.tasks.create_task"
    body = call.kwargs["body"]
    assert type(body).__module__.startswith(f"{provider}_client.models")
    example = request_examples(provider, operation)[name]
    assert_same_body(body.to_dict(), example, defaults, "$")
    assert not _spec.errors(provider, "/components/schemas/CreateTaskRequest", body.to_dict())


def test_freesoragenerator_sora2_maps_to_the_plain_model() -> None:
    adapter = get_adapter("freesoragenerator")
    body = adapter.create_call(VideoRequest(prompt="p", image=b"\x89PNG....")).kwargs["body"]
    assert body.to_dict()["model"] == "sora-2-image-to-video"
    assert body.to_dict()["imageData"].startswith("data:image/png;base64,")
    assert "imageUrl" not in body.to_dict()
    t2v = adapter.create_call(VideoRequest(prompt="p")).kwargs["body"].to_dict()
    assert t2v == {"model": "sora-2-text-to-video", "prompt": "p", "isPublic": True}


def test_unset_fields_are_not_sent() -> None:
    expected = {
        "firebirdgen": {
            "requestParams": {
                "projectName": "sora2",
                "modelName": "sora2_text_to_video",
                "prompt": "p",
            }
        },
        "qingbo": {"model": "sora-2", "action": "generate", "prompt": "p"},
        # apixo: request_type has no documented default, so the adapter always sends one
        "apixo": {
            "request_type": "async",
            "provider": "official",
            "input": {"mode": "text-to-video", "prompt": "p"},
        },
        "evolink": {"model": "sora-2", "prompt": "p"},
    }
    for provider, body in expected.items():
        call = get_adapter(provider).create_call(VideoRequest(prompt="p"))
        assert call.kwargs["body"].to_dict() == body


def test_firebirdgen_local_image_is_sent_as_data_url(tmp_path: Path) -> None:
    image = tmp_path / "frame.png"
    image.write_bytes(b"\x89PNG\r\n\x1a\nrest")
    adapter = get_adapter("firebirdgen")
    for source in (image, str(image), image.read_bytes()):
        call = adapter.create_call(VideoRequest(model="sora-2-pro", prompt="p", image=source))
        params = call.kwargs["body"].to_dict()["requestParams"]
        assert params["modelName"] == "sora2_pro_image_to_video"
        assert params["imageUrl"].startswith("data:image/png;base64,")


def test_firebirdgen_extra_goes_into_request_params() -> None:
    call = get_adapter("firebirdgen").create_call(
        VideoRequest(prompt="p", extra={"projectName": "sora2"})
    )
    assert call.kwargs["body"].to_dict()["requestParams"]["projectName"] == "sora2"


@pytest.mark.parametrize(
    ("provider", "extra"),
    [
        ("firebirdgen", {"callbackUrl": "http://127.0.0.1/hook"}),
        ("qingbo", {"callback_url": "http://10.0.0.1/hook"}),
        ("apixo", {"callback_url": "https://localhost./hook"}),
        ("evolink", {"callback_url": "https://2130706433/hook"}),
        ("evolink", {"image_urls": ["file:///etc/passwd"]}),
    ],
)
def test_extra_cannot_override_a_field_the_overlay_checks(
    provider: str, extra: dict[str, Any]
) -> None:
    with pytest.raises(RequestValidationError) as refused:
        get_adapter(provider).create_call(VideoRequest(prompt="p", extra=extra))
    assert refused.value.field == "extra"
    assert next(iter(extra)) in str(refused.value)


def test_apixo_callback_selects_request_type_callback() -> None:
    call = get_adapter("apixo").create_call(
        VideoRequest(prompt="p", callback_url="https://example.com/cb")
    )
    body = call.kwargs["body"].to_dict()
    assert body["request_type"] == "callback"
    assert body["callback_url"] == "https://example.com/cb"


def test_apixo_sends_request_type_async_and_takes_any_callback_scheme() -> None:
    # specs/apixo.yaml: RequestType has no documented default, so "async" is sent;
    # callback_url has no scheme limit (the invented ^https:// was removed, issue 8).
    adapter = get_adapter("apixo")
    assert (
        adapter.create_call(VideoRequest(prompt="p")).kwargs["body"].to_dict()["request_type"]
        == "async"
    )
    body = adapter.create_call(VideoRequest(prompt="p", callback_url="http://example.com/cb"))
    assert body.kwargs["body"].to_dict()["callback_url"] == "http://example.com/cb"


# --- requests: invalid ones are refused before any call ------------------------------

LONG = "x" * 10_001
INVALID: list[tuple[str, VideoRequest, str]] = [
    ("firebirdgen", VideoRequest(prompt="p", duration=12), "duration"),
    ("firebirdgen", VideoRequest(prompt="p", model="sora-2-pro", duration=10), "duration"),
    ("firebirdgen", VideoRequest(prompt="p", model="sora-2-pro", remix_of="t"), "model"),
    ("firebirdgen", VideoRequest(prompt="p", quality="high"), "quality"),
    ("firebirdgen", VideoRequest(prompt="p", remove_watermark=False), "remove_watermark"),
    ("firebirdgen", VideoRequest(shots=[Shot("a", 5)]), "shots"),
    ("firebirdgen", VideoRequest(prompt="p", image=""), "image"),
    ("firebirdgen", VideoRequest(prompt="p", image="/no/such/file.png"), "image"),
    ("firebirdgen", VideoRequest(prompt="p", callback_url="not a url"), "callback_url"),
    ("firebirdgen", VideoRequest(prompt="p", extra={"modelName": "x"}), "extra"),
    ("firebirdgen", VideoRequest(prompt="p", extra={"nope": 1}), "extra"),
    ("qingbo", VideoRequest(prompt="p", duration=10), "duration"),
    ("qingbo", VideoRequest(prompt="p", quality="high"), "quality"),
    ("qingbo", VideoRequest(prompt="p", image=b"\x89PNG"), "image"),
    ("qingbo", VideoRequest(prompt="p", image=""), "image"),
    ("qingbo", VideoRequest(prompt="p", remove_watermark=True), "remove_watermark"),
    ("qingbo", VideoRequest(shots=[Shot("a", 5)]), "shots"),
    ("qingbo", VideoRequest(prompt="p", extra={"model": "veo3"}), "extra"),
    ("qingbo", VideoRequest(prompt="p", extra={"seed": "x"}), "seed"),
    ("qingbo", VideoRequest(prompt="p", extra={"callback_events": ["done"]}), "extra"),
    ("qingbo", VideoRequest(prompt="p", remix_of="t"), "remix_of"),
    ("qingbo", VideoRequest(prompt="p", model="sora-2-preview", quality="high"), "quality"),
    ("apixo", VideoRequest(prompt="p", duration=10), "duration"),
    ("apixo", VideoRequest(prompt=LONG), "prompt"),
    ("apixo", VideoRequest(prompt="p", model="sora-2-pro"), "model"),
    ("apixo", VideoRequest(prompt="p", quality="standard"), "quality"),
    ("apixo", VideoRequest(prompt="p", remix_of="t"), "remix_of"),
    ("apixo", VideoRequest(prompt="p", image=Path("frame.png")), "image"),
    ("apixo", VideoRequest(prompt="p", image=""), "image"),
    ("apixo", VideoRequest(prompt="p", callback_url="ftp://example.com/cb"), "callback_url"),
    ("freesoragenerator", VideoRequest(prompt="p", duration=12), "duration"),
    ("freesoragenerator", VideoRequest(prompt="p", duration=25), "duration"),
    ("freesoragenerator", VideoRequest(prompt="p", callback_url="https://e.com/h"), "callback_url"),
    ("freesoragenerator", VideoRequest(prompt="p", quality="high"), "quality"),
    ("freesoragenerator", VideoRequest(prompt="p", remix_of="t"), "remix_of"),
    ("freesoragenerator", VideoRequest(shots=[Shot("a", 5)]), "model"),
    (
        "freesoragenerator",
        VideoRequest(model="sora-2-pro", shots=[Shot("a", 5)], remove_watermark=True),
        "remove_watermark",
    ),
    ("freesoragenerator", VideoRequest(prompt="p", image=b"not an image"), "image"),
    ("freesoragenerator", VideoRequest(prompt="p", image=""), "image"),
    (
        "freesoragenerator",
        VideoRequest(prompt="p", extra={"model": "sora-2-text-to-video-stable"}),
        "extra",
    ),
    ("evolink", VideoRequest(prompt="p", duration=12), "duration"),
    ("evolink", VideoRequest(prompt="x" * 1001), "prompt"),
    ("evolink", VideoRequest(prompt="p", quality="high"), "quality"),
    ("evolink", VideoRequest(prompt="p", image=b"\x89PNG"), "image"),
    ("evolink", VideoRequest(prompt="p", remix_of="t"), "model"),
    ("evolink", VideoRequest(prompt="p", callback_url="https://127.0.0.1/hook"), "callback_url"),
    ("evolink", VideoRequest(prompt="p", callback_url="http://example.com/hook"), "callback_url"),
    ("evolink", VideoRequest(prompt="p", callback_url="https://localhost/hook"), "callback_url"),
]


@pytest.mark.parametrize(
    ("provider", "request_", "field"),
    INVALID,
    ids=[f"{p}-{f}-{i}" for i, (p, _, f) in enumerate(INVALID)],
)
def test_invalid_request_names_the_field(provider: str, request_: VideoRequest, field: str) -> None:
    with pytest.raises(RequestValidationError) as info:
        get_adapter(provider).create_call(request_)
    assert info.value.provider in (provider, None)
    assert info.value.field == field
    assert provider in str(info.value) or field == "image"


def test_error_messages_speak_the_users_vocabulary() -> None:
    with pytest.raises(RequestValidationError) as info:
        get_adapter("freesoragenerator").create_call(VideoRequest(prompt="p", duration=12))
    assert info.value.allowed == [10, 15]
    assert "duration" in str(info.value)
    with pytest.raises(RequestValidationError) as info:
        get_adapter("firebirdgen").create_call(VideoRequest(prompt="p", duration=12))
    assert info.value.allowed == [10, 15]
    assert info.value.value == 12
    with pytest.raises(RequestValidationError) as info:
        get_adapter("apixo").create_call(VideoRequest(prompt=LONG))
    assert info.value.allowed == "at most 10000 characters"


def test_bad_aspect_ratio_is_reported_as_the_user_writes_it() -> None:
    from apixo_client.models import CreateTaskRequest, TextToVideoInput
    from freesoragenerator_client.models import TextToVideoRequest

    with pytest.raises(ValueError, match="aspect_ratio"):
        VideoRequest(prompt="p", aspect_ratio="4:3")  # type: ignore[arg-type]
    body = CreateTaskRequest(input_=TextToVideoInput(mode="text-to-video", prompt="p"))
    body.input_.aspect_ratio = "square"  # type: ignore[assignment,union-attr]
    with pytest.raises(RequestValidationError) as info:
        get_adapter("apixo").validate(body, context="test")
    assert info.value.field == "aspect_ratio"
    assert info.value.allowed == ["16:9", "9:16"]
    fsg = TextToVideoRequest(model="sora-2-text-to-video", prompt="p")
    fsg.aspect_ratio = "square"  # type: ignore[assignment]
    with pytest.raises(RequestValidationError) as info:
        get_adapter("freesoragenerator").validate(fsg, context="test")
    assert info.value.field == "aspect_ratio"
    assert sorted(info.value.allowed) == ["16:9", "9:16"]


def test_missing_image_for_image_to_video_is_refused_by_the_spec() -> None:
    from apixo_client.models import CreateTaskRequest, ImageToVideoInput
    from firebirdgen_client.models import CreateTaskRequest as FbRequest
    from firebirdgen_client.models import ImageToVideoParams

    apixo = CreateTaskRequest(
        input_=ImageToVideoInput(mode="image-to-video", prompt="p", image_urls=[])
    )
    with pytest.raises(RequestValidationError) as info:
        get_adapter("apixo").validate(apixo, context="test")
    assert info.value.field == "image"
    fb = FbRequest(
        request_params=ImageToVideoParams(
            project_name="sora2", model_name="sora2_image_to_video", prompt="p", image_url=""
        )
    )
    with pytest.raises(RequestValidationError) as info:
        get_adapter("firebirdgen").validate(fb, context="test")
    assert info.value.field == "image"


# --- other calls -------------------------------------------------------------------


def test_get_and_cancel_calls() -> None:
    fsg = get_adapter("freesoragenerator").get_call("task_1")
    assert fsg.operation_id == "get_task"
    assert fsg.kwargs["body"].to_dict() == {"taskId": "task_1"}
    assert not fsg.creates
    assert get_adapter("apixo").get_call("t1").kwargs == {"task_id": "t1"}
    assert get_adapter("firebirdgen").get_call("t1").kwargs == {"task_id": "t1"}
    assert get_adapter("qingbo").get_call("t1").kwargs == {"task_id": "t1"}
    cancel = get_adapter("qingbo").cancel_call("t1")
    assert cancel.operation_id == "cancel_task"
    assert cancel.kwargs == {"task_id": "t1"}
    for provider in ("firebirdgen", "apixo", "freesoragenerator", "evolink"):
        with pytest.raises(RequestValidationError):
            get_adapter(provider).cancel_call("t1")
    for provider in PROVIDERS:
        with pytest.raises(RequestValidationError):
            get_adapter(provider).get_call("  ")


# --- responses: documented examples ------------------------------------------------

STATUS_EXAMPLES: dict[tuple[str, str], TaskStatus] = {
    ("firebirdgen", "success"): TaskStatus.COMPLETED,
    ("qingbo", "queued"): TaskStatus.QUEUED,
    ("qingbo", "processing"): TaskStatus.IN_PROGRESS,
    ("qingbo", "completed"): TaskStatus.COMPLETED,
    ("qingbo", "completedUrlArray"): TaskStatus.COMPLETED,
    ("qingbo", "completedUrlString"): TaskStatus.COMPLETED,
    ("qingbo", "failed"): TaskStatus.FAILED,
    ("apixo", "pending"): TaskStatus.QUEUED,
    ("apixo", "processing"): TaskStatus.IN_PROGRESS,
    ("apixo", "success"): TaskStatus.COMPLETED,
    ("apixo", "failed"): TaskStatus.FAILED,
    ("freesoragenerator", "running"): TaskStatus.IN_PROGRESS,
    ("evolink", "pending"): TaskStatus.QUEUED,
    ("evolink", "completed"): TaskStatus.COMPLETED,
    ("evolink", "failed"): TaskStatus.FAILED,
    ("evolink", "completed_image_task"): TaskStatus.COMPLETED,
}
CALLBACK_EXAMPLES: dict[tuple[str, str], TaskStatus] = {
    ("firebirdgen", "textToVideoSuccess"): TaskStatus.COMPLETED,
    ("firebirdgen", "imageToVideoSuccess"): TaskStatus.COMPLETED,
    ("firebirdgen", "failed"): TaskStatus.FAILED,
    ("qingbo", "completed"): TaskStatus.COMPLETED,
    ("apixo", "success"): TaskStatus.COMPLETED,
    ("apixo", "failed"): TaskStatus.FAILED,
    ("evolink", "completed"): TaskStatus.COMPLETED,
}


def test_every_response_example_is_listed() -> None:
    for provider in PROVIDERS:
        for name in response_examples(provider, "get_task"):
            assert (provider, name) in STATUS_EXAMPLES
        for name in callback_examples(provider):
            assert (provider, name) in CALLBACK_EXAMPLES


def _check_task_invariants(task: Any, provider: str, body: Any) -> None:
    assert task.provider == provider
    assert task.raw == body
    for stamp in (task.created_at, task.completed_at, task.expires_at):
        assert stamp is None or stamp.utcoffset() == timedelta(0)
    assert task.progress is None or 0 <= task.progress <= 100
    assert all(isinstance(u, str) and u for u in task.video_urls)
    if task.status is TaskStatus.COMPLETED:
        assert task.progress == 100
        assert task.video_urls


@pytest.mark.parametrize(("key", "status"), list(STATUS_EXAMPLES.items()), ids=str)
def test_status_examples_parse(key: tuple[str, str], status: TaskStatus) -> None:
    provider, name = key
    body = response_examples(provider, "get_task")[name]
    task = get_adapter(provider).parse_task(body, raw(body), task_id="given-id")
    assert task.status is status
    assert task.id
    _check_task_invariants(task, provider, body)


@pytest.mark.parametrize(("key", "status"), list(CALLBACK_EXAMPLES.items()), ids=str)
def test_callback_examples_parse(key: tuple[str, str], status: TaskStatus) -> None:
    provider, name = key
    body = callback_examples(provider)[name]
    task = get_adapter(provider).parse_callback(body, raw(body))
    assert task.status is status
    _check_task_invariants(task, provider, body)


@pytest.mark.parametrize("provider", PROVIDERS)
def test_create_examples_parse(provider: str) -> None:
    for name, body in response_examples(provider, "create_task").items():
        task = get_adapter(provider).parse_created(body, raw(body), 200)
        assert task.id
        # qingbo's Prefer: wait answers the task as it stands when the wait ends
        waited = name.startswith("waited")
        assert task.status in (TaskStatus.QUEUED, TaskStatus.IN_PROGRESS) or waited, name
        assert task.raw == body


def test_firebirdgen_values() -> None:
    adapter = get_adapter("firebirdgen")
    body = response_examples("firebirdgen", "get_task")["success"]
    task = adapter.parse_task(body)
    assert task.id == "task_abc123"
    assert task.video_urls == ("https://cdn.heo365.com/sora2/video.mp4",)
    assert task.created_at == utc(2024, 10, 23, 10, 0)
    assert task.completed_at == utc(2024, 10, 23, 10, 3)
    assert task.error is None
    assert task.model == "sora2_text_to_video"
    # the webhook body is flat
    failed = adapter.parse_callback(
        callback_examples("firebirdgen")["failed"], raw(callback_examples("firebirdgen")["failed"])
    )
    assert failed.id == "task_abc123"
    assert failed.status is TaskStatus.FAILED
    assert failed.video_urls == ()
    assert failed.error == TaskError(None, "Failed to generate, system error please try again")
    assert failed.completed_at == utc(2024, 10, 24, 10, 5)
    created_body = response_examples("firebirdgen", "create_task")["created"]
    created = adapter.parse_created(created_body, raw(created_body), 200)
    assert created.id == "task_abc123"
    assert created.status is TaskStatus.IN_PROGRESS
    assert created.estimated_seconds == 180
    # a callback wrapped like the query is not the documented flat payload
    with pytest.raises(ProviderResponseError):
        adapter.parse_callback(body, raw(body))


def test_firebirdgen_error_envelope() -> None:
    body = {"success": False, "statusCode": 401, "error": {"code": "INVALID_TOKEN", "message": "m"}}
    with pytest.raises(AuthenticationError) as info:
        get_adapter("firebirdgen").parse_task(body)
    assert info.value.code == "INVALID_TOKEN"
    assert info.value.status_code == 200


def test_qingbo_values() -> None:
    adapter = get_adapter("qingbo")
    examples = response_examples("qingbo", "get_task")
    completed = adapter.parse_task(examples["completed"])
    assert completed.video_urls == ("https://cdn.qingbo.dev/output/xxx.mp4",)  # a list
    assert completed.created_at == utc(2024, 7, 3, 9, 46, 40)  # Unix seconds
    assert completed.completed_at == utc(2024, 7, 3, 9, 47, 10)
    assert completed.expires_at == utc(2024, 7, 6, 9, 46, 40)
    assert completed.model == "wan2.7"
    assert completed.cost == Cost(Decimal(75000), "quota")
    plain = adapter.parse_task(examples["completedUrlString"])
    assert plain.video_urls == ("https://...",)  # url as a plain string (older page)
    assert plain.cost is None
    listed = adapter.parse_task(examples["completedUrlArray"])
    assert listed.video_urls == ("https://cdn.qingbo.dev/videos/task-wave1775285160b950328499.mp4",)
    # Unix milliseconds
    assert listed.created_at == datetime(2026, 4, 4, 6, 46, 0, 40_000, tzinfo=UTC)
    assert listed.expires_at == datetime(2026, 4, 5, 6, 49, 51, 512_000, tzinfo=UTC)
    failed = adapter.parse_task(examples["failed"])
    assert failed.error == TaskError(
        "upstream_bad_request", "[upstream_bad_request] Upstream returned: invalid prompt"
    )
    assert failed.progress == 0
    assert failed.video_urls == ()
    assert failed.cost == Cost(Decimal(0), "quota")  # refunded
    processing = adapter.parse_task(examples["processing"])
    assert processing.progress == 45
    assert processing.cost is None
    cancel_body = response_examples("qingbo", "cancel_task")["cancelled"]
    cancelled = adapter.parse_cancel(cancel_body, raw(cancel_body), 200)
    assert cancelled.id == "task_xxx"
    assert cancelled.status is TaskStatus.CANCELLED
    creates = response_examples("qingbo", "create_task")
    created = adapter.parse_created(creates["queued"], raw(creates["queued"]), 200)
    assert created.id == "task-wave1775285160b950328499"
    assert created.status is TaskStatus.QUEUED
    assert created.progress == 0
    assert created.cost is None
    costed = adapter.parse_created(creates["queuedWithCost"], raw(creates["queuedWithCost"]), 200)
    assert costed.cost == Cost(Decimal(5500), "quota")  # pre_consumed_cost
    waited = adapter.parse_created(creates["waitedCompleted"], raw(creates["waitedCompleted"]), 200)
    assert waited.status is TaskStatus.COMPLETED
    assert waited.video_urls == ("https://cdn.qingbo.dev/output/xxx.mp4",)


def test_qingbo_settled_cost_wins_over_the_pre_deducted_one() -> None:
    body = {"task_id": "t", "status": "completed", "pre_consumed_cost": 5500, "cost": 4000}
    assert get_adapter("qingbo").parse_task(body).cost == Cost(Decimal(4000), "quota")
    body = {"task_id": "t", "status": "queued", "pre_consumed_cost": 5500}
    assert get_adapter("qingbo").parse_task(body).cost == Cost(Decimal(5500), "quota")


def test_evolink_cost_is_the_reserved_credits() -> None:
    body = response_examples("evolink", "create_task")
    created = next(iter(body.values()))
    task = get_adapter("evolink").parse_created(created, raw(created), 200)
    assert task.cost == Cost(Decimal(created["usage"]["credits_reserved"]), "credits")
    done = response_examples("evolink", "get_task")["completed"]
    assert get_adapter("evolink").parse_task(done).cost is None  # no usage reported


def test_apixo_values() -> None:
    adapter = get_adapter("apixo")
    examples = response_examples("apixo", "get_task")
    done = adapter.parse_task(examples["success"])
    assert done.id == "task_12345678"
    assert done.video_urls == ("https://example.com/video.mp4",)
    assert done.created_at == utc(2023, 10, 31, 15, 16, 40)  # Unix milliseconds
    assert done.completed_at == utc(2023, 10, 31, 15, 19, 40)
    assert done.expires_at == utc(2023, 11, 1, 15, 19, 40)  # completeTime + 24 h
    failed = adapter.parse_task(examples["failed"])
    assert failed.error == TaskError("CONTENT_VIOLATION", "Content violates usage policy")
    assert failed.expires_at is None
    assert adapter.parse_task(examples["pending"]).progress is None
    hook = callback_examples("apixo")["success"]
    assert adapter.parse_callback(hook, raw(hook)).video_urls == ("https://example.com/video.mp4",)


@pytest.mark.parametrize(
    "result_json", ["{not json", '{"urls": []}', "[1, 2]", '{"resultUrls": "x"}']
)
def test_apixo_malformed_result_json(result_json: str) -> None:
    body = copy.deepcopy(response_examples("apixo", "get_task")["success"])
    body["data"]["resultJson"] = result_json
    with pytest.raises(ProviderResponseError) as info:
        get_adapter("apixo").parse_task(body, raw(body))
    assert info.value.body == raw(body)
    assert info.value.path == "$.data.resultJson"


def test_apixo_error_envelopes() -> None:
    adapter = get_adapter("apixo")
    body = response_examples("apixo", "get_task", "401")["invalidKey"]
    with pytest.raises(AuthenticationError) as info:
        adapter.parse_task(body, raw(body))
    assert info.value.code == "401"
    assert info.value.provider_message == "Invalid or missing API key"
    with pytest.raises(AuthenticationError):
        adapter.parse_created(body, raw(body), 200)
    with pytest.raises(ProviderResponseError) as missing:
        adapter.parse_task({"code": 200, "message": "success"})
    # TaskResponse requires only data (issue 10: the async-workflow page's answer has no code)
    assert missing.value.path == "$"
    assert "'data' is a required property" in missing.value.message


def test_freesoragenerator_values() -> None:
    adapter = get_adapter("freesoragenerator")
    running = response_examples("freesoragenerator", "get_task")["running"]
    task = adapter.parse_task(running, raw(running), task_id="task_1234567890")
    assert task.id == "task_1234567890"  # the answer does not repeat the id
    assert task.progress == 35
    assert task.video_urls == ()  # the running example's result_url is a placeholder
    assert task.error is None
    assert adapter.parse_task(running).id == ""
    done = {
        "code": 0,
        "message": "Success",
        "data": {
            "status": "succeeded",
            "progress": 100,
            "result_url": None,
            "result_urls": ["https://cdn.example/a.mp4", "https://cdn.example/b.mp4"],
        },
    }
    task = adapter.parse_task(done, task_id="t")
    assert task.status is TaskStatus.COMPLETED
    assert task.video_urls == ("https://cdn.example/a.mp4", "https://cdn.example/b.mp4")
    done["data"]["result_url"] = "https://cdn.example/b.mp4"
    task = adapter.parse_task(done, task_id="t")
    assert task.video_urls == ("https://cdn.example/b.mp4", "https://cdn.example/a.mp4")
    failed = {
        "code": 0,
        "message": "Success",
        "data": {
            "status": "failed",
            "progress": 0,
            "failure_reason": "content_policy",
            "error_message": "The prompt was rejected",
            "credits_refunded": True,
        },
    }
    task = adapter.parse_task(failed, task_id="t")
    assert task.status is TaskStatus.FAILED
    assert task.error == TaskError("content_policy", "The prompt was rejected")
    assert task.created_at is None
    created_body = response_examples("freesoragenerator", "create_task")["created"]
    created = adapter.parse_created(created_body, raw(created_body), 200)
    assert created.id == "281e5b0*********************f39b9"
    assert created.status is TaskStatus.QUEUED


def test_freesoragenerator_error_envelopes() -> None:
    adapter = get_adapter("freesoragenerator")
    cases = [
        ({"code": 401, "message": "Unauthorized"}, AuthenticationError),
        ({"code": 1002, "message": "Insufficient credits"}, InsufficientCreditsError),
        ({"code": 1001, "message": "Invalid token"}, AuthenticationError),
        ({"code": 7, "message": "prompt is required"}, BadRequestError),
        ({"code": -1, "data": None}, BadRequestError),
    ]
    for body, kind in cases:
        with pytest.raises(kind) as info:
            adapter.parse_task(body, raw(body))
        assert info.value.status_code == 200
        assert info.value.body == raw(body)
        with pytest.raises(kind):
            adapter.parse_created(body, raw(body), 200)
    with pytest.raises(ProviderResponseError) as missing:
        adapter.parse_task({"code": 0, "message": "ok", "data": None})
    assert missing.value.path == "$.data"


def test_freesoragenerator_has_no_webhooks() -> None:
    with pytest.raises(RequestValidationError, match="no webhooks") as info:
        get_adapter("freesoragenerator").parse_callback({"code": 0}, b'{"code": 0}')
    assert info.value.field == "callback_url"


def test_evolink_values() -> None:
    adapter = get_adapter("evolink")
    examples = response_examples("evolink", "get_task")
    done = adapter.parse_task(examples["completed"])
    assert done.video_urls == (
        "https://cdn.example.com/videos/task-unified-1757169743-7cvnl5zw.mp4",
    )
    assert done.created_at == utc(2025, 9, 6, 14, 42, 23)
    failed = adapter.parse_task(examples["failed"])
    assert failed.error == TaskError(
        "content_policy_violation", "The request was rejected by content moderation."
    )
    assert adapter.parse_task(examples["pending"]).estimated_seconds == 300


# --- responses: unknown values and malformed bodies ------------------------------------

# (provider, example body, path to the status, path to the id)
SHAPES: dict[str, tuple[Any, tuple[str, ...], tuple[str, ...]]] = {
    "firebirdgen": (
        response_examples("firebirdgen", "get_task")["success"],
        ("data", "status"),
        ("data", "taskId"),
    ),
    "qingbo": (response_examples("qingbo", "get_task")["failed"], ("status",), ("task_id",)),
    "apixo": (
        response_examples("apixo", "get_task")["success"],
        ("data", "state"),
        ("data", "taskId"),
    ),
    "freesoragenerator": (
        response_examples("freesoragenerator", "get_task")["running"],
        ("data", "status"),
        ("data", "status"),
    ),
    "evolink": (response_examples("evolink", "get_task")["completed"], ("status",), ("id",)),
}


def _set(body: Any, path: tuple[str, ...], value: Any) -> Any:
    body = copy.deepcopy(body)
    node = body
    for part in path[:-1]:
        node = node[part]
    if value is _DELETE:
        del node[path[-1]]
    else:
        node[path[-1]] = value
    return body


_DELETE = object()


@pytest.mark.parametrize("provider", PROVIDERS)
def test_unknown_status_is_kept(provider: str) -> None:
    example, status_path, _ = SHAPES[provider]
    body = _set(example, status_path, "paused_for_review")
    task = get_adapter(provider).parse_task(body, raw(body), task_id="t")
    assert task.status is TaskStatus.UNKNOWN
    assert task.raw == body
    assert not task.status.is_terminal


@pytest.mark.parametrize("provider", PROVIDERS)
@pytest.mark.parametrize(
    "value", [_DELETE, 123, None, ["x"]], ids=["missing", "int", "null", "list"]
)
def test_missing_or_mistyped_id_is_a_provider_response_error(provider: str, value: Any) -> None:
    example, _, id_path = SHAPES[provider]
    body = _set(example, id_path, value)
    with pytest.raises(ProviderResponseError) as info:
        get_adapter(provider).parse_task(body, raw(body))
    assert info.value.body == raw(body)
    parts = id_path[:-1] if value is _DELETE else id_path
    expected = "$" + "".join(f".{part}" for part in parts)
    if provider == "freesoragenerator":
        expected = "$.data"  # data is oneOf [TaskData, null]: the error is reported there
    assert info.value.path == expected


# --- hypothesis: arbitrary JSON never escapes as a bare exception ------------------------

HOSTILE_LEAVES = HOSTILE_VALUES
_LEAVES = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=12)
    | st.sampled_from(["success", "completed", "failed", "{}", '{"resultUrls": [1]}', "1e400"])
    | st.sampled_from(HOSTILE_LEAVES)
)
JSON = st.recursive(
    _LEAVES,
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=12,
)


def _shaped(node: Any) -> st.SearchStrategy[Any]:
    """Dicts shaped like ``node`` (keys may go missing) with random leaves."""
    if isinstance(node, dict):
        return st.fixed_dictionaries(
            {}, optional={k: st.one_of(_shaped(v), JSON) for k, v in node.items()}
        )
    if isinstance(node, list):
        return st.lists(st.one_of(*[_shaped(v) for v in node]) if node else JSON, max_size=3)
    return st.one_of(st.just(node), _LEAVES)


def _templates(provider: str) -> list[Any]:
    found = list(response_examples(provider, "get_task").values())
    found += list(callback_examples(provider).values())
    found += list(response_examples(provider, "create_task").values())
    return found


def _survives(provider: str, body: Any) -> None:
    adapter = get_adapter(provider)
    data = json.dumps(body).encode()
    for parse in (
        lambda: adapter.parse_task(body, data),
        lambda: adapter.parse_callback(body, data),
        lambda: adapter.parse_created(body, data, 200),
        lambda: adapter.parse_cancel(body, data, 200),
    ):
        try:
            task = parse()
        except SoraVideoError:
            continue
        assert task.provider == provider
        assert task.progress is None or 0 <= task.progress <= 100
        sane_numbers(task)


def sane_numbers(task: Task) -> None:
    """Timestamps within 1970-9999, estimates finite and believable (else None)."""
    for when in (task.created_at, task.completed_at, task.expires_at):
        assert when is None or 1970 <= when.year <= 9999
    estimate = task.estimated_seconds
    assert estimate is None or 0 <= estimate <= MAX_ESTIMATE_SECONDS


_FUZZ = settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow], database=None
)


@pytest.mark.parametrize("provider", PROVIDERS)
@_FUZZ
@given(data=st.data())
def test_arbitrary_json_raises_only_soravideo_errors(provider: str, data: st.DataObject) -> None:
    _survives(provider, data.draw(JSON))


@pytest.mark.parametrize("provider", PROVIDERS)
@_FUZZ
@given(data=st.data())
def test_envelope_shaped_json_raises_only_soravideo_errors(
    provider: str, data: st.DataObject
) -> None:
    template = data.draw(st.sampled_from(_templates(provider)))
    _survives(provider, data.draw(_shaped(template)))


# --- capabilities ----------------------------------------------------------------------


def test_capabilities_firebirdgen() -> None:
    caps = get_adapter("firebirdgen").capabilities()
    assert caps.models == ("sora-2", "sora-2-pro")
    assert caps.modes == ("text-to-video", "image-to-video", "remix")
    assert caps.offer("sora-2", "text-to-video").durations == (10, 15)  # type: ignore[union-attr]
    assert caps.offer("sora-2-pro", "image-to-video").durations == (15, 25)  # type: ignore[union-attr]
    assert caps.offer("sora-2-pro", "remix") is None
    assert set(caps.aspect_ratios) == {"16:9", "9:16"}
    assert caps.qualities == ()
    assert caps.callbacks
    assert not caps.cancel


def test_capabilities_qingbo() -> None:
    caps = get_adapter("qingbo").capabilities()
    assert caps.models == ("sora-2", "sora-2-pro", "sora-2-preview")
    assert caps.modes == ("text-to-video", "image-to-video")
    assert caps.durations == (4, 8, 12, 16, 20)
    assert caps.offer("sora-2", "text-to-video").qualities == ("standard",)  # type: ignore[union-attr]
    assert caps.offer("sora-2-preview", "text-to-video").qualities == ("standard",)  # type: ignore[union-attr]
    assert caps.offer("sora-2-pro", "text-to-video").qualities == ("standard", "high")  # type: ignore[union-attr]
    assert set(caps.aspect_ratios) == {"16:9", "9:16", "1:1"}
    assert caps.callbacks
    assert caps.cancel
    assert caps.idempotency_key_ttl == 24 * 3600  # the spec's x-idempotency-ttl
    assert caps.max_wait == 60  # the spec's x-max-wait


def test_only_qingbo_documents_a_key_and_a_wait() -> None:
    for provider in PROVIDERS:
        caps = get_adapter(provider).capabilities()
        assert (caps.idempotency_key_ttl is not None) is (provider == "qingbo"), provider
        assert (caps.max_wait is not None) is (provider == "qingbo"), provider


def test_capabilities_apixo() -> None:
    caps = get_adapter("apixo").capabilities()
    assert caps.models == ("sora-2",)
    assert caps.modes == ("text-to-video", "image-to-video")
    assert caps.durations == (4, 8, 12)
    assert caps.aspect_ratios == ("16:9", "9:16")
    assert caps.qualities == ()
    assert caps.offer("sora-2", "text-to-video").max_prompt_length == 10_000  # type: ignore[union-attr]
    assert caps.callbacks
    assert not caps.cancel


def test_capabilities_freesoragenerator() -> None:
    caps = get_adapter("freesoragenerator").capabilities()
    assert caps.models == ("sora-2", "sora-2-pro")
    assert caps.modes == ("text-to-video", "image-to-video", "storyboard")
    assert caps.durations == (10, 15, 25)
    assert caps.offer("sora-2", "text-to-video").durations == (10, 15)  # type: ignore[union-attr]
    assert caps.offer("sora-2-pro", "storyboard").durations == (10, 15, 25)  # type: ignore[union-attr]
    assert caps.offer("sora-2", "image-to-video").qualities == ()  # type: ignore[union-attr]
    assert caps.offer("sora-2-pro", "text-to-video").qualities == ("standard", "high")  # type: ignore[union-attr]
    assert set(caps.aspect_ratios) == {"16:9", "9:16"}
    assert not caps.callbacks
    assert not caps.cancel


def test_capabilities_evolink() -> None:
    caps = get_adapter("evolink").capabilities()
    assert caps.models == ("sora-2", "sora-2-pro")
    assert caps.offer("sora-2", "text-to-video").durations == (10, 15)  # type: ignore[union-attr]
    assert caps.offer("sora-2-pro", "remix").durations == (15, 25)  # type: ignore[union-attr]
    assert caps.offer("sora-2", "text-to-video").max_prompt_length == 1000  # type: ignore[union-attr]
    assert set(caps.aspect_ratios) == {"16:9", "9:16"}
    assert caps.callbacks
    assert not caps.cancel


# --- hostile numbers and callback URLs (issue 11) ---------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        10**400,
        -(10**400),
        -1,
        float("inf"),
        float("nan"),
        "1e400",
        "-5",
        2**63,
        10**18,
        "9999-12-31T23:59:59-23:59",
        "0001-01-01T00:00:00Z",
        "1969-12-31T23:59:59Z",
        "x" * 100,
    ],
)
def test_timestamps_outside_1970_to_9999_are_none(value: Any) -> None:
    from soravideo.adapters._base import to_datetime

    assert to_datetime(value) is None


def test_timestamps_inside_the_range_are_read() -> None:
    from soravideo.adapters._base import LATEST_TIMESTAMP, to_datetime

    assert to_datetime(0) == datetime(1970, 1, 1, tzinfo=UTC)
    assert to_datetime(LATEST_TIMESTAMP * 1000) == datetime(9999, 12, 31, 23, 59, 59, tzinfo=UTC)
    assert to_datetime(LATEST_TIMESTAMP * 1000 + 1000) is None
    assert to_datetime(1_790_000_000_000) == datetime.fromtimestamp(1_790_000_000, tz=UTC)


@pytest.mark.parametrize(
    "value", [10**400, -1, float("inf"), float("nan"), "1e400", 8 * 24 * 3600, "abc", True]
)
def test_absurd_estimates_are_none(value: Any) -> None:
    from soravideo.adapters._base import to_seconds

    assert to_seconds(value) is None


def test_believable_estimates_are_kept() -> None:
    from soravideo.adapters._base import to_seconds

    assert to_seconds(0) == 0.0
    assert to_seconds(90) == 90.0
    assert to_seconds("12.5") == 12.5


@pytest.mark.parametrize(
    "url",
    [
        "https://2130706433/hook",
        "https://0x7f000001/hook",
        "https://0x7F.1/hook",
        "https://127.1/hook",
        "https://0177.0.0.1/hook",
        "https://localhost./hook",
        "https://LOCALHOST/hook",
        "https://api.localhost/hook",
        "https://100.64.0.1/hook",
        "https://224.0.0.1/hook",
        "https://239.255.255.250/hook",
        "https://0.0.0.0/hook",
        "https://255.255.255.255/hook",
        "https://169.254.169.254/hook",
        "https://[::1]/hook",
        "https://[::ffff:127.0.0.1]/hook",
        "https://[::ffff:7f00:1]/hook",
        "https://[2002:7f00:1::]/hook",
        "https://[fe80::1]/hook",
        "https://[ff02::1]/hook",
        "https://[fd00::1]/hook",
        "https://192.0.2.1/hook",
        "https://198.18.0.1/hook",
        "https://intranet/hook",
        "https://1.2.3.4.5/hook",
        "https://256.0.0.1/hook",
        "https://10.0.0.1./hook",
        "https://exa mple.com/hook",
        "https://example.com:99999/hook",
        "http://example.com/hook",
    ],
)
def test_evolink_refuses_every_non_public_callback_url(url: str) -> None:
    with pytest.raises(RequestValidationError) as refused:
        get_adapter("evolink").create_call(VideoRequest(prompt="p", callback_url=url))
    assert refused.value.field == "callback_url"


@pytest.mark.parametrize(
    "url", ["https://hooks.example.com/sora", "https://8.8.8.8/hook", "https://[2606:4700::1]/h"]
)
def test_evolink_accepts_public_callback_urls(url: str) -> None:
    call = get_adapter("evolink").create_call(VideoRequest(prompt="p", callback_url=url))
    assert call.kwargs["body"].to_dict()["callback_url"] == url


def test_numeric_ipv4_forms_are_read_like_a_browser() -> None:
    from ipaddress import IPv4Address

    from soravideo._netguard import normalize_host

    for host in ("2130706433", "0x7f000001", "127.1", "0177.0.0.1", "127.0.1", "127.0.0.1."):
        assert normalize_host(host) == IPv4Address("127.0.0.1"), host
    assert normalize_host("Example.COM.") == "example.com"
    assert normalize_host("256.1") == "256.1"  # a part over 255: not an IPv4 address
    assert normalize_host("1.2.3.4.5") == "1.2.3.4.5"  # a name, not an address
