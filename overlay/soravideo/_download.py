"""Downloading a task's video safely from a host that may be hostile.

The video URL comes from the provider's answer, so it is outside input. The
rules, applied to the first URL and to every redirect (followed here, one hop
at a time, at most :data:`MAX_REDIRECTS`):

- only ``http``/``https``, and never from ``https`` down to ``http``;
- only public addresses (:mod:`soravideo._netguard`: ``ipaddress``'s
  ``is_global`` and friends), after resolving the host name -- except the host
  the client itself was pointed at (``base_url``) when that is a loopback or
  private address (a mock server on 127.0.0.1, a proxy on the LAN): the user
  chose it. With a custom ``transport`` host names are not resolved (the
  transport, not DNS, decides where a request goes: tests, mock servers), but
  literal addresses are still judged;
- at most ``max_bytes`` (default :data:`DEFAULT_MAX_BYTES`, 2 GiB: a 25 s
  1080p Sora 2 Pro video is under 100 MB), announced or received;
- at most ``deadline`` seconds for the whole download, retries included
  (default :data:`DEFAULT_DEADLINE`), besides the per-read timeout;
- the first bytes must be a video container -- an ISO-BMFF ``ftyp`` box at
  offset 4 (MP4, MOV) or the EBML magic ``1A 45 DF A3`` (WebM, Matroska) --
  whatever the ``Content-Type`` says.

A refusal is an :class:`~soravideo.errors.UnsafeDownloadError` (never retried);
a destination that cannot be written is a
:class:`~soravideo.errors.DestinationError`, raised before any request when the
directory or the temporary file cannot be created. The API key is never sent
to the video host (the download client has no credentials). A name that
resolves to a public address when checked and to a private one when connected
(DNS rebinding) is not caught: use a transport that pins addresses for that.
"""

from __future__ import annotations

import contextlib
import hashlib
import math
import os
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path

import attrs
import httpx

from soravideo import _netguard
from soravideo._types import Task
from soravideo.errors import DestinationError, ProviderResponseError, UnsafeDownloadError

DEFAULT_MAX_BYTES = 2 * 1024**3
"""2 GiB: the default size cap of one video; real Sora 2 videos are well under 200 MB."""
DEFAULT_DEADLINE = 1800.0
"""Seconds for a whole download, retries included (30 min: 2 GiB at about 10 Mbit/s)."""
MAX_REDIRECTS = 10
ERROR_BODY_LIMIT = 64 * 1024
"""Bytes of an answer that is not a video kept on the error (``.body``) for debugging."""
SNIFF_BYTES = 8
"""Bytes needed to recognize the container."""
MAX_NAME = 120
"""Longest task-id part of a derived file name; longer ids are cut and hashed."""
_EBML = b"\x1a\x45\xdf\xa3"


def looks_like_video(head: bytes) -> bool:
    """Whether ``head`` (the first bytes) starts an MP4/MOV (``ftyp``) or WebM/Matroska file."""
    return head[4:8] == b"ftyp" or head.startswith(_EBML)


def _trusted(base_url: str) -> frozenset[str]:
    """The client's own host, when it is loopback/private (see module docs)."""
    try:
        host = httpx.URL(base_url).host
    except (httpx.InvalidURL, ValueError):
        return frozenset()
    if host and _netguard.host_problem(host) is not None:
        return frozenset({str(_netguard.normalize_host(host))})
    return frozenset()


@attrs.define
class DownloadGuard:
    """The rules of one ``download()`` call (all attempts); see the module docs.

    Attributes:
        provider: for error messages.
        max_bytes: size cap (bytes).
        deadline: seconds for the whole download, or None for none.
        clock: monotonic seconds (injected in tests).
        trusted: normalized hosts allowed although not public (the client's own).
        resolve: resolve host names before connecting (False with a custom transport).
    """

    provider: str
    max_bytes: int
    deadline: float | None
    clock: Callable[[], float]
    trusted: frozenset[str]
    resolve: bool
    started: float = attrs.field(init=False)

    def __attrs_post_init__(self) -> None:
        self.started = self.clock()

    @classmethod
    def make(
        cls,
        provider: str,
        *,
        base_url: str,
        custom_transport: bool,
        max_bytes: int,
        deadline: float | None,
        clock: Callable[[], float],
    ) -> DownloadGuard:
        """Validate the parameters and build the guard.

        Raises:
            RequestValidationError: ``max_bytes`` not a positive int, ``deadline`` not > 0.
        """
        from soravideo.errors import RequestValidationError

        if isinstance(max_bytes, bool) or not isinstance(max_bytes, int) or max_bytes < 1:
            raise RequestValidationError(
                f"max_bytes must be a positive number of bytes, got {max_bytes!r}",
                provider=provider,
                field="max_bytes",
                value=max_bytes,
            )
        if deadline is not None and (
            isinstance(deadline, bool)
            or not isinstance(deadline, int | float)
            or not deadline > 0
            or (isinstance(deadline, float) and math.isnan(deadline))
        ):
            raise RequestValidationError(
                f"deadline must be a number of seconds > 0 or None, got {deadline!r}",
                provider=provider,
                field="deadline",
                value=deadline,
            )
        limit = None if deadline is None or float(deadline) == math.inf else float(deadline)
        return cls(provider, max_bytes, limit, clock, _trusted(base_url), not custom_transport)

    def refuse(self, reason: str, message: str, url: httpx.URL | str, body: bytes = b"") -> None:
        """Raise the :class:`UnsafeDownloadError` for ``reason``."""
        raise UnsafeDownloadError(
            f"download refused: {message}",
            reason=reason,
            url=str(url),
            provider=self.provider,
            body=body,
        )

    def remaining(self) -> float | None:
        """Seconds left before the deadline (None: no deadline)."""
        return None if self.deadline is None else self.deadline - (self.clock() - self.started)

    def check_time(self, url: httpx.URL | str) -> None:
        """Refuse once the deadline has passed."""
        left = self.remaining()
        if left is not None and left <= 0:
            self.refuse("deadline", f"not finished within {self.deadline:g} s", url)

    def parse(self, url: str) -> httpx.URL:
        """``url`` as an ``httpx.URL``, or a refusal when it is not one."""
        try:
            return httpx.URL(url)
        except (httpx.InvalidURL, ValueError, UnicodeError) as exc:
            shown = url.encode("utf-8", "backslashreplace").decode("ascii", "backslashreplace")
            raise UnsafeDownloadError(
                f"download refused: the video URL is invalid ({exc})",
                reason="redirect",
                url=shown,
                provider=self.provider,
            ) from exc

    def check_url(self, url: httpx.URL, previous: httpx.URL | None) -> None:
        """Refuse ``url`` (reached from ``previous`` by a redirect, if given) by the rules."""
        self.check_time(url)
        if url.scheme not in ("http", "https"):
            self.refuse("redirect", f"scheme {url.scheme!r} is not http(s)", url)
        if previous is not None and previous.scheme == "https" and url.scheme == "http":
            self.refuse("redirect", "a redirect from https to http", url)
        host = url.host
        normalized = str(_netguard.normalize_host(host))
        if normalized in self.trusted:
            return
        why = _netguard.host_problem(host)
        if why is None and self.resolve:
            try:
                addresses = _netguard.resolve(host, url.port or 443)
            except (OSError, UnicodeError, ValueError):
                addresses = []  # the connection will fail and say so
            bad = [a for a in addresses if not _netguard.is_public_address(a)]
            if bad:
                why = f"{host} resolves to {bad[0]}, which is not a public address"
        if why is not None:
            self.refuse("redirect", f"{why} ({'redirect to ' if previous else ''}{host})", url)

    def request_timeout(self, timeout: httpx.Timeout) -> httpx.Timeout:
        """``timeout`` with the read timeout cut to what is left of the deadline."""
        left = self.remaining()
        if left is None:
            return timeout
        read = timeout.read
        return httpx.Timeout(
            connect=timeout.connect,
            read=max(0.001, left if read is None else min(read, left)),
            write=timeout.write,
            pool=timeout.pool,
        )


def _video_kind(response: httpx.Response) -> str | None:
    """The answer's content type when it is not a video answer (200, video type), else None."""
    kind: str = response.headers.get("content-type", "").split(";")[0].strip().lower()
    if response.status_code == 200 and (
        not kind
        or kind.startswith("video/")
        or kind in ("application/octet-stream", "binary/octet-stream")
    ):
        return None
    return kind


def check_response(guard: DownloadGuard, response: httpx.Response, head: bytes = b"") -> int | None:
    """Validate a download answer's headers; return the announced length, if any.

    ``head`` is the start of the body of an answer that is not a video
    (see :func:`_video_kind`), kept on the error as ``.body``.

    Raises:
        APIError: not 200 (typed by status, so 5xx/408/429 are retried).
        ProviderResponseError: a content type that is not a video.
        UnsafeDownloadError: a ``Content-Length`` above ``max_bytes``.
    """
    provider = guard.provider
    if response.status_code != 200:
        from soravideo.adapters._base import make_api_error  # loads the spec machinery

        raise make_api_error(
            provider,
            response.status_code,
            None,
            f"download failed with HTTP {response.status_code}",
            head,
            response.headers,
        )
    kind = _video_kind(response)
    if kind is not None:
        raise ProviderResponseError(
            f"download is {kind!r}, not a video", provider=provider, body=head, status_code=200
        )
    length = response.headers.get("content-length", "")
    expected = int(length) if length.isascii() and length.isdigit() and len(length) < 20 else None
    if expected is not None and expected > guard.max_bytes:
        guard.refuse(
            "too_large",
            f"{expected} bytes announced, over max_bytes={guard.max_bytes}",
            response.url,
        )
    return expected


class BodyCheck:
    """Checks the body as it streams: container magic, size cap, deadline."""

    def __init__(self, guard: DownloadGuard, url: httpx.URL) -> None:
        self.guard = guard
        self.url = url
        self.head = b""
        self.sniffed = False
        self.size = 0

    def feed(self, chunk: bytes) -> None:
        """Account for ``chunk`` (before it is written)."""
        self.size += len(chunk)
        if self.size > self.guard.max_bytes:
            self.guard.refuse(
                "too_large", f"more than max_bytes={self.guard.max_bytes} bytes", self.url
            )
        if not self.sniffed:
            self.head += chunk[:ERROR_BODY_LIMIT]
            if len(self.head) >= SNIFF_BYTES:
                self._sniff()
        self.guard.check_time(self.url)

    def _sniff(self) -> None:
        self.sniffed = True
        if not looks_like_video(self.head[:SNIFF_BYTES]):
            self.guard.refuse(
                "not_video",
                "the body does not start like a video (no MP4/MOV ftyp box, no WebM/Matroska "
                "EBML header)",
                self.url,
                body=self.head[:ERROR_BODY_LIMIT],
            )

    def finish(self) -> None:
        """After the last chunk: a body too short to sniff is not a video either."""
        if not self.sniffed and self.size:
            self._sniff()


def _os_error(exc: BaseException, path: str | Path) -> DestinationError:
    reason = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
    return DestinationError(
        f"cannot write the video to {str(path)!r}: {reason}",
        path=str(path),
        errno=getattr(exc, "errno", None),
    )


def file_name(task: Task) -> str:
    """``<id>.mp4`` with unsafe characters replaced; ids over :data:`MAX_NAME` are cut and
    hashed (a 100k-character id must not make a name the file system refuses)."""
    safe = "".join(c if c.isascii() and (c.isalnum() or c in "-_.") else "_" for c in task.id)
    safe = safe.lstrip(".") or "_"
    if len(safe) > MAX_NAME:
        digest = hashlib.sha256(task.id.encode("utf-8", "surrogatepass")).hexdigest()[:16]
        safe = f"{safe[:MAX_NAME]}-{digest}"
    return f"{safe}.mp4"


def destination(dest: str | os.PathLike[str], task: Task) -> Path:
    """The file to write: ``dest``, or ``dest/<id>.mp4`` for a directory (created).

    Raises:
        DestinationError: the directory cannot be created or the name is not usable.
    """
    try:
        path = Path(dest)
        if path.is_dir() or str(dest).endswith(os.sep):
            path.mkdir(parents=True, exist_ok=True)
            return path / file_name(task)
        path.parent.mkdir(parents=True, exist_ok=True)
        return path
    except (OSError, UnicodeError, ValueError) as exc:
        raise _os_error(exc, os.fsdecode(dest) if not isinstance(dest, str) else dest) from exc


def check_destination(dest: str | os.PathLike[str]) -> None:
    """Refuse, before a task is paid for, a ``dest`` that cannot receive a video.

    The directory (``dest`` itself when it is one or ends in ``/``, else its
    parent) is created if missing and a file is created in it and removed again,
    so a read-only or missing location fails now rather than after generation.

    Raises:
        DestinationError: the directory cannot be created or written.
    """
    try:
        path = Path(dest)
        directory = path if path.is_dir() or str(dest).endswith(os.sep) else path.parent
        directory.mkdir(parents=True, exist_ok=True)
        probe = directory / f".soravideo-probe-{os.urandom(6).hex()}"
        os.close(os.open(probe, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        probe.unlink()
    except (OSError, UnicodeError, ValueError) as exc:
        raise _os_error(exc, os.fsdecode(dest) if not isinstance(dest, str) else dest) from exc


class AtomicWriter:
    """Collects a download in a temporary file beside ``target``; renames on success.

    ``dest`` never holds a partial video: on any error (including cancellation)
    the temporary file is removed.

    Raises:
        DestinationError: the temporary file cannot be created or written.
    """

    def __init__(self, target: Path, provider: str) -> None:
        self.target = target
        self.expected: int | None = None
        self.provider = provider
        self.written = 0
        # not mkstemp (always 0600): created like any new file, so the umask decides the mode
        self.tmp_name = str(target.parent / f".{target.name[:40]}.{os.urandom(6).hex()}.part")
        try:
            fd = os.open(self.tmp_name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        except (OSError, UnicodeError, ValueError) as exc:
            raise _os_error(exc, target) from exc
        self.file = os.fdopen(fd, "wb")

    def write(self, chunk: bytes) -> None:
        """Append a chunk (bytes) to the temporary file."""
        try:
            self.file.write(chunk)
        except OSError as exc:
            raise _os_error(exc, self.target) from exc
        self.written += len(chunk)

    def commit(self) -> Path:
        """Check the length and move the file into place.

        Raises:
            ProviderResponseError: empty, or fewer/more bytes than Content-Length.
            DestinationError: the file cannot be moved into place.
        """
        try:
            self.file.close()
        except OSError as exc:
            raise _os_error(exc, self.target) from exc
        if self.expected is not None and self.written != self.expected:
            raise ProviderResponseError(
                f"download ended after {self.written} of {self.expected} bytes",
                provider=self.provider,
                body=b"",
            )
        if self.written == 0:
            raise ProviderResponseError("download is empty", provider=self.provider, body=b"")
        try:
            os.replace(self.tmp_name, self.target)
        except OSError as exc:
            raise _os_error(exc, self.target) from exc
        return self.target

    def abort(self) -> None:
        """Remove the temporary file."""
        with contextlib.suppress(OSError):
            self.file.close()
        with contextlib.suppress(OSError):
            os.unlink(self.tmp_name)


@contextlib.contextmanager
def progress_bar(enabled: bool, total: int | None, label: str) -> Iterator[Callable[[int], None]]:
    """A rich progress bar's ``advance(n)``, or a no-op when disabled."""
    if not enabled:
        yield lambda _n: None
        return
    from rich.progress import DownloadColumn, Progress, TransferSpeedColumn

    with Progress(*Progress.get_default_columns(), DownloadColumn(), TransferSpeedColumn()) as bar:
        job = bar.add_task(label, total=total)
        yield lambda n: bar.advance(job, n)


def fetch(
    http: httpx.Client,
    url: str,
    target: Path,
    guard: DownloadGuard,
    timeout: httpx.Timeout,
    *,
    progress: bool = False,
) -> Path:
    """One attempt: follow redirects by the rules, stream the body into ``target``."""
    writer = AtomicWriter(target, guard.provider)
    try:
        with _open(http, url, guard, timeout) as response:
            head = b""
            if _video_kind(response) is not None:
                for chunk in response.iter_bytes():
                    head += chunk
                    if len(head) >= ERROR_BODY_LIMIT:
                        break
            writer.expected = check_response(guard, response, head[:ERROR_BODY_LIMIT])
            body = BodyCheck(guard, response.url)
            with progress_bar(progress, writer.expected, target.name) as advance:
                for chunk in response.iter_bytes():
                    body.feed(chunk)
                    writer.write(chunk)
                    advance(len(chunk))
            body.finish()
        return writer.commit()
    except BaseException:
        writer.abort()
        raise


def _bad_location(guard: DownloadGuard, exc: httpx.RemoteProtocolError, url: httpx.URL) -> None:
    """Refuse a redirect whose ``Location`` httpx cannot parse (not a connection problem)."""
    if "location" in str(exc).lower():
        guard.refuse("redirect", f"a redirect to an invalid URL ({exc})", url)


@contextlib.contextmanager
def _open(
    http: httpx.Client, url: str, guard: DownloadGuard, timeout: httpx.Timeout
) -> Iterator[httpx.Response]:
    current, previous = guard.parse(url), None
    for _ in range(MAX_REDIRECTS + 1):
        guard.check_url(current, previous)
        request = http.build_request("GET", current, timeout=guard.request_timeout(timeout))
        try:
            response = http.send(request, stream=True, follow_redirects=False)
        except httpx.RemoteProtocolError as exc:
            _bad_location(guard, exc, current)
            raise
        if response.next_request is None:
            try:
                yield response
            finally:
                response.close()
            return
        response.close()
        previous, current = current, response.next_request.url
    guard.refuse("redirect", f"more than {MAX_REDIRECTS} redirects", current)


async def afetch(
    http: httpx.AsyncClient,
    url: str,
    target: Path,
    guard: DownloadGuard,
    timeout: httpx.Timeout,
    *,
    progress: bool = False,
) -> Path:
    """The async twin of :func:`fetch` (host names are resolved in a worker thread)."""
    writer = AtomicWriter(target, guard.provider)
    try:
        async with _aopen(http, url, guard, timeout) as response:
            head = b""
            if _video_kind(response) is not None:
                async for chunk in response.aiter_bytes():
                    head += chunk
                    if len(head) >= ERROR_BODY_LIMIT:
                        break
            writer.expected = check_response(guard, response, head[:ERROR_BODY_LIMIT])
            body = BodyCheck(guard, response.url)
            with progress_bar(progress, writer.expected, target.name) as advance:
                async for chunk in response.aiter_bytes():
                    body.feed(chunk)
                    writer.write(chunk)
                    advance(len(chunk))
            body.finish()
        return writer.commit()
    except BaseException:
        writer.abort()
        raise


@contextlib.asynccontextmanager
async def _aopen(
    http: httpx.AsyncClient, url: str, guard: DownloadGuard, timeout: httpx.Timeout
) -> AsyncIterator[httpx.Response]:
    import anyio.to_thread

    current, previous = guard.parse(url), None
    for _ in range(MAX_REDIRECTS + 1):
        if guard.resolve:
            await anyio.to_thread.run_sync(guard.check_url, current, previous)
        else:
            guard.check_url(current, previous)
        request = http.build_request("GET", current, timeout=guard.request_timeout(timeout))
        try:
            response = await http.send(request, stream=True, follow_redirects=False)
        except httpx.RemoteProtocolError as exc:
            _bad_location(guard, exc, current)
            raise
        if response.next_request is None:
            try:
                yield response
            finally:
                await response.aclose()
            return
        await response.aclose()
        previous, current = current, response.next_request.url
    guard.refuse("redirect", f"more than {MAX_REDIRECTS} redirects", current)
