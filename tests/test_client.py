"""VideoClient / AsyncVideoClient over httpx.MockTransport: retries, polling, download.

The provider here is evolink (its task object is the simplest); the behaviour
under test is provider-independent and lives in soravideo._client.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import anyio
import httpx
import pytest

from soravideo import (
    APIConnectionError,
    APITimeoutError,
    AsyncVideoClient,
    AuthenticationError,
    ProviderResponseError,
    RateLimitError,
    RequestValidationError,
    ServerError,
    Task,
    TaskFailedError,
    TaskStatus,
    VideoClient,
    VideoRequest,
    WaitTimeoutError,
)

KEY = "sk-live-abcdef123456"
MP4 = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + b"\x00" * 512


def task_body(status: str = "pending", progress: int = 0, **extra: Any) -> dict[str, Any]:
    return {"id": "task-unified-1", "status": status, "progress": progress, **extra}


def error_body(code: int, message: str, kind: str) -> dict[str, Any]:
    return {"error": {"code": code, "message": message, "type": kind}}


class Recorder:
    """A MockTransport handler that answers from a script and records requests."""

    def __init__(self, *answers: Callable[[httpx.Request], httpx.Response] | httpx.Response):
        self.answers = list(answers)
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        answer = self.answers.pop(0) if len(self.answers) > 1 else self.answers[0]
        return answer(request) if callable(answer) else answer


def client(handler: Recorder, **kwargs: Any) -> tuple[VideoClient, list[float]]:
    vc = VideoClient("evolink", api_key=KEY, transport=httpx.MockTransport(handler), **kwargs)
    slept: list[float] = []
    vc._sleep = slept.append
    return vc, slept


def raise_(exc_type: type[httpx.TransportError]) -> Callable[[httpx.Request], httpx.Response]:
    def answer(request: httpx.Request) -> httpx.Response:
        raise exc_type("boom", request=request)

    return answer


def test_create_sends_one_validated_body_through_the_generated_client() -> None:
    rec = Recorder(httpx.Response(200, json=task_body()))
    vc, _ = client(rec)
    task = vc.create(VideoRequest(prompt="A cat", duration=15, aspect_ratio="9:16"))
    assert task.id == "task-unified-1"
    assert task.status is TaskStatus.QUEUED
    (request,) = rec.requests
    assert request.url == "https://api.evolink.ai/v1/videos/generations"
    assert request.headers["authorization"] == f"Bearer {KEY}"
    assert json.loads(request.content) == {
        "model": "sora-2",
        "prompt": "A cat",
        "duration": 15,
        "aspect_ratio": "9:16",
    }


def test_invalid_request_never_reaches_the_network() -> None:
    rec = Recorder(httpx.Response(200, json=task_body()))
    vc, _ = client(rec)
    with pytest.raises(RequestValidationError) as info:
        vc.create(VideoRequest(prompt="A cat", duration=12))
    assert info.value.field == "duration"
    assert info.value.allowed == [10, 15]
    assert "duration=12" in str(info.value)
    assert rec.requests == []


@pytest.mark.parametrize("status", [500, 502, 503])
def test_create_after_5xx_is_sent_exactly_once(status: int) -> None:
    rec = Recorder(httpx.Response(status, json=error_body(status, "upstream", "server_error")))
    vc, slept = client(rec)
    with pytest.raises(ServerError) as info:
        vc.create(VideoRequest(prompt="A cat"))
    assert len(rec.requests) == 1
    assert slept == []
    assert info.value.may_have_created
    assert "may have reached the provider" in str(info.value)
    assert info.value.body.startswith(b"{")


@pytest.mark.parametrize("fault", [httpx.ReadTimeout, httpx.RemoteProtocolError, httpx.ReadError])
def test_create_after_a_sent_request_failed_is_not_retried(
    fault: type[httpx.TransportError],
) -> None:
    rec = Recorder(raise_(fault))
    vc, _ = client(rec)
    with pytest.raises(APIConnectionError) as info:
        vc.create(VideoRequest(prompt="A cat"))
    assert len(rec.requests) == 1
    assert info.value.may_have_created
    assert isinstance(info.value, APITimeoutError) == (fault is httpx.ReadTimeout)


def test_create_is_retried_when_the_connection_failed_before_sending() -> None:
    rec = Recorder(raise_(httpx.ConnectError), httpx.Response(200, json=task_body()))
    vc, slept = client(rec)
    assert vc.create(VideoRequest(prompt="A cat")).id == "task-unified-1"
    assert len(rec.requests) == 2
    assert len(slept) == 1
    assert 0 < slept[0] <= 8.5


def test_create_is_retried_after_429_honouring_retry_after() -> None:
    limited = httpx.Response(
        429, headers={"Retry-After": "3"}, json=error_body(429, "slow down", "rate_limit_error")
    )
    rec = Recorder(limited, httpx.Response(200, json=task_body()))
    vc, slept = client(rec)
    assert vc.create(VideoRequest(prompt="A cat")).id == "task-unified-1"
    assert slept == [3.0]


def test_retry_after_is_capped() -> None:
    limited = httpx.Response(429, headers={"Retry-After": "9999"}, json=error_body(429, "x", "r"))
    rec = Recorder(limited, httpx.Response(200, json=task_body()))
    vc, slept = client(rec)
    vc.get("task-unified-1")
    assert slept == [60.0]


def test_rate_limit_error_after_retries_carries_retry_after() -> None:
    limited = httpx.Response(429, headers={"Retry-After": "2"}, json=error_body(429, "x", "r"))
    rec = Recorder(limited)
    vc, slept = client(rec, max_retries=1)
    with pytest.raises(RateLimitError) as info:
        vc.get("task-unified-1")
    assert info.value.retry_after == 2.0
    assert len(rec.requests) == 2
    assert slept == [2.0]


@pytest.mark.parametrize(
    "first",
    [
        httpx.Response(503, json=error_body(503, "busy", "server_error")),
        httpx.Response(408, json=error_body(408, "timeout", "timeout")),
        raise_(httpx.ReadTimeout),
        raise_(httpx.RemoteProtocolError),
    ],
)
def test_status_queries_retry_transient_failures(first: Any) -> None:
    rec = Recorder(first, httpx.Response(200, json=task_body("processing", 40)))
    vc, slept = client(rec)
    task = vc.get("task-unified-1")
    assert task.progress == 40
    assert len(rec.requests) == 2
    assert len(slept) == 1


def test_status_queries_give_up_after_max_retries() -> None:
    rec = Recorder(httpx.Response(500, json=error_body(500, "down", "server_error")))
    vc, _ = client(rec, max_retries=3)
    with pytest.raises(ServerError) as info:
        vc.get("task-unified-1")
    assert len(rec.requests) == 4
    assert not info.value.may_have_created


def test_4xx_is_not_retried_and_is_typed() -> None:
    rec = Recorder(httpx.Response(401, json=error_body(401, "bad key", "authentication_error")))
    vc, _ = client(rec)
    with pytest.raises(AuthenticationError) as info:
        vc.get("task-unified-1")
    assert len(rec.requests) == 1
    assert info.value.status_code == 401
    assert info.value.code == "401"
    assert info.value.provider_message == "bad key"


def test_unexpected_body_raises_provider_response_error_keeping_it() -> None:
    raw = b'{"status": "completed"}'
    rec = Recorder(httpx.Response(200, content=raw, headers={"content-type": "application/json"}))
    vc, _ = client(rec)
    with pytest.raises(ProviderResponseError) as info:
        vc.get("task-unified-1")
    assert info.value.body == raw
    assert info.value.path == "$"


def test_malformed_json_keeps_the_created_task_body() -> None:
    raw = b'{"id": "task-unified-9", "status": '
    rec = Recorder(httpx.Response(200, content=raw))
    vc, _ = client(rec)
    with pytest.raises(ProviderResponseError) as info:
        vc.create(VideoRequest(prompt="A cat"))
    assert info.value.body == raw
    assert len(rec.requests) == 1


def test_wait_reports_every_change_and_returns_the_terminal_task() -> None:
    rec = Recorder(
        httpx.Response(200, json=task_body("pending")),
        httpx.Response(200, json=task_body("processing", 20)),
        httpx.Response(200, json=task_body("processing", 20)),
        httpx.Response(200, json=task_body("processing", 70)),
        httpx.Response(200, json=task_body("completed", 100, results=["https://cdn.test/v.mp4"])),
    )
    vc, slept = client(rec)
    seen: list[tuple[str, int | None]] = []
    task = vc.wait("task-unified-1", on_progress=lambda t: seen.append((t.status, t.progress)))
    assert task.status is TaskStatus.COMPLETED
    assert task.video_urls == ("https://cdn.test/v.mp4",)
    assert seen == [("queued", 0), ("in_progress", 20), ("in_progress", 70), ("completed", 100)]
    assert len(slept) == 4
    assert all(1.0 <= s <= 10.0 for s in slept)
    assert slept == sorted(slept)


def test_wait_with_poll_interval_uses_it() -> None:
    rec = Recorder(
        httpx.Response(200, json=task_body("processing", 10)),
        httpx.Response(200, json=task_body("failed", 0, error={"code": "x", "message": "no"})),
    )
    vc, slept = client(rec)
    task = vc.wait("task-unified-1", poll_interval=0.25)
    assert task.status is TaskStatus.FAILED
    assert slept == [0.25]


def test_wait_timeout_raises_with_the_last_task() -> None:
    rec = Recorder(httpx.Response(200, json=task_body("processing", 50)))
    vc, slept = client(rec)
    now = [0.0]
    vc._clock = lambda: now[0]
    vc._sleep = lambda s: (slept.append(s), now.__setitem__(0, now[0] + s))  # type: ignore[func-returns-value]
    with pytest.raises(WaitTimeoutError) as info:
        vc.wait("task-unified-1", timeout=30)
    assert info.value.task.progress == 50
    assert info.value.task.id == "task-unified-1"
    assert sum(slept) == pytest.approx(30)


def test_wait_sleeps_through_a_rate_limited_poll() -> None:
    limited = httpx.Response(429, headers={"Retry-After": "7"}, json=error_body(429, "x", "r"))
    done = task_body("completed", 100, results=["https://cdn.test/v.mp4"])
    rec = Recorder(limited, httpx.Response(200, json=done))
    vc, slept = client(rec, max_retries=0)
    assert vc.wait("task-unified-1").status is TaskStatus.COMPLETED
    assert slept == [7.0]


def test_generate_raises_task_failed_with_the_task() -> None:
    failed = task_body("failed", 0, error={"code": "content_policy_violation", "message": "no"})
    rec = Recorder(httpx.Response(200, json=task_body()), httpx.Response(200, json=failed))
    vc, _ = client(rec)
    with pytest.raises(TaskFailedError) as info:
        vc.generate(VideoRequest(prompt="A cat"))
    assert info.value.task.error is not None
    assert info.value.task.error.code == "content_policy_violation"


def completed() -> Task:
    return Task(
        provider="evolink",
        id="task-unified-1",
        status=TaskStatus.COMPLETED,
        video_urls=("https://cdn.test/v.mp4",),
    )


def test_download_streams_atomically_without_the_api_key(tmp_path: Path) -> None:
    rec = Recorder(httpx.Response(200, content=MP4, headers={"content-type": "video/mp4"}))
    vc, _ = client(rec)
    path = vc.download(completed(), tmp_path)
    assert path == tmp_path / "task-unified-1.mp4"
    assert path.read_bytes() == MP4
    assert "authorization" not in rec.requests[0].headers
    assert list(tmp_path.iterdir()) == [path]
    named = vc.download(completed(), tmp_path / "sub" / "clip.mp4")
    assert named.read_bytes() == MP4


def test_download_rejects_short_or_wrong_bodies_and_leaves_nothing(tmp_path: Path) -> None:
    short = httpx.Response(
        200, content=MP4[:100], headers={"content-type": "video/mp4", "content-length": "999"}
    )
    html = httpx.Response(200, content=b"<html>", headers={"content-type": "text/html"})
    for answer in (short, html):
        vc, _ = client(Recorder(answer), max_retries=0)
        with pytest.raises((ProviderResponseError, httpx.HTTPError)):
            vc.download(completed(), tmp_path / "v.mp4")
    assert list(tmp_path.iterdir()) == []


def test_download_needs_a_completed_task(tmp_path: Path) -> None:
    vc, _ = client(Recorder(httpx.Response(200, content=MP4)))
    pending = Task(provider="evolink", id="t", status=TaskStatus.IN_PROGRESS)
    with pytest.raises(RequestValidationError, match="no video"):
        vc.download(pending, tmp_path)


def test_api_key_never_appears_in_repr_or_errors(monkeypatch: pytest.MonkeyPatch) -> None:
    def leak(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError(f"refused with header Bearer {KEY}", request=request)

    vc, _ = client(Recorder(leak), max_retries=0)
    assert KEY not in repr(vc)
    with pytest.raises(APIConnectionError) as info:
        vc.get("t")
    assert KEY not in str(info.value)
    assert KEY not in repr(info.value)
    monkeypatch.setenv("EVOLINK_API_KEY", KEY)
    assert KEY not in repr(VideoClient("evolink"))


def test_api_key_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("EVOLINK_API_KEY", raising=False)
    with pytest.raises(RequestValidationError, match="EVOLINK_API_KEY"):
        VideoClient("evolink")
    monkeypatch.setenv("EVOLINK_API_KEY", "from-env-key")
    rec = Recorder(httpx.Response(200, json=task_body()))
    vc = VideoClient("evolink", transport=httpx.MockTransport(rec))
    vc.get("t")
    assert rec.requests[0].headers["authorization"] == "Bearer from-env-key"


def test_async_client_matches_the_sync_one(tmp_path: Path) -> None:
    rec = Recorder(
        httpx.Response(503, json=error_body(503, "busy", "server_error")),
        httpx.Response(200, json=task_body("processing", 30)),
        httpx.Response(200, json=task_body("completed", 100, results=["https://cdn.test/v.mp4"])),
        httpx.Response(200, content=MP4, headers={"content-type": "video/mp4"}),
    )

    async def main() -> tuple[Task, Path, list[float]]:
        slept: list[float] = []

        async def sleep(seconds: float) -> None:
            slept.append(seconds)

        async with AsyncVideoClient(
            "evolink", api_key=KEY, transport=httpx.MockTransport(rec)
        ) as avc:
            avc._sleep = sleep
            task = await avc.wait("task-unified-1")
            path = await avc.download(task, tmp_path)
        return task, path, slept

    task, path, slept = anyio.run(main)
    assert task.status is TaskStatus.COMPLETED
    assert path.read_bytes() == MP4
    assert len(rec.requests) == 4
    assert len(slept) == 2


def test_async_create_after_503_is_sent_once() -> None:
    rec = Recorder(httpx.Response(503, json=error_body(503, "busy", "server_error")))

    async def main() -> None:
        async with AsyncVideoClient(
            "evolink", api_key=KEY, transport=httpx.MockTransport(rec)
        ) as avc:
            await avc.create(VideoRequest(prompt="A cat"))

    with pytest.raises(ServerError):
        anyio.run(main)
    assert len(rec.requests) == 1


def test_cancelling_an_async_wait_stops_polling() -> None:
    rec = Recorder(httpx.Response(200, json=task_body("processing", 10)))

    async def main() -> None:
        async with AsyncVideoClient(
            "evolink", api_key=KEY, transport=httpx.MockTransport(rec)
        ) as avc:
            with anyio.move_on_after(0.3):
                await avc.wait("task-unified-1", poll_interval=0.05)
        count = len(rec.requests)
        await anyio.sleep(0.2)
        assert len(rec.requests) == count

    anyio.run(main)
    assert 2 <= len(rec.requests) <= 10
