"""``soravideo proxy``: the validating reverse proxy, with a served mock as its target.

Everything runs on loopback: the mock is served by uvicorn (the ``soravideo_mock``
fixture with ``serve=True``, its clock advanced by the client's waits), the proxy
by uvicorn on another port (:func:`soravideo.proxy.run` on a thread, or the
``soravideo proxy`` command in a subprocess for the signal tests).
"""

from __future__ import annotations

import io
import json
import os
import queue
import signal
import subprocess
import sys
import threading
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest

from contracts.fixtures import check_fixture, load_fixture
from soravideo import PROVIDERS, ServerError, VideoRequest
from soravideo._exchange import check_response
from soravideo.proxy import REJECTED_HEADER, ValidatingProxy, run

KEY = "sk-proxy-test-5ecret-9b1f27c4"
FORBIDDEN_CREATE: dict[str, tuple[str, dict[str, Any], str]] = {
    # provider: (path, a body the spec forbids, the field it names)
    "evolink": (
        "/v1/videos/generations",
        {"model": "sora-2", "prompt": "x", "duration": 7},
        "duration",
    ),
    "firebirdgen": ("/api/tasks", {"requestParams": {"prompt": 5}}, "prompt"),
}


class ProxyRun:
    """A proxy served on a thread until :meth:`stop`; ``.proxy`` afterwards."""

    def __init__(self, provider: str, target: str, **options: Any) -> None:
        self.out = io.StringIO()
        self._stop = threading.Event()
        ready: queue.Queue[str] = queue.Queue()
        self.proxy: ValidatingProxy | None = None

        def serve() -> None:
            self.proxy = run(
                provider, target, ready=ready.put, stop=self._stop, out=self.out, **options
            )

        self._thread = threading.Thread(target=serve, daemon=True)
        self._thread.start()
        self.url = ready.get(timeout=15)

    def stop(self) -> ValidatingProxy:
        self._stop.set()
        self._thread.join(timeout=15)
        assert self.proxy is not None, "the proxy did not stop"
        return self.proxy


@contextmanager
def proxied(provider: str, target: str, **options: Any) -> Iterator[ProxyRun]:
    running = ProxyRun(provider, target, **options)
    try:
        yield running
    finally:
        running.stop()


@pytest.mark.parametrize("provider", PROVIDERS)
def test_generate_and_download_through_the_proxy_has_no_violations(
    soravideo_mock, tmp_path: Path, provider: str
) -> None:
    mock = soravideo_mock(provider, serve=True, api_key=KEY)
    report, junit, record = tmp_path / "report.json", tmp_path / "junit.xml", tmp_path / "rec"
    with proxied(provider, mock.base_url, report=report, junit=junit, record=record) as running:
        client = mock.make_client(base_url=running.url)
        task = client.generate(VideoRequest(prompt="A lighthouse at dusk"))
        video = client.download(task, tmp_path)
    proxy = running.stop()
    assert video.stat().st_size > 0
    data = json.loads(report.read_text())
    api = [r for r in mock.requests if r.operation != "download_video"]
    # every exchange reached the mock exactly once; the video came from the mock's host
    assert data == {"exchanges": len(api), "violations": []}
    assert [e.operation for e in proxy.exchanges] == [r.operation for r in api]
    assert [r.operation for r in mock.requests][-1] == "download_video"
    assert all(r.authorized for r in api)  # Authorization forwarded as it was
    suite = ET.parse(junit).getroot()
    assert suite.get("failures") == "0"
    cases = {c.get("name"): c for c in suite.iter("testcase")}
    assert cases["create_task"].find("skipped") is None
    # the recorded fixtures are valid fixtures of the project's format, key redacted
    files = sorted(record.glob("*.json"))
    assert len(files) == len(api)
    for path in files:
        assert KEY not in path.read_text()
        assert check_fixture(load_fixture(path, provider)) == []
    assert KEY not in running.out.getvalue() + report.read_text() + junit.read_text()


def test_a_malformed_answer_is_a_response_violation_naming_the_operation(soravideo_mock) -> None:
    mock = soravideo_mock("evolink", serve=True, api_key=KEY)
    task = mock.client.create(VideoRequest(prompt="A fox"))
    with proxied("evolink", mock.base_url) as running:
        answer = httpx.get(
            f"{running.url}/v1/tasks/{task.id}",
            headers={"Authorization": f"Bearer {KEY}", "X-Mock-Fault": "malformed"},
        )
    proxy = running.stop()
    assert answer.status_code == 200  # forwarded as received
    [violation] = proxy.report()["violations"]
    assert violation["operation"] == "get_task"
    assert violation["where"] == "response"
    assert "not JSON" in violation["message"]
    assert "get_task" in running.out.getvalue()


@pytest.mark.parametrize("provider", sorted(FORBIDDEN_CREATE))
def test_a_forbidden_request_is_a_request_violation_and_forwarded(
    soravideo_mock, provider: str
) -> None:
    path, body, field = FORBIDDEN_CREATE[provider]
    mock = soravideo_mock(provider, serve=True, api_key=KEY, strict=False)
    with proxied(provider, mock.base_url) as running:
        answer = httpx.post(
            running.url + path, json=body, headers={"Authorization": f"Bearer {KEY}"}
        )
    proxy = running.stop()
    [violation] = proxy.report()["violations"]
    assert violation["where"] == "request"
    assert violation["operation"] == "create_task"
    assert field in violation["path"]
    assert len(mock.requests) == 1  # without --strict it is forwarded, once
    assert answer.status_code == 400  # and the mock (the provider) refuses it


@pytest.mark.parametrize("provider", sorted(FORBIDDEN_CREATE))
def test_strict_answers_a_forbidden_request_itself_without_forwarding(
    soravideo_mock, provider: str
) -> None:
    path, body, field = FORBIDDEN_CREATE[provider]
    mock = soravideo_mock(provider, serve=True, api_key=KEY)
    with proxied(provider, mock.base_url, strict=True) as running:
        answer = httpx.post(
            running.url + path, json=body, headers={"Authorization": f"Bearer {KEY}"}
        )
    proxy = running.stop()
    assert mock.requests == []  # not forwarded: no credit spent
    assert answer.headers[REJECTED_HEADER] == "rejected"
    assert answer.status_code == 400
    assert field in answer.text
    # the provider's own error shape: a documented 400 answer of create_task
    assert check_response(provider, "create_task", 400, answer.content) == ()
    [violation] = proxy.report()["violations"]
    assert (violation["where"], violation["operation"]) == ("request", "create_task")
    assert "[not forwarded]" in running.out.getvalue()


def test_the_key_is_kept_out_of_messages_that_quote_a_request(
    soravideo_mock, tmp_path: Path
) -> None:
    mock = soravideo_mock("evolink", serve=True, api_key=KEY)
    report = tmp_path / "report.json"
    with proxied("evolink", mock.base_url, strict=True, report=report) as running:
        answer = httpx.post(
            running.url + "/v1/videos/generations",
            json={"model": "sora-2", "prompt": "x", "duration": KEY},  # key in a wrong field
            headers={"Authorization": f"Bearer {KEY}"},
        )
    running.stop()
    assert answer.status_code == 400
    [violation] = json.loads(report.read_text())["violations"]
    assert violation["path"] == "$.duration"
    assert "***" in violation["message"]
    assert KEY not in answer.text + running.out.getvalue() + report.read_text()


def test_a_failed_create_is_sent_exactly_once(soravideo_mock) -> None:
    mock = soravideo_mock("evolink", serve=True, api_key=KEY)
    mock.inject("create_task", "503")
    mock.inject("*", "drop")
    with proxied("evolink", mock.base_url) as running:
        client = mock.make_client(base_url=running.url)
        with pytest.raises(ServerError):
            client.create(VideoRequest(prompt="once"))
        dropped = httpx.get(
            running.url + "/v1/tasks/task-unified-1", headers={"Authorization": f"Bearer {KEY}"}
        )
    proxy = running.stop()
    assert [r.operation for r in mock.requests] == ["create_task", "get_task"]
    assert len(proxy.exchanges) == 2
    assert dropped.status_code == 502
    assert dropped.headers[REJECTED_HEADER] == "upstream"


def test_unknown_paths_are_reported_and_strict_answers_404(soravideo_mock) -> None:
    mock = soravideo_mock("qingbo", serve=True, api_key=KEY)
    with proxied("qingbo", mock.base_url, strict=True) as running:
        answer = httpx.get(running.url + "/v2/nothing", headers={"Authorization": f"Bearer {KEY}"})
    proxy = running.stop()
    assert answer.status_code == 404
    assert mock.requests == []
    assert proxy.report()["violations"][0]["operation"] == ""
    assert "(no operation)" in proxy.junit()


def test_bad_targets_are_refused() -> None:
    with pytest.raises(ValueError, match="http"):
        ValidatingProxy("evolink", "ftp://example.com")
    with pytest.raises(ValueError, match="credentials"):
        ValidatingProxy("evolink", "https://user:pw@example.com")
    with pytest.raises(ValueError, match="unknown provider"):
        ValidatingProxy("sora", "https://example.com")


# ----------------------------------------------------------------- the command, signals
def _command(*args: str) -> list[str]:
    return [sys.executable, "-c", "from soravideo.cli import main; main()", *args]


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_the_command_writes_its_reports_on_a_signal(
    soravideo_mock, tmp_path: Path, sig: signal.Signals
) -> None:
    mock = soravideo_mock("apixo", serve=True, api_key=KEY)
    report, junit = tmp_path / "r.json", tmp_path / "j.xml"
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen(
        _command(
            "proxy",
            "apixo",
            "--target",
            mock.base_url,
            "--report",
            str(report),
            "--junit",
            str(junit),
        ),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        assert process.stdout is not None
        url = process.stdout.readline().strip()
        assert url.startswith("http://127.0.0.1:")
        headers = {"Authorization": f"Bearer {KEY}", "X-Mock-Fault": "malformed"}
        httpx.get(url + "/api/v1/statusTask/sora-2?taskId=task_1", headers=headers)
        process.send_signal(sig)
        out, err = process.communicate(timeout=20)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 1, err  # a violation was seen
    data = json.loads(report.read_text())
    assert data["exchanges"] == 1
    assert data["violations"][0]["where"] == "response"
    assert data["violations"][0]["operation"] == "get_task"
    assert ET.parse(junit).getroot().get("failures") == "1"
    assert "Traceback" not in err
    assert KEY not in out + err
    assert "1 exchange(s), 1 violation(s)" in out


def test_a_taken_port_is_one_line_and_exit_7(soravideo_mock) -> None:
    mock = soravideo_mock("evolink", serve=True)
    port = mock.base_url.rsplit(":", 1)[1]
    for args in (
        ("proxy", "evolink", "--target", mock.base_url, "--port", port),
        ("mock", "evolink", "--port", port),
    ):
        done = subprocess.run(_command(*args), capture_output=True, text=True, timeout=60)
        assert done.returncode == 7, done.stderr
        assert done.stderr.strip().count("\n") == 0
        assert "cannot listen on 127.0.0.1:" in done.stderr
        assert "in use" in done.stderr
