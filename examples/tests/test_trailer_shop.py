"""The trailer shop's tests, against soravideo's mock of evolink (no network, no waiting)."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
from trailer_shop import make_trailer, order_raw

from soravideo import ServerError, TaskStatus, VideoRequest
from soravideo.testing import MockFactory


def test_make_trailer_generates_and_downloads(soravideo_mock: MockFactory, tmp_path: Path) -> None:
    mock = soravideo_mock("evolink")
    path = make_trailer(mock.client, "The Lighthouse", tmp_path)
    assert path.stat().st_size > 0
    [create] = [r for r in mock.requests if r.operation == "create_task"]
    assert create.json["prompt"] == "A cinematic trailer for The Lighthouse"
    assert "authorization" not in create.headers  # the key never lands in test output
    assert mock.state.snapshot(path.stem).phase == "succeeded"


def test_a_provider_outage_reaches_the_caller(soravideo_mock: MockFactory, tmp_path: Path) -> None:
    mock = soravideo_mock("evolink")
    mock.inject("create_task", "503")
    with pytest.raises(ServerError):
        make_trailer(mock.client, "The Outage", tmp_path)
    # a create is never retried on a 5xx: exactly one request, no task paid twice
    assert [r.operation for r in mock.requests] == ["create_task"]


def test_a_slow_task_can_be_watched_without_sleeping(soravideo_mock: MockFactory) -> None:
    mock = soravideo_mock("evolink")
    task = mock.client.create(VideoRequest(prompt="A slow sunrise"))
    assert mock.client.get(task.id).status is not TaskStatus.COMPLETED
    mock.advance(301)  # evolink documents about five minutes
    assert mock.client.get(task.id).status is TaskStatus.COMPLETED


def test_hand_written_requests_follow_the_contract(soravideo_mock: MockFactory) -> None:
    mock = soravideo_mock("evolink", serve=True)
    with httpx.Client(base_url=mock.base_url) as http:
        answer = order_raw(http, mock.api_key, "A kite festival", 10)
    assert answer["id"].startswith("task-unified-")


def test_a_wrong_duration_is_the_providers_own_error(soravideo_mock: MockFactory) -> None:
    mock = soravideo_mock("evolink")
    with (
        mock.expect_violation("duration"),
        httpx.Client(transport=mock.transport, base_url=mock.base_url) as http,
    ):
        answer = order_raw(http, mock.api_key, "A kite festival", 12)  # evolink: 10 or 15
    assert answer["error"]["param"] == "duration"
    assert answer["error"]["type"] == "invalid_request_error"
