"""``soravideo proxy``: a validating reverse proxy in front of a provider (or its mock).

Point an application (or its integration tests) at the proxy instead of the
provider: every request is forwarded to ``--target`` as it is, ``Authorization``
included, exactly once (no retries; a failed upstream connection is answered
502/504, never re-sent), and each request and response is judged against the
provider's spec by :mod:`soravideo._exchange`: the operation, the parameters and
JSON body schema, the declared statuses and response schemas, and the provider's
envelope rules. One line per exchange is printed; on exit (SIGINT or SIGTERM)
the proxy writes

* ``--report FILE``: ``{"exchanges": N, "violations": [{"operation", "where":
  "request" | "response", "path", "message"}]}``;
* ``--junit FILE``: JUnit XML, one test case per spec operation (failed with its
  violations, skipped when never exercised, plus ``(no operation)`` for requests
  matching none);
* ``--record DIR``: while running, one fixture per exchange in the project's
  fixture format (``contracts/fixtures/README.md``), ``Authorization`` and every
  occurrence of the key replaced by ``YOUR_API_KEY``: ready to copy into
  ``contracts/fixtures/<provider>/``.

``--strict``: a request the spec forbids is answered by the proxy itself with the
provider's error body (HTTP 400, or 404 for a path no operation serves, header
``X-Soravideo-Proxy: rejected``) and is not forwarded: no credit is spent on it.

The API key is never printed, logged or recorded: the proxy learns it from each
request's ``Authorization`` header only to remove it.
"""

from __future__ import annotations

import dataclasses
import json
import signal
import sys
import tempfile
import threading
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable, Generator, Iterable
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from types import FrameType
from typing import IO, Any

import httpx
import uvicorn
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.types import Receive, Scope, Send

from soravideo import PROVIDERS, _spec
from soravideo._exchange import Violation, check_request, check_response
from soravideo.errors import redact

PLACEHOLDER_KEY = "YOUR_API_KEY"
"""What a recorded fixture holds instead of the API key (``contracts/fixtures/README.md``)."""

REJECTED_HEADER = "X-Soravideo-Proxy"
"""Response header on answers the proxy made itself (``rejected`` in ``--strict``, ``upstream``)."""

NO_OPERATION = "(no operation)"
"""JUnit test case of requests that match no operation of the spec."""

_HOP_BY_HOP = frozenset(
    {
        "connection",
        "keep-alive",
        "proxy-authenticate",
        "proxy-authorization",
        "te",
        "trailer",
        "transfer-encoding",
        "upgrade",
        "host",
        "content-length",
    }
)
_NOT_RETURNED = _HOP_BY_HOP | {"content-encoding"}
_RECORDED_REQUEST_HEADERS = frozenset({"authorization", "content-type", "idempotency-key"})
_RECORDED_RESPONSE_HEADERS = frozenset({"content-type", "retry-after"})
_CREDENTIAL_HEADERS = frozenset({"authorization", "x-api-key", "api-key"})


@dataclass
class _OperationStats:
    exchanges: int = 0
    violations: list[Violation] = field(default_factory=list)
    seconds: float = 0.0


@dataclass
class Exchange:
    """One request through the proxy and what came of it.

    Attributes:
        method: the request method.
        path: the URL path (no query string: it is never printed).
        operation: the matched ``operationId`` or ``""``.
        status: the status the client got (the provider's, or the proxy's own).
        milliseconds: time from request to answer.
        forwarded: whether the request reached the target.
        violations: what broke the spec, request and response.
    """

    method: str
    path: str
    operation: str
    status: int
    milliseconds: float
    forwarded: bool
    violations: tuple[Violation, ...]

    def line(self) -> str:
        """The exchange as one printable line (no headers, no query string, no key)."""
        op = self.operation or NO_OPERATION
        verdict = "ok" if not self.violations else f"{len(self.violations)} violation(s)"
        note = "" if self.forwarded else " [not forwarded]"
        text = (
            f"{self.method} {self.path} {op} -> {self.status} "
            f"{self.milliseconds:.0f} ms {verdict}{note}"
        )
        for v in self.violations:
            text += f"\n    {v.where} {v.path}: {v.message}"
        return text


class ValidatingProxy:
    """The proxy as an ASGI app; :func:`run` serves it.

    Args:
        provider: one of :data:`soravideo.PROVIDERS` (whose spec judges the traffic).
        target: base URL requests are forwarded to (``https://api.evolink.ai``,
            a mock's ``http://127.0.0.1:PORT``).
        strict: answer requests the spec forbids with the provider's error, unsent.
        record: directory for fixtures of the exchanges, or None.
        emit: called with each exchange's line (default: print to stdout).
        transport: the httpx transport to the target (tests); default: the network.
        timeout: seconds to wait for the target (qingbo's sync create waits 60 s).

    Raises:
        ValueError: unknown provider, or a target that is not an http(s) URL.
    """

    def __init__(
        self,
        provider: str,
        target: str,
        *,
        strict: bool = False,
        record: Path | None = None,
        emit: Callable[[str], None] | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        timeout: float = 300.0,
    ) -> None:
        if provider not in PROVIDERS:
            raise ValueError(f"unknown provider {provider!r}; expected one of {list(PROVIDERS)}")
        parts = httpx.URL(target)
        if parts.scheme not in ("http", "https") or not parts.host:
            raise ValueError(f"--target must be an http(s) URL, got {target!r}")
        if parts.userinfo:
            raise ValueError("--target must not carry credentials")
        self.provider = provider
        self.target = str(target).rstrip("/")
        self.strict = strict
        self.record = record
        self.emit = emit or (lambda line: print(line, flush=True))
        self.exchanges: list[Exchange] = []
        self._stats: dict[str, _OperationStats] = {}
        self._lock = threading.Lock()
        self._recorded = 0
        self._transport = transport
        self._timeout = timeout
        self._client: httpx.AsyncClient | None = None
        if record is not None:
            record.mkdir(parents=True, exist_ok=True)

    # -- ASGI ---------------------------------------------------------------------------
    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Handle one request (lifespan and websocket scopes are ignored)."""
        if scope["type"] != "http":
            return
        request = Request(scope, receive)
        response = await self._handle(request)
        await response(scope, receive, send)

    async def aclose(self) -> None:
        """Close the connection pool to the target."""
        if self._client is not None:
            await self._client.aclose()
            self._client = None

    def _http(self) -> httpx.AsyncClient:
        if self._client is None:
            # httpx never retries a request by itself (retries=0 is its default).
            self._client = httpx.AsyncClient(
                base_url=self.target,
                transport=self._transport or httpx.AsyncHTTPTransport(retries=0),
                timeout=httpx.Timeout(self._timeout, connect=15.0),
                follow_redirects=False,
            )
        return self._client

    async def _handle(self, request: Request) -> Response:
        started = time.perf_counter()
        raw = await request.body()
        method, path = request.method, request.url.path
        token = _bearer(request.headers.get("authorization", ""))
        verdict = check_request(self.provider, method, path, dict(request.query_params), raw)
        violations = list(verdict.violations)
        operation = verdict.operation
        if violations and self.strict:
            message = _hide(violations[0].message, token)
            response = self._reject(path, verdict.field, message, operation)
            self._finish(
                Exchange(method, path, operation, response.status_code, 0, False, ()),
                violations,
                started,
                token,
            )
            return response
        headers = [
            (name, value)
            for name, value in request.headers.items()
            if name.lower() not in _HOP_BY_HOP
        ]
        raw_path: bytes = request.scope.get("raw_path") or path.encode()
        query: bytes = request.scope.get("query_string", b"")
        url = raw_path.decode("latin-1") + ("?" + query.decode("latin-1") if query else "")
        try:
            upstream = await self._http().request(method, url, headers=headers, content=raw)
        except httpx.TimeoutException as exc:
            response = _proxy_error(
                504, f"the target did not answer in time ({type(exc).__name__})"
            )
            self._finish(
                Exchange(method, path, operation, 504, 0, True, ()), violations, started, token
            )
            return response
        except httpx.HTTPError as exc:
            response = _proxy_error(502, f"the target could not be reached ({type(exc).__name__})")
            self._finish(
                Exchange(method, path, operation, 502, 0, True, ()), violations, started, token
            )
            return response
        content = upstream.content
        if operation:
            violations.extend(
                check_response(self.provider, operation, upstream.status_code, content)
            )
        out_headers = {
            name: value
            for name, value in upstream.headers.items()
            if name.lower() not in _NOT_RETURNED
        }
        exchange = Exchange(method, path, operation, upstream.status_code, 0, True, ())
        self._finish(exchange, violations, started, token)
        if self.record is not None and operation:
            self._save_fixture(request, raw, verdict.body, upstream, exchange, token)
        return Response(content, upstream.status_code, headers=out_headers)

    def _reject(self, path: str, field_name: str, message: str, operation: str) -> Response:
        from soravideo.mock._providers import ADAPTERS, ErrorKind

        renderer = ADAPTERS[self.provider](1.0)
        kind: ErrorKind = "invalid" if operation else "not_found"
        status = 400 if operation else 404
        body = renderer.error(kind, status, message, field=field_name, path=path, now=time.time())
        return JSONResponse(body, status, headers={REJECTED_HEADER: "rejected"})

    def _finish(
        self, exchange: Exchange, violations: list[Violation], started: float, token: str = ""
    ) -> None:
        exchange.milliseconds = (time.perf_counter() - started) * 1000
        # a message quotes what was sent or answered: never let it carry the key
        exchange.violations = tuple(
            dataclasses.replace(v, message=_hide(v.message, token), path=_hide(v.path, token))
            for v in violations
        )
        with self._lock:
            self.exchanges.append(exchange)
            stats = self._stats.setdefault(exchange.operation or NO_OPERATION, _OperationStats())
            stats.exchanges += 1
            stats.violations.extend(exchange.violations)
            stats.seconds += exchange.milliseconds / 1000
        self.emit(exchange.line())

    # -- reports -----------------------------------------------------------------------
    @property
    def violations(self) -> list[Violation]:
        """Every violation seen, in order."""
        with self._lock:
            return [v for e in self.exchanges for v in e.violations]

    def report(self) -> dict[str, Any]:
        """``{"exchanges": N, "violations": [...]}`` (the ``--report`` file)."""
        with self._lock:
            count = len(self.exchanges)
        return {"exchanges": count, "violations": [v.to_json() for v in self.violations]}

    def junit(self) -> str:
        """JUnit XML: one test case per spec operation (the ``--junit`` file)."""
        with self._lock:
            stats = {
                name: (s.exchanges, list(s.violations), s.seconds)
                for name, s in self._stats.items()
            }
        names = [op["operationId"] for *_, op in _spec.iter_operations(self.provider)]
        if NO_OPERATION in stats:
            names.append(NO_OPERATION)
        failures = sum(1 for n in names if stats.get(n, (0, [], 0.0))[1])
        skipped = sum(1 for n in names if n not in stats)
        suite = ET.Element(
            "testsuite",
            name=f"soravideo proxy {self.provider}",
            tests=str(len(names)),
            failures=str(failures),
            errors="0",
            skipped=str(skipped),
            time=f"{sum(s[2] for s in stats.values()):.3f}",
        )
        for name in names:
            count, found, seconds = stats.get(name, (0, [], 0.0))
            case = ET.SubElement(
                suite,
                "testcase",
                classname=f"soravideo.proxy.{self.provider}",
                name=name,
                time=f"{seconds:.3f}",
            )
            if name not in stats:
                ET.SubElement(case, "skipped", message="not exercised through the proxy")
                continue
            if found:
                failure = ET.SubElement(
                    case,
                    "failure",
                    message=f"{len(found)} violation(s) in {count} exchange(s)",
                    type="SpecViolation",
                )
                failure.text = "\n".join(f"{v.where} {v.path}: {v.message}" for v in found)
            else:
                ET.SubElement(case, "system-out").text = f"{count} exchange(s), 0 violations"
        ET.indent(suite)
        return ET.tostring(suite, encoding="unicode", xml_declaration=True) + "\n"

    def write_reports(self, report: Path | None, junit: Path | None) -> None:
        """Write the ``--report`` JSON and the ``--junit`` XML (atomically) where asked."""
        if report is not None:
            _write(report, json.dumps(self.report(), indent=2) + "\n")
        if junit is not None:
            _write(junit, self.junit())

    # -- recording ---------------------------------------------------------------------
    def _save_fixture(
        self,
        request: Request,
        raw: bytes,
        body: Any,
        upstream: httpx.Response,
        exchange: Exchange,
        token: str,
    ) -> None:
        assert self.record is not None
        try:
            response_body = json.loads(upstream.content) if upstream.content.strip() else None
        except (ValueError, UnicodeDecodeError):
            self.emit(f"    not recorded: the {exchange.status} answer is not JSON")
            return
        if body is None and raw.strip():
            self.emit("    not recorded: the request body is not JSON")
            return
        secrets = [token] if token else []
        request_valid = not any(v.where == "request" for v in exchange.violations)
        fixture: dict[str, Any] = {
            "operation": exchange.operation,
            "kind": "exchange",
            "source": self.target,
            "recorded": "live",
            "date": datetime.now(UTC).date().isoformat(),
            "notes": f"Recorded by soravideo proxy ({self.provider}); "
            f"{len(exchange.violations)} violation(s) seen.",
        }
        if not request_valid:
            fixture["request_valid"] = False
        fixture["request"] = {
            "method": exchange.method,
            "path": exchange.path,
            "query": dict(request.query_params),
            "headers": _recorded_headers(request.headers.items(), _RECORDED_REQUEST_HEADERS),
            "body": body,
        }
        fixture["response"] = {
            "status_code": exchange.status,
            "headers": _recorded_headers(upstream.headers.items(), _RECORDED_RESPONSE_HEADERS),
            "body": response_body,
        }
        clean = _scrub(fixture, secrets)
        with self._lock:
            self._recorded += 1
            number = self._recorded
        # <operationId>-<status>-<short-name>.json (contracts/fixtures/README.md)
        target = self.record / f"{exchange.operation}-{exchange.status}-proxy-{number:03d}.json"
        _write(target, json.dumps(clean, indent=2, ensure_ascii=False) + "\n")


def _hide(text: str, token: str) -> str:
    """``text`` without the request's key (and any registered key or bearer token)."""
    if token:
        text = text.replace(token, "***")
    return redact(text)


def _bearer(value: str) -> str:
    scheme, _, token = value.partition(" ")
    return token.strip() if scheme.lower() == "bearer" else value.strip()


def _proxy_error(status: int, message: str) -> Response:
    return JSONResponse(
        {"error": {"message": f"soravideo proxy: {message}", "code": "proxy_upstream_error"}},
        status,
        headers={REJECTED_HEADER: "upstream"},
    )


def _recorded_headers(items: Iterable[tuple[str, str]], keep: frozenset[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for name, value in items:
        lower = name.lower()
        if lower not in keep:
            continue
        if lower in _CREDENTIAL_HEADERS:
            bearer = value.lower().startswith("bearer ")
            value = f"Bearer {PLACEHOLDER_KEY}" if bearer else PLACEHOLDER_KEY
        out["-".join(part.capitalize() for part in lower.split("-"))] = value
    return out


def _scrub(value: Any, secrets: list[str]) -> Any:
    if isinstance(value, str):
        for secret in secrets:
            value = value.replace(secret, PLACEHOLDER_KEY)
        return value
    if isinstance(value, dict):
        return {_scrub(k, secrets): _scrub(v, secrets) for k, v in value.items()}
    if isinstance(value, list):
        return [_scrub(v, secrets) for v in value]
    return value


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(
        "w", encoding="utf-8", dir=path.parent, prefix=f".{path.name}.", delete=False
    ) as handle:
        handle.write(text)
    Path(handle.name).replace(path)


class _Server(uvicorn.Server):
    """uvicorn, stopping on SIGINT/SIGTERM without re-raising the signal afterwards.

    (uvicorn re-raises a caught signal once it has shut down, which would end the
    process before the reports are written.)
    """

    def __init__(
        self, config: uvicorn.Config, on_started: Callable[[], None], proxy: ValidatingProxy
    ) -> None:
        super().__init__(config)
        self._on_started = on_started
        self._proxy = proxy

    async def startup(self, sockets: list[Any] | None = None) -> None:
        await super().startup(sockets=sockets)
        if not self.should_exit:
            self._on_started()

    async def shutdown(self, sockets: list[Any] | None = None) -> None:
        await super().shutdown(sockets=sockets)
        await self._proxy.aclose()

    @contextmanager
    def capture_signals(self) -> Generator[None, None, None]:
        if threading.current_thread() is not threading.main_thread():
            yield
            return

        def stop(sig: int, frame: FrameType | None) -> None:
            if self.should_exit:
                self.force_exit = True
            self.should_exit = True

        previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGINT, signal.SIGTERM)}
        try:
            yield
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)


def run(
    provider: str,
    target: str,
    *,
    host: str = "127.0.0.1",
    port: int = 0,
    report: Path | None = None,
    junit: Path | None = None,
    record: Path | None = None,
    strict: bool = False,
    ready: Callable[[str], None] | None = None,
    out: IO[str] | None = None,
    stop: threading.Event | None = None,
) -> ValidatingProxy:
    """Serve the proxy on ``host``:``port`` until SIGINT/SIGTERM (or ``stop`` is set).

    Prints one line per exchange to ``out`` (stdout); calls ``ready(base_url)``
    once listening; writes ``report`` and ``junit`` when it stops. Returns the
    proxy (its :meth:`ValidatingProxy.report` says what was seen).

    Raises:
        ValueError: unknown provider or bad target URL.
        OSError: the address cannot be bound (e.g. the port is taken).
    """
    from soravideo.mock._server import _base_url, _bind

    stream = out or sys.stdout

    def emit(line: str) -> None:
        stream.write(line + "\n")
        stream.flush()

    proxy = ValidatingProxy(provider, target, strict=strict, record=record, emit=emit)
    sock = _bind(host, port)
    base_url = _base_url(sock)
    config = uvicorn.Config(proxy, log_level="warning", lifespan="off", access_log=False)

    def started() -> None:
        if ready is not None:
            ready(base_url)

    server = _Server(config, started, proxy)
    if stop is not None:

        def watch() -> None:
            stop.wait()
            server.should_exit = True

        threading.Thread(target=watch, daemon=True).start()
    try:
        server.run(sockets=[sock])
    finally:
        sock.close()
        proxy.write_reports(report, junit)
    return proxy
