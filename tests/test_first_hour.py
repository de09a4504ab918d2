"""What a new user meets first: error types, ``parse_task`` on any task body,
``on_progress`` on changes only, and ``SORAVIDEO_LOG`` logging (issue 13)."""

from __future__ import annotations

import itertools
import json
import logging
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import httpx
import pytest

import soravideo
from contracts.fixtures import load_fixtures
from soravideo import (
    PROVIDERS,
    NotFoundError,
    RequestValidationError,
    SoraVideoError,
    Task,
    TaskStatus,
    VideoClient,
    VideoRequest,
)
from soravideo.errors import RequestTypeError
from soravideo.mock import create_app, transport
from tests.test_end_to_end import Clock

KEY = "sk-first-hour-5ecret-0123456789"


# --------------------------------------------------------------------------- error types
@pytest.mark.parametrize(
    ("make", "builtin"),
    [
        (lambda: VideoClient("nope", api_key=KEY), ValueError),
        (lambda: soravideo.capabilities("nope"), ValueError),
        (lambda: soravideo.parse_task("nope", b"{}"), ValueError),
        (lambda: VideoClient("evolink", api_key=KEY, max_retries=-1), ValueError),
        (lambda: VideoClient("evolink", api_key=KEY, base_url="not-a-url"), ValueError),
        (lambda: VideoRequest(prompt="x", duration="ten"), TypeError),  # type: ignore[arg-type]
        (lambda: VideoRequest(prompt=7), TypeError),  # type: ignore[arg-type]
        (lambda: VideoRequest(prompt="x", image=3.5), TypeError),  # type: ignore[arg-type]
        (lambda: VideoRequest(prompt="x", shots=[1]), TypeError),  # type: ignore[list-item]
        (lambda: VideoRequest(prompt="x", extra=3), TypeError),  # type: ignore[arg-type]
        (lambda: VideoRequest(prompt="x", image="a.png", remix_of="t"), ValueError),
        (lambda: soravideo.Shot(prompt="x", duration="1"), TypeError),  # type: ignore[arg-type]
        (lambda: soravideo.Shot(prompt=" ", duration=1), ValueError),
    ],
)
def test_bad_input_is_a_soravideo_error_and_the_builtin_python_expects(
    make: Any, builtin: type[Exception]
) -> None:
    with pytest.raises(SoraVideoError) as info:
        make()
    assert isinstance(info.value, RequestValidationError)
    assert isinstance(info.value, builtin)
    assert info.value.field


def test_wrong_types_are_request_type_errors_naming_the_field() -> None:
    with pytest.raises(RequestTypeError) as info:
        VideoRequest(prompt="x", duration="ten")  # type: ignore[arg-type]
    assert info.value.field == "duration"
    assert "ten" in str(info.value)


def test_base_url_is_checked_before_anything_is_sent() -> None:
    sent: list[httpx.Request] = []
    mock = httpx.MockTransport(lambda r: sent.append(r) or httpx.Response(500))
    with pytest.raises(RequestValidationError) as info:
        VideoClient("evolink", api_key=KEY, base_url="ftp://x", transport=mock)
    assert info.value.field == "base_url"
    assert not sent


# --------------------------------------------------------------------------- parse_task
CREATE_ANSWERS = [
    fx
    for provider in PROVIDERS
    for fx in load_fixtures(provider)
    if fx.operation == "create_task"
    and fx.kind == "exchange"
    and fx.response is not None
    and fx.response.status_code == 200
    and isinstance(fx.response.body, dict)
    and not (provider == "freesoragenerator" and fx.response.body.get("code") not in (0, 200))
]


@pytest.mark.parametrize("fx", CREATE_ANSWERS, ids=lambda fx: f"{fx.provider}/{fx.name}")
def test_parse_task_takes_a_create_answer(fx: Any) -> None:
    try:
        task = soravideo.parse_task(fx.provider, json.dumps(fx.response.body).encode())
    except soravideo.APIError:
        pytest.fail(f"{fx.name}: a create answer was read as an error envelope")
    assert isinstance(task, Task)
    assert task.provider == fx.provider
    assert task.id
    assert task.raw == fx.response.body


def test_parse_task_still_refuses_what_no_shape_allows() -> None:
    with pytest.raises(soravideo.ProviderResponseError) as info:
        soravideo.parse_task("evolink", b'{"hello": "world"}')
    assert info.value.body == b'{"hello": "world"}'


# --------------------------------------------------------------------------- on_progress
@pytest.mark.parametrize("provider", PROVIDERS)
def test_on_progress_fires_on_changes_only(provider: str) -> None:
    clock = Clock()
    app = create_app(provider, api_key=KEY, clock=clock, time_scale=10.0, rate_limit=False)
    seen: list[Task] = []
    with VideoClient(provider, api_key=KEY, transport=transport(app)) as client:
        client._sleep = clock.sleep
        client._clock = clock
        task = client.generate(VideoRequest(prompt="A cat"), on_progress=seen.append)
    assert task.status is TaskStatus.COMPLETED
    states = [(t.status, t.progress, t.video_urls, t.error) for t in seen]
    assert all(a != b for a, b in itertools.pairwise(states)), states
    assert states[-1][0] is TaskStatus.COMPLETED


# --------------------------------------------------------------------------- logging
def test_info_logs_each_request_retry_and_poll_without_the_key(
    caplog: pytest.LogCaptureFixture,
) -> None:
    clock = Clock()
    app = create_app("evolink", api_key=KEY, clock=clock, time_scale=10.0, rate_limit=False)
    faults = iter([httpx.Response(503, json={"error": {"code": 503, "message": "busy"}})])

    def flaky(request: httpx.Request) -> httpx.Response:
        if request.method == "GET":
            answer = next(faults, None)
            if answer is not None:
                return answer
        raise LookupError  # fall through to the mock

    inner = transport(app)

    class Flaky(httpx.BaseTransport):
        def handle_request(self, request: httpx.Request) -> httpx.Response:
            try:
                return flaky(request)
            except LookupError:
                return inner.handle_request(request)

    caplog.set_level(logging.DEBUG, logger="soravideo")
    with VideoClient("evolink", api_key=KEY, transport=Flaky()) as client:
        client._sleep = clock.sleep
        client._clock = clock
        client.generate(VideoRequest(prompt="A cat"))
    text = caplog.text
    assert "evolink create_task: POST /v1/videos/generations -> 200" in text
    assert "evolink get_task: GET" in text
    assert "-> 503" in text
    assert "retry 1 of 2" in text
    assert "next status query in" in text
    assert "request body:" in text  # debug adds the bodies
    assert KEY not in text


def test_a_create_that_is_not_retried_says_why(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="soravideo")
    mock = httpx.MockTransport(lambda r: httpx.Response(503, json={"error": {"message": "x"}}))
    with (
        VideoClient("evolink", api_key=KEY, transport=mock) as client,
        pytest.raises(soravideo.ServerError),
    ):
        client.create(VideoRequest(prompt="A cat"))
    assert "evolink create_task: not retried (ServerError)" in caplog.text


def test_request_id_header_reaches_the_error_and_the_log(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="soravideo")
    body = {"error": {"code": 404, "message": "not found", "type": "not_found_error"}}
    mock = httpx.MockTransport(
        lambda r: httpx.Response(404, json=body, headers={"x-request-id": "req-42"})
    )
    with (
        VideoClient("evolink", api_key=KEY, transport=mock) as client,
        pytest.raises(NotFoundError) as info,
    ):
        client.get("task-unified-1-abc")
    assert info.value.request_id == "req-42"
    assert "request id req-42" in caplog.text


def test_soravideo_log_env_attaches_a_stderr_handler(tmp_path: Path) -> None:
    code = (
        "import logging, soravideo\n"
        "logging.getLogger('soravideo.http').info('hello %s', 'world')\n"
        "logging.getLogger('soravideo.http').debug('hidden')\n"
    )
    env = {**os.environ, "SORAVIDEO_LOG": "info"}
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    assert "soravideo.http - INFO] hello world" in done.stderr
    assert "hidden" not in done.stderr
    quiet = subprocess.run(
        [sys.executable, "-c", code],
        env={k: v for k, v in os.environ.items() if k != "SORAVIDEO_LOG"},
        capture_output=True,
        text=True,
        check=True,
    )
    assert quiet.stderr == ""


# --------------------------------------------------------------------------- download mode
@pytest.mark.parametrize("umask", [0o022, 0o077])
def test_a_downloaded_video_gets_the_mode_the_umask_gives(tmp_path: Path, umask: int) -> None:
    clock = Clock()
    app = create_app("evolink", api_key=KEY, clock=clock, time_scale=1e6, rate_limit=False)
    old = os.umask(umask)
    try:
        with VideoClient("evolink", api_key=KEY, transport=transport(app)) as client:
            client._sleep = clock.sleep
            client._clock = clock
            task = client.generate(VideoRequest(prompt="A cat"))
            path = client.download(task, tmp_path / "clip.mp4")
    finally:
        os.umask(old)
    assert path.stat().st_mode & 0o777 == 0o666 & ~umask


# --------------------------------------------------------------------------- event hooks
def test_event_hooks_see_every_request_downloads_included(tmp_path: Path) -> None:
    clock = Clock()
    app = create_app("evolink", api_key=KEY, clock=clock, time_scale=1e6, rate_limit=False)
    seen: list[tuple[str, str, int]] = []

    def on_response(response: httpx.Response) -> None:
        seen.append((response.request.method, response.request.url.path, response.status_code))

    with VideoClient(
        "evolink", api_key=KEY, transport=transport(app), event_hooks={"response": [on_response]}
    ) as client:
        client._sleep = clock.sleep
        client._clock = clock
        task = client.generate(VideoRequest(prompt="A cat"))
        client.download(task, tmp_path / "clip.mp4")
    assert seen[0] == ("POST", "/v1/videos/generations", 200)
    assert any(path.endswith(".mp4") for _, path, _ in seen)  # the download too


def test_bad_event_hooks_are_refused_before_anything_is_sent() -> None:
    with pytest.raises(RequestValidationError) as info:
        VideoClient("evolink", api_key=KEY, event_hooks={"before": [print]})
    assert info.value.field == "event_hooks"


@pytest.mark.parametrize("timeout", [-5, 0, "x", float("nan"), float("inf"), True])
def test_a_bad_timeout_is_refused_when_the_client_is_made(timeout: Any) -> None:
    with pytest.raises(RequestValidationError) as info:
        VideoClient("evolink", api_key=KEY, timeout=timeout)
    assert info.value.field == "timeout"
