"""A user's code that calls a video provider: the thing the example tests test.

``make_trailer`` uses the soravideo overlay; ``order_raw`` is hand-written HTTP,
as a user's older code might be, and is where a contract violation can hide.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx

from soravideo import VideoClient, VideoRequest


def make_trailer(client: VideoClient, title: str, out_dir: Path) -> Path:
    """Generate a 10 s landscape trailer for ``title`` and download it into ``out_dir``."""
    request = VideoRequest(prompt=f"A cinematic trailer for {title}", duration=10)
    task = client.generate(request)
    return client.download(task, out_dir)


def order_raw(http: httpx.Client, api_key: str, prompt: str, seconds: int) -> dict[str, Any]:
    """Create an evolink task with a hand-built body; return the provider's JSON answer."""
    body = {"model": "sora-2", "prompt": prompt, "duration": seconds}
    answer = http.post(
        "/v1/videos/generations", json=body, headers={"Authorization": f"Bearer {api_key}"}
    )
    result: dict[str, Any] = answer.json()
    return result
