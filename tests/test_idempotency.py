"""qingbo's Idempotency-Key and Prefer: wait, end to end against the mock.

https://docs.qingbo.dev/en/api-reference/task/submit: "repeated requests with
the same key within 24 hours reuse the originally created task (same
``task_id``, no double billing)"; ``Prefer: wait=N`` (N <= 60 seconds) holds
the answer until the task is done or the window ends. Both come from the spec
(``x-idempotency-ttl``, ``x-max-wait``), so the other providers keep the old
create rule and refuse the two options before sending anything.
"""

from __future__ import annotations

import json
import time
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import anyio
import httpx
import pytest

import soravideo
from soravideo import (
    PROVIDERS,
    APIConnectionError,
    AsyncVideoClient,
    RateLimitError,
    RequestValidationError,
    TaskStatus,
    VideoClient,
    VideoRequest,
)
from soravideo.adapters import get_adapter
from soravideo.mock import MockState, async_transport, create_app, transport
from tests.test_end_to_end import AsyncRecording, Clock, Recording

KEY = "sk-idempotency-test-4f1c2a"
KEY_HEADER = "idempotency-key"


def mock(provider: str = "qingbo", clock: Clock | None = None, time_scale: float = 1.0) -> Any:
    return create_app(
        provider,
        api_key=KEY,
        clock=clock or Clock(),
        time_scale=time_scale,
        rate_limit=False,
        credits=1e6,
        deliver_callbacks=False,
    )


def client_for(
    app: Any, clock: Clock, provider: str = "qingbo", **kwargs: Any
) -> tuple[VideoClient, Recording]:
    http = Recording(transport(app))
    client = VideoClient(provider, api_key=KEY, transport=http, **kwargs)
    client._sleep = clock.sleep
    client._clock = clock
    return client, http


def keys_sent(http: Recording | AsyncRecording) -> list[str | None]:
    return [r.headers.get(KEY_HEADER) for r in http.requests if r.url.path == "/v1/tasks"]


# ------------------------------------------------------------------ a lost answer, in process
@pytest.mark.parametrize(
    "fault", ["drop-after-create", "500-after-create", "503-after-create", "malformed-after-create"]
)
def test_a_lost_create_answer_ends_with_one_task_and_its_id(fault: str) -> None:
    clock = Clock()
    app = mock(clock=clock)
    state: MockState = app.state.mock
    client, http = client_for(app, clock)
    state.inject("create_task", fault)
    with client:
        task = client.create(VideoRequest(prompt="A cat"))
    assert list(state.tasks) == [task.id]  # exactly one task, and the client has its id
    sent = keys_sent(http)
    assert len(sent) == 2  # the lost answer, then the same request again
    assert sent[0] is not None
    assert sent[0] == sent[1]
    uuid.UUID(sent[0])  # a generated uuid4 when none is given
    assert task.status is TaskStatus.QUEUED
    http.close()


def test_a_lost_create_answer_ends_with_one_task_in_the_async_client() -> None:
    clock = Clock()
    app = mock(clock=clock)
    state: MockState = app.state.mock
    http = AsyncRecording(async_transport(app))

    async def main() -> str:
        client = AsyncVideoClient("qingbo", api_key=KEY, transport=http)
        client._sleep = clock.asleep
        client._clock = clock
        state.inject("create_task", "drop-after-create")
        async with client:
            task = await client.create(VideoRequest(prompt="A cat"), idempotency_key="job-7")
        await state.aclose()
        return task.id

    task_id = anyio.run(main)
    assert list(state.tasks) == [task_id]
    assert keys_sent(http) == ["job-7", "job-7"]


def test_retries_exhausted_the_same_key_later_recovers_the_task() -> None:
    clock = Clock()
    app = mock(clock=clock)
    state: MockState = app.state.mock
    client, http = client_for(app, clock, max_retries=1)
    state.inject("create_task", "drop-after-create", times=2)
    with client:
        with pytest.raises(APIConnectionError) as info:
            client.create(VideoRequest(prompt="A cat"), idempotency_key="batch-job-1")
        assert info.value.may_have_created
        assert len(state.tasks) == 1
        # e.g. a resumed batch re-sends its stored key: the original task comes back
        recovered = client.create(VideoRequest(prompt="A cat"), idempotency_key="batch-job-1")
    assert list(state.tasks) == [recovered.id]
    assert keys_sent(http) == ["batch-job-1"] * 3
    http.close()


def test_every_create_gets_its_own_key() -> None:
    clock = Clock()
    app = mock(clock=clock)
    client, http = client_for(app, clock)
    with client:
        first = client.create(VideoRequest(prompt="A cat"))
        second = client.create(VideoRequest(prompt="A cat"))
    assert first.id != second.id
    sent = keys_sent(http)
    assert len(set(sent)) == 2
    assert None not in sent
    http.close()


def test_the_key_goes_through_the_generated_operation() -> None:
    adapter = get_adapter("qingbo")
    call = adapter.with_create_options(
        adapter.create_call(VideoRequest(prompt="p")), idempotency_key="k-1", wait=2.5
    )
    assert call.kwargs["idempotency_key"] == "k-1"
    assert call.kwargs["prefer"] == "wait=3"  # whole seconds, rounded up
    headers = call.module._get_kwargs(**call.kwargs)["headers"]
    assert headers["Idempotency-Key"] == "k-1"
    assert headers["Prefer"] == "wait=3"
    assert call.idempotency_key == "k-1"
    assert call.wait == 2.5


# ------------------------------------------------------------------------- other providers
UNKEYED = [p for p in PROVIDERS if p != "qingbo"]


@pytest.mark.parametrize("provider", UNKEYED)
@pytest.mark.parametrize("option", [{"idempotency_key": "k"}, {"wait": 5.0}])
def test_undocumented_options_are_refused_before_sending(
    provider: str, option: dict[str, Any]
) -> None:
    assert soravideo.capabilities(provider).idempotency_key_ttl is None
    clock = Clock()
    app = mock(provider, clock=clock)
    client, http = client_for(app, clock, provider=provider)
    with client, pytest.raises(RequestValidationError) as info:
        client.create(VideoRequest(prompt="A cat"), **option)
    assert info.value.field == next(iter(option))
    assert http.requests == []
    http.close()


@pytest.mark.parametrize("provider", UNKEYED)
def test_unkeyed_creates_send_no_key_and_are_not_resent(provider: str) -> None:
    clock = Clock()
    app = mock(provider, clock=clock)
    state: MockState = app.state.mock
    client, http = client_for(app, clock, provider=provider)
    state.inject("create_task", "drop-after-create")
    with client, pytest.raises(APIConnectionError) as info:
        client.create(VideoRequest(prompt="A cat"))
    assert info.value.may_have_created
    assert len(http.requests) == 1
    assert KEY_HEADER not in http.requests[0].headers
    http.close()


# --------------------------------------------------------------------------- Prefer: wait
@pytest.mark.parametrize("wait", [-1.0, 60.5, 61.0])
def test_wait_outside_the_documented_window_is_refused(wait: float) -> None:
    with pytest.raises(RequestValidationError) as info:
        get_adapter("qingbo").with_create_options(
            get_adapter("qingbo").create_call(VideoRequest(prompt="p")), wait=wait
        )
    assert info.value.field == "wait"
    assert "60" in str(info.value.allowed)


def test_wait_returns_the_finished_task_from_the_create() -> None:
    # real time, 100x: the mock's task (180 provider seconds) takes 1.8 s; a wait of
    # 60 provider seconds is 0.6 s, so the task must be near its end when it starts
    app = create_app("qingbo", api_key=KEY, time_scale=100.0, rate_limit=False)
    http = Recording(transport(app))
    with VideoClient("qingbo", api_key=KEY, transport=http) as client:
        first = client.create(VideoRequest(prompt="A cat"), idempotency_key="k-wait")
        time.sleep(1.5)
        # the same key returns the original task; Prefer: wait holds it until done
        task = client.create(VideoRequest(prompt="A cat"), idempotency_key="k-wait", wait=60)
    assert task.id == first.id
    assert task.status is TaskStatus.COMPLETED
    assert task.video_urls
    assert task.cost is not None
    assert task.cost.unit == "quota"
    assert task.cost.amount > 0
    assert http.requests[1].headers["prefer"] == "wait=60"
    assert "prefer" not in http.requests[0].headers
    http.close()


def test_wait_that_runs_out_returns_the_current_state_and_the_pre_deducted_cost() -> None:
    clock = Clock()
    app = mock(clock=clock, time_scale=1.0)
    client, http = client_for(app, clock)
    with client:
        task = client.create(VideoRequest(prompt="A cat"), wait=1)
        assert task.status in (TaskStatus.QUEUED, TaskStatus.IN_PROGRESS)
        assert task.cost is not None
        assert task.cost.amount == 45000 * 4  # 720p, 4 s
        # a waited create gets that much more read timeout
        call = client._core.create_call(VideoRequest(prompt="p"), idempotency_key=None, wait=30)
        timeout = client._core.request_kwargs(call)["timeout"]
        assert timeout.read == client._core.timeout.read + 30  # type: ignore[operator]
    http.close()


# ------------------------------------------------------------------------ the mock's key rule
def _post(c: httpx.Client, key: str | None) -> httpx.Response:
    headers = {"Authorization": f"Bearer {KEY}"}
    if key is not None:
        headers["Idempotency-Key"] = key
    return c.post("/v1/tasks", json={"model": "sora-2", "prompt": "A cat"}, headers=headers)


def test_mock_same_key_within_24_hours_returns_the_original_task() -> None:
    clock = Clock()
    app = mock(clock=clock)
    state: MockState = app.state.mock
    with httpx.Client(transport=transport(app), base_url="https://qingbo.dev") as c:
        first = _post(c, "same").json()
        clock.now += 23 * 3600
        again = _post(c, "same").json()
        assert again["task_id"] == first["task_id"]
        assert len(state.tasks) == 1
        other = _post(c, "other").json()
        assert other["task_id"] != first["task_id"]
        unkeyed = [_post(c, None).json()["task_id"] for _ in range(2)]
        assert len(set(unkeyed)) == 2
        assert len(state.tasks) == 4
        clock.now += 1 * 3600 + 1  # more than 24 h after the first create
        late = _post(c, "same").json()
        assert late["task_id"] != first["task_id"]
        assert len(state.tasks) == 5


def test_mock_keyed_repeat_is_not_charged_again() -> None:
    clock = Clock()
    app = mock(clock=clock)
    state: MockState = app.state.mock
    with httpx.Client(transport=transport(app), base_url="https://qingbo.dev") as c:
        _post(c, "charge-once")
        balance = state.credits
        _post(c, "charge-once")
        assert state.credits == balance


# ------------------------------------------------------------------- quota_window_exceeded
@pytest.mark.parametrize("where", ["error", "top"])
def test_quota_window_exceeded_waits_until_reset_at(where: str) -> None:
    reset = datetime.now(UTC) + timedelta(seconds=30)
    fields = {"window": "1h", "used": 100, "cap": 100, "reset_at": int(reset.timestamp())}
    error: dict[str, Any] = {"message": "quota", "code": "quota_window_exceeded"}
    body: dict[str, Any] = {"error": error}
    (error if where == "error" else body).update(fields)
    exc = get_adapter("qingbo").api_error(429, json.dumps(body).encode(), {}, creating=True)
    assert isinstance(exc, RateLimitError)
    assert exc.retry_after is not None
    assert 25 <= exc.retry_after <= 31


def test_a_plain_429_keeps_the_retry_after_header() -> None:
    body = json.dumps({"error": {"message": "Rate limit exceeded"}}).encode()
    exc = get_adapter("qingbo").api_error(429, body, {"Retry-After": "7"}, creating=False)
    assert isinstance(exc, RateLimitError)
    assert exc.retry_after == 7.0
