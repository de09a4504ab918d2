"""``callback_app`` under a flood, a replay and slow or odd callers (issue 11).

Before: 100 forged callbacks spent the confirmation budget so the real one got
503; every replay called the handler again; the answer told an unauthenticated
caller whether a task existed and its state; a slow body held the connection;
a sync handler blocked the loop; an odd id gave 500.
"""

from __future__ import annotations

import json
import threading
from collections.abc import AsyncIterator
from typing import Any

import anyio
import httpx
import pytest

from soravideo import AsyncVideoClient, Task, TaskStatus, VideoRequest
from soravideo.batch import RateLimit
from soravideo.callbacks import callback_app
from soravideo.mock import async_transport, create_app

T0 = 1_790_000_000.0
PROVIDER = "firebirdgen"
"""10 requests/s documented; sends each callback once."""
KEY = "sk-Wm3q9ZxL0vB7nR2t"


class Clock:
    def __init__(self) -> None:
        self.now = T0

    def __call__(self) -> float:
        return self.now


class Counting(httpx.AsyncBaseTransport):
    """Counts status queries and the most running at once."""

    def __init__(self, inner: httpx.AsyncBaseTransport) -> None:
        self.inner = inner
        self.gets: list[str] = []
        self.running = 0
        self.most = 0

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if request.method == "GET":
            self.gets.append(str(request.url))
        self.running += 1
        self.most = max(self.most, self.running)
        try:
            await anyio.sleep(0.005)
            return await self.inner.handle_async_request(request)
        finally:
            self.running -= 1


class CountingLimit(RateLimit):
    """soravideo.batch's limiter, counting its permits."""

    def __init__(self, requests: int, per_seconds: float) -> None:
        super().__init__(requests, per_seconds)
        self.permits = 0

    async def acquire(self) -> None:
        self.permits += 1
        await super().acquire()


class World:
    def __init__(self, **kwargs: Any) -> None:
        self.clock = Clock()
        self.mock = create_app(
            PROVIDER, api_key=KEY, clock=self.clock, rate_limit=False, deliver_callbacks=False
        )
        self.state = self.mock.state.mock
        self.to_mock = Counting(async_transport(self.mock))
        self.client = AsyncVideoClient(PROVIDER, api_key=KEY, transport=self.to_mock)
        self.handled: list[Task] = []
        self.limit = CountingLimit(1000, 1.0)
        kwargs.setdefault("rate_limit", self.limit)
        self.app = callback_app(self.client, kwargs.pop("handler", self.handle), **kwargs)

    async def handle(self, task: Task) -> None:
        self.handled.append(task)

    def payload(self, task_id: str) -> dict[str, Any]:
        task = self.state.tasks[task_id]
        return dict(self.state.adapter.callback_payload(task, self.state.snapshot(task_id)))

    def receiver(self) -> httpx.AsyncClient:
        return httpx.AsyncClient(
            transport=httpx.ASGITransport(app=self.app), base_url="https://hooks.example.com"
        )

    async def finished(self) -> Task:
        task = await self.client.create(VideoRequest(prompt="A cat"))
        self.clock.now += 10_000
        return task


def forge(payload: dict[str, Any], real: str, fake: str) -> bytes:
    return json.dumps(payload).replace(real, fake).encode()


def run(body: Any, **kwargs: Any) -> World:
    w = World(**kwargs)

    async def main() -> None:
        try:
            await body(w)
        finally:
            await w.client.aclose()
            await w.limit.aclose()
            await w.state.aclose()

    anyio.run(main)
    return w


def test_a_flood_of_forged_callbacks_cannot_starve_the_real_one() -> None:
    answers: list[httpx.Response] = []

    async def body(w: World) -> None:
        real = await w.finished()
        payload = w.payload(real.id)
        bodies = [forge(payload, real.id, f"{real.id[:-6]}{i:06d}") for i in range(100)]
        bodies.insert(50, json.dumps(payload).encode())
        async with w.receiver() as http:

            async def post(content: bytes) -> None:
                answers.append(await http.post("/", content=content))

            async with anyio.create_task_group() as group:
                for content in bodies:
                    group.start_soon(post, content)

    w = run(body, max_concurrency=4)
    assert [a.status_code for a in answers] == [200] * 101
    assert {a.content for a in answers} == {b'{"received":true}'}
    (handled,) = w.handled
    assert handled.status is TaskStatus.COMPLETED
    assert w.to_mock.most <= 4  # bounded concurrency
    assert w.limit.permits == len(w.to_mock.gets) == 101  # every confirmation paced


def test_a_replayed_callback_reaches_the_handler_once_and_is_confirmed_once() -> None:
    async def body(w: World) -> None:
        real = await w.finished()
        content = json.dumps(w.payload(real.id)).encode()
        async with w.receiver() as http:
            for _ in range(5):
                assert (await http.post("/", content=content)).status_code == 200

    w = run(body)
    assert len(w.handled) == 1
    assert len(w.to_mock.gets) == 1  # the recent terminal result was reused


def test_a_new_state_of_the_same_task_is_delivered_too() -> None:
    async def body(w: World) -> None:
        task = await w.client.create(VideoRequest(prompt="A cat"))
        async with w.receiver() as http:
            running = json.dumps(w.payload(task.id)).encode()
            await http.post("/", content=running)
            await http.post("/", content=running)
            w.clock.now += 10_000
            await http.post("/", content=json.dumps(w.payload(task.id)).encode())

    w = run(body)
    statuses = [t.status for t in w.handled]
    assert statuses[-1] is TaskStatus.COMPLETED
    assert len(statuses) == len(set(statuses)) == 2


def test_answers_look_the_same_whether_the_task_exists_or_not() -> None:
    answers: list[httpx.Response] = []

    async def body(w: World) -> None:
        done = await w.finished()
        running = await w.client.create(VideoRequest(prompt="A dog"))
        payload = w.payload(done.id)
        async with w.receiver() as http:
            for content in (
                json.dumps(payload).encode(),
                forge(payload, done.id, running.id),  # a stale claim
                forge(payload, done.id, done.id[:-6] + "f0f0f0"),  # no such task
            ):
                answers.append(await http.post("/", content=content))

    run(body)
    assert len({(a.status_code, a.content, tuple(sorted(a.headers.items()))) for a in answers}) == 1


def test_a_slow_body_gets_408() -> None:
    answers: list[int] = []

    async def drip() -> AsyncIterator[bytes]:
        yield b'{"a": '
        await anyio.sleep(5)
        yield b"1}"

    async def body(w: World) -> None:
        async with w.receiver() as http:
            with anyio.fail_after(3):
                answers.append((await http.post("/", content=drip())).status_code)

    run(body, body_timeout=0.2)
    assert answers == [408]


def test_a_sync_handler_runs_in_a_worker_thread() -> None:
    threads: list[threading.Thread] = []
    loop_thread: list[threading.Thread] = []

    def handler(task: Task) -> None:
        threads.append(threading.current_thread())

    async def body(w: World) -> None:
        loop_thread.append(threading.current_thread())
        real = await w.finished()
        async with w.receiver() as http:
            await http.post("/", content=json.dumps(w.payload(real.id)).encode())

    run(body, handler=handler)
    assert len(threads) == 1
    assert threads[0] is not loop_thread[0]


@pytest.mark.parametrize(
    "bad_id", ["a/../b", "x" * 1000, "id with spaces", "\ud800", "t\u00e9st", "\n", "?x=1"]
)
def test_malformed_task_ids_get_400(bad_id: str) -> None:
    answers: list[int] = []

    async def body(w: World) -> None:
        real = await w.finished()
        payload = w.payload(real.id)
        content = json.dumps(payload).replace(json.dumps(real.id), json.dumps(bad_id)).encode()
        async with w.receiver() as http:
            answers.append((await http.post("/", content=content)).status_code)

    w = run(body)
    assert answers == [400]
    assert w.to_mock.gets == []
