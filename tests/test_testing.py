"""The pytest plugin ``soravideo.testing``: the ``soravideo_mock`` fixture, as users get it.

This repository's own runs load the plugin through its ``pytest11`` entry point,
exactly as a user's do, so these tests ask for the fixture by name.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
import time
from pathlib import Path

import anyio
import httpx
import pytest

from soravideo import (
    PROVIDERS,
    AuthenticationError,
    ServerError,
    TaskStatus,
    VideoClient,
    VideoRequest,
)
from soravideo.mock import video_bytes
from soravideo.testing import MockClock, MockFactory, MockHandle


@pytest.mark.parametrize("provider", PROVIDERS)
def test_generate_and_download_take_no_real_waiting(
    soravideo_mock: MockFactory, tmp_path: Path, provider: str
) -> None:
    mock = soravideo_mock(provider)
    started = time.perf_counter()
    task = mock.client.generate(VideoRequest(prompt="A cat playing piano"))
    path = mock.client.download(task, tmp_path)
    elapsed = time.perf_counter() - started
    assert task.status is TaskStatus.COMPLETED
    assert path.read_bytes() == video_bytes()
    # the documented lifecycle (180-300 provider seconds) passed on the mock's clock
    assert sum(mock.clock.skipped) >= 150
    assert elapsed < 10  # no real sleeping (well under 1 s when the machine is idle)
    assert next(r.operation for r in mock.requests) == "create_task"
    assert mock.requests[-1].operation == "download_video"
    assert mock.violations == []


def test_requests_are_recorded_without_the_key(soravideo_mock: MockFactory) -> None:
    mock = soravideo_mock("evolink", api_key="sk-user-5ecret-key-123")
    mock.client.create(VideoRequest(prompt="A red kite", duration=10))
    [create] = mock.requests
    assert (create.method, create.path, create.operation) == (
        "POST",
        "/v1/videos/generations",
        "create_task",
    )
    assert create.json["prompt"] == "A red kite"
    assert create.authorized is True
    assert create.status == 200
    assert "authorization" not in create.headers
    assert "sk-user-5ecret-key-123" not in repr(mock.requests)
    assert create.headers["content-type"] == "application/json"


def test_inject_makes_the_next_answers_fail(soravideo_mock: MockFactory) -> None:
    mock = soravideo_mock("qingbo")
    # qingbo's creates carry an Idempotency-Key, so a 5xx is re-sent with it: fail them all
    mock.inject("create_task", "503", times=3)
    with pytest.raises(ServerError):
        mock.client.create(VideoRequest(prompt="once"))
    assert [r.status for r in mock.requests] == [503, 503, 503]
    assert len({r.headers["idempotency-key"] for r in mock.requests}) == 1  # one key
    mock.inject("*", "500", times=2)
    with httpx.Client(transport=mock.transport, base_url=mock.base_url) as http:
        statuses = [http.get("/v1/tasks/x").status_code for _ in range(3)]
    assert statuses == [500, 500, 401]  # two faults, then the mock itself (no key sent)
    assert next(r.operation for r in mock.requests) == "create_task"
    with pytest.raises(ValueError, match="no operation"):
        mock.inject("create_video", "500")


def test_the_clock_moves_a_task_along_without_sleeping(soravideo_mock: MockFactory) -> None:
    mock = soravideo_mock("apixo")
    task = mock.client.create(VideoRequest(prompt="A glacier", duration=4))
    assert mock.client.get(task.id).status in (TaskStatus.QUEUED, TaskStatus.IN_PROGRESS)
    mock.advance(200)  # apixo: done 180 s after creation for a 4 s video
    assert mock.client.get(task.id).status is TaskStatus.COMPLETED
    with pytest.raises(ValueError, match="forward"):
        mock.clock.advance(-1)


def test_the_clock_follows_real_time_too() -> None:
    clock = MockClock(start=1_000.0)
    first = clock.now()
    time.sleep(0.01)
    assert 1_000.0 <= first < clock.now()
    assert clock.advance(60) >= first + 60


def test_a_forbidden_request_gets_the_providers_error_naming_the_field(
    soravideo_mock: MockFactory,
) -> None:
    import evolink_client
    from evolink_client.api.tasks import create_task
    from evolink_client.models import ErrorResponse, GenerationRequest

    mock = soravideo_mock("evolink")
    client = evolink_client.AuthenticatedClient(
        base_url=mock.base_url, token=mock.api_key, httpx_args={"transport": mock.transport}
    )
    # the model's constructor does not check values: 7 s is not a documented duration
    body = GenerationRequest(model="sora-2", prompt="A harbour", duration=7)
    with mock.expect_violation("duration") as seen, client:
        answer = create_task.sync_detailed(client=client, body=body)
    assert answer.status_code == 400
    assert isinstance(answer.parsed, ErrorResponse)
    assert answer.parsed.error.param == "duration"
    assert seen[0].operation == "create_task"
    assert seen[0].path == "$.duration"


def test_an_untaken_violation_fails_the_test_at_teardown() -> None:
    factory = MockFactory()
    mock = factory("firebirdgen")
    with httpx.Client(transport=mock.transport, base_url=mock.base_url) as http:
        http.post(
            "/api/tasks",
            json={"requestParams": {"prompt": 5}},
            headers={"Authorization": f"Bearer {mock.api_key}"},
        )
    [problem] = factory.close()
    assert "create_task $.requestParams.prompt" in problem
    lenient = MockFactory()
    quiet = lenient("firebirdgen", strict=False)
    with httpx.Client(transport=quiet.transport, base_url=quiet.base_url) as http:
        http.post("/api/tasks", json={})
    assert lenient.close() == []
    assert len(quiet.violations) == 1


def test_served_on_a_loopback_port(soravideo_mock: MockFactory, tmp_path: Path) -> None:
    mock = soravideo_mock("freesoragenerator", serve=True, credits=100)
    assert mock.served
    assert mock.base_url.startswith("http://127.0.0.1:")
    # code under test that takes a URL: plain httpx over the network
    answer = httpx.post(
        f"{mock.base_url}/api/get-user-credits",
        headers={"Authorization": f"Bearer {mock.api_key}"},
    )
    assert answer.json()["data"]["left_credits"] == 100
    task = mock.client.generate(VideoRequest(prompt="A comet"))  # costs 20
    assert mock.client.download(task, tmp_path).stat().st_size > 0
    assert mock.state.credits == 80


def test_async_client(soravideo_mock: MockFactory, tmp_path: Path) -> None:
    mock = soravideo_mock("evolink")

    async def main() -> tuple[TaskStatus, Path]:
        async with mock.async_client() as client:
            task = await client.generate(VideoRequest(prompt="A heron"))
            return task.status, await client.download(task, tmp_path)

    status, path = anyio.run(main)
    assert status is TaskStatus.COMPLETED
    assert path.read_bytes() == video_bytes()
    assert sum(mock.clock.skipped) >= 300  # evolink: done after 300 s, on the mock's clock


def test_own_clients_use_the_transport(soravideo_mock: MockFactory) -> None:
    mock = soravideo_mock("qingbo", time_scale=1000)
    with VideoClient("qingbo", api_key=mock.api_key, transport=mock.transport) as client:
        task = client.create(VideoRequest(prompt="A lantern"))
    assert isinstance(mock, MockHandle)
    assert task.id in mock.state.tasks
    with (
        VideoClient("qingbo", api_key="wrong", transport=mock.transport) as client,
        pytest.raises(AuthenticationError),
    ):
        client.get(task.id)
    assert mock.requests[-1].authorized is False


def test_expect_violation_names_the_field(
    soravideo_mock: MockFactory,
) -> None:
    mock = soravideo_mock("apixo")
    body = {"model": "sora-2", "input": {"prompt": ""}}
    with (
        mock.expect_violation("prompt"),
        httpx.Client(transport=mock.transport, base_url=mock.base_url) as http,
    ):
        answer = http.post(
            "/api/v1/generateTask/sora-2",
            json=body,
            headers={"Authorization": f"Bearer {mock.api_key}"},
        )
    assert answer.status_code == 400
    assert "prompt" in answer.text


def test_the_plugin_module_imports_nothing_heavy() -> None:
    code = (
        "import sys, soravideo.testing; "
        "print(sorted(m for m in ('soravideo.mock', 'starlette', 'uvicorn', "
        "'soravideo.testing._handle', 'schemathesis') if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_plain_pytest_outside_the_repository(tmp_path: Path) -> None:
    """A user's test file, in a directory with no conftest, run by plain pytest."""
    (tmp_path / "test_user.py").write_text(
        textwrap.dedent(
            """
            from soravideo import VideoRequest

            def test_generate(soravideo_mock, tmp_path):
                mock = soravideo_mock("evolink")
                task = mock.client.generate(VideoRequest(prompt="A cat"))
                assert mock.client.download(task, tmp_path).exists()

            def test_violation_is_reported(soravideo_mock):
                import httpx
                mock = soravideo_mock("evolink")
                with httpx.Client(transport=mock.transport, base_url=mock.base_url) as http:
                    http.post("/v1/videos/generations", json={"model": "sora-2"},
                              headers={"Authorization": f"Bearer {mock.api_key}"})
            """
        )
    )
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "--rootdir",
            str(tmp_path),
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    # the second test fails at teardown: its mock received a request the spec forbids
    assert "2 passed, 1 error" in done.stdout, done.stdout + done.stderr
    assert "create_task $.prompt" in done.stdout
    assert "spec" in done.stdout
    assert "forbids" in done.stdout
