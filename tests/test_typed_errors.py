"""Every error of the public API is a ``SoraVideoError`` (issue 11, item 4).

Inputs that used to raise bare ``UnicodeEncodeError``, ``httpx.InvalidURL``,
``OverflowError`` or ``ValueError``: a surrogate in an id or a prompt, an id
too long for a URL, absurd ``wait()`` arguments, an error code of 5000 digits.
Nothing is sent for a request that cannot be encoded.
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from soravideo import (
    PROVIDERS,
    RequestValidationError,
    ServerError,
    SoraVideoError,
    VideoClient,
    VideoRequest,
)

KEY = "sk-Pz4Hw8Nq1Lx6Vb3Tc9"


class Refuse:
    """A transport that records requests and answers 500."""

    def __init__(self) -> None:
        self.sent: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.sent.append(request)
        return httpx.Response(500, content=b'{"code": ' + b"9" * 5000 + b"}")


def client_for(provider: str, host: Refuse) -> VideoClient:
    client = VideoClient(provider, api_key=KEY, transport=httpx.MockTransport(host), max_retries=0)
    client._sleep = lambda _s: None
    return client


@pytest.mark.parametrize("provider", PROVIDERS)
def test_an_id_that_cannot_be_encoded_is_refused_before_sending(provider: str) -> None:
    host = Refuse()
    with client_for(provider, host) as client, pytest.raises(RequestValidationError) as info:
        client.get("task-\ud800")
    assert host.sent == []
    assert info.value.field == "request"


@pytest.mark.parametrize("provider", PROVIDERS)
def test_an_id_too_long_for_a_url_is_a_typed_error(provider: str) -> None:
    """httpx refuses paths over 64 KiB (InvalidURL); a query parameter may go out."""
    with client_for(provider, Refuse()) as client, pytest.raises(SoraVideoError) as info:
        client.get("t" * 70_000)
    assert len(str(info.value)) < 2_000  # the message shows the id's start only


@pytest.mark.parametrize("provider", PROVIDERS)
def test_a_surrogate_in_a_prompt_is_refused_before_sending(provider: str) -> None:
    host = Refuse()
    with client_for(provider, host) as client, pytest.raises(RequestValidationError):
        client.create(VideoRequest(prompt="A cat \udc80"))
    assert host.sent == []


def test_an_error_code_of_5000_digits_is_a_server_error() -> None:
    with client_for("evolink", Refuse()) as client, pytest.raises(ServerError):
        client.get("task-1")


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"timeout": -1}, "timeout"),
        ({"timeout": float("nan")}, "timeout"),
        ({"timeout": "10"}, "timeout"),
        ({"poll_interval": 0}, "poll_interval"),
        ({"poll_interval": float("inf")}, "poll_interval"),
        ({"poll_interval": -(10**400)}, "poll_interval"),
    ],
)
def test_absurd_wait_arguments_are_refused_before_polling(
    kwargs: dict[str, Any], field: str
) -> None:
    host = Refuse()
    with client_for("evolink", host) as client, pytest.raises(RequestValidationError) as info:
        client.wait("task-1", **kwargs)
    assert info.value.field == field
    assert host.sent == []


def test_a_huge_or_infinite_wait_timeout_means_no_limit() -> None:
    host = Refuse()
    for timeout in (10**400, float("inf")):
        with client_for("evolink", host) as client, pytest.raises(ServerError) as info:
            client.wait("task-1", timeout=timeout)
        assert info.value.task_id == "task-1"
