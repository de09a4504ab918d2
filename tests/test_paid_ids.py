"""No paid id is lost: every error raised once a task exists carries its id.

``generate()`` (sync and async) after the create succeeded, ``wait()`` by id,
``download()``: the error's ``task_id`` (and ``task``) and its message name
the task. Cancellation gets the id as a note. Each test failed on the code
before issue 11: a polling failure raised a ``ServerError`` with no task.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import anyio
import pytest

from soravideo import (
    PROVIDERS,
    APIConnectionError,
    AsyncVideoClient,
    ProviderResponseError,
    RequestValidationError,
    ServerError,
    SoraVideoError,
    Task,
    VideoClient,
    VideoRequest,
    WaitTimeoutError,
)
from soravideo.errors import attach_task
from soravideo.mock import async_transport, create_app, transport

T0 = 1_790_000_000.0


def key_for(provider: str) -> str:
    return f"sk-paid-ids-{provider}-7Hq2Lw9c"


class Clock:
    def __init__(self) -> None:
        self.now = T0

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.now += seconds

    async def asleep(self, seconds: float) -> None:
        self.now += seconds


def world(provider: str) -> tuple[Any, Clock]:
    clock = Clock()
    app = create_app(
        provider,
        api_key=key_for(provider),
        clock=clock,
        rate_limit=False,
        credits=1e6,
        deliver_callbacks=False,
    )
    return app, clock


def sync_client(provider: str, app: Any, clock: Clock) -> VideoClient:
    client = VideoClient(
        provider, api_key=key_for(provider), transport=transport(app), max_retries=1
    )
    client._sleep = clock.sleep
    client._clock = clock
    return client


def assert_names(error: SoraVideoError, task_id: str) -> None:
    assert error.task_id == task_id
    assert task_id in str(error)


@pytest.mark.parametrize("provider", PROVIDERS)
@pytest.mark.parametrize("fault", ["500", "drop", "malformed"])
def test_a_polling_failure_in_generate_carries_the_task(provider: str, fault: str) -> None:
    app, clock = world(provider)
    app.state.mock.inject("get_task", fault, times=10)
    with sync_client(provider, app, clock) as client, pytest.raises(SoraVideoError) as info:
        client.generate(VideoRequest(prompt="A cat"))
    (held,) = app.state.mock.tasks
    assert isinstance(info.value, ServerError | APIConnectionError | ProviderResponseError)
    assert_names(info.value, held)
    assert info.value.task is not None
    assert info.value.task.id == held


@pytest.mark.parametrize("provider", ["evolink", "qingbo"])
def test_a_polling_failure_in_async_generate_carries_the_task(provider: str) -> None:
    app, clock = world(provider)
    app.state.mock.inject("get_task", "503", times=10)
    caught: list[SoraVideoError] = []

    async def main() -> None:
        client = AsyncVideoClient(
            provider, api_key=key_for(provider), transport=async_transport(app), max_retries=1
        )
        client._sleep = clock.asleep
        client._clock = clock
        async with client:
            try:
                await client.generate(VideoRequest(prompt="A cat"))
            except SoraVideoError as exc:
                caught.append(exc)
        await app.state.mock.aclose()

    anyio.run(main)
    (held,) = app.state.mock.tasks
    (error,) = caught
    assert isinstance(error, ServerError)
    assert_names(error, held)


def test_wait_timeout_and_wait_by_id_carry_the_id() -> None:
    app, clock = world("evolink")
    with sync_client("evolink", app, clock) as client:
        task = client.create(VideoRequest(prompt="A cat"))
        with pytest.raises(WaitTimeoutError) as timeout:
            client.wait(task.id, timeout=1)
        assert_names(timeout.value, task.id)
        app.state.mock.inject("get_task", "500", times=10)
        with pytest.raises(ServerError) as failed:
            client.wait(task.id)
        assert_names(failed.value, task.id)


def test_cancelling_async_generate_notes_the_task_id() -> None:
    app, clock = world("evolink")
    notes: list[str] = []

    async def main() -> None:
        client = AsyncVideoClient(
            "evolink", api_key=key_for("evolink"), transport=async_transport(app)
        )
        client._clock = clock

        async def slow_sleep(seconds: float) -> None:
            raise KeyboardInterrupt  # Ctrl-C while waiting between polls

        client._sleep = slow_sleep
        async with client:
            try:
                await client.generate(VideoRequest(prompt="A cat"))
            except KeyboardInterrupt as exc:
                notes.extend(getattr(exc, "__notes__", []))
        await app.state.mock.aclose()

    anyio.run(main)
    (held,) = app.state.mock.tasks
    assert any(held in note for note in notes), notes


def test_a_download_failure_carries_the_task(tmp_path: Path) -> None:
    app, clock = world("apixo")
    with sync_client("apixo", app, clock) as client:
        task = client.generate(VideoRequest(prompt="A cat"))
        app.state.mock.inject("download_video", "500", times=10)
        with pytest.raises(ServerError) as info:
            client.download(task, tmp_path)
        assert_names(info.value, task.id)
        assert info.value.task == task


def test_an_unreadable_2xx_create_answer_may_have_created() -> None:
    app, clock = world("firebirdgen")
    app.state.mock.inject("create_task", "malformed-after-create")
    with (
        sync_client("firebirdgen", app, clock) as client,
        pytest.raises(ProviderResponseError) as info,
    ):
        client.create(VideoRequest(prompt="A cat"))
    assert info.value.may_have_created
    assert app.state.mock.tasks


def test_every_error_has_task_attributes_defaulting_to_none() -> None:
    error = RequestValidationError("bad", field="x")
    assert error.task_id is None
    assert error.task is None
    task = Task(provider="evolink", id="task-1", status="queued")  # type: ignore[arg-type]
    attach_task(error, task)
    attach_task(error, task)  # idempotent
    assert error.task_id == "task-1"
    assert error.task is task
    assert str(error).count("task-1") == 1
