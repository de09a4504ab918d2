"""Errors users can act on (issue 10 item 4) at apixo and evolink.

The bodies come from the fixtures transcribed from the providers' newer docs
(``contracts/fixtures/<key>/*.json``, read 2026-12-01), and from the mocks.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from soravideo import (
    APIError,
    BadRequestError,
    InsufficientCreditsError,
    ServerError,
    TaskStatus,
    VideoClient,
    VideoRequest,
)
from soravideo.adapters import get_adapter
from soravideo.mock import create_app, transport

FIXTURES = Path(__file__).resolve().parents[1] / "contracts" / "fixtures"
T0 = 1_790_000_000.0
MOCK_CREDIT_MESSAGE = "Insufficient credits to perform this operation"


def response(provider: str, name: str) -> tuple[int, Any, bytes]:
    """``(status, body, raw)`` of a fixture's response."""
    fx = json.loads((FIXTURES / provider / f"{name}.json").read_text())
    body = fx["response"]["body"]
    return fx["response"]["status_code"], body, json.dumps(body).encode()


class Clock:
    """The mock's and the client's clock: sleeping advances it."""

    def __init__(self) -> None:
        self.now = T0

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.now += seconds


def client_on_mock(provider: str) -> tuple[VideoClient, Clock]:
    clock = Clock()
    key = f"sk-test-{provider}-0a1b2c3d"
    app = create_app(provider, api_key=key, clock=clock, rate_limit=False, deliver_callbacks=False)
    client = VideoClient(provider, api_key=key, transport=transport(app))
    client._sleep = clock.sleep
    client._clock = clock
    return client, clock


# --- 402 / balance codes -> InsufficientCreditsError ------------------------------------


@pytest.mark.parametrize(
    ("provider", "fixture", "message"),
    [
        ("apixo", "create_task-402-insufficient-balance", "Insufficient balance"),
        ("apixo", "get_task-402-insufficient-balance", "Insufficient balance"),
        ("evolink", "create_task-402-insufficient-quota", "Insufficient quota"),
        ("evolink", "get_task-402-insufficient-quota", "Insufficient quota"),
    ],
)
def test_402_parses_to_insufficient_credits_with_the_providers_message(
    provider: str, fixture: str, message: str
) -> None:
    status, _, raw = response(provider, fixture)
    error = get_adapter(provider).api_error(status, raw, {}, creating=True)
    assert type(error) is InsufficientCreditsError
    assert error.status_code == 402
    assert error.provider_message == message
    assert message in str(error)
    assert not error.may_have_created  # a refusal: no task exists
    assert error.body == raw


@pytest.mark.parametrize("provider", ["apixo", "evolink"])
def test_402_through_the_client_against_the_mock(provider: str) -> None:
    client, _ = client_on_mock(provider)
    with client, pytest.raises(InsufficientCreditsError) as info:
        client.create(VideoRequest(prompt="A cat FAIL_CREDITS"))
    assert info.value.status_code == 402
    assert info.value.provider_message == MOCK_CREDIT_MESSAGE
    assert MOCK_CREDIT_MESSAGE in str(info.value)


def test_evolink_402_carries_type_and_fallback_suggestion() -> None:
    status, _, raw = response("evolink", "create_task-402-insufficient-quota")
    error = get_adapter("evolink").api_error(status, raw, {}, creating=True)
    assert error.error_type == "insufficient_quota_error"
    assert error.suggestion == "https://evolink.ai/dashboard/billing"
    assert error.param is None
    assert "suggestion: https://evolink.ai/dashboard/billing" in str(error)
    client, _ = client_on_mock("evolink")
    with client, pytest.raises(InsufficientCreditsError) as info:
        client.create(VideoRequest(prompt="A cat FAIL_CREDITS"))
    assert info.value.suggestion == "https://evolink.ai/dashboard/billing"


def test_evolink_balance_type_on_another_status_is_insufficient_credits() -> None:
    # evolink's credit_codes: the error *type* insufficient_quota_error, whatever the status
    body = {
        "error": {"code": 400, "message": "Insufficient quota", "type": "insufficient_quota_error"}
    }
    error = get_adapter("evolink").api_error(400, json.dumps(body).encode(), {}, creating=True)
    assert type(error) is InsufficientCreditsError


def test_apixo_402_inside_a_200_envelope_is_insufficient_credits() -> None:
    body = {"code": 402, "message": "Insufficient balance"}
    raw = json.dumps(body).encode()
    with pytest.raises(InsufficientCreditsError) as info:
        get_adapter("apixo").parse_created(body, raw, 200)
    assert info.value.provider_message == "Insufficient balance"
    assert info.value.code == "402"


# --- the provider's detail in the message and the attributes ----------------------------


def test_apixo_400_detail_is_in_message_and_attribute() -> None:
    status, _, raw = response("apixo", "create_task-400-missing-prompt")
    error = get_adapter("apixo").api_error(status, raw, {}, creating=True)
    assert type(error) is BadRequestError
    assert error.provider_message == "Invalid request"
    assert error.detail == "Missing required field: input.prompt"
    assert str(error) == (
        "apixo: HTTP 400: Invalid request (detail: Missing required field: input.prompt)"
    )
    assert (error.param, error.suggestion, error.error_type) == (None, None, None)


def test_evolink_413_param_is_in_message_and_attribute() -> None:
    status, _, raw = response("evolink", "create_task-413-image-too-large")
    error = get_adapter("evolink").api_error(status, raw, {}, creating=True)
    assert type(error) is APIError
    assert error.param == "image_urls"
    assert error.error_type == "request_too_large_error"
    assert "param: image_urls" in str(error)
    assert error.detail is None


@pytest.mark.parametrize(
    ("fixture", "error_type"),
    [
        ("create_task-502-upstream-error", "upstream_error"),
        ("create_task-503-service-unavailable", "service_unavailable_error"),
    ],
)
def test_evolink_5xx_on_create_are_server_errors_that_may_have_created(
    fixture: str, error_type: str
) -> None:
    status, _, raw = response("evolink", fixture)
    error = get_adapter("evolink").api_error(status, raw, {}, creating=True)
    assert type(error) is ServerError
    assert error.error_type == error_type
    assert error.may_have_created


def test_a_body_without_detail_keeps_the_plain_message() -> None:
    body = {"code": 401, "message": "Invalid or missing API key"}
    error = get_adapter("apixo").api_error(401, json.dumps(body).encode(), {}, creating=False)
    assert str(error) == "apixo: HTTP 401: Invalid or missing API key"
    assert error.detail is None


# --- task outcomes ------------------------------------------------------------------------


def test_evolink_request_cancelled_is_cancelled() -> None:
    _, body, raw = response("evolink", "get_task-200-failed-request-cancelled")
    task = get_adapter("evolink").parse_task(body, raw)
    assert task.status is TaskStatus.CANCELLED
    assert task.error is not None
    assert task.error.code == "request_cancelled"
    other = json.loads(raw)
    other["error"]["code"] = "generation_timeout"
    assert get_adapter("evolink").parse_task(other).status is TaskStatus.FAILED


def test_evolink_request_cancelled_through_the_client_against_the_mock() -> None:
    client, _ = client_on_mock("evolink")
    with client:
        created = client.create(VideoRequest(prompt="A cat FAIL_CANCELLED"))
        task = client.wait(created.id, timeout=3600)
    assert task.status is TaskStatus.CANCELLED
    assert task.error is not None
    assert task.error.code == "request_cancelled"
    assert task.raw["status"] == "failed"


@pytest.mark.parametrize("code", ["SensitiveContentDetected", "INSUFFICIENT_CREDITS", "NewCode7"])
def test_apixo_fail_codes_surface_in_task_error_code(code: str) -> None:
    _, body, _ = response("apixo", "get_task-200-failed-sensitive-content")
    body["data"]["failCode"] = code
    task = get_adapter("apixo").parse_task(body)
    assert task.status is TaskStatus.FAILED
    assert task.error is not None
    assert task.error.code == code


def test_apixo_in_progress_answer_with_only_task_id_and_state() -> None:
    _, body, raw = response("apixo", "get_task-200-in-progress-minimal")
    task = get_adapter("apixo").parse_task(body, raw)
    assert task.status is TaskStatus.IN_PROGRESS
    assert task.id == "task_12345678"
    assert task.created_at is None
