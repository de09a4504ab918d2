"""A hostile provider: transports that twist a mock provider's answers into attacks.

:class:`HostileTransport` (sync) and :class:`AsyncHostileTransport` wrap the
in-process mock transport of :func:`soravideo.mock.create_app` and answer one
*shape* from :data:`SHAPES` -- a 100k-character or surrogate task id, a
timestamp of ``10**400``, a redirect loop on the video URL, a redirect to
``127.0.0.1``, an endless or dripping body, HTML served as ``video/mp4``, the
API key echoed in a long error message ... -- while the mock keeps the real
state (``state.tasks`` are the tasks held, i.e. paid for).

Task ids the client is given (``long-id``, ``surrogate-id``) are mapped back to
the mock's ids on the way in, so polling works as at a provider that really
issued them. Video URLs are replaced by ``https://video.hostile.example/<shape>``,
answered here. A request to a host that is not public (loopback, private,
link-local ...) is never passed on: it is recorded in :attr:`violations` and
answered with a valid video, so a client that follows it visibly succeeds.
Nothing here opens a socket.
"""

from __future__ import annotations

import json
import re
from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any, Final

import httpx

from soravideo import _spec
from soravideo._netguard import host_problem
from soravideo.mock._app import video_bytes

VIDEO_HOST: Final = "video.hostile.example"
HOSTILE_VIDEO: Final = f"https://{VIDEO_HOST}"

ID_SHAPES: Final = ("long-id", "surrogate-id")
"""The create answer carries a hostile id (mapped back on later requests)."""
NUMBER_SHAPES: Final = (
    "timestamp-huge",
    "timestamp-negative",
    "timestamp-infinite",
    "estimate-huge",
    "estimate-nan",
    "estimate-negative",
    "progress-huge",
)
"""Every answer's timestamps / estimates / progress are absurd numbers."""
ANSWER_SHAPES: Final = (
    "create-garbage-2xx",
    "create-html-2xx",
    "get-500-forever",
    "get-drop-forever",
    "get-redirect-loop",
    "get-deep-json",
    "get-huge-code",
    "key-echo",
    "status-unknown-forever",
)
"""The create or status answers themselves are hostile."""
VIDEO_SHAPES: Final = (
    "redirect-loop",
    "redirect-loopback",
    "redirect-private",
    "redirect-numeric-loopback",
    "redirect-metadata",
    "redirect-ipv6-loopback",
    "redirect-ipv4-mapped",
    "redirect-https-to-http",
    "redirect-file",
    "redirect-bad-location",
    "endless-body",
    "drip-body",
    "html-as-mp4",
    "announced-huge",
    "short-body",
    "video-500",
    "url-loopback",
    "url-surrogate",
    "url-invalid",
    "url-javascript",
)
"""The video URL (and its host) is hostile."""
SHAPES: Final = ID_SHAPES + NUMBER_SHAPES + ANSWER_SHAPES + VIDEO_SHAPES

_TIME_KEY = re.compile(r"(?i)(creat|complet|finish|expir|updat|start|_at$|time$)")
_ESTIMATE_KEY = re.compile(r"(?i)estimat")
_PROGRESS_KEY = re.compile(r"(?i)progress")
_STATUS_KEY = re.compile(r"(?i)^(status|state)$")
_REDIRECTS: Final = {
    "redirect-loopback": "http://127.0.0.1/video.mp4",
    "redirect-private": "http://10.0.0.1/video.mp4",
    "redirect-numeric-loopback": "https://2130706433/video.mp4",
    "redirect-metadata": "http://169.254.169.254/latest/meta-data/",
    "redirect-ipv6-loopback": "http://[::1]/video.mp4",
    "redirect-ipv4-mapped": "http://[::ffff:127.0.0.1]/video.mp4",
    "redirect-https-to-http": f"http://{VIDEO_HOST}/plain.mp4",
    "redirect-file": "file:///etc/passwd",
    "redirect-bad-location": "http://[::1",
}
_VIDEO_URLS: Final = {
    "url-loopback": "http://127.0.0.1:9/video.mp4",
    "url-surrogate": f"{HOSTILE_VIDEO}/\ud800.mp4",
    "url-invalid": "https://[::1",
    "url-javascript": "javascript:alert(1)",
}
HUGE: Final = 10**400
HOSTILE_VALUES: Final[tuple[Any, ...]] = (
    10**400,  # a timestamp or estimate no float holds
    -(10**400),
    10**18,
    -1,
    -(10**20),
    2**63,
    float("inf"),
    float("nan"),
    "\ud800",  # a lone surrogate (valid JSON escape, not UTF-8)
    "task-\udfff-id",
    "t" * 5000,
    "9999-12-31T23:59:59-23:59",  # past year 9999 in UTC
    "0001-01-01T00:00:00+23:59",
    "1969-12-31T23:59:59Z",
    "NaN",
    "-Infinity",
    "1e400",
)
"""JSON values a hostile provider sends where timestamps, estimates and ids go (for fuzzers)."""


def _walk(node: Any, edit: Callable[[str, Any], Any], key: str = "") -> Any:
    """``node`` with ``edit(key, value)`` applied to every value, depth first (a list's
    items get the list's key)."""
    if isinstance(node, dict):
        return {k: edit(k, _walk(v, edit, k)) for k, v in node.items()}
    if isinstance(node, list):
        return [edit(key, _walk(v, edit, key)) for v in node]
    return node


class _Shape:
    """The shape's rewriting of requests and answers (no I/O)."""

    def __init__(self, shape: str, state: Any, api_key: str, clock: Callable[[], float]) -> None:
        if shape not in SHAPES:
            raise ValueError(f"unknown hostile shape {shape!r}; one of {list(SHAPES)}")
        self.shape = shape
        self.state = state
        self.api_key = api_key
        self.clock = clock
        self.fake_to_real: dict[str, str] = {}
        path, method, _ = _spec.operation(state.provider, "create_task")
        self.create = (method.upper(), path)
        self.creates = 0
        """Create requests passed to the mock."""
        self.violations: list[str] = []
        """URLs of requests to non-public hosts (must stay empty)."""
        self.video_requests = 0

    # -- requests -----------------------------------------------------------------------
    def inbound(self, request: httpx.Request) -> httpx.Request | httpx.Response:
        """The request to pass on, or this transport's own answer."""
        host = request.url.host
        if host_problem(host) is not None:
            self.violations.append(str(request.url))
            return httpx.Response(200, headers={"content-type": "video/mp4"}, content=video_bytes())
        if host == VIDEO_HOST:
            self.video_requests += 1
            return self.video(request)
        path = request.url.path
        for fake, real in self.fake_to_real.items():
            if fake in path:
                url = request.url.copy_with(path=path.replace(fake, real))
                request = httpx.Request(
                    request.method, url, headers=request.headers, content=request.content
                )
            elif fake in request.url.query.decode("utf-8", "replace"):
                params = {k: real if v == fake else v for k, v in request.url.params.items()}
                request = httpx.Request(
                    request.method,
                    request.url.copy_with(params=params),
                    headers=request.headers,
                    content=request.content,
                )
        creating = (request.method, request.url.path) == self.create
        if creating:
            self.creates += 1
        elif self.shape == "get-500-forever":
            return httpx.Response(500, json={"error": {"code": "boom", "message": "down"}})
        elif self.shape == "get-drop-forever":
            raise httpx.RemoteProtocolError("hostile: connection dropped", request=request)
        elif self.shape == "get-redirect-loop":
            return httpx.Response(302, headers={"location": str(request.url)})
        elif self.shape == "get-deep-json":
            return httpx.Response(200, content=b"[" * 100_000)
        elif self.shape == "get-huge-code":
            return httpx.Response(500, content=b'{"code": ' + b"9" * 5000 + b', "message": "x"}')
        elif self.shape == "key-echo":
            message = "A" * 250 + f" your key {self.api_key} is " + "B" * 60
            body = {"code": "echo", "message": message, "error": {"message": message}}
            return httpx.Response(500, json=body)
        return request

    # -- answers ------------------------------------------------------------------------
    def outbound(self, request: httpx.Request, response: httpx.Response) -> httpx.Response:
        """The (possibly rewritten) answer to ``request``."""
        creating = (request.method, request.url.path) == self.create
        if creating and self.shape in ("create-garbage-2xx", "create-html-2xx"):
            body = b"\x00\xff garbage" if self.shape == "create-garbage-2xx" else b"<html>ok</html>"
            return httpx.Response(200, headers={"content-type": "text/html"}, content=body)
        try:
            data = json.loads(response.content)
        except ValueError:
            return response
        if creating and self.shape in ID_SHAPES:
            new = [t for t in self.state.tasks if t not in self.fake_to_real.values()]
            for real in new:
                fake = real + ("t" * 100_000 if self.shape == "long-id" else "\ud800")
                self.fake_to_real[fake] = real
        real_to_fake = {r: f for f, r in self.fake_to_real.items()}
        shape = self.shape

        def edit(key: str, value: Any) -> Any:
            if isinstance(value, str) and value in real_to_fake:
                return real_to_fake[value]
            if isinstance(value, str) and value[:1] in "{[" and "/_mock/videos/" in value:
                try:  # a JSON string holding the URLs (apixo's resultJson)
                    inner = json.loads(value)
                except ValueError:
                    return value
                return json.dumps(_walk(inner, edit))
            if isinstance(value, str) and "/_mock/videos/" in value:
                if shape in _VIDEO_URLS:
                    return _VIDEO_URLS[shape]
                if shape in VIDEO_SHAPES:
                    return f"{HOSTILE_VIDEO}/{shape}.mp4"
            if shape == "status-unknown-forever" and _STATUS_KEY.match(key):
                return "hostile-status" if isinstance(value, str) else value
            if isinstance(value, bool) or not isinstance(value, int | float):
                return value
            if _ESTIMATE_KEY.search(key):
                return {
                    "estimate-huge": HUGE,
                    "estimate-nan": math_nan(),
                    "estimate-negative": -5,
                }.get(shape, value)
            if _PROGRESS_KEY.search(key) and shape == "progress-huge":
                return HUGE
            if _TIME_KEY.search(key):
                return {
                    "timestamp-huge": HUGE,
                    "timestamp-negative": -(10**20),
                    "timestamp-infinite": float("inf"),
                }.get(shape, value)
            return value

        edited = _walk(data, edit)
        content = json.dumps(edited).encode()  # NaN/Infinity literals, \ud800 escapes
        headers = {"content-type": "application/json"}
        return httpx.Response(response.status_code, headers=headers, content=content)

    # -- the video host -----------------------------------------------------------------
    def video(self, request: httpx.Request) -> httpx.Response:
        """The hostile video host's answer (bodies that never end are streams)."""
        name = request.url.path.strip("/").removesuffix(".mp4")
        mp4 = video_bytes()
        if name == "redirect-loop":
            return httpx.Response(302, headers={"location": str(request.url)})
        if name in _REDIRECTS:
            return httpx.Response(302, headers={"location": _REDIRECTS[name]})
        if name == "html-as-mp4":
            page = b"<!doctype html><html><body>not a video</body></html>"
            return httpx.Response(200, headers={"content-type": "video/mp4"}, content=page)
        if name == "announced-huge":
            return httpx.Response(
                200,
                headers={"content-type": "video/mp4", "content-length": str(10**12)},
                content=mp4,
            )
        if name == "short-body":
            return httpx.Response(
                200,
                headers={"content-type": "video/mp4", "content-length": str(len(mp4) + 1000)},
                content=mp4,
            )
        if name == "video-500":
            return httpx.Response(500, content=b"video host down")
        if name in ("endless-body", "drip-body"):
            return httpx.Response(
                200, headers={"content-type": "video/mp4"}, stream=_Endless(name, self.clock)
            )
        return httpx.Response(200, headers={"content-type": "video/mp4"}, content=mp4)


def math_nan() -> float:
    """NaN (``json.dumps`` writes it as the ``NaN`` literal Python's decoder accepts)."""
    return float("nan")


class _Endless(httpx.SyncByteStream, httpx.AsyncByteStream):
    """A body that never ends: 64 KiB chunks (``endless-body``) or one byte per
    clock second (``drip-body``; advances the shared fake clock by 1 s a chunk)."""

    def __init__(self, name: str, clock: Any) -> None:
        self.name = name
        self.clock = clock

    def _chunks(self) -> Iterator[bytes]:
        yield video_bytes()[:64]
        while True:
            if self.name == "drip-body":
                self.clock.now += 1.0
                yield b"\x00"
            else:
                yield b"\x00" * 65536

    def __iter__(self) -> Iterator[bytes]:
        return self._chunks()

    async def __aiter__(self) -> AsyncIterator[bytes]:
        for chunk in self._chunks():
            yield chunk


class HostileTransport(httpx.BaseTransport):
    """A sync transport answering ``shape`` over the mock transport ``inner``.

    Args:
        inner: ``soravideo.mock.transport(app)``.
        shape: one of :data:`SHAPES`.
        state: ``app.state.mock`` (its ``tasks`` are the tasks held).
        api_key: the key the client uses (``key-echo`` echoes it).
        clock: the fake clock shared with the mock and the client (has ``now``).
    """

    def __init__(
        self, inner: httpx.BaseTransport, shape: str, *, state: Any, api_key: str, clock: Any
    ) -> None:
        self.inner = inner
        self.hostile = _Shape(shape, state, api_key, clock)

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        """Answer ``request`` the hostile way."""
        passed = self.hostile.inbound(request)
        if isinstance(passed, httpx.Response):
            return passed
        response = self.inner.handle_request(passed)
        response.read()
        return self.hostile.outbound(passed, response)

    def close(self) -> None:
        """Close the mock transport."""
        self.inner.close()


class AsyncHostileTransport(httpx.AsyncBaseTransport):
    """The async twin of :class:`HostileTransport` (``inner``: ``async_transport(app)``)."""

    def __init__(
        self, inner: httpx.AsyncBaseTransport, shape: str, *, state: Any, api_key: str, clock: Any
    ) -> None:
        self.inner = inner
        self.hostile = _Shape(shape, state, api_key, clock)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        """Answer ``request`` the hostile way."""
        passed = self.hostile.inbound(request)
        if isinstance(passed, httpx.Response):
            return passed
        response = await self.inner.handle_async_request(passed)
        await response.aread()
        return self.hostile.outbound(passed, response)

    async def aclose(self) -> None:
        """Close the mock transport."""
        await self.inner.aclose()
