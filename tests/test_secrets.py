"""API keys never leak: not in logs, output, errors, reprs or files.

Every scenario here runs with distinctive keys (:data:`KEYS`) against the
in-process mock servers: successes and every error kind through ``VideoClient``
and ``AsyncVideoClient``, the CLI (``typer.testing.CliRunner``, the key in the
environment), the callback receiver, live mode's logic (``contracts/live.py``,
recording fixtures), ``contracts.fixtures.save_fixture`` and the batch journal.
Everything they produce is collected -- log records of every logger at DEBUG
(``httpx``/``httpcore`` included), stdout/stderr, ``str``/``repr``/traceback of
every exception with its chain and raw bodies, reprs of clients and tasks, and
every file written -- and searched for the keys. The committed fixtures are
searched for anything that looks like a real credential. Each scan first proves
it can fail: a planted key is found.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import logging
import re
import traceback
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import anyio
import attrs
import httpx
import pytest
from typer.testing import CliRunner

import soravideo
from soravideo import (
    PROVIDERS,
    APIConnectionError,
    APITimeoutError,
    AsyncVideoClient,
    AuthenticationError,
    BadRequestError,
    InsufficientCreditsError,
    NotFoundError,
    ProviderResponseError,
    RateLimitError,
    RequestValidationError,
    ServerError,
    SoraVideoError,
    Task,
    TaskFailedError,
    VideoClient,
    VideoRequest,
    WaitTimeoutError,
)
from soravideo.mock import MockState, async_transport, create_app, transport

T0 = 1_790_000_000.0
CORE = "Qx7vK2mZ9tLw"
"""The distinctive part of every key used here: found even in a truncated key."""
KEYS = {provider: f"sk-secrets-{provider}-{CORE}{i}" for i, provider in enumerate(PROVIDERS)}
WRONG_KEY = f"sk-secrets-wrong-{CORE}X"
ALL_KEYS = (*KEYS.values(), WRONG_KEY)
LOGGERS = ("", "httpx", "httpcore", "soravideo", "soravideo.callbacks", "contracts", "uvicorn")


# ============================================================================ scanning
def leaks(text: str, secrets: Iterable[str] = ALL_KEYS) -> list[str]:
    """The secrets (or their distinctive core) that occur in ``text``."""
    found = [s for s in secrets if s in text]
    if CORE in text and not found:
        found.append(f"...{CORE}... (part of a key)")
    return found


class Evidence:
    """Everything a scenario produced, to be searched for the keys."""

    def __init__(self) -> None:
        self.texts: list[tuple[str, str]] = []

    def add(self, where: str, value: object) -> None:
        if isinstance(value, bytes):
            value = value.decode("utf-8", "replace")
        self.texts.append((where, value if isinstance(value, str) else repr(value)))

    def error(self, where: str, exc: BaseException) -> None:
        """``str``, ``repr``, full traceback (chain included) and raw body of ``exc``."""
        self.add(f"{where}: str", str(exc))
        self.add(f"{where}: repr", repr(exc))
        self.add(f"{where}: traceback", "".join(traceback.format_exception(exc)))
        for cause in (exc.__cause__, exc.__context__):
            if cause is not None:
                self.add(f"{where}: cause", repr(cause))
        for name in ("body", "message", "provider_message", "task", "value", "allowed"):
            if hasattr(exc, name):
                self.add(f"{where}: .{name}", getattr(exc, name))

    def files(self, root: Path) -> int:
        """Every file under ``root`` (name and content, binary decoded leniently)."""
        count = 0
        for path in sorted(root.rglob("*")):
            self.add(f"file name {path}", str(path))
            if path.is_file():
                self.add(f"file {path}", path.read_bytes())
                count += 1
        return count

    def logs(self, caplog: pytest.LogCaptureFixture) -> None:
        self.add("log text", caplog.text)
        for record in caplog.records:
            self.add(f"log record {record.name}", record.getMessage())
            self.add(f"log record {record.name} args", record.args)
            if record.exc_info and record.exc_info[1] is not None:
                self.error(f"log record {record.name} exc", record.exc_info[1])

    def output(self, capsys: pytest.CaptureFixture[str]) -> None:
        captured = capsys.readouterr()
        self.add("stdout", captured.out)
        self.add("stderr", captured.err)

    def assert_clean(self, secrets: Iterable[str] = ALL_KEYS) -> None:
        secrets = tuple(secrets)
        problems = [(where, leaks(text, secrets)) for where, text in self.texts]
        problems = [(where, found) for where, found in problems if found]
        assert not problems, f"API keys leaked: {problems[:5]}"


def debug_logging(caplog: pytest.LogCaptureFixture) -> None:
    for name in LOGGERS:
        caplog.set_level(logging.DEBUG, logger=name or None)


class Clock:
    """The mock's clock, also the client's: sleeping advances it (no real waiting)."""

    def __init__(self) -> None:
        self.now = T0

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.now += seconds

    async def asleep(self, seconds: float) -> None:
        self.now += seconds


def mock_app(provider: str, clock: Clock, **options: Any) -> Any:
    settings: dict[str, Any] = {
        "api_key": KEYS[provider],
        "clock": clock,
        "time_scale": 10.0,
        "rate_limit": False,
        "credits": 1e6,
        "deliver_callbacks": False,
    }
    return create_app(provider, **(settings | options))


def sync_client(provider: str, app: Any, clock: Clock, **kwargs: Any) -> VideoClient:
    kwargs.setdefault("api_key", KEYS[provider])
    client = VideoClient(provider, transport=transport(app), **kwargs)
    client._sleep = clock.sleep
    client._clock = clock
    return client


# ------------------------------------------------------------------- the scanner can fail
def test_the_scanner_finds_a_planted_key(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, capsys: pytest.CaptureFixture[str]
) -> None:
    key = KEYS["evolink"]
    for planted in (key, f"prefix {key} suffix", f"Bearer {key[:20]}{CORE}"):
        assert leaks(planted), planted
    assert leaks(f"...{CORE}...")
    assert not leaks("Bearer ***, sk-secrets-evolink-***")

    checks: list[Evidence] = []
    in_file = Evidence()
    (tmp_path / "deep" / "dir").mkdir(parents=True)
    (tmp_path / "deep" / "dir" / "journal.sqlite3").write_bytes(b"\x00\x01" + key.encode())
    assert in_file.files(tmp_path) == 1
    checks.append(in_file)

    in_log = Evidence()
    debug_logging(caplog)
    logging.getLogger("httpx").debug("header %s", key)
    in_log.logs(caplog)
    checks.append(in_log)

    in_output = Evidence()
    print(f"token={key}")
    in_output.output(capsys)
    checks.append(in_output)

    in_error = Evidence()
    try:
        raise RuntimeError("outer") from ValueError(key)
    except RuntimeError as exc:
        in_error.error("planted", exc)
    checks.append(in_error)

    for evidence in checks:
        with pytest.raises(AssertionError, match="API keys leaked"):
            evidence.assert_clean()


# ======================================================================== the scenarios
def run_sync_scenarios(provider: str, tmp_path: Path, evidence: Evidence) -> None:
    """A success and every error kind through VideoClient, for one provider."""
    clock = Clock()
    app = mock_app(provider, clock)
    state: MockState = app.state.mock
    caps = soravideo.capabilities(provider)

    def expect(
        kind: type[SoraVideoError] | tuple[type[SoraVideoError], ...], where: str, call: Any
    ) -> None:
        with pytest.raises(kind) as info:
            call()
        evidence.error(f"{provider} {where}", info.value)

    with sync_client(provider, app, clock) as client:
        evidence.add("client repr", repr(client))
        evidence.add("client str", str(client))
        seen: list[Task] = []
        task = client.generate(VideoRequest(prompt="A cat"), on_progress=seen.append)
        evidence.add("tasks", [repr(t) for t in seen] + [repr(task), json.dumps(task.raw)])
        (tmp_path / provider).mkdir()
        path = client.download(task, tmp_path / provider)
        evidence.add("download path", str(path))

        # every error kind the client raises
        expect(
            RequestValidationError,
            "validation",
            lambda: client.create(VideoRequest(prompt="A cat", duration=999)),
        )
        unknown = "task-unified-0000000000000-0000" if provider == "evolink" else "no-such-task"
        expect(NotFoundError, "not found", lambda: client.get(unknown))
        if provider == "evolink":
            expect(BadRequestError, "bad id", lambda: client.get("not-an-evolink-id"))
        expect(
            (InsufficientCreditsError, BadRequestError),  # apixo: a plain 400
            "credits",
            lambda: client.create(VideoRequest(prompt="A cat FAIL_CREDITS")),
        )
        for fault, kind in (
            ("503", ServerError),
            ("500-after-create", ServerError),
            ("drop-after-create", APIConnectionError),
            ("malformed-after-create", ProviderResponseError),
        ):
            # keyed creates (qingbo) are re-sent: fail every attempt
            state.inject("create_task", fault, times=3)
            expect(kind, f"create {fault}", lambda: client.create(VideoRequest(prompt="A cat")))
            state.clear_faults()
        state.inject("get_task", "429", times=3)
        expect(RateLimitError, "429", lambda: client.get(task.id))
        state.inject("get_task", "malformed")
        expect(ProviderResponseError, "get malformed", lambda: client.get(task.id))
        state.inject("download_video", "malformed")
        expect(
            ProviderResponseError,
            "download malformed",
            lambda: client.download(task, tmp_path / provider / "x.mp4"),
        )
        expect(
            TaskFailedError,
            "task failed",
            lambda: client.generate(VideoRequest(prompt="A cat FAIL_CONTENT")),
        )
        stalled = client.create(VideoRequest(prompt="A cat STALL_RUNNING"))
        expect(WaitTimeoutError, "wait timeout", lambda: client.wait(stalled, timeout=30))
        if caps.cancel:
            queued = client.create(VideoRequest(prompt="A cat STALL_QUEUED"))
            evidence.add("cancelled", repr(client.cancel(queued.id)))
            expect(BadRequestError, "cancel running", lambda: client.cancel(stalled.id))
        else:
            expect(RequestValidationError, "no cancel", lambda: client.cancel(task.id))

    with sync_client(provider, app, clock, timeout=0.2, max_retries=0) as client:
        state.inject("get_task", "slow=5")
        expect(APITimeoutError, "timeout", lambda: client.get(task.id))
        state.inject("get_task", "drop")
        expect(APIConnectionError, "drop", lambda: client.get(task.id))

    with sync_client(provider, app, clock, api_key=WRONG_KEY) as wrong:
        evidence.add("wrong client repr", repr(wrong))
        expect(AuthenticationError, "wrong key", lambda: wrong.get(task.id))
        expect(
            AuthenticationError, "wrong key create", lambda: wrong.create(VideoRequest(prompt="A"))
        )


@pytest.mark.parametrize("provider", PROVIDERS)
def test_client_successes_and_errors_never_show_the_key(
    provider: str,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    debug_logging(caplog)
    monkeypatch.delenv(f"{provider.upper()}_API_KEY", raising=False)
    evidence = Evidence()
    run_sync_scenarios(provider, tmp_path, evidence)
    with pytest.raises(RequestValidationError) as no_key:
        VideoClient(provider)
    evidence.error("no key", no_key.value)
    evidence.logs(caplog)
    evidence.output(capsys)
    assert evidence.files(tmp_path) >= 1  # the downloaded video
    assert any(r.name == "httpx" for r in caplog.records), "httpx logging was captured"
    evidence.assert_clean()


def test_async_client_and_callback_receiver_never_show_the_key(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, capsys: pytest.CaptureFixture[str]
) -> None:
    from soravideo.callbacks import callback_app

    debug_logging(caplog)
    evidence = Evidence()
    provider = "evolink"
    clock = Clock()
    app = mock_app(provider, clock)
    handled: list[Task] = []

    async def main() -> None:
        client = AsyncVideoClient(
            provider, api_key=KEYS[provider], transport=async_transport(app), max_retries=0
        )
        client._sleep = clock.asleep
        client._clock = clock
        evidence.add("async client repr", repr(client))
        async with client:
            task = await client.generate(VideoRequest(prompt="A cat"))
            await client.download(task, tmp_path)
            # keyed creates (qingbo) are re-sent: fail every attempt
            app.state.mock.inject("create_task", "503-after-create", times=3)
            with pytest.raises(ServerError) as info:
                await client.create(VideoRequest(prompt="A cat"))
            evidence.error("async create", info.value)

            def failing_handler(confirmed: Task) -> None:
                handled.append(confirmed)
                raise RuntimeError(f"handler failed for {confirmed.id}")

            receiver = callback_app(client, failing_handler, confirm_attempts=1)
            snap = app.state.mock.snapshot(task.id)
            payload = app.state.mock.adapter.callback_payload(app.state.mock.tasks[task.id], snap)
            forged = dict(payload, id="task-unified-0000000000000-0000")
            async with httpx.AsyncClient(
                transport=httpx.ASGITransport(receiver), base_url="http://receiver"
            ) as http:
                for body in (
                    json.dumps(payload).encode(),
                    json.dumps(forged).encode(),
                    b"not json",
                    b"[" * 50_000,
                    b"x" * (2 << 20),
                ):
                    answer = await http.post("/", content=body)
                    evidence.add(f"callback answer {answer.status_code}", answer.text)
                app.state.mock.inject("get_task", "500")
                answer = await http.post("/", content=json.dumps(payload).encode())
                evidence.add(f"callback answer {answer.status_code}", answer.text)
                assert answer.status_code == 200  # answered before confirming
        await app.state.mock.aclose()

    anyio.run(main)
    assert handled, "the confirmed callback reached the handler"
    assert any("handler failed" in r.getMessage() for r in caplog.records)
    evidence.logs(caplog)
    evidence.output(capsys)
    evidence.files(tmp_path)
    evidence.assert_clean()


# ------------------------------------------------------------------------------- CLI
class CliMock:
    """``soravideo.cli`` wired to an in-process mock: the key only in the environment."""

    def __init__(self, provider: str, monkeypatch: pytest.MonkeyPatch) -> None:
        self.provider = provider
        self.clock = Clock()
        self.app = mock_app(provider, self.clock)
        self.state: MockState = self.app.state.mock
        self.clients: list[VideoClient] = []
        real = VideoClient

        def make(name: str, **kwargs: Any) -> VideoClient:
            assert "api_key" not in kwargs  # the CLI reads the key from the environment
            client = real(name, transport=transport(self.app), **kwargs)
            client._sleep = self.clock.sleep
            client._clock = self.clock
            self.clients.append(client)
            return client

        monkeypatch.setattr("soravideo.cli.VideoClient", make)
        monkeypatch.setenv(f"{provider.upper()}_API_KEY", KEYS[provider])
        self.runner = CliRunner()

    def run(self, evidence: Evidence, *args: str, env: dict[str, str] | None = None) -> int:
        options = [] if args[0] == "providers" else ["--provider", self.provider]
        result = self.runner.invoke(cli_app(), [*args, *options], env=env, catch_exceptions=True)
        evidence.add(f"cli {args} output", result.output)
        for stream in ("stdout", "stderr"):
            with contextlib.suppress(ValueError):  # stderr may not be captured separately
                evidence.add(f"cli {args} {stream}", getattr(result, stream))
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            evidence.error(f"cli {args} exception", result.exception)
        return result.exit_code

    def close(self) -> None:
        for client in self.clients:
            client.close()


def cli_app() -> Any:
    from soravideo.cli import app

    return app


@pytest.mark.parametrize("provider", ["qingbo", "evolink"])
def test_cli_never_shows_the_key(
    provider: str,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    debug_logging(caplog)
    evidence = Evidence()
    cli = CliMock(provider, monkeypatch)
    try:
        out = tmp_path / "videos"
        assert cli.run(evidence, "generate", "A cat", "--out", str(out), "--json") == 0
        task_id = next(iter(cli.state.tasks))
        assert cli.run(evidence, "status", task_id, "--json") == 0
        assert cli.run(evidence, "wait", task_id) == 0
        assert cli.run(evidence, "download", task_id, str(tmp_path / "again.mp4")) == 0
        assert cli.run(evidence, "generate", "A cat FAIL_CONTENT", "--wait") == 1
        assert cli.run(evidence, "generate", "A cat", "--duration", "999") == 2
        # keyed creates (qingbo) are re-sent: fail every attempt
        cli.state.inject("create_task", "503-after-create", times=3)
        assert cli.run(evidence, "generate", "A cat") == 3
        cli.state.clear_faults()
        cli.state.inject("create_task", "drop-after-create", times=3)
        assert cli.run(evidence, "generate", "A cat") == 4
        cli.state.clear_faults()
        cli.state.inject("get_task", "malformed")
        assert cli.run(evidence, "status", task_id) == 6
        stalled = "A cat STALL_RUNNING"
        assert cli.run(evidence, "generate", stalled, "--wait", "--timeout", "30") == 5
        assert cli.run(evidence, "status", "no-such-task") in (2, 3)
        if provider == "qingbo":
            assert cli.run(evidence, "cancel", task_id) == 3  # completed: not cancellable
        wrong = {f"{provider.upper()}_API_KEY": WRONG_KEY}
        assert cli.run(evidence, "status", task_id, env=wrong) == 3
        assert cli.run(evidence, "providers") == 0
    finally:
        cli.close()
    evidence.logs(caplog)
    evidence.output(capsys)
    assert evidence.files(tmp_path) >= 2
    evidence.assert_clean()


# ------------------------------------------------------------------ live mode, fixtures
def test_live_mode_and_recorded_fixtures_never_show_the_key(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, capsys: pytest.CaptureFixture[str]
) -> None:
    from contracts.live import LiveChecker, LiveLog, SpendBudget, run_checks

    debug_logging(caplog)
    evidence = Evidence()
    log = LiveLog()
    for provider in PROVIDERS:
        app = create_app(provider, api_key=KEYS[provider], rate_limit=False, time_scale=1000.0)
        with LiveChecker(
            provider,
            KEYS[provider],
            transport=transport(app),
            budget=SpendBudget(1),
            record=True,
            fixtures_root=tmp_path,
            today=lambda: dt.date(2026, 1, 1),
        ) as checker:
            evidence.add("checker repr", repr(checker))
            for result in run_checks(checker, spend=True):
                log.add(result)
                evidence.add(f"{provider} {result.check}", [repr(result), result.explain()])
            task_id = next(iter(app.state.mock.tasks))
            checked = log.add(checker.check_task(task_id))
            evidence.add("task check", [repr(checked), checked.explain()])
    evidence.add("summary", log.summary())
    assert log.created, "the spend check created (and listed) a task per provider"
    assert evidence.files(tmp_path) >= len(PROVIDERS) * 3
    evidence.logs(caplog)
    evidence.output(capsys)
    evidence.assert_clean()


def test_save_fixture_redacts_every_key(tmp_path: Path) -> None:
    from contracts.fixtures import (
        PLACEHOLDER_KEY,
        Fixture,
        FixtureRequest,
        FixtureResponse,
        save_fixture,
    )

    key = KEYS["apixo"]
    fx = Fixture(
        name="get_task-401-leaky",
        path=None,
        provider="apixo",
        operation="get_task",
        kind="exchange",
        date="2026-01-01",
        request=FixtureRequest(
            method="GET",
            path="/api/v1/statusTask/abc",
            query={"api_key": key},
            headers={"Authorization": f"Bearer {key}", "X-Api-Key": key},
            body=None,
        ),
        response=FixtureResponse(
            status_code=401,
            headers={"content-type": "application/json"},
            body={"code": 401, "message": f"Invalid key {key}", "echo": [key]},
        ),
        notes=f"recorded with {key}",
        source="test",
        recorded="live",
    )
    path = save_fixture("apixo", fx, secrets=[key], root=tmp_path)
    evidence = Evidence()
    evidence.files(tmp_path)
    evidence.assert_clean()
    assert PLACEHOLDER_KEY in path.read_text(encoding="utf-8")


# ------------------------------------------------------------------------------ batch
def test_batch_journal_and_summary_never_show_the_key(
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
    capsys: pytest.CaptureFixture[str],
) -> None:
    batch = pytest.importorskip("soravideo.batch", reason="soravideo.batch is not written yet")
    debug_logging(caplog)
    evidence = Evidence()
    provider = "evolink"
    # the batch polls on real time (anyio.sleep): a fast mock on the real clock
    app = create_app(
        provider, api_key=KEYS[provider], time_scale=100_000.0, rate_limit=False, credits=1e6
    )
    jobs_file = tmp_path / "JOBS.jsonl"
    jobs_file.write_text(
        "\n".join(
            [
                json.dumps({"id": "ok", "prompt": "A cat"}),
                json.dumps({"id": "fails", "prompt": "A cat FAIL_CONTENT"}),
                json.dumps({"id": "lost", "prompt": "A dog"}),
                json.dumps({"id": "bad", "prompt": "A cat", "duration": "x"}),
            ]
        )
        + "\n",
        encoding="utf-8",
    )
    jobs, bad = batch.read_jobs(jobs_file)
    evidence.add("bad lines", [repr(b) for b in bad])
    out = tmp_path / "out"

    async def main() -> Any:
        client = AsyncVideoClient(
            provider, api_key=KEYS[provider], transport=async_transport(app), max_retries=0
        )
        # the first create reaches the mock, which then drops the answer
        app.state.mock.inject("create_task", "drop-after-create", times=1)
        async with client:
            with anyio.fail_after(30):  # a hang fails this test, not the suite
                summary = await batch.run_batch(
                    [j for j in jobs if j.key == "lost"] + [j for j in jobs if j.key != "lost"],
                    provider=provider,
                    out_dir=out,
                    concurrency=1,
                    client=client,
                    poll_interval=0.01,
                )
        await app.state.mock.aclose()
        return summary

    summary = anyio.run(main)
    evidence.add("summary", repr(summary))
    assert summary.may_exist == 1
    assert evidence.files(out) >= 2  # the journal and a video
    assert any(p.suffix == ".sqlite3" for p in out.iterdir())
    evidence.logs(caplog)
    evidence.output(capsys)
    evidence.assert_clean()


# ===================================================================== committed fixtures
FIXTURES = Path(__file__).resolve().parents[1] / "contracts" / "fixtures"
ALLOWED = {"YOUR_API_KEY", "Bearer YOUR_API_KEY"}
_CREDENTIAL_NAMES = re.compile(
    r"(?i)^(authorization|proxy-authorization|x-api-key|api[-_]?key|apikey|access[-_]?token|"
    r"secret|client[-_]?secret|password|token)$"
)
_KEY_SHAPES = (
    re.compile(r"\bsk-[A-Za-z0-9_-]{8,}"),  # OpenAI-style and every test key in this repo
    re.compile(r"(?i)\bbearer\s+(?!YOUR_API_KEY\b)[A-Za-z0-9._~+/=-]{6,}"),
    re.compile(r"\beyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}"),  # JWT
    re.compile(r"\b(?:AKIA|ASIA)[0-9A-Z]{16}\b"),
    re.compile(r"\b(?:ghp|gho|ghs|github_pat)_[A-Za-z0-9_]{20,}"),
    re.compile(r"\bxox[abpr]-[A-Za-z0-9-]{10,}"),
    re.compile(CORE),
)


def _strings(node: Any, path: str = "$") -> Iterator[tuple[str, str | None, str]]:
    """``(json path, key, value)`` of every string in ``node`` (keys included)."""
    if isinstance(node, str):
        yield path, None, node
    elif isinstance(node, dict):
        for key, value in node.items():
            yield f"{path}.{key}", None, str(key)
            if isinstance(value, str):
                yield f"{path}.{key}", str(key), value
            else:
                yield from _strings(value, f"{path}.{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _strings(value, f"{path}[{i}]")


def credentials_in(root: Path) -> list[str]:
    """Anything under ``root`` that looks like a credential other than ``YOUR_API_KEY``."""
    found: list[str] = []
    for path in sorted(root.rglob("*")):
        if not path.is_file():
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        where = path.relative_to(root)
        found += [f"{where}: {m.group(0)[:24]}" for p in _KEY_SHAPES for m in p.finditer(text)]
        if path.suffix != ".json":
            continue
        for json_path, key, value in _strings(json.loads(text)):
            if key is not None and _CREDENTIAL_NAMES.match(key) and value not in ALLOWED:
                found.append(f"{where}: {json_path} = {value[:24]!r}")
    return found


def test_committed_fixtures_hold_no_real_key() -> None:
    files = [p for p in FIXTURES.rglob("*.json")]
    assert len(files) > 40
    assert credentials_in(FIXTURES) == []
    texts = "\n".join(p.read_text(encoding="utf-8") for p in files)
    assert "YOUR_API_KEY" in texts  # the placeholder is what recorded requests carry


@pytest.mark.parametrize(
    "planted",
    [
        {"request": {"headers": {"Authorization": "Bearer abcdef123456"}}},
        {"request": {"headers": {"x-api-key": "live-3f9a8b7c"}}},
        {"request": {"query": {"api_key": "k-123"}}},
        {"response": {"body": {"echo": "your key sk-proj-abcdefghijkl was rejected"}}},
        {"notes": f"recorded with {KEYS['qingbo']}"},
    ],
    ids=["bearer", "x-api-key", "query", "sk-in-body", "test-key-in-notes"],
)
def test_the_fixture_scan_finds_a_planted_key(tmp_path: Path, planted: dict[str, Any]) -> None:
    source = FIXTURES / "qingbo" / "get_task-200-cancelled.json"
    data = json.loads(source.read_text(encoding="utf-8"))
    assert credentials_in(source.parent) == []

    def merge(into: dict[str, Any], extra: dict[str, Any]) -> None:
        for key, value in extra.items():
            if isinstance(value, dict) and isinstance(into.get(key), dict):
                merge(into[key], value)
            else:
                into[key] = value

    merge(data, planted)
    (tmp_path / "qingbo").mkdir()
    (tmp_path / "qingbo" / source.name).write_text(json.dumps(data), encoding="utf-8")
    assert credentials_in(tmp_path)


# ------------------------------------------------------------ issue 11: runs and vars()
RUN_KEY = "sk-Tq7ZbW2mXc9LpR4vNs8Ke1"


def test_a_key_echoed_late_in_a_long_message_is_redacted_before_truncation() -> None:
    def echo(request: httpx.Request) -> httpx.Response:
        message = "x" * 190 + f" key={RUN_KEY} " + "y" * 400
        return httpx.Response(500, json={"error": {"code": "e", "message": message}})

    client = VideoClient(
        "evolink", api_key=RUN_KEY, transport=httpx.MockTransport(echo), max_retries=0
    )
    with client, pytest.raises(SoraVideoError) as info:
        client.get("task-1")
    text = str(info.value) + repr(info.value) + str(getattr(info.value, "provider_message", ""))
    assert not [RUN_KEY[i : i + 8] for i in range(len(RUN_KEY) - 7) if RUN_KEY[i : i + 8] in text]


def test_redact_removes_any_run_of_eight_characters_of_a_key() -> None:
    from soravideo.errors import redact, register_secret

    register_secret(RUN_KEY)
    assert redact(f"cut off: {RUN_KEY[:8]}") == "cut off: ***"
    assert redact(f"middle {RUN_KEY[5:17]} end") == "middle *** end"
    assert redact(f"short {RUN_KEY[:7]}") == f"short {RUN_KEY[:7]}"  # 7 characters stay


def _reprs(obj: object, depth: int = 3) -> Iterator[str]:
    """repr() of ``obj`` and of everything reachable through ``vars()``, ``depth`` levels."""
    yield repr(obj)
    if depth == 0:
        return
    try:
        members = vars(obj)
    except TypeError:
        return
    for value in members.values():
        yield from _reprs(value, depth - 1)


@pytest.mark.parametrize("cls", [VideoClient, AsyncVideoClient])
def test_no_repr_or_vars_of_a_client_shows_the_key(cls: Any) -> None:
    client = cls("qingbo", api_key=RUN_KEY)
    inner = client._api
    for text in _reprs(client):
        assert RUN_KEY not in text
        assert RUN_KEY[:8] not in text
    assert RUN_KEY not in repr(inner)
    fields = attrs.asdict(inner, recurse=False)  # slotted: no vars()
    assert RUN_KEY not in repr(fields)
    for value in fields.values():
        for text in _reprs(value):
            assert RUN_KEY not in text
