"""``soravideo.callbacks.callback_app`` receiving the mock providers' own webhooks.

The mock delivers its callbacks in process (``callback_transport`` is an
``httpx.ASGITransport`` over the receiver), and the receiver confirms each one
through an ``AsyncVideoClient`` on the same mock: one event loop, no sockets.
"""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator
from typing import Any

import anyio
import httpx
import pytest
from starlette.applications import Starlette
from starlette.types import ASGIApp, Receive, Scope, Send

from soravideo import (
    PROVIDERS,
    AsyncVideoClient,
    RequestValidationError,
    Task,
    TaskStatus,
    VideoRequest,
)
from soravideo.callbacks import callback_app, sends_callbacks
from soravideo.mock import async_transport, create_app

T0 = 1_790_000_000.0
HOOK = "https://hooks.example.com/sora"
CALLBACK_PROVIDERS = [p for p in PROVIDERS if sends_callbacks(p)]


def key_for(provider: str) -> str:
    return f"sk-cb-{provider}-5ecret-19e0b7"


class Clock:
    def __init__(self) -> None:
        self.now = T0

    def __call__(self) -> float:
        return self.now


class Forward:
    """An ASGI app forwarding to ``target``, set later (the receiver needs the mock first)."""

    def __init__(self) -> None:
        self.target: ASGIApp | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        assert self.target is not None
        await self.target(scope, receive, send)


class Counting(httpx.AsyncBaseTransport):
    """Counts the requests the receiver's client sends to the mock."""

    def __init__(self, inner: httpx.AsyncBaseTransport) -> None:
        self.inner = inner
        self.requests: list[httpx.Request] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        return await self.inner.handle_async_request(request)


class World:
    """A mock provider, a receiver app confirming through it, and what the handler got."""

    def __init__(self, provider: str, **receiver_kwargs: Any) -> None:
        self.provider = provider
        self.clock = Clock()
        self.forward = Forward()
        self.mock = create_app(
            provider,
            api_key=key_for(provider),
            clock=self.clock,
            time_scale=10.0,
            rate_limit=False,
            callback_transport=httpx.ASGITransport(app=self.forward),
        )
        self.state = self.mock.state.mock
        self.to_mock = Counting(async_transport(self.mock))
        self.client = AsyncVideoClient(provider, api_key=key_for(provider), transport=self.to_mock)
        self.handled: list[Task] = []
        self.receiver: Starlette = callback_app(
            self.client, self.handle, path="/sora", **receiver_kwargs
        )
        self.forward.target = self.receiver

    async def handle(self, task: Task) -> None:
        self.handled.append(task)

    async def finish(self, prompt: str = "A cat") -> Task:
        """Create a task with a callback, let it finish, let the mock deliver."""
        created = await self.client.create(VideoRequest(prompt=prompt, callback_url=HOOK))
        await self.state.flush_callbacks()
        assert self.handled == []  # nothing delivered before the task ends
        self.clock.now += 1000
        await self.state.flush_callbacks()
        return created

    def post(self) -> httpx.AsyncClient:
        return httpx.AsyncClient(
            transport=httpx.ASGITransport(app=self.receiver), base_url="https://hooks.example.com"
        )

    async def close(self) -> None:
        await self.client.aclose()
        await self.state.aclose()


def run(provider: str, body: Any, **kwargs: Any) -> World:
    """Run ``body(world)`` in a fresh event loop; return the world for assertions."""
    w = World(provider, **kwargs)

    async def main() -> None:
        try:
            await body(w)
        finally:
            await w.close()

    anyio.run(main)
    return w


@pytest.mark.parametrize("provider", CALLBACK_PROVIDERS)
def test_the_mocks_callback_reaches_the_handler_confirmed(provider: str) -> None:
    created: list[Task] = []

    async def body(w: World) -> None:
        created.append(await w.finish())
        confirmed = await w.client.get(created[0].id)
        assert w.handled == [confirmed]

    w = run(provider, body)
    (attempt,) = w.state.callback_log
    assert attempt.status_code == 200
    assert attempt.url == HOOK
    (task,) = w.handled
    assert task.id == created[0].id
    assert task.status is TaskStatus.COMPLETED
    assert task.video_urls  # the confirmed task, with its result URLs
    # create, then the receiver's confirming status query, then the test's own query
    assert len(w.to_mock.requests) == 3


@pytest.mark.parametrize("provider", CALLBACK_PROVIDERS)
def test_a_stale_callback_hands_over_the_state_the_provider_confirms(provider: str) -> None:
    async def body(w: World) -> None:
        done = await w.finish()
        (attempt,) = w.state.callback_log
        w.handled.clear()
        running = await w.client.create(VideoRequest(prompt="A dog"))
        claim = json.dumps(attempt.payload).replace(done.id, running.id)
        async with w.post() as http:
            response = await http.post(
                "/sora", content=claim, headers={"content-type": "application/json"}
            )
        assert response.status_code == 200
        (task,) = w.handled
        assert task.id == running.id
        # the payload claimed "finished"; the provider says it is not
        assert task.status in (TaskStatus.QUEUED, TaskStatus.IN_PROGRESS)
        assert not task.video_urls
        assert response.json() == {"received": True}  # the same whatever the state

    run(provider, body)


@pytest.mark.parametrize("provider", CALLBACK_PROVIDERS)
def test_a_failed_task_is_handed_over_with_its_error(provider: str) -> None:
    async def body(w: World) -> None:
        await w.finish("A cat FAIL_CONTENT")

    w = run(provider, body)
    (task,) = w.handled
    assert task.status is TaskStatus.FAILED
    assert task.error is not None
    assert "Content violates usage policy" in task.error.message


@pytest.mark.parametrize("provider", CALLBACK_PROVIDERS)
def test_a_forged_callback_is_refused_and_not_handled(provider: str) -> None:
    async def body(w: World) -> None:
        created = await w.finish()
        (attempt,) = w.state.callback_log
        w.handled.clear()
        forged_id = created.id[:-6] + "f0f0f0"
        assert forged_id not in w.state.tasks
        forged = json.dumps(attempt.payload).replace(created.id, forged_id)
        assert forged_id in forged
        async with w.post() as http:
            response = await http.post(
                "/sora", content=forged, headers={"content-type": "application/json"}
            )
        # the same answer as for a real task: an unauthenticated caller learns nothing
        assert response.status_code == 200
        assert response.json() == {"received": True}
        assert w.handled == []
        # the forged id was looked up at the provider
        lookups = [r for r in w.to_mock.requests if forged_id in str(r.url) + r.content.decode()]
        assert lookups

    run(provider, body)


@pytest.mark.parametrize("provider", CALLBACK_PROVIDERS)
@pytest.mark.parametrize(
    "content", [b"{not json", b"", b"[]", b'{"hello": "world"}', b'{"data": 42}']
)
def test_a_body_that_is_not_the_providers_payload_is_400(provider: str, content: bytes) -> None:
    async def body(w: World) -> None:
        async with w.post() as http:
            response = await http.post(
                "/sora", content=content, headers={"content-type": "application/json"}
            )
        assert response.status_code == 400
        assert w.handled == []
        assert w.to_mock.requests == []  # nothing worth confirming

    run(provider, body)


@pytest.mark.parametrize("provider", CALLBACK_PROVIDERS)
def test_an_oversized_body_is_413(provider: str) -> None:
    async def chunks() -> AsyncIterator[bytes]:
        for _ in range(8):
            yield b" " * 512

    async def body(w: World) -> None:
        async with w.post() as http:
            declared = await http.post("/sora", content=b"{" + b" " * 5000 + b"}")
            streamed = await http.post("/sora", content=chunks())  # no Content-Length
            wrong_method = await http.get("/sora")
        assert declared.status_code == 413
        assert streamed.status_code == 413
        assert wrong_method.status_code == 405
        assert w.handled == []
        assert w.to_mock.requests == []

    run(provider, body, max_body_bytes=2048)


def test_freesoragenerator_has_no_callbacks() -> None:
    client = AsyncVideoClient("freesoragenerator", api_key=key_for("freesoragenerator"))
    with pytest.raises(RequestValidationError) as info:
        callback_app(client, lambda task: None)
    assert info.value.field == "callback_url"
    assert "freesoragenerator" in str(info.value)


def test_a_failing_handler_is_logged_and_the_provider_still_gets_200(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)

    def broken(task: Task) -> None:
        raise RuntimeError(f"handler broke on {task.id}")

    w = World("evolink")
    w.receiver = callback_app(w.client, broken, path="/sora")
    w.forward.target = w.receiver

    async def main() -> None:
        try:
            await w.finish()
        finally:
            await w.close()

    anyio.run(main)
    (attempt,) = w.state.callback_log
    assert attempt.status_code == 200
    assert "callback handler failed" in caplog.text
    assert key_for("evolink") not in caplog.text


def test_without_confirmation_the_parsed_callback_is_handed_over() -> None:
    async def body(w: World) -> None:
        created = await w.finish()
        (task,) = w.handled
        assert task.id == created.id
        assert task.status is TaskStatus.COMPLETED
        assert len(w.to_mock.requests) == 1  # the create only: nothing was confirmed

    run("qingbo", body, confirm=False)
