"""``soravideo.batch`` and ``soravideo batch``: jobs files, the journal, kill/resume, rate limits.

Everything runs against the mock providers, in process (``async_transport``) or
served on 127.0.0.1 (``MockServer``). The Redis test starts its own
``redis-server`` on a free loopback port and is skipped only where
``redis-server`` is not installed.
"""

from __future__ import annotations

import collections
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import anyio
import pytest
from starlette.types import ASGIApp, Receive, Scope, Send
from typer.testing import CliRunner

from soravideo import PROVIDERS, AsyncVideoClient, VideoClient, VideoRequest
from soravideo.batch import (
    JOURNAL_NAME,
    BadLine,
    Job,
    Journal,
    JournalError,
    RateLimit,
    check_jobs,
    make_rate_limit,
    provider_rate_limit,
    read_jobs,
    run_batch,
)
from soravideo.cli import app as cli_app
from soravideo.mock import MockServer, async_transport, create_app, transport, video_bytes

KEY = "sk-batch-test-0123456789"


class Log:
    """ASGI middleware: (arrival time, method, path, status) of every request."""

    def __init__(self, app: ASGIApp, entries: list[tuple[float, str, str, int]]) -> None:
        self.app = app
        self.entries = entries

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        arrived = time.monotonic()
        status = {"code": 0}

        async def send_status(message: Any) -> None:
            if message["type"] == "http.response.start":
                status["code"] = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, send_status)
        finally:
            self.entries.append((arrived, scope["method"], scope["path"], status["code"]))


def mock(provider: str = "evolink", time_scale: float = 3000.0, **options: Any) -> Any:
    options.setdefault("rate_limit", False)
    return create_app(
        provider, api_key=KEY, time_scale=time_scale, deliver_callbacks=False, **options
    )


def jobs_of(count: int, prefix: str = "scene", duration: int = 10) -> list[Job]:
    return [
        Job(i + 1, f"{prefix}-{i:04d}", VideoRequest(prompt=f"{prefix} {i:04d}", duration=duration))
        for i in range(count)
    ]


def prompts(app: Any) -> collections.Counter[str]:
    return collections.Counter(task.body["prompt"] for task in app.state.mock.tasks.values())


async def batch(app: Any, jobs: list[Job], out: Path, **kwargs: Any) -> Any:
    kwargs.setdefault("poll_interval", 0.02)
    kwargs.setdefault("concurrency", 8)
    return await run_batch(
        jobs,
        provider=app.state.mock.provider,
        out_dir=out,
        api_key=KEY,
        transport=async_transport(app),
        **kwargs,
    )


# --------------------------------------------------------------------------- read_jobs
BAD_FILE_LINES = [
    b'{"id": "intro", "prompt": "A cat playing piano", "duration": 10}',  # 1 good
    b"",  # 2 blank
    b"# a comment",  # 3 comment
    b'{"prompt": "Waves at dusk", "aspect_ratio": "9:16"}',  # 4 good, key line-4
    b'{"prompt": "unterminated",',  # 5 invalid JSON
    b'["not", "an", "object"]',  # 6 not an object
    b'{"prompt": "x", "colour": "red"}',  # 7 unknown field
    b'{"prompt": "x", "aspect_ratio": "4:3"}',  # 8 value no provider accepts
    b'{"prompt": "x", "duration": "10"}',  # 9 wrong type
    b'{"id": "intro", "prompt": "again"}',  # 10 duplicate id
    b'{"id": 5, "prompt": "x"}',  # 11 bad id
    b"{}",  # 12 no prompt
    b'{"prompt": "x", "duration": NaN}',  # 13 NaN
    b'{"prompt": "caf\xe9"}',  # 14 not UTF-8
    b'{"prompt": "x", "image": "https://e.x/a.png", "remix_of": "t1"}',  # 15 two modes
    b'{"shots": [{"prompt": "a"}]}',  # 16 bad shots
    b'{"prompt": "x", "extra": [1]}',  # 17 extra not an object
    b'{"prompt": "ok", "shots": [{"prompt": "a", "duration": 5}], "id": "board"}',  # 18 good
    b'{"id": "line-4", "prompt": "an explicit id like the old default ones"}',  # 19 good
]
EXPECTED_BAD = {
    5: "invalid JSON",
    6: "not a JSON object",
    7: "unknown field 'colour'",
    8: "aspect_ratio",
    9: "duration must be whole seconds",
    10: "duplicate id 'intro' (first on line 1)",
    11: "id must be a string",
    12: "prompt is required",
    13: "invalid JSON",
    14: "not UTF-8",
    15: "remix_of and image select different modes",
    16: "shots must be a list",
    17: "extra must be an object",
}


def write_jobs(path: Path, lines: list[bytes]) -> Path:
    path.write_bytes(b"\n".join(lines) + b"\n")
    return path


def test_read_jobs_reports_every_bad_line_with_its_number(tmp_path: Path) -> None:
    jobs, bad = read_jobs(write_jobs(tmp_path / "jobs.jsonl", BAD_FILE_LINES))
    assert [j.line for j in jobs] == [1, 4, 18, 19]
    assert [j.key for j in jobs][::2] == ["intro", "board"]
    assert re.fullmatch(r"job-[0-9a-f]{12}", jobs[1].key)  # a default id from the content
    assert jobs[3].key == "line-4"
    assert jobs[0].request == VideoRequest(prompt="A cat playing piano", duration=10)
    assert jobs[2].request.mode == "storyboard"
    assert [b.line for b in bad] == sorted(EXPECTED_BAD)
    for line in bad:
        assert EXPECTED_BAD[line.line] in line.error, line
        assert len(line.text) <= 80
    assert bad[0] == BadLine(5, '{"prompt": "unterminated",', bad[0].error)


def test_read_jobs_unreadable_file_raises_oserror(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        read_jobs(tmp_path / "missing.jsonl")


def test_check_jobs_applies_the_providers_own_rules() -> None:
    jobs = [
        Job(1, "a", VideoRequest(prompt="ok", duration=10)),
        Job(2, "b", VideoRequest(prompt="too long for evolink", duration=12)),
    ]
    accepted, bad = check_jobs(jobs, "evolink")
    assert accepted == jobs[:1]
    assert [(b.line, b.text) for b in bad] == [(2, "b")]
    assert "duration=12" in bad[0].error


# --------------------------------------------------------------------------- journal
def test_journal_is_exclusive_to_one_process_and_refuses_a_second_run(tmp_path: Path) -> None:
    path = tmp_path / "j.sqlite3"
    with Journal(path) as journal:
        with pytest.raises(JournalError, match="in use"):
            Journal(path)
        journal.begin(jobs_of(2), "evolink", resume=False)
    with Journal(path) as journal:
        with pytest.raises(JournalError, match="--resume"):
            journal.begin(jobs_of(2), "evolink", resume=False)
        with pytest.raises(JournalError, match="belongs to a batch for evolink"):
            journal.begin(jobs_of(2), "qingbo", resume=True)
        edited = [Job(1, "scene-0000", VideoRequest(prompt="something else"))]
        with pytest.raises(JournalError, match="differ"):
            journal.begin(edited, "evolink", resume=True)
        assert journal.counts()["pending"] == 2
    (tmp_path / "junk.sqlite3").write_bytes(b"not a database" * 100)
    with pytest.raises(JournalError, match="not an SQLite file"):
        Journal(tmp_path / "junk.sqlite3")


def test_task_id_is_committed_before_anything_else_happens(tmp_path: Path) -> None:
    """Stop the run the instant the create answers: the id is already in the journal."""
    log: list[tuple[float, str, str, int]] = []
    inner = mock()
    app = Log(inner, log)
    created: list[str] = []

    class StopRightAfterCreate:
        def __init__(self, client: AsyncVideoClient, scope: anyio.CancelScope) -> None:
            self.client, self.scope = client, scope

        async def create(self, request: VideoRequest) -> Any:
            task = await self.client.create(request)
            created.append(task.id)
            self.scope.cancel()  # "kill" here: nothing after this may run
            return task

        def __getattr__(self, name: str) -> Any:
            return getattr(self.client, name)

    async def main() -> None:
        async with AsyncVideoClient(
            "evolink", api_key=KEY, transport=async_transport(app)
        ) as client:
            with anyio.CancelScope() as scope:
                await run_batch(
                    jobs_of(3),
                    provider="evolink",
                    out_dir=tmp_path,
                    concurrency=1,
                    client=StopRightAfterCreate(client, scope),  # type: ignore[arg-type]
                )
            assert scope.cancelled_caught

    anyio.run(main)
    assert len(created) == 1
    assert [(m, p) for _, m, p, _ in log] == [("POST", "/v1/videos/generations")]
    with Journal(tmp_path / JOURNAL_NAME) as journal:
        entries = {e.key: e for e in journal.entries()}
    assert entries["scene-0000"].state == "created"
    assert entries["scene-0000"].task_id == created[0] in inner.state.mock.tasks
    assert {entries[k].state for k in ("scene-0001", "scene-0002")} == {"pending"}


def test_a_stop_lets_a_create_on_the_way_get_its_answer(tmp_path: Path) -> None:
    """Ctrl-C while a create is in flight: the answer is awaited (CREATE_GRACE) and kept."""
    app = mock()
    app.state.mock.inject("create_task", "slow=0.4", times=1)

    async def main() -> None:
        with anyio.move_on_after(0.1) as scope:
            await batch(app, jobs_of(1), tmp_path)
        assert scope.cancelled_caught

    started = time.monotonic()
    anyio.run(main)
    assert time.monotonic() - started >= 0.35  # waited for the answer
    with Journal(tmp_path / JOURNAL_NAME) as journal:
        (entry,) = journal.entries()
    assert entry.state == "created"
    assert entry.task_id in app.state.mock.tasks


def test_creating_on_resume_becomes_may_exist_and_is_never_resent(tmp_path: Path) -> None:
    app = mock()
    jobs = jobs_of(2)
    with Journal(tmp_path / JOURNAL_NAME) as journal:  # a run killed mid-create
        journal.begin(jobs, "evolink", resume=False)
        journal.mark_creating("scene-0000")
    for _ in range(2):
        summary = anyio.run(lambda: batch(app, jobs, tmp_path, resume=True))
        by_key = {r.key: r for r in summary.results}
        assert by_key["scene-0000"].state == "may_exist"
        assert "may exist" in (by_key["scene-0000"].error or "")
        assert by_key["scene-0001"].state == "downloaded"
        assert summary.may_exist == 1
        assert not summary.ok
    assert prompts(app) == {"scene 0001": 1}  # scene 0000 was never sent


def test_qingbo_a_create_killed_on_the_way_is_recovered_by_its_key_on_resume(
    tmp_path: Path,
) -> None:
    """Issue 10: the key was committed, the create reached qingbo, the answer was lost
    with the process; --resume re-sends with the same key and gets the original task."""
    app = mock("qingbo")
    jobs = [Job(1, "scene-0000", VideoRequest(prompt="scene 0000"))]
    with Journal(tmp_path / JOURNAL_NAME) as journal:  # a run killed mid-create
        journal.begin(jobs, "qingbo", resume=False)
        journal.mark_creating("scene-0000", "key-of-scene-0000")
    with VideoClient("qingbo", api_key=KEY, transport=transport(app)) as client:
        original = client.create(jobs[0].request, idempotency_key="key-of-scene-0000")
    assert len(app.state.mock.tasks) == 1  # the create the killed run sent
    for _ in range(2):  # resuming twice changes nothing
        summary = anyio.run(lambda: batch(app, jobs, tmp_path, resume=True))
        (result,) = summary.results
        assert result.state == "downloaded", result.error
        assert result.task_id == original.id
        assert summary.may_exist == 0
        assert len(app.state.mock.tasks) == 1  # one task, paid once
    assert summary.ok


def test_a_create_that_may_have_reached_the_provider_is_never_resent(tmp_path: Path) -> None:
    app = mock()
    app.state.mock.inject("create_task", "503-after-create", times=1)
    jobs = jobs_of(1)
    summary = anyio.run(lambda: batch(app, jobs, tmp_path))
    assert summary.results[0].state == "may_exist"
    assert summary.created == 0
    assert len(app.state.mock.tasks) == 1  # it did exist
    again = anyio.run(lambda: batch(app, jobs, tmp_path, resume=True))
    assert again.requests == 0
    assert again.results[0].state == "may_exist"
    assert len(app.state.mock.tasks) == 1


def test_refused_create_is_failed_and_failed_tasks_are_recorded(tmp_path: Path) -> None:
    app = mock()
    jobs = [
        Job(1, "broke", VideoRequest(prompt="FAIL_CREDITS please", duration=10)),
        Job(2, "banned", VideoRequest(prompt="FAIL_CONTENT please", duration=10)),
        Job(3, "fine", VideoRequest(prompt="fine", duration=10)),
    ]
    summary = anyio.run(lambda: batch(app, jobs, tmp_path))
    by_key = {r.key: r for r in summary.results}
    assert by_key["broke"].state == "failed"
    assert by_key["broke"].task_id is None
    assert by_key["banned"].state == "failed"
    assert by_key["banned"].task_id in app.state.mock.tasks
    assert by_key["fine"].state == "downloaded"
    assert (summary.failed, summary.downloaded, summary.created) == (2, 1, 2)
    again = anyio.run(lambda: batch(app, jobs, tmp_path, resume=True))
    assert again.requests == 0
    assert all(r.skipped for r in again.results)


def test_resume_continues_created_and_completed_jobs_with_their_ids(tmp_path: Path) -> None:
    app = mock()
    jobs = jobs_of(3)
    first = anyio.run(lambda: batch(app, jobs, tmp_path, download=False))
    assert {r.state for r in first.results} == {"completed"}
    assert first.ok
    assert not list(tmp_path.glob("*.mp4"))

    async def create_outside() -> str:  # a task the journal knows only by id
        async with AsyncVideoClient("evolink", api_key=KEY, transport=async_transport(app)) as c:
            return (await c.create(VideoRequest(prompt="scene 0003", duration=10))).id

    extra = Job(4, "scene-0003", VideoRequest(prompt="scene 0003", duration=10))
    task_id = anyio.run(create_outside)
    with Journal(tmp_path / JOURNAL_NAME) as journal:
        journal.begin([*jobs, extra], "evolink", resume=True)
        journal.mark_creating(extra.key)
        journal.record_created(extra.key, task_id)
    second = anyio.run(lambda: batch(app, [*jobs, extra], tmp_path, resume=True))
    assert second.created == 0
    assert second.downloaded == 4
    assert second.ok
    assert len(app.state.mock.tasks) == 4
    assert {r.key: r.task_id for r in second.results}["scene-0003"] == task_id
    for r in second.results:
        assert r.path == tmp_path / f"{r.key}.mp4"
        assert r.path.read_bytes() == video_bytes()
    third = anyio.run(lambda: batch(app, [*jobs, extra], tmp_path, resume=True))
    assert (third.requests, third.created) == (0, 0)
    assert all(r.skipped for r in third.results)


def test_a_polling_error_leaves_the_job_resumable(tmp_path: Path) -> None:
    app = mock()
    app.state.mock.inject("get_task", "malformed", times=1)
    summary = anyio.run(lambda: batch(app, jobs_of(1), tmp_path))
    (result,) = summary.results
    assert result.state == "created"
    assert result.error
    assert summary.unfinished == 1
    again = anyio.run(lambda: batch(app, jobs_of(1), tmp_path, resume=True))
    assert again.results[0].state == "downloaded"
    assert again.created == 0
    assert len(app.state.mock.tasks) == 1


# --------------------------------------------------------------------------- kill and resume
def test_1000_jobs_killed_halfway_and_resumed_without_a_duplicate_create(tmp_path: Path) -> None:
    app = mock(time_scale=3000)
    state = app.state.mock
    jobs = jobs_of(1000)

    async def first_run() -> None:
        async with anyio.create_task_group() as group:

            async def kill_halfway() -> None:
                while len(state.tasks) < 500:
                    await anyio.sleep(0.002)
                group.cancel_scope.cancel()

            group.start_soon(kill_halfway)
            await batch(app, jobs, tmp_path, concurrency=50, poll_interval=0.05)
            pytest.fail("the batch finished before it was killed")

    started = time.monotonic()
    anyio.run(first_run)
    with Journal(tmp_path / JOURNAL_NAME) as journal:
        counts = journal.counts()
        entries = journal.entries()
    created_first = len(state.tasks)
    assert 500 <= created_first < 1000
    assert counts["creating"] == 0  # every create on the way got its answer recorded
    assert counts["pending"] == 1000 - created_first
    print(f"killed with {created_first} created; {counts}")
    assert sum(e.task_id is not None for e in entries) == created_first

    summary = anyio.run(
        lambda: batch(app, jobs, tmp_path, resume=True, concurrency=50, poll_interval=0.05)
    )
    assert summary.ok
    assert summary.created == 1000 - created_first
    assert summary.downloaded == summary.completed == 1000
    assert len(state.tasks) == 1000  # no duplicate create
    assert set(prompts(app).values()) == {1}
    for job, result in zip(jobs, summary.results, strict=True):
        assert state.tasks[result.task_id].body["prompt"] == job.request.prompt
        assert result.path == tmp_path / f"{job.key}.mp4"
    assert len(list(tmp_path.glob("*.mp4"))) == 1000
    print(f"killed and resumed in {time.monotonic() - started:.1f} s")  # speed: nox -s bench


@pytest.fixture
def served_evolink() -> Iterator[tuple[MockServer, list[tuple[float, str, str, int]]]]:
    log: list[tuple[float, str, str, int]] = []
    server = MockServer(Log(mock(time_scale=3000), log))  # type: ignore[arg-type]
    with server:
        yield server, log


def _cli(*args: str) -> list[str]:
    return [sys.executable, "-c", "from soravideo.cli import main; main()", *args]


def _jsonl(path: Path, count: int) -> Path:
    path.write_text(
        "".join(
            f'{{"id": "job-{i:03d}", "prompt": "take {i:03d}", "duration": 10}}\n'
            for i in range(count)
        )
    )
    return path


class HoldCreateAnswers:
    """ASGI middleware: a create is carried out at once, its answer sent ``seconds`` later
    (so a kill in between loses the answer of a task that exists)."""

    def __init__(self, app: ASGIApp, seconds: float) -> None:
        self.app = app
        self.seconds = seconds

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or (scope["method"], scope["path"]) != ("POST", "/v1/tasks"):
            await self.app(scope, receive, send)
            return
        answer: list[Any] = []

        async def keep(message: Any) -> None:
            answer.append(message)

        await self.app(scope, receive, keep)
        await anyio.sleep(self.seconds)
        for message in answer:
            await send(message)


def test_cli_qingbo_killed_mid_create_and_resumed_ends_with_one_task_per_job(
    tmp_path: Path,
) -> None:
    """Issue 10, end to end: SIGKILL while creates are on the way; on qingbo --resume
    re-sends them with their stored Idempotency-Key, so no job is left may_exist."""
    app = mock("qingbo", time_scale=3000)
    server = MockServer(HoldCreateAnswers(app, 0.3))  # type: ignore[arg-type]
    with server:
        tasks = app.state.mock.tasks
        jobs_file = tmp_path / "jobs.jsonl"
        jobs_file.write_text("".join(f'{{"prompt": "take {i:03d}"}}\n' for i in range(120)))
        out = tmp_path / "videos"
        command = _cli(
            "batch", str(jobs_file), "--provider", "qingbo", "--base-url", server.base_url,
            "--concurrency", "20", "--out", str(out), "--poll-interval", "0.05",
        )  # fmt: skip
        env = {**os.environ, "QINGBO_API_KEY": KEY, "PYTHONUNBUFFERED": "1"}
        proc = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 20
        while len(tasks) < 40 and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.002)
        assert proc.poll() is None, proc.communicate()
        proc.send_signal(signal.SIGKILL)
        proc.communicate(timeout=30)
        with Journal(out / JOURNAL_NAME) as journal:
            killed = collections.Counter(e.state for e in journal.entries())
        resumed = subprocess.run(
            [*command, "--resume"], env=env, capture_output=True, text=True, timeout=90, check=False
        )
        with Journal(out / JOURNAL_NAME) as journal:
            entries = journal.entries()
    print(f"killed: {dict(killed)}; resumed: {len(tasks)} tasks")
    assert killed["creating"] >= 1  # creates were on the way, their answers lost
    assert resumed.returncode == 0, resumed.stderr
    assert collections.Counter(e.state for e in entries) == {"downloaded": 120}
    per_prompt = collections.Counter(t.body["prompt"] for t in tasks.values())
    assert len(tasks) == 120
    assert set(per_prompt.values()) == {1}  # no job paid twice
    assert len({e.task_id for e in entries}) == 120


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGINT], ids=["SIGKILL", "SIGINT"])
def test_cli_killed_and_resumed_without_a_duplicate_create(
    sig: signal.Signals, served_evolink: Any, tmp_path: Path
) -> None:
    """A real process, killed (SIGKILL: no cleanup at all; SIGINT: Ctrl-C), then resumed."""
    server, _ = served_evolink
    tasks = server.app.app.state.mock.tasks
    jobs_file = _jsonl(tmp_path / "jobs.jsonl", 200)
    out = tmp_path / "videos"
    command = _cli(
        "batch", str(jobs_file), "--provider", "evolink", "--base-url", server.base_url,
        "--concurrency", "20", "--out", str(out), "--poll-interval", "0.05",
    )  # fmt: skip
    env = {**os.environ, "EVOLINK_API_KEY": KEY, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 20
    while len(tasks) < 80 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.005)
    assert proc.poll() is None, proc.communicate()
    proc.send_signal(sig)
    _, stderr = proc.communicate(timeout=30)
    if sig == signal.SIGINT:
        assert proc.returncode == 130, stderr
        assert b"--resume" in stderr
    else:
        assert proc.returncode == -signal.SIGKILL
    created_first = len(tasks)
    assert created_first < 200

    resumed = subprocess.run(
        [*command, "--resume"], env=env, capture_output=True, text=True, timeout=60, check=False
    )
    with Journal(out / JOURNAL_NAME) as journal:
        entries = {e.key: e for e in journal.entries()}
    counts = collections.Counter(e.state for e in entries.values())
    assert set(counts) <= {"downloaded", "may_exist"}, counts
    # no job was ever created twice, and every task the mock has is accounted for
    per_prompt = collections.Counter(t.body["prompt"] for t in tasks.values())
    assert set(per_prompt.values()) == {1}
    for key, entry in entries.items():
        prompt = f"take {key.removeprefix('job-')}"
        if entry.state == "downloaded":
            assert tasks[entry.task_id].body["prompt"] == prompt
            assert (out / f"{key}.mp4").read_bytes() == video_bytes()
        else:  # a create killed on the way: never re-sent, sent at most once
            assert per_prompt[prompt] <= 1
    assert counts["may_exist"] <= 20  # at most the creates in flight at the kill
    print(f"{sig.name}: {created_first} created before the kill, {len(tasks)} after; {counts}")
    if sig == signal.SIGINT:  # a graceful stop loses no id
        assert counts == {"downloaded": 200}
        assert len(tasks) == 200
    assert resumed.returncode == (0 if counts["may_exist"] == 0 else 1), resumed.stderr
    assert "soravideo batch: evolink" in resumed.stdout


# --------------------------------------------------------------------------- rate limiting
def test_documented_rate_limits_are_read_from_the_specs() -> None:
    assert provider_rate_limit("firebirdgen") == (10, 1.0)
    assert provider_rate_limit("apixo") == (10000, 60.0)
    assert provider_rate_limit("evolink") is None
    assert make_rate_limit("evolink") is None
    limit = make_rate_limit("evolink", requests=5, per_seconds=2)
    assert limit is not None
    assert (limit.requests, limit.per_seconds, limit.key) == (5, 2.0, "soravideo:ratelimit:evolink")
    with pytest.raises(ValueError, match="both"):
        make_rate_limit("evolink", requests=5)
    with pytest.raises(ValueError, match="redis"):
        RateLimit(1, 1, redis_url="http://localhost")
    with pytest.raises(ValueError, match="positive"):
        RateLimit(0, 1)


def max_in_window(times: list[float], window: float) -> int:
    times = sorted(times)
    best, start = 0, 0
    for end, t in enumerate(times):
        while t - times[start] >= window:
            start += 1
        best = max(best, end - start + 1)
    return best


def test_firebirdgen_batch_stays_under_its_real_10_per_second_limit(tmp_path: Path) -> None:
    log: list[tuple[float, str, str, int]] = []
    inner = mock("firebirdgen", time_scale=1e6, rate_limit=True)
    app = Log(inner, log)
    limit = make_rate_limit("firebirdgen")
    jobs = jobs_of(10)  # create + status + download each: 30 requests

    async def main() -> Any:
        try:
            return await run_batch(
                jobs, provider="firebirdgen", out_dir=tmp_path, concurrency=10, api_key=KEY,
                transport=async_transport(app), limiter=limit, poll_interval=0.01,
            )  # fmt: skip
        finally:
            assert limit is not None
            await limit.aclose()

    summary = anyio.run(main)
    assert summary.ok
    arrivals = sorted(t for t, *_ in log)
    assert len(arrivals) == summary.requests == 30
    assert summary.rate_limited == 0
    assert [s for *_, s in log if s == 429] == []
    assert max_in_window(arrivals, 1.0) <= 10
    # paced: one permit per 102 ms, so the rate is steady from the first request
    steady = (len(arrivals) - 1) / (arrivals[-1] - arrivals[0])
    print(f"firebirdgen: {len(arrivals)} requests, steady {steady:.2f}/s, 0 x 429")
    assert 8.0 <= steady <= 10.0


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@pytest.fixture
def redis_url() -> Iterator[str]:
    server = shutil.which("redis-server")
    if server is None:
        pytest.skip("redis-server is not installed (apt-get install redis-server)")
    port = _free_port()
    proc = subprocess.Popen(
        [server, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.5) as sock:
                    sock.sendall(b"PING\r\n")
                    if sock.recv(16).startswith(b"+PONG"):
                        break
            except OSError:
                pass
            assert time.monotonic() < deadline, "redis-server did not start"
            assert proc.poll() is None, "redis-server exited"
            time.sleep(0.05)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_redis_limiters_sharing_a_key_share_one_budget(redis_url: str, tmp_path: Path) -> None:
    async def acquire_all(limiters: list[RateLimit], each: int) -> list[float]:
        times: list[float] = []

        async def take(limit: RateLimit) -> None:
            for _ in range(each):
                await limit.acquire()
                times.append(time.monotonic())

        try:
            async with anyio.create_task_group() as group:
                for limit in limiters:
                    group.start_soon(take, limit)
        finally:
            for limit in limiters:
                await limit.aclose()
        return times

    def limiters(url: str | None, key: str) -> list[RateLimit]:
        return [RateLimit(5, 1.0, redis_url=url, key=key) for _ in range(2)]

    # two in-memory limiters: two budgets, each paced (5 permits in about 0.8 s),
    # so 10 permits take well under the two windows one shared budget would need
    apart = anyio.run(lambda: acquire_all(limiters(None, "k"), 5))
    assert max(apart) - min(apart) < 1.0
    # two Redis limiters on one key: one budget of 5 per (1.05 s) window
    shared = anyio.run(lambda: acquire_all(limiters(redis_url, "soravideo:test:shared"), 6))
    assert max_in_window(shared, 1.0) <= 5
    assert max(shared) - min(shared) >= 2.0  # 12 permits need three windows
    # another key is another budget
    other = anyio.run(lambda: acquire_all(limiters(redis_url, "soravideo:test:other"), 2))
    assert max(other) - min(other) < 1.0  # paced, but not waiting for the spent key

    # and the command line uses it, staying under firebirdgen's real limit
    log: list[tuple[float, str, str, int]] = []
    with MockServer(Log(mock("firebirdgen", time_scale=1e6, rate_limit=True), log)) as server:  # type: ignore[arg-type]
        jobs_file = _jsonl(tmp_path / "jobs.jsonl", 8)
        result = cli(
            "batch", str(jobs_file), "--provider", "firebirdgen", "--base-url", server.base_url,
            "--out", str(tmp_path / "v"), "--redis", redis_url, "--poll-interval", "0.01",
            "--concurrency", "8", provider="firebirdgen",
        )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert "redis, key soravideo:ratelimit:firebirdgen" in result.stderr
    assert [s for *_, s in log if s == 429] == []
    assert max_in_window([t for t, *_ in log], 1.0) <= 10


# --------------------------------------------------------------------------- CLI
def cli(*args: str, provider: str = "evolink") -> Any:
    env = {f"{p.upper()}_API_KEY": "" for p in PROVIDERS}
    env[f"{provider.upper()}_API_KEY"] = KEY
    env["SORAVIDEO_PROVIDER"] = ""
    env["SORAVIDEO_REDIS_URL"] = ""
    result = CliRunner().invoke(cli_app, list(args), env=env)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result


def test_cli_batch_runs_and_prints_a_summary(served_evolink: Any, tmp_path: Path) -> None:
    server, log = served_evolink
    jobs_file = tmp_path / "jobs.jsonl"
    jobs_file.write_text(
        '{"id": "cat", "prompt": "A cat", "duration": 10}\n'
        '{"prompt": "A dog", "duration": 15, "aspect_ratio": "9:16"}\n'
    )
    out = tmp_path / "videos"
    base = ("batch", str(jobs_file), "--base-url", server.base_url, "--out", str(out))
    result = cli(*base, "--poll-interval", "0.02")
    assert result.exit_code == 0, result.stderr
    assert "soravideo batch: evolink" in result.stdout
    assert "downloaded" in result.stdout
    assert "(0 answered 429)" in result.stdout
    names = sorted(p.name for p in out.glob("*.mp4"))
    assert names[0] == "cat.mp4"
    assert re.fullmatch(r"job-[0-9a-f]{12}\.mp4", names[1])
    assert len(names) == 2
    # the same command again refuses: it would create every task a second time
    sent = len(log)
    again = cli(*base)
    assert again.exit_code == 2
    assert "--resume" in again.stderr
    assert len(log) == sent
    resumed = cli(*base, "--resume")
    assert resumed.exit_code == 0, resumed.stderr
    assert len(log) == sent


def test_cli_batch_exit_1_when_a_job_fails(served_evolink: Any, tmp_path: Path) -> None:
    server, _ = served_evolink
    jobs_file = tmp_path / "jobs.jsonl"
    jobs_file.write_text(
        '{"id": "ok", "prompt": "fine", "duration": 10}\n'
        '{"id": "bad", "prompt": "FAIL_CONTENT", "duration": 10}\n'
    )
    result = cli(
        "batch", str(jobs_file), "--base-url", server.base_url, "--out", str(tmp_path / "v"),
        "--poll-interval", "0.02",
    )  # fmt: skip
    assert result.exit_code == 1, result.stderr
    assert "jobs needing attention" in result.stdout
    assert "bad" in result.stdout


BAD_CLI_FILE = (
    '{"id": "good", "prompt": "fine", "duration": 10}\n'
    "{broken\n"
    '{"prompt": "x", "speed": 2}\n'
    '{"prompt": "twelve seconds", "duration": 12}\n'
    '{"id": "also-good", "prompt": "fine too", "duration": 15}\n'
)


def test_cli_bad_lines_refuse_sends_nothing(served_evolink: Any, tmp_path: Path) -> None:
    server, log = served_evolink
    jobs_file = tmp_path / "jobs.jsonl"
    jobs_file.write_text(BAD_CLI_FILE)
    result = cli(
        "batch", str(jobs_file), "--base-url", server.base_url, "--out", str(tmp_path / "v")
    )
    assert result.exit_code == 2
    stderr = result.stderr.replace("\n", " ")
    for line, words in ((2, "invalid JSON"), (3, "unknown field 'speed'"), (4, "duration=12")):
        assert f"jobs.jsonl:{line}: " in stderr
        assert words in stderr
    assert "3 bad line(s); nothing was sent" in stderr
    assert log == []
    assert not (tmp_path / "v" / JOURNAL_NAME).exists()


def test_cli_bad_lines_skip_runs_the_others(served_evolink: Any, tmp_path: Path) -> None:
    server, _ = served_evolink
    jobs_file = tmp_path / "jobs.jsonl"
    jobs_file.write_text(BAD_CLI_FILE)
    out = tmp_path / "v"
    result = cli(
        "batch", str(jobs_file), "--base-url", server.base_url, "--out", str(out),
        "--bad-lines", "skip", "--poll-interval", "0.02",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert "skipping 3 bad line(s)" in result.stderr
    assert "jobs.jsonl:3: " in result.stderr
    assert "bad lines skipped" in result.stdout
    assert sorted(p.name for p in out.glob("*.mp4")) == ["also-good.mp4", "good.mp4"]


def test_cli_batch_usage_errors_exit_2(tmp_path: Path) -> None:
    missing = cli("batch", str(tmp_path / "nope.jsonl"))
    assert missing.exit_code == 2
    assert "cannot read" in missing.stderr
    empty = tmp_path / "empty.jsonl"
    empty.write_text("# nothing\n")
    assert cli("batch", str(empty)).exit_code == 2
    assert cli("batch", str(empty), "--provider", "nobody").exit_code == 2
    assert cli("batch", str(empty), "--bad-lines", "maybe").exit_code == 2


def _readme_batch_section() -> str:
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    return readme[readme.index("## Batch generation") :].split("\n## ", 1)[0]


def test_the_readmes_jobs_file_runs_with_the_readmes_command(
    served_evolink: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    server, log = served_evolink
    section = _readme_batch_section()
    jobs_text = section.split("```json\n", 1)[1].split("```", 1)[0]
    commands = [
        line.split("#", 1)[0].split()
        for line in section.split("```console\n", 1)[1].split("```", 1)[0].splitlines()
        if line.startswith("soravideo batch")
    ]
    assert len(commands) == 2
    assert commands[1] == [*commands[0], "--resume"]
    monkeypatch.chdir(tmp_path)
    Path("jobs.jsonl").write_text(jobs_text, encoding="utf-8")
    test_only = ("--base-url", server.base_url, "--poll-interval", "0.02")
    first = cli(*commands[0][1:], *test_only)
    assert first.exit_code == 0, first.stderr + first.stdout
    assert sorted(p.name for p in Path("videos").glob("*.mp4")) == ["intro.mp4", "outro.mp4"]
    sent = len(log)
    again = cli(*commands[1][1:], *test_only)
    assert again.exit_code == 0, again.stderr
    assert len(log) == sent
