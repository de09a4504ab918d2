"""End to end: the overlay's clients against the stateful mock servers.

Every request here is validated by the mock against the provider's spec, so an
adapter that builds a wrong body shows up as the provider's 400. Most tests run
the mock in process (``soravideo.mock.transport``) with an injected clock that
the client's sleeps advance: polling is deterministic and takes no real time.
The loopback tests serve the mock with uvicorn on 127.0.0.1 and use the real
network stack (no transport).
"""

from __future__ import annotations

import base64
import itertools
import json
import logging
import socket
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import anyio
import httpx
import pytest
from starlette.types import ASGIApp, Receive, Scope, Send

import soravideo
from soravideo import (
    PROVIDERS,
    APIConnectionError,
    APIError,
    APITimeoutError,
    AsyncVideoClient,
    AuthenticationError,
    BadRequestError,
    InsufficientCreditsError,
    NotFoundError,
    ProviderResponseError,
    RequestValidationError,
    ServerError,
    Shot,
    Task,
    TaskFailedError,
    TaskStatus,
    VideoClient,
    VideoRequest,
    WaitTimeoutError,
)
from soravideo.mock import (
    MockServer,
    MockState,
    async_transport,
    create_app,
    transport,
    video_bytes,
)

T0 = 1_790_000_000.0
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)
IMAGE_URL = "https://images.example.com/first-frame.png"
STATUS_ORDER = [TaskStatus.QUEUED, TaskStatus.IN_PROGRESS, TaskStatus.COMPLETED]


def key_for(provider: str) -> str:
    """A distinctive API key per provider (searched for in outputs to prove redaction)."""
    return f"sk-e2e-{provider}-5ecret-7f3a9c21d4"


# --------------------------------------------------------------------------- helpers
class Clock:
    """The mock's clock (Unix seconds), also the client's: sleeping advances it."""

    def __init__(self) -> None:
        self.now = T0
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds

    async def asleep(self, seconds: float) -> None:
        self.sleep(seconds)


class Recording(httpx.BaseTransport):
    """Records every request the client sends, then hands it to ``inner``."""

    def __init__(self, inner: httpx.BaseTransport) -> None:
        self.inner = inner
        self.requests: list[httpx.Request] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        return self.inner.handle_request(request)

    def close(self) -> None:
        self.inner.close()


class AsyncRecording(httpx.AsyncBaseTransport):
    """The async twin of :class:`Recording`."""

    def __init__(self, inner: httpx.AsyncBaseTransport) -> None:
        self.inner = inner
        self.requests: list[httpx.Request] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        return await self.inner.handle_async_request(request)

    async def aclose(self) -> None:
        await self.inner.aclose()


class Refusing(httpx.BaseTransport):
    """A transport that fails the test if anything is sent."""

    def __init__(self) -> None:
        self.requests: list[httpx.Request] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        raise AssertionError(f"unexpected request {request.method} {request.url}")


class Counting:
    """ASGI middleware recording the requests a served mock receives (loopback tests)."""

    def __init__(self, app: ASGIApp, log: list[tuple[str, str]]) -> None:
        self.app = app
        self.log = log

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            self.log.append((scope["method"], scope["path"]))
        await self.app(scope, receive, send)


class Served:
    """A provider's mock served by uvicorn on 127.0.0.1, fast (time_scale 2000)."""

    def __init__(self, provider: str) -> None:
        self.requests: list[tuple[str, str]] = []
        self.app = create_app(
            provider,
            api_key=key_for(provider),
            time_scale=2000.0,
            rate_limit=False,
            credits=1e6,
            deliver_callbacks=False,
        )
        self.app.add_middleware(Counting, log=self.requests)
        self.state: MockState = self.app.state.mock
        self.server = MockServer(self.app)

    @property
    def url(self) -> str:
        return self.server.base_url


class Setup:
    """A mock app, its clock, and a VideoClient on it whose requests are recorded."""

    def __init__(self, provider: str, *, time_scale: float = 10.0, **client_kwargs: Any) -> None:
        self.provider = provider
        self.key = key_for(provider)
        self.clock = Clock()
        self.app = create_app(
            provider,
            api_key=self.key,
            clock=self.clock,
            time_scale=time_scale,
            rate_limit=False,
            credits=1e6,
            deliver_callbacks=False,
        )
        self.state = self.app.state.mock
        self.http = Recording(transport(self.app))
        self.client = VideoClient(provider, api_key=self.key, transport=self.http, **client_kwargs)
        self.client._sleep = self.clock.sleep
        self.client._clock = self.clock

    def paths(self) -> list[str]:
        return [r.url.path for r in self.http.requests]

    def close(self) -> None:
        self.client.close()
        self.http.close()


@pytest.fixture
def setup_factory() -> Iterator[Callable[..., Setup]]:
    made: list[Setup] = []

    def make(provider: str, **kwargs: Any) -> Setup:
        made.append(Setup(provider, **kwargs))
        return made[-1]

    yield make
    for s in made:
        s.close()


def assert_rising(seen: list[Task]) -> None:
    """Statuses move forward only, progress never drops, and each report is a change."""
    ranks = [STATUS_ORDER.index(t.status) for t in seen]
    assert ranks == sorted(ranks), [t.status for t in seen]
    progress = [t.progress for t in seen if t.progress is not None]
    assert progress == sorted(progress)
    assert all(a != b for a, b in itertools.pairwise(seen))


def assert_mp4(path: Path) -> None:
    data = path.read_bytes()
    assert data == video_bytes()
    assert data[4:8] == b"ftyp"


def no_partials(directory: Path) -> bool:
    return not [p for p in directory.rglob("*") if p.name.endswith(".part")]


all_providers = pytest.mark.parametrize("provider", PROVIDERS)
unkeyed_providers = pytest.mark.parametrize(
    "provider", [p for p in PROVIDERS if soravideo.capabilities(p).idempotency_key_ttl is None]
)
"""Providers without a documented idempotency key: a create is never re-sent once it
may have arrived (keyed creates: tests/test_idempotency.py)."""


# --------------------------------------------------------------------------- in process
@all_providers
def test_generate_then_download_in_process(
    provider: str, setup_factory: Callable[..., Setup], tmp_path: Path
) -> None:
    s = setup_factory(provider)
    seen: list[Task] = []
    task = s.client.generate(VideoRequest(prompt="A cat playing piano"), on_progress=seen.append)
    assert task.status is TaskStatus.COMPLETED
    assert task.provider == provider
    assert task.id in s.state.tasks
    assert task.progress in (None, 100)
    assert task.video_urls
    assert seen[0].status in (TaskStatus.QUEUED, TaskStatus.IN_PROGRESS)
    assert seen[-1] == task
    assert_rising(seen)
    # polling took provider time, not real time: the sleeps add up to the lifecycle
    assert 10.0 <= sum(s.clock.sleeps) <= 60.0
    assert all(1.0 <= d <= 10.0 for d in s.clock.sleeps)

    path = s.client.download(task, tmp_path)
    assert path == tmp_path / f"{task.id}.mp4"
    assert_mp4(path)
    download = s.http.requests[-1]
    assert download.url.path == f"/_mock/videos/{task.id}.mp4"
    assert "authorization" not in download.headers
    named = s.client.download(task.id, tmp_path / "nested" / "clip.mp4")
    assert_mp4(named)
    assert sorted(p.name for p in tmp_path.rglob("*")) == sorted([path.name, "nested", "clip.mp4"])


@all_providers
def test_failed_download_leaves_the_destination_untouched(
    provider: str, setup_factory: Callable[..., Setup], tmp_path: Path
) -> None:
    s = setup_factory(provider, time_scale=1e6)
    task = s.client.generate(VideoRequest(prompt="A cat"))
    dest = tmp_path / "video.mp4"
    dest.write_bytes(b"previous video")
    s.state.inject("download_video", "drop", times=3)  # first try and both retries
    with pytest.raises(APIConnectionError):
        s.client.download(task, dest)
    assert dest.read_bytes() == b"previous video"
    assert no_partials(tmp_path)
    assert s.paths().count(f"/_mock/videos/{task.id}.mp4") == 3
    s.state.inject("download_video", "503")  # retried once, then replaced atomically
    assert s.client.download(task, dest) == dest
    assert_mp4(dest)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["video.mp4"]


@all_providers
def test_async_generate_then_download_in_process(provider: str, tmp_path: Path) -> None:
    key = key_for(provider)
    clock = Clock()
    app = create_app(provider, api_key=key, clock=clock, time_scale=10.0, rate_limit=False)

    async def main() -> tuple[Task, Path, list[Task], int]:
        http = AsyncRecording(async_transport(app))
        seen: list[Task] = []
        async with AsyncVideoClient(provider, api_key=key, transport=http) as client:
            client._sleep = clock.asleep
            client._clock = clock
            task = await client.generate(VideoRequest(prompt="A cat"), on_progress=seen.append)
            path = await client.download(task, tmp_path)
            with pytest.raises(TaskFailedError) as info:
                await client.generate(VideoRequest(prompt="A dog FAIL_GENERATION"))
            assert info.value.task.status is TaskStatus.FAILED
        await app.state.mock.aclose()
        return task, path, seen, len(http.requests)

    task, path, seen, count = anyio.run(main)
    assert task.status is TaskStatus.COMPLETED
    assert path == tmp_path / f"{task.id}.mp4"
    assert_mp4(path)
    assert_rising(seen)
    assert len(app.state.mock.tasks) == 2
    assert count >= 5  # create, polls, download, second create and polls


# --------------------------------------------------------------------------- modes
def offered_requests(provider: str, remix_of: str) -> Iterator[tuple[str, VideoRequest]]:
    """One request per (offer, aspect ratio, quality, duration) the spec offers."""
    for offer in soravideo.capabilities(provider).offers:
        for aspect in offer.aspect_ratios:
            for quality in offer.qualities or (None,):
                for duration in offer.durations:
                    fields: dict[str, Any] = {
                        "model": offer.model,
                        "duration": duration,
                        "aspect_ratio": aspect,
                        "quality": quality,
                    }
                    if offer.mode == "storyboard":
                        half = duration / 2
                        fields["shots"] = [Shot("A cat sits", half), Shot("The cat jumps", half)]
                    else:
                        fields["prompt"] = "A cat playing piano"
                    if offer.mode == "image-to-video":
                        fields["image"] = IMAGE_URL
                    elif offer.mode == "remix":
                        fields["remix_of"] = remix_of
                    label = f"{offer.model}/{offer.mode}/{aspect}/{quality}/{duration}s"
                    yield label, VideoRequest(**fields)


@all_providers
def test_every_offered_mode_passes_the_mocks_spec_validation(
    provider: str, setup_factory: Callable[..., Setup]
) -> None:
    s = setup_factory(provider, time_scale=1e6)
    source = s.client.generate(VideoRequest(prompt="The original"))
    modes: set[str] = set()
    for label, request in offered_requests(provider, source.id):
        try:
            task = s.client.create(request)
        except soravideo.SoraVideoError as exc:  # pragma: no cover - the failure message
            pytest.fail(f"{provider} {label}: {exc}")
        assert task.id in s.state.tasks, label
        assert task.status in (TaskStatus.QUEUED, TaskStatus.IN_PROGRESS, TaskStatus.COMPLETED)
        sent = json.dumps(s.state.tasks[task.id].body)
        if request.mode == "image-to-video":
            assert IMAGE_URL in sent, label
        if request.mode == "remix":
            assert source.id in sent, label
        modes.add(request.mode)
    assert modes == set(soravideo.capabilities(provider).modes)
    finished = s.client.wait(task, poll_interval=1e-3)  # the last one runs to completion
    assert finished.status is TaskStatus.COMPLETED


@pytest.mark.parametrize("provider", ["firebirdgen", "freesoragenerator"])
@pytest.mark.parametrize("image", [PNG, "data-url", "path"])
def test_local_images_are_sent_inline_where_accepted(
    provider: str, image: Any, setup_factory: Callable[..., Setup], tmp_path: Path
) -> None:
    if image == "data-url":
        image = "data:image/png;base64," + base64.b64encode(PNG).decode()
    elif image == "path":
        image = tmp_path / "frame.png"
        image.write_bytes(PNG)
    s = setup_factory(provider, time_scale=1e6)
    task = s.client.generate(VideoRequest(prompt="A cat", image=image))
    assert task.status is TaskStatus.COMPLETED
    assert base64.b64encode(PNG).decode() in json.dumps(s.state.tasks[task.id].body)


# --------------------------------------------------------------------------- failures
FAILURES: list[tuple[str, str, str | None, str]] = [
    ("firebirdgen", "FAIL_CONTENT", None, "Content violates usage policy"),
    ("firebirdgen", "FAIL_GENERATION", None, "Failed to generate, system error please try again"),
    ("qingbo", "FAIL_CONTENT", "task_failed", "Content violates usage policy"),
    ("qingbo", "FAIL_GENERATION", "task_failed", "Failed to generate"),
    ("apixo", "FAIL_CONTENT", "CONTENT_VIOLATION", "Content violates usage policy"),
    ("apixo", "FAIL_GENERATION", "GENERATION_FAILED", "Failed to generate"),
    ("apixo", "FAIL_IMAGE", "INVALID_IMAGE_URL", "image URL cannot be accessed"),
    ("freesoragenerator", "FAIL_CONTENT", "content_policy_violation", "Content violates"),
    ("freesoragenerator", "FAIL_GENERATION", "generation_failed", "Failed to generate"),
    ("evolink", "FAIL_CONTENT", "content_policy_violation", "Content violates usage policy"),
    ("evolink", "FAIL_GENERATION", "generation_failed", "Failed to generate"),
    ("evolink", "FAIL_IMAGE", "invalid_image_url", "image URL cannot be accessed"),
]


@pytest.mark.parametrize(("provider", "word", "code", "message"), FAILURES)
def test_trigger_word_fails_the_task_in_the_providers_words(
    provider: str, word: str, code: str | None, message: str, setup_factory: Callable[..., Setup]
) -> None:
    s = setup_factory(provider)
    request = VideoRequest(prompt=f"A cat {word}")
    if word == "FAIL_IMAGE":
        request = VideoRequest(prompt=f"A cat {word}", image=IMAGE_URL)
    with pytest.raises(TaskFailedError) as info:
        s.client.generate(request)
    task = info.value.task
    assert task.status is TaskStatus.FAILED
    assert task.id in s.state.tasks
    assert task.error is not None
    assert task.error.code == code
    assert message in task.error.message
    assert task.id in str(info.value)
    assert not task.video_urls
    with pytest.raises(RequestValidationError, match="no video"):
        s.client.download(task, "unused.mp4")


CREDIT_ERRORS: dict[str, type[APIError]] = {
    "firebirdgen": InsufficientCreditsError,
    "qingbo": InsufficientCreditsError,
    "apixo": InsufficientCreditsError,  # 402 insufficient balance (errors page, 2026-12-01)
    "freesoragenerator": InsufficientCreditsError,
    "evolink": InsufficientCreditsError,
}


@all_providers
def test_insufficient_credits_is_refused_at_creation_once(
    provider: str, setup_factory: Callable[..., Setup]
) -> None:
    s = setup_factory(provider)
    with pytest.raises(APIError) as info:
        s.client.create(VideoRequest(prompt="A cat FAIL_CREDITS"))
    assert type(info.value) is CREDIT_ERRORS[provider]
    assert "nsufficient credits" in info.value.provider_message
    assert len(s.http.requests) == 1
    assert s.state.tasks == {}


@unkeyed_providers
@pytest.mark.parametrize("status", ["503", "500"])
def test_5xx_on_create_is_sent_exactly_once(
    provider: str, status: str, setup_factory: Callable[..., Setup]
) -> None:
    s = setup_factory(provider)
    s.state.inject("create_task", status, times=5)
    with pytest.raises(ServerError) as info:
        s.client.create(VideoRequest(prompt="A cat"))
    assert len(s.http.requests) == 1
    assert s.clock.sleeps == []
    assert info.value.status_code == int(status)
    assert info.value.may_have_created
    assert "a task may exist" in str(info.value)
    assert s.state.tasks == {}  # this time the mock refused before creating


@unkeyed_providers
@pytest.mark.parametrize(
    ("fault", "error"),
    [
        ("503-after-create", ServerError),
        ("500-after-create", ServerError),
        ("drop-after-create", APIConnectionError),
    ],
)
def test_create_answered_with_a_fault_after_creating_says_the_task_may_exist(
    provider: str, fault: str, error: type[Exception], setup_factory: Callable[..., Setup]
) -> None:
    s = setup_factory(provider)
    s.state.inject("create_task", fault, times=5)
    with pytest.raises(error) as info:
        s.client.create(VideoRequest(prompt="A cat"))
    assert len(s.http.requests) == 1
    assert getattr(info.value, "may_have_created", False)
    assert "a task may exist" in str(info.value)
    assert len(s.state.tasks) == 1  # the mock really created (and charged) a task


@unkeyed_providers
def test_malformed_create_answer_is_not_retried_and_keeps_the_body(
    provider: str, setup_factory: Callable[..., Setup]
) -> None:
    s = setup_factory(provider)
    s.state.inject("create_task", "malformed-after-create", times=5)
    with pytest.raises(ProviderResponseError) as info:
        s.client.create(VideoRequest(prompt="A cat"))
    assert len(s.http.requests) == 1
    assert info.value.body.startswith(b'{"mock": "malformed"')
    assert len(s.state.tasks) == 1


@unkeyed_providers
def test_create_timing_out_is_sent_once_and_may_have_created(
    provider: str, setup_factory: Callable[..., Setup]
) -> None:
    s = setup_factory(provider, timeout=0.1)
    s.state.inject("create_task", "slow=2", times=5)
    started = time.monotonic()
    with pytest.raises(APITimeoutError) as info:
        s.client.create(VideoRequest(prompt="A cat"))
    assert time.monotonic() - started < 1.5
    assert len(s.http.requests) == 1
    assert info.value.may_have_created


@all_providers
def test_status_queries_retry_429_honouring_retry_after(
    provider: str, setup_factory: Callable[..., Setup]
) -> None:
    s = setup_factory(provider)
    created = s.client.create(VideoRequest(prompt="A cat"))
    s.state.inject("get_task", "429=3")
    task = s.client.get(created.id)
    assert task.id == created.id
    assert len(s.http.requests) == 3  # create, 429, retry
    assert s.clock.sleeps == [3.0]


@all_providers
@pytest.mark.parametrize("fault", ["drop", "503", "500"])
def test_status_queries_retry_drops_and_5xx(
    provider: str, fault: str, setup_factory: Callable[..., Setup]
) -> None:
    s = setup_factory(provider)
    created = s.client.create(VideoRequest(prompt="A cat"))
    s.state.inject("get_task", fault, times=2)
    task = s.client.get(created.id)
    assert task.id == created.id
    assert len(s.http.requests) == 4  # create, two faults, success (max_retries=2)
    assert len(s.clock.sleeps) == 2
    s.state.inject("get_task", fault, times=3)
    with pytest.raises((ServerError, APIConnectionError)) as info:
        s.client.get(created.id)
    assert not getattr(info.value, "may_have_created", False)
    assert len(s.http.requests) == 7


@all_providers
def test_malformed_status_answer_is_not_retried(
    provider: str, setup_factory: Callable[..., Setup]
) -> None:
    # The documented policy retries 408, 5xx and connection errors only: a body
    # the spec does not allow is a ProviderResponseError, raised at once.
    s = setup_factory(provider)
    created = s.client.create(VideoRequest(prompt="A cat"))
    s.state.inject("get_task", "malformed")
    with pytest.raises(ProviderResponseError) as info:
        s.client.get(created.id)
    assert len(s.http.requests) == 2
    assert info.value.body.startswith(b'{"mock": "malformed"')
    assert s.client.get(created.id).id == created.id  # the next poll is fine again


@all_providers
def test_slow_status_answer_times_out(provider: str, setup_factory: Callable[..., Setup]) -> None:
    s = setup_factory(provider, timeout=0.1, max_retries=1)
    created = s.client.create(VideoRequest(prompt="A cat"))
    s.state.inject("get_task", "slow=2", times=2)
    started = time.monotonic()
    with pytest.raises(APITimeoutError) as info:
        s.client.get(created.id)
    assert time.monotonic() - started < 1.5
    assert not info.value.may_have_created
    assert len(s.http.requests) == 3  # create, timeout, retry timing out too


@all_providers
def test_a_wait_rides_out_transient_poll_failures(
    provider: str, setup_factory: Callable[..., Setup]
) -> None:
    s = setup_factory(provider)
    created = s.client.create(VideoRequest(prompt="A cat"))
    s.state.inject("get_task", "503", times=1)
    s.state.inject("get_task", "drop", times=1)  # one poll: 503, drop, answer
    s.state.inject("get_task", "429=5", times=3)  # a poll rate limited beyond its retries
    task = s.client.wait(created)
    assert task.status is TaskStatus.COMPLETED
    assert s.clock.sleeps.count(5.0) == 3  # two retries, then wait() sleeps Retry-After


@all_providers
def test_unknown_task_and_wrong_key(provider: str, setup_factory: Callable[..., Setup]) -> None:
    s = setup_factory(provider)
    unknown = "task-unified-1790000000-nosuchid" if provider == "evolink" else "no-such-task-42"
    with pytest.raises(NotFoundError) as info:
        s.client.get(unknown)
    assert len(s.http.requests) == 1
    assert info.value.provider == provider
    wrong = VideoClient(provider, api_key="sk-wrong-key-0000", transport=transport(s.app))
    with wrong, pytest.raises(AuthenticationError) as auth:
        wrong.create(VideoRequest(prompt="A cat"))
    assert auth.value.status_code == 401
    assert "sk-wrong-key-0000" not in str(auth.value)
    assert s.state.tasks == {}


# --------------------------------------------------------------------------- bad requests
def bad_requests(provider: str) -> list[tuple[VideoRequest, str]]:
    """Requests the provider's spec forbids, and the field each error must name."""
    long_prompt = "x" * 10_001
    cases: dict[str, list[tuple[VideoRequest, str]]] = {
        "firebirdgen": [
            (VideoRequest(prompt="p", duration=12), "duration"),
            (VideoRequest(prompt="p", model="sora-2-pro", duration=10), "duration"),
            (VideoRequest(prompt="p", model="sora-2-pro", remix_of="task_1"), "model"),
            (VideoRequest(prompt="p", quality="high"), "quality"),
            (VideoRequest(shots=[Shot("a", 5), Shot("b", 5)]), "shots"),
        ],
        "qingbo": [
            (VideoRequest(prompt="p", duration=10), "duration"),
            (VideoRequest(prompt="p", quality="high"), "quality"),
            (VideoRequest(prompt="p", image=PNG), "image"),
            (VideoRequest(shots=[Shot("a", 5)]), "shots"),
        ],
        "apixo": [
            (VideoRequest(prompt="p", duration=10), "duration"),
            (VideoRequest(prompt=long_prompt), "prompt"),
            (VideoRequest(prompt="p", model="sora-2-pro"), "model"),
            (VideoRequest(prompt="p", remix_of="task_1"), "remix_of"),
            (VideoRequest(prompt="p", callback_url="ftp://example.com/hook"), "callback_url"),
        ],
        "freesoragenerator": [
            (VideoRequest(prompt="p", duration=25), "duration"),
            (VideoRequest(prompt="p", remix_of="task_1"), "remix_of"),
            (VideoRequest(shots=[Shot("a", 5)]), "model"),
            (VideoRequest(prompt="p", quality="high"), "quality"),
            (VideoRequest(prompt="p", callback_url="https://example.com/hook"), "callback_url"),
        ],
        "evolink": [
            (VideoRequest(prompt="p", duration=12), "duration"),
            (VideoRequest(prompt="x" * 1001), "prompt"),
            (VideoRequest(prompt="p", remix_of="task-unified-1"), "model"),
            (VideoRequest(prompt="p", quality="high"), "quality"),
            (VideoRequest(prompt="p", extra={"aspect_ratio": "4:3"}), "extra"),
        ],
    }
    return cases[provider]


@all_providers
def test_bad_requests_never_reach_the_network(provider: str) -> None:
    refusing = Refusing()
    with VideoClient(provider, api_key=key_for(provider), transport=refusing) as client:
        for request, field in bad_requests(provider):
            with pytest.raises(RequestValidationError) as info:
                client.create(request)
            assert info.value.field == field, (request, info.value)
            assert field in str(info.value) or field in ("shots", "model", "extra")
            with pytest.raises(RequestValidationError):
                client.generate(request)
        with pytest.raises(RequestValidationError):
            client.get("   ")
    assert refusing.requests == []


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"prompt": "p", "aspect_ratio": "4:3"}, "aspect_ratio"),
        ({"prompt": "p", "aspect_ratio": "21:9"}, "aspect_ratio"),
        ({"prompt": "p", "model": "sora-3"}, "model"),
        ({"prompt": "p", "quality": "ultra"}, "quality"),
        ({"prompt": "p", "duration": 0}, "duration"),
        ({"prompt": "   "}, "prompt"),
    ],
)
def test_values_no_provider_accepts_are_refused_when_the_request_is_built(
    fields: dict[str, Any], field: str
) -> None:
    with pytest.raises(RequestValidationError) as info:
        VideoRequest(**fields)
    assert info.value.field == field
    assert field in str(info.value)


# --------------------------------------------------------------------------- cancel
def test_qingbo_cancel_against_the_mock(setup_factory: Callable[..., Setup]) -> None:
    s = setup_factory("qingbo")
    queued = s.client.create(VideoRequest(prompt="A cat STALL_QUEUED"))
    cancelled = s.client.cancel(queued.id)
    assert cancelled.id == queued.id
    assert cancelled.status is TaskStatus.CANCELLED
    assert s.client.get(queued.id).status is TaskStatus.CANCELLED
    assert s.client.wait(queued.id).status is TaskStatus.CANCELLED

    running = s.client.create(VideoRequest(prompt="A dog"))
    s.clock.sleep(10 / 10.0 + 0.5)  # past the 5 s queue at time_scale 10
    assert s.client.get(running.id).status is TaskStatus.IN_PROGRESS
    before = len(s.http.requests)
    with pytest.raises(BadRequestError) as info:
        s.client.cancel(running.id)
    assert len(s.http.requests) == before + 1  # a refused cancel is not retried
    assert info.value.status_code == 400
    assert s.client.wait(running.id).status is TaskStatus.COMPLETED


def test_qingbo_generate_reports_a_cancelled_task_as_failed(
    setup_factory: Callable[..., Setup],
) -> None:
    s = setup_factory("qingbo")

    def cancel_once(task: Task) -> None:
        if task.status is TaskStatus.QUEUED:
            s.client.cancel(task.id)

    with pytest.raises(TaskFailedError) as info:
        s.client.generate(VideoRequest(prompt="A cat STALL_QUEUED"), on_progress=cancel_once)
    assert info.value.task.status is TaskStatus.CANCELLED
    assert "cancelled" in str(info.value)


@pytest.mark.parametrize("provider", [p for p in PROVIDERS if p != "qingbo"])
def test_cancel_elsewhere_is_refused_without_a_request(provider: str) -> None:
    refusing = Refusing()
    with VideoClient(provider, api_key=key_for(provider), transport=refusing) as client:
        with pytest.raises(RequestValidationError) as info:
            client.cancel("task-unified-1790000000-abcdefgh")
        assert info.value.provider == provider
    assert refusing.requests == []


# --------------------------------------------------------------------------- wait()
@pytest.mark.parametrize("provider", ["qingbo", "freesoragenerator", "evolink"])
def test_wait_reports_every_observed_change(
    provider: str, setup_factory: Callable[..., Setup], monkeypatch: pytest.MonkeyPatch
) -> None:
    s = setup_factory(provider, time_scale=1.0)
    created = s.client.create(VideoRequest(prompt="A cat"))
    fetched: list[Task] = []
    real_get = s.client.get

    def get(task_id: str) -> Task:
        fetched.append(real_get(task_id))
        return fetched[-1]

    monkeypatch.setattr(s.client, "get", get)
    seen: list[Task] = []
    task = s.client.wait(created.id, on_progress=seen.append)
    assert task.status is TaskStatus.COMPLETED
    changes = [t for i, t in enumerate(fetched) if i == 0 or t != fetched[i - 1]]
    assert seen == changes
    if provider != "evolink":  # evolink's estimate changes on every poll
        assert len(fetched) > len(seen)  # polls that saw nothing new were not reported
    # a task already finished: nothing to poll, nothing new to report
    before = len(s.http.requests)
    assert s.client.wait(task, on_progress=seen.append) is task
    assert len(s.http.requests) == before
    assert seen == changes
    assert_rising(seen)
    in_progress = [t.progress for t in seen if t.status is TaskStatus.IN_PROGRESS]
    assert len(set(in_progress)) >= 3  # progress visibly rose between polls
    # adaptive schedule: grows, never longer than 10 s, so completion is seen within 10 s
    assert max(s.clock.sleeps) <= 10.0
    finished_at = s.state.snapshot(task.id).completed_at
    assert finished_at is not None
    assert s.clock.now - finished_at <= 10.0


@all_providers
def test_wait_timeout_carries_the_last_task(
    provider: str, setup_factory: Callable[..., Setup]
) -> None:
    s = setup_factory(provider)
    created = s.client.create(VideoRequest(prompt="A cat STALL_RUNNING"))
    seen: list[Task] = []
    with pytest.raises(WaitTimeoutError) as info:
        s.client.wait(created, timeout=120, on_progress=seen.append)
    last = info.value.task
    assert last.id == created.id
    assert last.status is TaskStatus.IN_PROGRESS
    # on_progress reports changes only: the last task looks like the last one reported
    reported = seen[-1] if seen else created
    assert (last.status, last.progress, last.video_urls) == (
        reported.status,
        reported.progress,
        reported.video_urls,
    )
    assert info.value.timeout == 120
    assert sum(s.clock.sleeps) == pytest.approx(120)
    assert created.id in str(info.value)
    # the task keeps running at the provider: waiting again with its id works
    with pytest.raises(WaitTimeoutError):
        s.client.wait(created.id, timeout=5)


@pytest.mark.parametrize("provider", ["apixo", "evolink"])
def test_poll_interval_is_honoured(provider: str, setup_factory: Callable[..., Setup]) -> None:
    s = setup_factory(provider, time_scale=1.0)
    created = s.client.create(VideoRequest(prompt="A cat"))
    task = s.client.wait(created, poll_interval=7.0)
    assert task.status is TaskStatus.COMPLETED
    assert set(s.clock.sleeps) == {7.0}
    polls = len(s.http.requests) - 1
    assert polls == len(s.clock.sleeps) + 1
    s2 = setup_factory(provider, time_scale=1.0)
    stalled = s2.client.create(VideoRequest(prompt="A cat STALL_QUEUED"))
    with pytest.raises(WaitTimeoutError):
        s2.client.wait(stalled, poll_interval=3.0, timeout=10.0)
    assert s2.clock.sleeps == [3.0, 3.0, 3.0, 1.0]  # the last sleep ends at the timeout


# --------------------------------------------------------------------------- loopback
@pytest.fixture(scope="module")
def loopback() -> Iterator[dict[str, Served]]:
    """One served mock per provider, shared by the loopback tests."""
    servers = {provider: Served(provider) for provider in PROVIDERS}
    try:
        for served in servers.values():
            served.server.start()
        yield servers
    finally:
        for served in servers.values():
            served.server.stop()


@all_providers
def test_generate_then_download_over_loopback(
    provider: str, loopback: dict[str, Served], tmp_path: Path
) -> None:
    served = loopback[provider]
    assert served.url.startswith("http://127.0.0.1:")
    with VideoClient(provider, api_key=key_for(provider), base_url=served.url) as client:
        seen: list[Task] = []
        task = client.generate(
            VideoRequest(prompt="A cat over HTTP"),
            poll_interval=0.02,
            timeout=20,
            on_progress=seen.append,
        )
        assert task.status is TaskStatus.COMPLETED
        assert task.id in served.state.tasks
        assert all(url.startswith(served.url) for url in task.video_urls)
        assert_rising(seen)
        path = client.download(task, tmp_path)
    assert_mp4(path)
    assert no_partials(tmp_path)
    assert ("GET", f"/_mock/videos/{task.id}.mp4") in served.requests


def test_create_faults_over_loopback_are_sent_once(loopback: dict[str, Served]) -> None:
    served = loopback["evolink"]
    state = served.state
    with VideoClient("evolink", api_key=key_for("evolink"), base_url=served.url) as client:
        faults: list[tuple[str, type[Exception]]] = [
            ("503-after-create", ServerError),
            ("drop-after-create", APIConnectionError),
        ]
        for fault, error in faults:
            state.inject("create_task", fault, times=5)
            before_requests, before_tasks = len(served.requests), len(state.tasks)
            with pytest.raises(error) as info:
                client.create(VideoRequest(prompt="A cat"))
            state.clear_faults()
            assert len(served.requests) == before_requests + 1, fault
            assert len(state.tasks) == before_tasks + 1, fault  # it exists, and says so
            assert getattr(info.value, "may_have_created", False)
            assert "a task may exist" in str(info.value)
        created = client.create(VideoRequest(prompt="A cat"))
        state.inject("get_task", "drop")  # uvicorn closes the connection: retried
        before = len(served.requests)
        assert client.get(created.id).id == created.id
        assert len(served.requests) == before + 2


def test_wait_timeout_over_loopback_is_bounded(loopback: dict[str, Served]) -> None:
    served = loopback["qingbo"]
    with VideoClient("qingbo", api_key=key_for("qingbo"), base_url=served.url) as client:
        created = client.create(VideoRequest(prompt="A cat STALL_RUNNING"))
        before = len(served.requests)
        started = time.monotonic()
        with pytest.raises(WaitTimeoutError) as info:
            client.wait(created, timeout=0.4, poll_interval=0.1)
        elapsed = time.monotonic() - started
    assert 0.4 <= elapsed < 3.0
    assert info.value.task.status is TaskStatus.IN_PROGRESS
    assert 2 <= len(served.requests) - before <= 7  # about one poll per 0.1 s


def test_connection_refused_and_timeouts_over_loopback(loopback: dict[str, Served]) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        closed = f"http://127.0.0.1:{sock.getsockname()[1]}"
    client = VideoClient("evolink", api_key=key_for("evolink"), base_url=closed, max_retries=0)
    with client, pytest.raises(APIConnectionError) as info:
        client.create(VideoRequest(prompt="A cat"))
    assert not isinstance(info.value, APITimeoutError)
    assert not info.value.may_have_created  # refused before anything was sent

    served = loopback["evolink"]
    unknown = "task-unified-1790000000-abcdefgh"
    client = VideoClient("evolink", api_key=key_for("evolink"), base_url=served.url, timeout=0.2)
    client._sleep = lambda _seconds: None  # no backoff: the timeouts are what is tested
    served.state.inject("get_task", "slow=2", times=1)
    before = len(served.requests)
    started = time.monotonic()
    with client:
        with pytest.raises(NotFoundError):  # timed out, retried, then answered
            client.get(unknown)
        assert len(served.requests) == before + 2
        served.state.inject("get_task", "slow=2", times=3)
        with pytest.raises(APITimeoutError):
            client.get(unknown)
        assert len(served.requests) == before + 5
    assert time.monotonic() - started < 3.0
    served.state.clear_faults()


# --------------------------------------------------------------------------- secrets
def test_api_keys_never_appear_in_logs_or_errors(
    caplog: pytest.LogCaptureFixture,
    capsys: pytest.CaptureFixture[str],
    setup_factory: Callable[..., Setup],
    tmp_path: Path,
) -> None:
    caplog.set_level(logging.DEBUG)
    texts: list[str] = []

    def record(exc: BaseException) -> None:
        texts.extend([str(exc), repr(exc), repr(exc.__cause__), repr(exc.__context__)])

    for provider in PROVIDERS:
        s = setup_factory(provider, timeout=0.1)
        texts.append(repr(s.client))
        task = s.client.generate(VideoRequest(prompt="A cat"))
        texts.append(repr(task))
        s.client.download(task, tmp_path)
        for fault in ("503-after-create", "drop-after-create", "slow=1"):
            # keyed creates (qingbo) are re-sent: fail every attempt
            s.state.inject("create_task", fault, times=3)
            with pytest.raises(soravideo.SoraVideoError) as info:
                s.client.create(VideoRequest(prompt="A cat"))
            s.state.clear_faults()
            record(info.value)
        with pytest.raises(TaskFailedError) as failed:
            s.client.generate(VideoRequest(prompt="A cat FAIL_CONTENT"))
        record(failed.value)
        wrong = VideoClient(provider, api_key=key_for(provider)[::-1], transport=transport(s.app))
        with wrong, pytest.raises(AuthenticationError) as auth:
            wrong.get(task.id)
        record(auth.value)
        texts.append(auth.value.body.decode(errors="replace"))
    captured = capsys.readouterr()
    everything = "\n".join([*texts, caplog.text, captured.out, captured.err])
    for provider in PROVIDERS:
        assert key_for(provider) not in everything
        assert key_for(provider)[::-1] not in everything
