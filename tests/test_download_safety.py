"""``download()`` against a hostile video host (``soravideo._download``).

Every video host here is an ``httpx.MockTransport``: no test connects
anywhere, least of all to the private addresses the redirects point at.
"""

from __future__ import annotations

import errno
import os
import socket
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import anyio
import httpx
import pytest

from soravideo import (
    AsyncVideoClient,
    DestinationError,
    ProviderResponseError,
    RequestValidationError,
    Task,
    TaskStatus,
    UnsafeDownloadError,
    VideoClient,
    _download,
    _netguard,
)
from soravideo._download import DEFAULT_DEADLINE, DEFAULT_MAX_BYTES, DownloadGuard

MP4 = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + b"\x00" * 1000
WEBM = b"\x1a\x45\xdf\xa3" + b"\x00" * 1000
VIDEO = "https://cdn.example.com/v.mp4"
KEY = "sk-Qf81vX0pZr4Kd9Qz3mW"


def completed(url: str = VIDEO, task_id: str = "task-1") -> Task:
    return Task(provider="evolink", id=task_id, status=TaskStatus.COMPLETED, video_urls=(url,))


class Host:
    """A fake video host: ``routes`` maps a URL to an answer; records what was asked."""

    def __init__(self, routes: dict[str, Callable[[httpx.Request], httpx.Response]]) -> None:
        self.routes = routes
        self.asked: list[str] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.asked.append(str(request.url))
        assert "authorization" not in request.headers
        return self.routes[str(request.url)](request)


def video(body: bytes = MP4, kind: str = "video/mp4") -> Callable[[httpx.Request], httpx.Response]:
    return lambda _r: httpx.Response(200, headers={"content-type": kind}, content=body)


def redirect(to: str) -> Callable[[httpx.Request], httpx.Response]:
    return lambda _r: httpx.Response(302, headers={"location": to})


def client_for(host: Host, **kwargs: Any) -> VideoClient:
    client = VideoClient(
        "evolink", api_key=KEY, transport=httpx.MockTransport(host), max_retries=0, **kwargs
    )
    client._sleep = lambda _s: None
    return client


def test_the_documented_defaults() -> None:
    assert DEFAULT_MAX_BYTES == 2 * 1024**3
    assert DEFAULT_DEADLINE == 1800.0


def test_a_plain_mp4_and_a_webm_are_saved(tmp_path: Path) -> None:
    host = Host({VIDEO: video(), "https://cdn.example.com/v.webm": video(WEBM, "video/webm")})
    with client_for(host) as client:
        assert client.download(completed(), tmp_path / "a.mp4").read_bytes() == MP4
        webm = completed("https://cdn.example.com/v.webm")
        assert client.download(webm, tmp_path / "b.webm").read_bytes() == WEBM


def test_a_public_redirect_is_followed(tmp_path: Path) -> None:
    final = "https://cdn2.example.com/final.mp4"
    host = Host({VIDEO: redirect(final), final: video()})
    with client_for(host) as client:
        client.download(completed(), tmp_path / "v.mp4")
    assert host.asked == [VIDEO, final]


@pytest.mark.parametrize(
    "target",
    [
        "http://127.0.0.1/v.mp4",
        "http://10.1.2.3/v.mp4",
        "http://192.168.0.1/v.mp4",
        "http://100.64.0.1/v.mp4",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]/v.mp4",
        "http://[::ffff:10.0.0.1]/v.mp4",
        "http://2130706433/v.mp4",
        "http://0x7f000001/v.mp4",
        "http://127.1/v.mp4",
        "http://localhost./v.mp4",
        "http://224.0.0.1/v.mp4",
        "http://0.0.0.0/v.mp4",
        "http://cdn.example.com/v.mp4",  # https -> http
        "file:///etc/passwd",
        "http://[::1",  # not a URL at all
    ],
)
def test_redirects_to_private_addresses_or_down_to_http_are_refused(
    target: str, tmp_path: Path
) -> None:
    host = Host({VIDEO: redirect(target)})
    with client_for(host) as client, pytest.raises(UnsafeDownloadError) as info:
        client.download(completed(), tmp_path / "v.mp4")
    assert info.value.reason == "redirect"
    assert info.value.task_id == "task-1"
    assert host.asked == [VIDEO]  # the target was never asked
    assert list(tmp_path.iterdir()) == []


def test_a_redirect_loop_is_a_typed_error(tmp_path: Path) -> None:
    host = Host({VIDEO: redirect(VIDEO)})
    with client_for(host) as client, pytest.raises(UnsafeDownloadError) as info:
        client.download(completed(), tmp_path / "v.mp4")
    assert "redirects" in str(info.value)
    assert len(host.asked) == _download.MAX_REDIRECTS + 1


def test_html_served_as_video_mp4_is_refused(tmp_path: Path) -> None:
    host = Host({VIDEO: video(b"<!doctype html><html>login</html>")})
    with client_for(host) as client, pytest.raises(UnsafeDownloadError) as info:
        client.download(completed(), tmp_path / "v.mp4")
    assert info.value.reason == "not_video"
    assert info.value.body.startswith(b"<!doctype")
    assert list(tmp_path.iterdir()) == []


def endless(chunk: bytes, each: Callable[[], None] = lambda: None) -> Iterator[bytes]:
    yield MP4[:64]
    while True:
        each()
        yield chunk


def test_an_endless_body_stops_at_max_bytes(tmp_path: Path) -> None:
    host = Host(
        {
            VIDEO: lambda _r: httpx.Response(
                200, headers={"content-type": "video/mp4"}, content=endless(b"\x00" * 65536)
            )
        }
    )
    with client_for(host) as client, pytest.raises(UnsafeDownloadError) as info:
        client.download(completed(), tmp_path / "v.mp4", max_bytes=1 << 20)
    assert info.value.reason == "too_large"
    assert list(tmp_path.iterdir()) == []


def test_an_announced_length_over_max_bytes_is_refused_before_reading(tmp_path: Path) -> None:
    host = Host(
        {
            VIDEO: lambda _r: httpx.Response(
                200,
                headers={"content-type": "video/mp4", "content-length": str(3 << 30)},
                content=MP4,
            )
        }
    )
    with client_for(host) as client, pytest.raises(UnsafeDownloadError) as info:
        client.download(completed(), tmp_path / "v.mp4")  # the default cap, 2 GiB
    assert info.value.reason == "too_large"


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_dripping_body_hits_the_overall_deadline(tmp_path: Path) -> None:
    clock = FakeClock()

    def tick() -> None:
        clock.now += 1.0  # one byte a second: each read is well within its timeout

    host = Host(
        {
            VIDEO: lambda _r: httpx.Response(
                200, headers={"content-type": "video/mp4"}, content=endless(b"\x00", tick)
            )
        }
    )
    with client_for(host) as client:
        client._clock = clock
        with pytest.raises(UnsafeDownloadError) as info:
            client.download(completed(), tmp_path / "v.mp4", deadline=120)
    assert info.value.reason == "deadline"
    assert 120 <= clock.now - 1000.0 <= 122


def test_the_async_client_follows_the_same_rules(tmp_path: Path) -> None:
    host = Host({VIDEO: redirect("http://10.0.0.1/v.mp4"), "https://ok.example/v": video()})
    results: list[Any] = []

    async def main() -> None:
        client = AsyncVideoClient(
            "evolink", api_key=KEY, transport=httpx.MockTransport(host), max_retries=0
        )
        async with client:
            try:
                await client.download(completed(), tmp_path / "v.mp4")
            except UnsafeDownloadError as exc:
                results.append(exc)
            results.append(await client.download(completed("https://ok.example/v"), tmp_path))

    anyio.run(main)
    refused, saved = results
    assert refused.reason == "redirect"
    assert saved.read_bytes() == MP4


def test_a_loopback_base_url_trusts_its_own_host_only() -> None:
    guard = DownloadGuard.make(
        "evolink",
        base_url="http://127.0.0.1:8123",
        custom_transport=False,
        max_bytes=10,
        deadline=None,
        clock=FakeClock(),
    )
    guard.check_url(httpx.URL("http://127.0.0.1:8123/_mock/videos/t.mp4"), None)
    with pytest.raises(UnsafeDownloadError):
        guard.check_url(httpx.URL("http://10.0.0.1/v.mp4"), None)


def test_a_name_resolving_to_a_private_address_is_refused(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def fake_getaddrinfo(host: str, port: int, *args: Any, **kwargs: Any) -> list[Any]:
        assert host == "internal.example.com"
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("10.0.0.7", port))]

    monkeypatch.setattr(_netguard.socket, "getaddrinfo", fake_getaddrinfo)
    guard = DownloadGuard.make(
        "evolink",
        base_url="https://api.evolink.ai",
        custom_transport=False,
        max_bytes=10,
        deadline=None,
        clock=FakeClock(),
    )
    with pytest.raises(UnsafeDownloadError) as info:
        guard.check_url(httpx.URL("https://internal.example.com/v.mp4"), None)
    assert "10.0.0.7" in str(info.value)


@pytest.mark.parametrize(
    ("max_bytes", "deadline"), [(0, 10.0), (-1, 10.0), (10, 0), (10, float("nan")), (10, -1)]
)
def test_bad_download_limits_are_refused_before_any_request(
    max_bytes: int, deadline: float, tmp_path: Path
) -> None:
    host = Host({})
    with client_for(host) as client, pytest.raises(RequestValidationError):
        client.download(completed(), tmp_path, max_bytes=max_bytes, deadline=deadline)
    assert host.asked == []


def test_an_unwritable_destination_is_a_destination_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    host = Host({VIDEO: video()})

    real_open = os.open

    def denied(path: Any, *args: Any, **kwargs: Any) -> Any:
        if str(path).endswith(".part"):  # the download's temporary file
            raise PermissionError(errno.EACCES, "Permission denied")
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", denied)
    with client_for(host) as client, pytest.raises(DestinationError) as info:
        client.download(completed(), tmp_path / "v.mp4")
    assert info.value.errno == errno.EACCES
    assert info.value.task_id == "task-1"
    assert host.asked == []  # refused before any request


def test_a_file_name_too_long_and_a_file_as_directory_are_destination_errors(
    tmp_path: Path,
) -> None:
    host = Host({VIDEO: video()})
    blocker = tmp_path / "file"
    blocker.write_bytes(b"x")
    with client_for(host) as client:
        with pytest.raises(DestinationError) as long_name:
            client.download(completed(), tmp_path / ("x" * 300 + ".mp4"))
        assert long_name.value.errno == errno.ENAMETOOLONG
        with pytest.raises(DestinationError):
            client.download(completed(), blocker / "v.mp4")


def test_a_100k_character_id_gets_a_short_file_name(tmp_path: Path) -> None:
    host = Host({VIDEO: video()})
    task = completed(task_id="t" * 100_000)
    with client_for(host) as client:
        path = client.download(task, tmp_path)
    assert len(path.name) < 200
    assert path.read_bytes() == MP4
    assert os.path.dirname(path) == str(tmp_path)


def test_a_short_body_is_still_refused(tmp_path: Path) -> None:
    host = Host(
        {
            VIDEO: lambda _r: httpx.Response(
                200, headers={"content-type": "video/mp4", "content-length": "5000"}, content=MP4
            )
        }
    )
    with client_for(host) as client, pytest.raises(ProviderResponseError):
        client.download(completed(), tmp_path / "v.mp4")


def test_the_async_deadline_also_holds_in_real_time(tmp_path: Path) -> None:
    """A host that stalls between tiny chunks (each read within its timeout) is cut off."""

    async def stalling(request: httpx.Request) -> httpx.Response:
        async def body() -> Any:
            yield MP4[:64]
            while True:
                await anyio.sleep(0.05)
                yield b"\x00"

        return httpx.Response(200, headers={"content-type": "video/mp4"}, content=body())

    caught: list[UnsafeDownloadError] = []

    async def main() -> None:
        client = AsyncVideoClient(
            "evolink", api_key=KEY, transport=httpx.MockTransport(stalling), max_retries=0
        )
        async with client:
            with anyio.fail_after(10):
                try:
                    await client.download(completed(), tmp_path / "v.mp4", deadline=0.5)
                except UnsafeDownloadError as exc:
                    caught.append(exc)

    anyio.run(main)
    (error,) = caught
    assert error.reason == "deadline"
    assert error.task_id == "task-1"
    assert list(tmp_path.iterdir()) == []
