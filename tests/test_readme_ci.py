"""README, "Contract testing in your CI": its three snippets, run as written.

Only what cannot run here is substituted: free ports for 8080/8081 (the machine is
shared) and a served mock for ``https://api.evolink.ai`` (no test reaches a real
provider).
"""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def _section() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    start = text.index("## Contract testing in your CI")
    end = text.index("\n## ", start + 1)
    return text[start:end]


def _blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", _section(), flags=re.S)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


def _env() -> dict[str, str]:
    return {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}", "PYTHONUNBUFFERED": "1"}


def test_the_fixture_example_passes_under_plain_pytest(tmp_path: Path) -> None:
    [code] = _blocks("python")
    (tmp_path / "test_readme.py").write_text(code)
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--rootdir", "."],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert "3 passed" in done.stdout, done.stdout + done.stderr


def test_the_ci_job_runs(tmp_path: Path) -> None:
    [script] = _blocks("bash")
    mock_port, proxy_port = _free_port(), _free_port()
    script = script.replace("8080", str(mock_port)).replace("8081", str(proxy_port))
    [code] = _blocks("python")
    (tmp_path / "test_readme.py").write_text(code)  # "your tests"
    done = subprocess.run(
        ["bash", "-c", script],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
        env=_env(),
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    report = json.loads((tmp_path / "proxy-report.json").read_text())
    assert report["exchanges"] >= 2  # the create and the polls went through the proxy
    assert report["violations"] == []
    cases = ET.parse(tmp_path / "proxy-junit.xml").getroot().iter("testcase")
    assert {c.get("name") for c in cases} >= {"create_task", "get_task"}
    assert (tmp_path / "junit.xml").exists()
    assert (tmp_path / "cat.mp4").stat().st_size > 0
    assert "test-key" not in (tmp_path / "proxy.log").read_text()


def test_the_proxy_command_runs(soravideo_mock, tmp_path: Path) -> None:
    [command] = _blocks("console")
    line = command.split("\n# ")[0].replace("\\\n", " ")
    port = _free_port()
    mock = soravideo_mock("evolink", serve=True)
    line = line.replace("https://api.evolink.ai", mock.base_url).replace("8081", str(port))
    process = subprocess.Popen(
        "exec " + line, shell=True, cwd=tmp_path, stdout=subprocess.PIPE, text=True, env=_env()
    )
    try:
        assert process.stdout is not None
        url = process.stdout.readline().strip()
        assert url == f"http://127.0.0.1:{port}"
        headers = {"Authorization": f"Bearer {mock.api_key}"}
        # valid: forwarded and recorded; forbidden (duration 7): refused by --strict
        good = httpx.post(
            f"{url}/v1/videos/generations",
            json={"model": "sora-2", "prompt": "A kite"},
            headers=headers,
        )
        bad = httpx.post(
            f"{url}/v1/videos/generations",
            json={"model": "sora-2", "prompt": "x", "duration": 7},
            headers=headers,
        )
        process.send_signal(signal.SIGINT)
        out, _ = process.communicate(timeout=20)
    finally:
        if process.poll() is None:
            process.kill()
    assert good.status_code == 200
    assert bad.status_code == 400
    assert process.returncode == 1  # it saw a violation
    assert [r.operation for r in mock.requests] == ["create_task"]  # the bad one not sent
    report = json.loads((tmp_path / "proxy-report.json").read_text())
    assert report["exchanges"] == 2
    assert [v["where"] for v in report["violations"]] == ["request"]
    [fixture] = (tmp_path / "fixtures").glob("*.json")
    assert fixture.name == "create_task-200-proxy-001.json"
    assert mock.api_key not in fixture.read_text() + out
