"""``soravideo mock`` as an outside user runs it: a schemathesis CLI run, then a generate.

The served mock keeps its state between the two, as a long-running mock in a
user's CI does: the run's creates spend credits (freesoragenerator charges 20-100
per create) and the default balance (``soravideo.mock.DEFAULT_CREDITS``) has to
leave enough for the generate that follows.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from soravideo import TaskStatus, VideoClient, VideoRequest

ROOT = Path(__file__).resolve().parents[2]
KEY = "st-then-generate-key"


@pytest.fixture
def served_mock() -> Iterator[str]:
    """``soravideo mock freesoragenerator`` in a subprocess; its base URL."""
    process = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "from soravideo.cli import main; main()",
            "mock",
            "freesoragenerator",
            "--api-key",
            KEY,
            "--time-scale",
            "1000",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        assert process.stdout is not None
        url = process.stdout.readline().strip()
        assert url.startswith("http://127.0.0.1:"), url
        yield url
    finally:
        process.terminate()
        process.wait(timeout=20)


def _credits(url: str) -> float:
    answer = httpx.post(f"{url}/api/get-user-credits", headers={"Authorization": f"Bearer {KEY}"})
    left: float = answer.json()["data"]["left_credits"]
    return left


def test_a_schemathesis_run_then_a_generate_succeed(served_mock: str, tmp_path: Path) -> None:
    st = shutil.which("st") or str(Path(sys.executable).with_name("st"))
    before = _credits(served_mock)
    done = subprocess.run(
        [
            st,
            "run",
            "specs/freesoragenerator.yaml",
            "--url",
            served_mock,
            "-H",
            f"Authorization: Bearer {KEY}",
        ],
        cwd=ROOT,  # schemathesis.toml: the suite's seed, phases and checks
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout[-4000:]
    assert "No issues found" in done.stdout
    spent = before - _credits(served_mock)
    assert spent > 1000  # the run creates tasks for real (the old default balance was 1000)
    with VideoClient("freesoragenerator", api_key=KEY, base_url=served_mock) as client:
        client._sleep = lambda seconds: time.sleep(0.05)  # tasks take 180 s / 1000
        task = client.generate(VideoRequest(prompt="After the fuzzing, a calm sea"))
        path = client.download(task, tmp_path)
    assert task.status is TaskStatus.COMPLETED
    assert path.stat().st_size > 0
