"""The ``soravideo`` command against mock providers served on loopback.

Commands run in process through ``typer.testing.CliRunner`` (the real network
stack to a uvicorn-served mock via ``--base-url``, the key from
``<PROVIDER>_API_KEY``); the console script and ``soravideo mock`` run as
subprocesses.
"""

from __future__ import annotations

import io
import json
import os
import selectors
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import typer
from rich.console import Console
from starlette.types import ASGIApp, Receive, Scope, Send
from typer.testing import CliRunner, Result

from soravideo import PROVIDERS, NotFoundError, VideoClient, __version__, cli
from soravideo.cli import app as cli_app
from soravideo.mock import MockServer, MockState, create_app, video_bytes

KEYS = {provider: f"sk-cli-{provider}-5ecret-a1b2c3d4" for provider in PROVIDERS}
WRONG_KEY = "sk-cli-wrong-0000-zyxw"
OUTPUTS: list[str] = []
"""Every output of every command run here (checked for API keys at the end)."""


class Counting:
    """ASGI middleware recording the requests the served mock receives."""

    def __init__(self, app: ASGIApp, log: list[tuple[str, str]]) -> None:
        self.app = app
        self.log = log

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            self.log.append((scope["method"], scope["path"]))
        await self.app(scope, receive, send)


class Served:
    """A provider's mock served on 127.0.0.1, with its request log."""

    def __init__(self, provider: str, time_scale: float) -> None:
        self.provider = provider
        self.requests: list[tuple[str, str]] = []
        app = create_app(
            provider,
            api_key=KEYS[provider],
            time_scale=time_scale,
            rate_limit=False,
            deliver_callbacks=False,
        )
        self.state: MockState = app.state.mock
        app.add_middleware(Counting, log=self.requests)
        self.server = MockServer(app)

    @property
    def url(self) -> str:
        return self.server.base_url


@pytest.fixture(scope="module")
def served() -> Iterator[dict[str, Served]]:
    """evolink (fast: a task completes in 0.3 ms) and qingbo (slow enough to cancel)."""
    mocks = {"evolink": Served("evolink", 1e6), "qingbo": Served("qingbo", 1.0)}
    try:
        for mock in mocks.values():
            mock.server.start()
        yield mocks
    finally:
        for mock in mocks.values():
            mock.server.stop()


def run(*args: str, provider: str = "evolink", key: str | None = None) -> Result:
    env = {f"{p.upper()}_API_KEY": "" for p in PROVIDERS}
    env[f"{provider.upper()}_API_KEY"] = KEYS[provider] if key is None else key
    env["SORAVIDEO_PROVIDER"] = ""
    result = CliRunner().invoke(cli_app, list(args), env=env)
    OUTPUTS.extend([result.stdout, result.stderr])
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result


def generate(mock: Served, *args: str) -> tuple[Result, str]:
    result = run(
        "generate", *args, "--provider", mock.provider, "--base-url", mock.url,
        provider=mock.provider,
    )  # fmt: skip
    task_id = result.stdout.splitlines()[0].strip() if result.stdout else ""
    return result, task_id


# --------------------------------------------------------------------------- generate
def test_generate_prints_the_id_first_then_saves_the_video(
    served: dict[str, Served], tmp_path: Path
) -> None:
    mock = served["evolink"]
    result, task_id = generate(mock, "A cat playing piano", "--out", str(tmp_path))
    assert result.exit_code == 0, result.stderr
    assert task_id in mock.state.tasks
    assert task_id.startswith("task-unified-")
    assert f"created evolink task {task_id}" in result.stderr
    saved = tmp_path / f"{task_id}.mp4"
    assert f"saved {saved}" in result.stderr.replace("\n", "")
    assert saved.read_bytes() == video_bytes()
    assert saved.read_bytes()[4:8] == b"ftyp"
    assert sorted(p.name for p in tmp_path.iterdir()) == [saved.name]


def test_generate_json_status_wait_download(served: dict[str, Served], tmp_path: Path) -> None:
    mock = served["evolink"]
    base = ("--provider", "evolink", "--base-url", mock.url)
    result, _ = generate(mock, "A cat", "--duration", "15", "--aspect-ratio", "9:16", "--json")
    assert result.exit_code == 0, result.stderr
    created = json.loads(result.stdout)
    task_id = created["id"]
    assert mock.state.tasks[task_id].body["duration"] == 15
    assert mock.state.tasks[task_id].body["aspect_ratio"] == "9:16"

    status = run("status", task_id, *base, "--json")
    assert status.exit_code == 0, status.stderr
    shown = json.loads(status.stdout)
    assert shown["id"] == task_id
    assert shown["status"] == "completed"
    assert shown["video_urls"] == [f"{mock.url}/_mock/videos/{task_id}.mp4"]

    table = run("status", task_id, *base)
    assert table.exit_code == 0
    assert task_id in table.stdout
    assert "completed" in table.stdout

    waited = run("wait", task_id, *base, "--json", "--poll-interval", "0.01")
    assert waited.exit_code == 0, waited.stderr
    assert json.loads(waited.stdout)["status"] == "completed"

    downloaded = run("download", task_id, str(tmp_path / "clip.mp4"), *base)
    assert downloaded.exit_code == 0, downloaded.stderr
    assert downloaded.stdout.strip() == str(tmp_path / "clip.mp4")
    assert (tmp_path / "clip.mp4").read_bytes() == video_bytes()


# --------------------------------------------------------------------------- cancel
def test_cancel_on_qingbo(served: dict[str, Served]) -> None:
    mock = served["qingbo"]
    base = ("--provider", "qingbo", "--base-url", mock.url)
    result, task_id = generate(mock, "A cat")
    assert result.exit_code == 0, result.stderr
    cancelled = run("cancel", task_id, *base, "--json", provider="qingbo")
    assert cancelled.exit_code == 0, cancelled.stderr
    assert json.loads(cancelled.stdout)["status"] == "cancelled"
    waited = run("wait", task_id, *base, provider="qingbo")
    assert waited.exit_code == 1  # ended without a video
    assert "cancelled" in waited.stdout
    again = run("cancel", task_id, *base, provider="qingbo")
    assert again.exit_code == 3  # only queued tasks can be cancelled: the provider says 400
    assert "400" in again.stderr


def test_cancel_where_the_provider_has_none_sends_nothing(served: dict[str, Served]) -> None:
    mock = served["evolink"]
    before = len(mock.requests)
    result = run("cancel", "task-unified-1", "--provider", "evolink", "--base-url", mock.url)
    assert result.exit_code == 2
    assert "evolink" in result.stderr
    assert len(mock.requests) == before


# --------------------------------------------------------------------------- providers
def test_providers_table_and_json() -> None:
    table = run("providers")
    assert table.exit_code == 0
    for provider in PROVIDERS:
        assert provider in table.stdout
    assert "…" not in table.stdout  # nothing cut short, even though stdout is not a terminal
    listed = run("providers", "--json")
    assert listed.exit_code == 0
    rows: list[dict[str, Any]] = json.loads(listed.stdout)
    assert {row["provider"] for row in rows} == set(PROVIDERS)
    storyboard = [r for r in rows if r["mode"] == "storyboard"]
    assert [r["provider"] for r in storyboard] == ["freesoragenerator"]
    assert {r["provider"] for r in rows if r["cancel"]} == {"qingbo"}
    assert {r["provider"] for r in rows if not r["callbacks"]} == {"freesoragenerator"}
    keyed = {(r["provider"], r["idempotency_key_ttl"], r["max_wait"]) for r in rows}
    assert {k for k in keyed if k[1] is not None} == {("qingbo", 86400.0, 60.0)}
    assert ("qingbo", "sora-2-preview", "1:1") in {
        (r["provider"], r["model"], a) for r in rows for a in r["aspect_ratios"]
    }


# --------------------------------------------------------------------------- exit codes
@pytest.mark.parametrize(
    "args",
    [
        ("A cat", "--duration", "12"),  # evolink: 10 or 15
        ("A cat", "--aspect-ratio", "4:3"),
        ("A cat", "--model", "sora-3"),
        ("x" * 1001,),  # evolink: at most 1000 characters
        ("A cat", "--remix-of", "task-unified-1"),  # remix needs sora-2-pro
        ("A cat", "--extra", "{not json"),
        (),  # no prompt
    ],
)
def test_bad_input_exits_2_without_a_request(
    served: dict[str, Served], args: tuple[str, ...]
) -> None:
    mock = served["evolink"]
    before = len(mock.requests)
    result, _ = generate(mock, *args)
    assert result.exit_code == 2, (result.stdout, result.stderr)
    assert "error" in result.stderr.lower()
    assert result.stdout == ""
    assert len(mock.requests) == before


def test_unknown_provider_exits_2() -> None:
    result = run("status", "t1", "--provider", "openai")
    assert result.exit_code == 2
    assert "openai" in result.stderr


def test_failed_task_exits_1_naming_the_task(served: dict[str, Served]) -> None:
    mock = served["evolink"]
    result, task_id = generate(mock, "A cat FAIL_CONTENT", "--wait")
    assert result.exit_code == 1
    assert task_id in mock.state.tasks
    assert "content_policy_violation" in result.stderr
    assert f"task id: {task_id}" in result.stderr


def test_provider_error_exits_3(served: dict[str, Served]) -> None:
    mock = served["evolink"]
    before = len(mock.state.tasks)
    result = run(
        "generate", "A cat", "--provider", "evolink", "--base-url", mock.url, key=WRONG_KEY
    )
    assert result.exit_code == 3
    assert "401" in result.stderr
    assert WRONG_KEY not in result.stderr + result.stdout
    assert len(mock.state.tasks) == before
    missing = run("status", "task-unified-1790000000-nosuchid", "--base-url", mock.url)
    assert missing.exit_code == 3
    assert "404" in missing.stderr


def test_connection_refused_exits_4() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        closed = f"http://127.0.0.1:{sock.getsockname()[1]}"
    started = time.monotonic()
    result = run("status", "task-unified-1790000000-abcdefgh", "--base-url", closed)
    assert result.exit_code == 4
    assert "connection failed" in result.stderr
    assert time.monotonic() - started < 15  # two retries with backoff, then give up


def test_wait_timeout_exits_5_naming_the_task(served: dict[str, Served]) -> None:
    mock = served["evolink"]
    result, task_id = generate(mock, "A cat STALL_RUNNING")
    assert result.exit_code == 0
    started = time.monotonic()
    waited = run(
        "wait", task_id, "--base-url", mock.url, "--timeout", "0.3", "--poll-interval", "0.05"
    )
    assert waited.exit_code == 5
    assert time.monotonic() - started < 5
    assert f"task id: {task_id}" in waited.stderr
    assert "in_progress" in waited.stderr


# --------------------------------------------------------------------------- subprocesses
def _soravideo() -> list[str]:
    script = shutil.which("soravideo") or str(Path(sys.executable).parent / "soravideo")
    return [script] if Path(script).exists() else [sys.executable, "-m", "soravideo.cli"]


def _readline(stream: Any, timeout: float) -> str:
    selector = selectors.DefaultSelector()
    selector.register(stream, selectors.EVENT_READ)
    try:
        if not selector.select(timeout):
            return ""
        line: str = stream.readline()
        return line
    finally:
        selector.close()


def test_mock_command_prints_its_url_and_serves() -> None:
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen(
        [*_soravideo(), "mock", "evolink", "--port", "0", "--api-key", KEYS["evolink"]],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        line = _readline(proc.stdout, timeout=20).strip()
        assert line.startswith("http://127.0.0.1:"), (line, proc.poll())
        port = int(line.rsplit(":", 1)[1])
        assert port > 0
        headers = {"Authorization": f"Bearer {KEYS['evolink']}"}
        with httpx.Client(base_url=line, timeout=5) as http:
            unauthorised = http.post("/v1/videos/generations", json={"prompt": "A cat"})
            assert unauthorised.status_code == 401
            created = http.post(
                "/v1/videos/generations",
                json={"model": "sora-2", "prompt": "A cat"},
                headers=headers,
            )
            assert created.status_code == 200, created.text
            task_id = created.json()["id"]
            status = http.get(f"/v1/tasks/{task_id}", headers=headers)
            assert status.json()["status"] == "pending"
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:  # pragma: no cover - a hung server
            proc.kill()
            proc.wait(timeout=5)
        assert proc.stdout is not None
        assert proc.stderr is not None
        OUTPUTS.extend([proc.stdout.read(), proc.stderr.read()])


def test_console_script_runs() -> None:
    result = subprocess.run(
        [*_soravideo(), "providers", "--json"],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert {row["provider"] for row in json.loads(result.stdout)} == set(PROVIDERS)
    empty = {k: v for k, v in os.environ.items() if not k.endswith("_API_KEY")}
    missing_key = subprocess.run(
        [*_soravideo(), "status", "t1", "--provider", "apixo"],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
        env=empty,
    )
    assert missing_key.returncode == 2
    assert "APIXO_API_KEY" in missing_key.stderr


# --------------------------------------------------------------------------- secrets
# --------------------------------------------------------------------------- first hour
@pytest.mark.parametrize("command", ["generate", "download"])
def test_a_missing_directory_with_a_trailing_slash_receives_id_mp4(
    served: dict[str, Served], tmp_path: Path, command: str
) -> None:
    mock = served["evolink"]
    dest = tmp_path / "videos"
    if command == "generate":
        result, task_id = generate(mock, "A cat", "--out", f"{dest}/")
    else:
        created, task_id = generate(mock, "A cat")
        assert created.exit_code == 0, created.stderr
        base = ("--provider", "evolink", "--base-url", mock.url)
        result = run("download", task_id, f"{dest}/", *base)
    assert result.exit_code == 0, result.stderr
    assert dest.is_dir()
    assert (dest / f"{task_id}.mp4").read_bytes() == video_bytes()


def test_version() -> None:
    result = run("--version")
    assert result.exit_code == 0
    assert result.stdout.strip() == f"soravideo {__version__}"


@pytest.mark.parametrize(
    ("args", "names"),
    [
        (("--extra", "{bad"), "--extra"),
        (("--extra", "[1]"), "--extra"),
        (("--base-url", "not-a-url"), "--base-url"),
        (("--duration", "0"), "--duration"),
        (("--aspect-ratio", "4:3"), "--aspect-ratio"),
    ],
)
def test_bad_options_are_named_and_exit_2_before_sending(
    served: dict[str, Served], args: tuple[str, ...], names: str
) -> None:
    mock = served["evolink"]
    before = len(mock.requests)
    extra = () if "--base-url" in args else ("--base-url", mock.url)
    result = run("generate", "A cat", "--provider", "evolink", *extra, *args)
    assert result.exit_code == 2, result.stderr
    assert result.stderr.startswith(f"error: {names}"), result.stderr
    assert "may have reached" not in result.stderr
    assert "Traceback" not in result.stderr
    assert len(mock.requests) == before


def test_missing_key_names_the_environment_variable_not_a_kwarg(
    served: dict[str, Served],
) -> None:
    result = run("status", "x", "--base-url", served["evolink"].url, key="")
    assert result.exit_code == 2
    assert "EVOLINK_API_KEY" in result.stderr
    assert "api_key=" not in result.stderr


def test_provider_text_is_printed_literally_never_as_markup(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    sink = Console(file=io.StringIO(), width=200)
    monkeypatch.setattr(cli, "err", sink)
    exc = NotFoundError("no task [/x] [bold]here[/bold]", status_code=404, provider="evolink")
    with pytest.raises(typer.Exit) as info:
        cli._fail(exc, "evolink")
    assert info.value.exit_code == 3
    assert "no task [/x] [bold]here[/bold]" in sink.file.getvalue()


def test_status_shows_long_video_urls_whole(served: dict[str, Served]) -> None:
    mock = served["evolink"]
    result, task_id = generate(mock, "A cat")
    assert result.exit_code == 0, result.stderr
    shown = run("status", task_id, "--provider", "evolink", "--base-url", mock.url)
    assert shown.exit_code == 0
    assert f"{mock.url}/_mock/videos/{task_id}.mp4" in shown.stdout
    assert "…" not in shown.stdout


def test_ctrl_c_during_wait_names_the_task_and_the_command_to_continue(
    served: dict[str, Served], monkeypatch: pytest.MonkeyPatch
) -> None:
    def interrupted(*args: Any, **kwargs: Any) -> Any:
        raise KeyboardInterrupt

    monkeypatch.setattr(VideoClient, "wait", interrupted)
    mock = served["evolink"]
    result, task_id = generate(mock, "A cat", "--wait")
    assert result.exit_code == 130
    assert task_id in mock.state.tasks
    one_line = result.stderr.replace("\n", " ")
    assert f"soravideo wait {task_id} --provider evolink --base-url {mock.url}" in one_line


def test_an_unwritable_out_is_refused_before_the_task_is_paid_for(
    served: dict[str, Served], tmp_path: Path
) -> None:
    mock = served["evolink"]
    before = len(mock.requests)
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    result, _ = generate(mock, "A cat", "--out", str(blocker / "videos" / "x.mp4"))
    assert result.exit_code == 2, result.stderr
    assert result.stderr.startswith("error: cannot write the video to"), result.stderr
    assert len(mock.requests) == before  # nothing was created


def test_a_video_that_cannot_be_saved_after_the_task_exists_exits_8_with_the_way_on(
    served: dict[str, Served], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from soravideo.errors import DestinationError

    def full_disk(*args: Any, **kwargs: Any) -> Any:
        raise DestinationError("cannot write the video to 'x.mp4': disk full", path="x.mp4")

    monkeypatch.setattr(VideoClient, "download", full_disk)
    mock = served["evolink"]
    result, task_id = generate(mock, "A cat", "--out", str(tmp_path / "x.mp4"))
    assert result.exit_code == 8, result.stderr
    assert task_id in mock.state.tasks
    assert f"soravideo download {task_id} DEST --provider evolink" in result.stderr.replace(
        "\n", " "
    )


def test_no_api_key_in_any_output() -> None:
    """Runs last in this module: every command's stdout and stderr above is checked."""
    assert len(OUTPUTS) > 20
    text = "\n".join(OUTPUTS)
    for key in [*KEYS.values(), WRONG_KEY]:
        assert key not in text
