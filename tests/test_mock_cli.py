"""``soravideo mock``'s options for users' CI: ``--credits``, ``--log``, a taken port."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import httpx

KEY = "sk-mock-cli-5ecret-31f0"
LOG_LINE = re.compile(r"^(GET|POST) (/\S*) (\d{3}|-) \d+\.\d ms$")


def _command(*args: str) -> list[str]:
    return [sys.executable, "-c", "from soravideo.cli import main; main()", *args]


def test_credits_and_log() -> None:
    process = subprocess.Popen(
        _command("mock", "freesoragenerator", "--credits", "40", "--log", "--api-key", KEY),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        assert process.stdout is not None
        url = process.stdout.readline().strip()
        auth = {"Authorization": f"Bearer {KEY}"}
        with httpx.Client(base_url=url, headers=auth) as http:
            left = http.post("/api/get-user-credits").json()["data"]["left_credits"]
            body = {"model": "sora-2-text-to-video", "prompt": "A quiet pond"}  # 20 credits
            created = [http.post("/api/v1/video/sora-pro", json=body) for _ in range(3)]
    finally:
        process.terminate()
        _, err = process.communicate(timeout=20)
    assert left == 40
    assert [c.status_code for c in created] == [200, 200, 402]  # the third finds 0 left
    lines = [line for line in err.splitlines() if LOG_LINE.match(line)]
    assert [LOG_LINE.match(line).group(1, 2, 3) for line in lines] == [  # type: ignore[union-attr]
        ("POST", "/api/get-user-credits", "200"),
        ("POST", "/api/v1/video/sora-pro", "200"),
        ("POST", "/api/v1/video/sora-pro", "200"),
        ("POST", "/api/v1/video/sora-pro", "402"),
    ]
    assert KEY not in err


def test_a_bad_credit_balance_is_refused() -> None:
    done = subprocess.run(
        _command("mock", "freesoragenerator", "--credits", "-1"),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    assert "--credits" in done.stderr
