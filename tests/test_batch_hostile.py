"""``soravideo.batch`` against hostile and broken answers: one job's trouble stays that job's.

A hostile provider (the evolink mock behind a transport that rewrites the
answers for marked jobs) sends one hostile answer per job: a redirect loop on
the video URL, a 100k-character task id, a timestamp of 10**400, a surrogate
character in an id, and more. Every other job must finish, every hostile one
must be reported by id with a money-safe state, creates are never repeated,
and resuming never crashes.
"""

from __future__ import annotations

import collections
import decimal
import json
import socket
import sqlite3
import types
from pathlib import Path
from typing import Any

import anyio
import httpx
import pytest

from soravideo import APIConnectionError, RequestValidationError, Task, TaskStatus, VideoRequest
from soravideo.batch import JOURNAL_NAME, Job, Journal, JournalError, run_batch
from soravideo.batch import runner as batch_runner
from soravideo.batch.progress import _Progress
from soravideo.cli import _batch_summary
from soravideo.mock import async_transport, create_app

KEY = "sk-batch-hostile-0123456789"
LONG_ID = "task-unified-" + "x" * 100_000


def mock(**options: Any) -> Any:
    options.setdefault("rate_limit", False)
    return create_app("evolink", api_key=KEY, time_scale=3000.0, deliver_callbacks=False, **options)


def _rewrite_task(kind: str, body: dict[str, Any], *, creating: bool) -> dict[str, Any]:
    if kind == "long-id":
        body["id"] = LONG_ID
    elif kind == "surrogate-id":
        body["id"] = body["id"] + "\ud800"
    elif (kind == "huge-timestamp-create" and creating) or (
        kind == "huge-timestamp-status" and not creating
    ):
        body["created"] = 10**400
    elif kind == "huge-estimate" and not creating:
        body.setdefault("task_info", {})["estimated_time"] = 10**400
    elif kind == "negative-estimate" and not creating:
        body.setdefault("task_info", {})["estimated_time"] = -(10**30)
    elif kind == "huge-progress" and not creating:
        body["progress"] = 10**400
    elif kind == "id-is-a-number" and creating:
        body["id"] = 12345
    return body


class HostileTransport(httpx.AsyncBaseTransport):
    """The mock, except for jobs whose prompt names a hostile kind (``"HOSTILE <kind>"``)."""

    KINDS = (
        "redirect-loop",
        "long-id",
        "surrogate-id",
        "huge-timestamp-create",
        "huge-timestamp-status",
        "huge-estimate",
        "negative-estimate",
        "huge-progress",
        "id-is-a-number",
        "html-video",
        "create-raises",
    )

    def __init__(self, app: Any) -> None:
        self.inner = async_transport(app)
        self.kind_of: dict[str, str] = {}  # mock task id -> hostile kind
        self.creates: collections.Counter[str] = collections.Counter()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        path = request.url.path
        if request.method == "POST":
            body = json.loads(await request.aread())
            prompt = str(body.get("prompt", ""))
            kind = prompt.removeprefix("HOSTILE ") if prompt.startswith("HOSTILE ") else ""
            self.creates[prompt] += 1
            response = await self.inner.handle_async_request(request)
            await response.aread()
            created = json.loads(response.content)
            self.kind_of[created["id"]] = kind
            if kind == "create-raises":  # not an httpx error: any exception at all
                raise RuntimeError("the transport broke after the provider created the task")
            if kind:
                created = _rewrite_task(kind, created, creating=True)
            return httpx.Response(
                response.status_code, headers={"content-type": "application/json"},
                content=json.dumps(created).encode(),
            )  # fmt: skip
        task_id = path.rsplit("/", 1)[-1].removesuffix(".mp4")
        kind = self.kind_of.get(task_id, "")
        if path.startswith("/_mock/videos/"):
            if kind == "redirect-loop":
                return httpx.Response(302, headers={"location": str(request.url)})
            if kind == "html-video":
                return httpx.Response(
                    200, headers={"content-type": "video/mp4"}, content=b"<html>nope</html>"
                )
        response = await self.inner.handle_async_request(request)
        if kind and request.method == "GET" and not path.startswith("/_mock/"):
            await response.aread()
            body = _rewrite_task(kind, json.loads(response.content), creating=False)
            return httpx.Response(
                response.status_code, headers={"content-type": "application/json"},
                content=json.dumps(body).encode(),
            )  # fmt: skip
        return response


def hostile_jobs(normal: int = 6) -> list[Job]:
    jobs = [
        Job(i + 1, f"hostile-{kind}", VideoRequest(prompt=f"HOSTILE {kind}", duration=10))
        for i, kind in enumerate(HostileTransport.KINDS)
    ]
    jobs += [
        Job(100 + i, f"normal-{i}", VideoRequest(prompt=f"normal {i}", duration=10))
        for i in range(normal)
    ]
    return jobs


async def run(
    app: Any, transport: httpx.AsyncBaseTransport, jobs: list[Job], out: Path, **kw: Any
) -> Any:
    with anyio.fail_after(60):
        return await run_batch(
            jobs, provider="evolink", out_dir=out, api_key=KEY, transport=transport,
            concurrency=4, poll_interval=0.01, wait_timeout=20, **kw,
        )  # fmt: skip


def test_one_hostile_answer_per_job_finishes_every_other_job(tmp_path: Path) -> None:
    app = mock()
    hostile = HostileTransport(app)
    jobs = hostile_jobs()
    summary = anyio.run(lambda: run(app, hostile, jobs, tmp_path))
    by_key = {r.key: r for r in summary.results}
    tasks = app.state.mock.tasks
    outcomes = {k: (r.state, (r.error or "")[:90]) for k, r in by_key.items() if "hostile" in k}
    print("\n".join(f"{k}: {s} | {e}" for k, (s, e) in outcomes.items()))
    # every normal job finished
    for key in (j.key for j in jobs if j.key.startswith("normal-")):
        assert by_key[key].state == "downloaded", by_key[key]
        assert by_key[key].error is None
    # every hostile job is reported, by id, with a money-safe state
    for kind in HostileTransport.KINDS:
        result = by_key[f"hostile-{kind}"]
        assert result.state in ("created", "completed", "failed", "may_exist", "downloaded")
        if result.state != "downloaded":  # (a harmless oddity may be read through)
            assert result.error, result
        if result.state in ("created", "completed"):  # held: --resume continues it
            assert result.task_id, result
        if result.state == "failed":  # only a task the provider reported failed
            assert result.task_id, result
    assert not summary.ok
    # creates sent once each; every task the provider holds is accounted for
    assert set(hostile.creates.values()) == {1}
    assert len(tasks) == len(jobs)
    held = {r.task_id for r in summary.results if r.task_id}
    unaccounted = [  # (the two rewritten ids are held as the provider sent them)
        t
        for t in tasks
        if t not in held
        and t + "\ud800" not in held
        and not (hostile.kind_of[t] == "long-id" and LONG_ID in held)
    ]
    may_exist = [r.key for r in summary.results if r.state == "may_exist"]
    assert len(unaccounted) <= len(may_exist)
    assert by_key["hostile-long-id"].task_id in (LONG_ID, None)
    if by_key["hostile-surrogate-id"].task_id is not None:  # kept exactly, surrogate included
        assert by_key["hostile-surrogate-id"].task_id.endswith("\ud800")
    print(f"creates sent {sum(hostile.creates.values())}, tasks held by the mock {len(tasks)}, "
          f"ids in the journal {len(held)}, may_exist {len(may_exist)}")  # fmt: skip

    # resuming, twice, never crashes and never creates again
    for _ in range(2):
        again = anyio.run(lambda: run(app, hostile, jobs, tmp_path, resume=True))
        assert set(hostile.creates.values()) == {1}
        assert len(tasks) == len(jobs)
        again_by_key = {r.key: r for r in again.results}
        for key in (j.key for j in jobs if j.key.startswith("normal-")):
            assert again_by_key[key].skipped
        for kind in HostileTransport.KINDS:
            result = again_by_key[f"hostile-{kind}"]
            assert result.task_id == by_key[f"hostile-{kind}"].task_id
    # and the summary table prints every hostile id without crashing
    _batch_summary(again, "evolink")


def test_a_create_that_never_left_the_machine_stays_pending(tmp_path: Path) -> None:
    with socket.socket() as sock:  # a loopback port where nothing listens
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    jobs = [Job(i + 1, f"job-{i}", VideoRequest(prompt=f"p {i}", duration=10)) for i in range(3)]

    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("[Errno -2] Name or service not known", request=request)

    async def main(**kw: Any) -> Any:
        return await run_batch(
            jobs, provider="evolink", out_dir=tmp_path, api_key=KEY, poll_interval=0.01, **kw
        )

    refused = anyio.run(lambda: main(base_url=f"http://127.0.0.1:{port}"))  # connection refused
    assert [r.state for r in refused.results] == ["pending"] * 3
    assert all("not sent" in (r.error or "") for r in refused.results)
    assert refused.unfinished == 3
    assert not refused.ok
    dns = anyio.run(lambda: main(resume=True, transport=httpx.MockTransport(refuse)))
    assert [r.state for r in dns.results] == ["pending"] * 3
    with pytest.raises(RequestValidationError) as bad_scheme:  # refused before any job runs
        anyio.run(lambda: main(resume=True, base_url="ftp://127.0.0.1/v1"))
    assert bad_scheme.value.field == "base_url"
    # and --resume sends them, once each
    app = mock()
    done = anyio.run(lambda: main(resume=True, transport=async_transport(app)))
    assert [r.state for r in done.results] == ["downloaded"] * 3
    assert done.created == 3
    assert len(app.state.mock.tasks) == 3


# ------------------------------------------------------------------ a fake client, keyed creates
def _task(task_id: str, status: TaskStatus = TaskStatus.QUEUED, **kw: Any) -> Task:
    return Task(provider="qingbo", id=task_id, status=status, **kw)


class KeyedProvider:
    """A provider that honours idempotency keys and loses the first answer of every create."""

    def __init__(self, journal: Journal | None = None) -> None:
        self.journal = journal
        self.by_key: dict[str, Task] = {}
        self.keys_sent: list[str | None] = []
        self.lose_answer = True

    async def create(self, request: VideoRequest, *, idempotency_key: str | None = None) -> Task:
        assert idempotency_key is not None
        self.keys_sent.append(idempotency_key)
        if self.journal is not None:  # the key was committed before the create was sent
            entries = [e for e in self.journal.entries() if e.idempotency_key == idempotency_key]
            assert [e.state for e in entries] == ["creating"]
        if idempotency_key not in self.by_key:
            self.by_key[idempotency_key] = _task(f"task-{len(self.by_key)}")
        if self.lose_answer:
            raise APIConnectionError("connection reset", provider="qingbo", may_have_created=True)
        return self.by_key[idempotency_key]

    async def get(self, task_id: str) -> Task:
        return _task(task_id, TaskStatus.COMPLETED)

    async def aclose(self) -> None:
        pass


@pytest.fixture
def qingbo_honours_keys(monkeypatch: pytest.MonkeyPatch) -> None:
    """As ``capabilities("qingbo").idempotency_key_ttl`` will say (24 h) after the merge."""
    monkeypatch.setattr(batch_runner, "idempotency_key_ttl", lambda provider: 86400.0)


def test_resume_resolves_may_exist_by_resending_the_stored_idempotency_key(
    tmp_path: Path, qingbo_honours_keys: None
) -> None:
    jobs = [Job(1, "a", VideoRequest(prompt="a")), Job(2, "b", VideoRequest(prompt="b"))]
    path = tmp_path / JOURNAL_NAME
    provider = KeyedProvider()

    async def main(resume: bool) -> Any:
        with Journal(path, create=not resume) as journal:
            provider.journal = journal
            return await run_batch(
                jobs, provider="qingbo", out_dir=tmp_path, client=provider,  # type: ignore[arg-type]
                journal=journal, resume=resume, download=False,
            )  # fmt: skip

    first = anyio.run(lambda: main(False))
    assert [r.state for r in first.results] == ["may_exist", "may_exist"]
    with Journal(path) as journal:
        stored = [e.idempotency_key for e in journal.entries()]
    assert stored == provider.keys_sent
    assert len(set(stored)) == 2  # one key per job, uuid4
    assert all(len(k or "") == 36 for k in stored)

    provider.lose_answer = False
    second = anyio.run(lambda: main(True))
    assert [r.state for r in second.results] == ["completed", "completed"]
    assert second.resolved == 2
    assert provider.keys_sent == [*stored, *stored]  # the same keys again
    assert len(provider.by_key) == 2  # one task per job, though each create was sent twice
    assert {r.task_id for r in second.results} == {t.id for t in provider.by_key.values()}


def test_may_exist_outside_the_key_lifetime_is_not_resent(
    tmp_path: Path, qingbo_honours_keys: None
) -> None:
    jobs = [Job(1, "a", VideoRequest(prompt="a"))]
    provider = KeyedProvider()

    async def main(resume: bool) -> Any:
        return await run_batch(
            jobs, provider="qingbo", out_dir=tmp_path, client=provider,  # type: ignore[arg-type]
            resume=resume, download=False,
        )  # fmt: skip

    anyio.run(lambda: main(False))
    with Journal(tmp_path / JOURNAL_NAME) as journal:  # the create was sent 25 hours ago
        journal.db.execute("UPDATE jobs SET sent_at = sent_at - 90000")
    provider.lose_answer = False
    again = anyio.run(lambda: main(True))
    assert again.results[0].state == "may_exist"
    assert again.results[0].skipped
    assert len(provider.keys_sent) == 1


def test_without_a_documented_key_may_exist_is_never_resent(tmp_path: Path) -> None:
    class Unkeyed(KeyedProvider):
        async def create(self, request: VideoRequest) -> Task:  # type: ignore[override]
            self.keys_sent.append(None)
            raise APIConnectionError("reset", provider="evolink", may_have_created=True)

    provider = Unkeyed()
    jobs = [Job(1, "a", VideoRequest(prompt="a"))]
    for again in (False, True):
        summary = anyio.run(
            lambda resume=again: run_batch(  # type: ignore[misc]
                jobs,
                provider="evolink",
                out_dir=tmp_path,
                client=provider,  # type: ignore[arg-type]
                resume=resume,
                download=False,
            )
        )
        assert summary.results[0].state == "may_exist"
    assert provider.keys_sent == [None]


# ------------------------------------------------------------------ costs, progress
class CostlyTask:
    """A Task with the ``cost`` another branch adds (``Cost(amount, unit)``)."""

    def __init__(self, task: Task, amount: str, unit: str = "credits") -> None:
        self._task = task
        self.cost = types.SimpleNamespace(amount=decimal.Decimal(amount), unit=unit)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._task, name)


class CostlyProvider:
    def __init__(self) -> None:
        self.count = 0

    async def create(self, request: VideoRequest) -> Any:
        self.count += 1
        return CostlyTask(_task(f"t{self.count}"), "0.5")  # pre-consumed at create

    async def get(self, task_id: str) -> Any:
        amount = "7" if task_id == "t3" else "1.25"
        unit = "usd" if task_id == "t3" else "credits"
        return CostlyTask(_task(task_id, TaskStatus.COMPLETED), amount, unit)


def test_the_summary_shows_the_total_cost_per_unit(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    jobs = [Job(i, f"j{i}", VideoRequest(prompt=f"p{i}")) for i in range(1, 4)]
    summary = anyio.run(
        lambda: run_batch(
            jobs,
            provider="evolink",
            out_dir=tmp_path,
            client=CostlyProvider(),  # type: ignore[arg-type]
            download=False,
        )
    )
    assert summary.costs == {"credits": decimal.Decimal("2.50"), "usd": decimal.Decimal("7")}
    assert summary.results[0].cost == (decimal.Decimal("1.25"), "credits")
    # a resumed run still counts the costs the journal recorded
    again = anyio.run(
        lambda: run_batch(
            jobs,
            provider="evolink",
            out_dir=tmp_path,
            client=CostlyProvider(),  # type: ignore[arg-type]
            download=False,
            resume=True,
        )
    )
    assert again.costs == summary.costs
    _batch_summary(again, "evolink")
    printed = capsys.readouterr().out
    assert "cost (credits)" in printed
    assert "2.50" in printed
    assert "cost (usd)" in printed


def test_resumed_progress_counts_what_the_journal_already_has(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = mock()
    jobs = [Job(i, f"j{i}", VideoRequest(prompt=f"p{i}", duration=10)) for i in range(1, 5)]
    bars: list[Any] = []

    class Recorded(_Progress):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            bars.append(self)

    monkeypatch.setattr(batch_runner, "_Progress", Recorded)

    async def main(**kw: Any) -> Any:
        return await run_batch(
            jobs, provider="evolink", out_dir=tmp_path, api_key=KEY,
            transport=async_transport(app), poll_interval=0.01, progress=True, **kw,
        )  # fmt: skip

    anyio.run(lambda: main(download=False))  # 4 created and completed, not downloaded
    assert bars[-1].counts() == (4, 4)
    with Journal(tmp_path / JOURNAL_NAME) as journal:  # and one already downloaded
        journal.record_downloaded("j1", tmp_path / "j1.mp4")
    anyio.run(lambda: main(resume=True))
    created, finished = bars[-1].counts()
    assert (created, finished) == (4, 4)  # not 0 created: the journal's 4 count
    assert len(app.state.mock.tasks) == 4


def test_a_journal_that_breaks_mid_run_stops_the_batch_naming_the_paid_id(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = mock()
    jobs = [Job(i, f"j{i}", VideoRequest(prompt=f"p{i}", duration=10)) for i in range(1, 4)]
    real = Journal.record_created

    def disk_full(self: Journal, key: str, task_id: str) -> None:
        if key == "j2":
            raise sqlite3.OperationalError("database or disk is full")
        real(self, key, task_id)

    monkeypatch.setattr(Journal, "record_created", disk_full)
    with pytest.raises(JournalError) as caught:
        anyio.run(
            lambda: run_batch(
                jobs,
                provider="evolink",
                out_dir=tmp_path,
                api_key=KEY,
                transport=async_transport(app),
                poll_interval=0.01,
                concurrency=1,
            )
        )
    assert caught.value.during_run
    (j2,) = [t for t in app.state.mock.tasks.values() if t.body["prompt"] == "p2"]
    assert j2.id in str(caught.value)  # the paid id is not lost: it is in the error
    assert len(app.state.mock.tasks) == 2  # the batch stopped at once
