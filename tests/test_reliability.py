"""Reliability: the fault matrix, and fuzzing of everything that reads outside input.

The fault matrix
    Every fault the mock servers can inject (``soravideo.mock``: 500, 503, 429,
    slow beyond the client's timeout, malformed, drop, and their
    ``-after-create`` variants, where the operation runs before its answer is
    replaced) x every operation the overlay calls (create, get, cancel where the
    provider has it, download) x the five providers, through ``VideoClient`` over
    the in-process mock transport. Each cell asserts the outcome documented in
    :data:`MATRIX` (the README's retry policy) and the money rule: a create is
    never sent twice once it may have reached the server, and when the mock holds
    a task the client did not return, the error says a task may exist. Sleeps
    are injected (no real waiting); only the "slow" cells spend real time, one
    short client timeout each. An async sample (qingbo, every operation) proves
    ``AsyncVideoClient`` gives the same outcomes.

Fuzzing (hypothesis)
    ``soravideo.parse_task`` / ``parse_callback`` with raw bytes and text (the
    public entry points; ``tests/test_adapters.py`` fuzzes the adapters with
    decoded JSON), and the JOBS.jsonl reader of ``soravideo.batch``: only
    ``SoraVideoError`` subclasses escape the parsers; ``read_jobs`` never raises on
    content and accounts for every line.
"""

from __future__ import annotations

import json
import string
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import anyio
import httpx
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from test_adapters import HOSTILE_LEAVES, sane_numbers

import soravideo
from soravideo import (
    PROVIDERS,
    APIConnectionError,
    APIError,
    APITimeoutError,
    AsyncVideoClient,
    ProviderResponseError,
    ServerError,
    SoraVideoError,
    Task,
    TaskStatus,
    VideoClient,
    VideoRequest,
)
from soravideo.mock import MockState, async_transport, create_app, transport, video_bytes

T0 = 1_790_000_000.0
SLOW_TIMEOUT = 0.25
"""The client's timeout (s) in the "slow" cells; the mock's delay is far longer."""
SLOW_FAULT = "slow=30"
MALFORMED_PREFIX = b'{"mock": "malformed"'
"""How the mock's ``malformed`` answer starts (HTTP 200, not JSON)."""
MAY_EXIST = "a task may exist"


def key_for(provider: str) -> str:
    return f"sk-reliability-{provider}-9b1e77"


# ============================================================================ the matrix
BEFORE = ("500", "503", "429", "slow", "malformed", "drop")
AFTER = ("500-after-create", "503-after-create", "malformed-after-create", "drop-after-create")
FAULTS = BEFORE + AFTER
OPERATIONS = ("create", "get", "cancel", "download")
MOCK_OPERATION = {
    "create": "create_task",
    "get": "get_task",
    "cancel": "cancel_task",
    "download": "download_video",
}


@dataclass(frozen=True)
class Outcome:
    """What one cell of the matrix must produce.

    Attributes:
        error: the exact error class raised, or None when the call succeeds.
        requests: requests of this operation the client sends (retries included).
        may_have_created: the error's ``may_have_created`` (and the "a task may
            exist" sentence in its message).
        tasks: (create) tasks the mock holds afterwards.
        body_kept: the error's ``.body`` is the raw (malformed) answer.
        status: the error's HTTP status, for APIError subclasses.
        why: the README sentence (or decision) this outcome follows from.
    """

    error: type[SoraVideoError] | None
    requests: int
    may_have_created: bool = False
    tasks: int | None = None
    body_kept: bool = False
    status: int | None = None
    why: str = ""


_CREATE_MAY_EXIST = "create: after a 5xx, a read timeout or a dropped connection: may_have_created"
_RETRIED = "status queries and downloads retry on connection errors, 408, 429 and 5xx"
_NOT_RETRIED = "a body the spec does not allow is a ProviderResponseError, raised at once"
_CANCEL_ONCE = "cancel: retried only after a 429 or a connection that failed before sending"

MATRIX: dict[tuple[str, str], Outcome] = {
    # -- create: never sent twice once it may have reached the server
    ("create", "500"): Outcome(ServerError, 1, True, 0, status=500, why=_CREATE_MAY_EXIST),
    ("create", "503"): Outcome(ServerError, 1, True, 0, status=503, why=_CREATE_MAY_EXIST),
    ("create", "429"): Outcome(None, 2, tasks=1, why="create is retried after a 429"),
    ("create", "slow"): Outcome(APITimeoutError, 1, True, 0, why=_CREATE_MAY_EXIST),
    # an unreadable 2xx answer proves nothing: the task most likely exists
    ("create", "malformed"): Outcome(ProviderResponseError, 1, True, 0, body_kept=True),
    ("create", "drop"): Outcome(APIConnectionError, 1, True, 0, why=_CREATE_MAY_EXIST),
    ("create", "500-after-create"): Outcome(ServerError, 1, True, 1, status=500),
    ("create", "503-after-create"): Outcome(ServerError, 1, True, 1, status=503),
    ("create", "malformed-after-create"): Outcome(
        ProviderResponseError, 1, True, 1, body_kept=True
    ),
    ("create", "drop-after-create"): Outcome(APIConnectionError, 1, True, 1),
    # -- get: free, retried on transient failures; a bad body is not retried
    **{("get", f): Outcome(None, 2, why=_RETRIED) for f in FAULTS if "malformed" not in f},
    ("get", "malformed"): Outcome(ProviderResponseError, 1, body_kept=True, why=_NOT_RETRIED),
    ("get", "malformed-after-create"): Outcome(ProviderResponseError, 1, body_kept=True),
    # -- download: retried like a status query; a non-video answer is not retried
    **{("download", f): Outcome(None, 2, why=_RETRIED) for f in FAULTS if "malformed" not in f},
    ("download", "malformed"): Outcome(ProviderResponseError, 1, body_kept=True, why=_NOT_RETRIED),
    ("download", "malformed-after-create"): Outcome(ProviderResponseError, 1, body_kept=True),
    # -- cancel (qingbo) changes state, so it follows the create rule: resent only when
    # the first attempt certainly did not reach the provider (a 429). Otherwise the
    # error is raised at once and the user checks with get() -- a resent cancel of a
    # task that was in fact cancelled would be refused ("only queued tasks").
    ("cancel", "500"): Outcome(ServerError, 1, status=500, why=_CANCEL_ONCE),
    ("cancel", "503"): Outcome(ServerError, 1, status=503, why=_CANCEL_ONCE),
    ("cancel", "429"): Outcome(None, 2, why="a 429 was certainly not acted on: resent"),
    ("cancel", "slow"): Outcome(APITimeoutError, 1, why=_CANCEL_ONCE),
    ("cancel", "drop"): Outcome(APIConnectionError, 1, why=_CANCEL_ONCE),
    ("cancel", "malformed"): Outcome(ProviderResponseError, 1, body_kept=True, why=_NOT_RETRIED),
    ("cancel", "500-after-create"): Outcome(ServerError, 1, status=500, why=_CANCEL_ONCE),
    ("cancel", "503-after-create"): Outcome(ServerError, 1, status=503, why=_CANCEL_ONCE),
    ("cancel", "drop-after-create"): Outcome(APIConnectionError, 1, why=_CANCEL_ONCE),
    ("cancel", "malformed-after-create"): Outcome(ProviderResponseError, 1, body_kept=True),
}


_KEYED = (
    "a create carrying an idempotency key (qingbo) whose answer was lost is re-sent with "
    "the same key: the provider returns the original task, so one task and its id"
)
KEYED_CREATE: dict[str, Outcome] = {f: Outcome(None, 2, tasks=1, why=_KEYED) for f in FAULTS}
"""The create row for providers whose spec documents an idempotency key."""


def expected_outcome(provider: str, operation: str, fault: str) -> Outcome:
    """The cell's outcome: :data:`MATRIX`, or :data:`KEYED_CREATE` for keyed creates."""
    if operation == "create" and soravideo.capabilities(provider).idempotency_key_ttl:
        return KEYED_CREATE[fault]
    return MATRIX[(operation, fault)]


def cells() -> Iterator[Any]:
    for provider in PROVIDERS:
        for operation in OPERATIONS:
            if operation == "cancel" and not soravideo.capabilities(provider).cancel:
                continue
            for fault in FAULTS:
                yield pytest.param(provider, operation, fault, id=f"{provider}-{operation}-{fault}")


def test_the_matrix_covers_every_fault_and_operation() -> None:
    assert {(op, f) for op in OPERATIONS for f in FAULTS} == set(MATRIX)
    ids = [p.id for p in cells()]
    assert len(ids) == len(set(ids)) == (3 * len(PROVIDERS) + 1) * len(FAULTS)


class Clock:
    """The mock's clock (Unix seconds), also the client's: sleeping advances it."""

    def __init__(self) -> None:
        self.now = T0
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds

    async def asleep(self, seconds: float) -> None:
        self.sleep(seconds)


class Recording(httpx.BaseTransport):
    """Records the path of every request the client sends, then passes it on."""

    def __init__(self, inner: httpx.BaseTransport) -> None:
        self.inner = inner
        self.paths: list[str] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.paths.append(request.url.path)
        return self.inner.handle_request(request)

    def close(self) -> None:
        self.inner.close()


class AsyncRecording(httpx.AsyncBaseTransport):
    """The async twin of :class:`Recording`."""

    def __init__(self, inner: httpx.AsyncBaseTransport) -> None:
        self.inner = inner
        self.paths: list[str] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.paths.append(request.url.path)
        return await self.inner.handle_async_request(request)

    async def aclose(self) -> None:
        await self.inner.aclose()


def mock_app(provider: str, clock: Clock) -> Any:
    return create_app(
        provider,
        api_key=key_for(provider),
        clock=clock,
        time_scale=1.0,
        rate_limit=False,
        credits=1e6,
        deliver_callbacks=False,
    )


def fault_value(fault: str) -> str:
    return SLOW_FAULT if fault == "slow" else fault


# A qingbo task is cancellable only while queued: STALL_QUEUED keeps it there.
PROMPT = {"cancel": "A cat STALL_QUEUED"}
DONE_AFTER = 10_000.0
"""Provider seconds after which every mock task (time_scale 1) is completed."""


@dataclass
class CellResult:
    """What a cell produced: the task or the error, and the requests sent."""

    value: Task | Path | None
    error: SoraVideoError | None
    paths: list[str]
    sleeps: list[float]
    target: str | None
    """The created task's id (for get/cancel/download cells)."""


def run_sync_cell(
    provider: str, operation: str, fault: str, tmp_path: Path
) -> tuple[CellResult, MockState]:
    clock = Clock()
    app = mock_app(provider, clock)
    state: MockState = app.state.mock
    http = Recording(transport(app))
    timeout = SLOW_TIMEOUT if fault == "slow" else 10.0
    client = VideoClient(provider, api_key=key_for(provider), transport=http, timeout=timeout)
    client._sleep = clock.sleep
    client._clock = clock
    try:
        target: Task | None = None
        if operation != "create":
            target = client.create(VideoRequest(prompt=PROMPT.get(operation, "A cat")))
            if operation == "download":
                clock.now += DONE_AFTER
                target = client.get(target.id)
                assert target.status is TaskStatus.COMPLETED
        state.inject(MOCK_OPERATION[operation], fault_value(fault))
        mark, slept = len(http.paths), len(clock.sleeps)
        value: Task | Path | None = None
        error: SoraVideoError | None = None
        try:
            if operation == "create":
                value = client.create(VideoRequest(prompt="A cat"))
            elif operation == "get":
                assert target is not None
                value = client.get(target.id)
            elif operation == "cancel":
                assert target is not None
                value = client.cancel(target.id)
            else:
                assert target is not None
                value = client.download(target, tmp_path / "video.mp4")
        except SoraVideoError as exc:
            error = exc
        result = CellResult(
            value,
            error,
            http.paths[mark:],
            clock.sleeps[slept:],
            target.id if target is not None else None,
        )
        return result, state
    finally:
        client.close()
        http.close()


def check_cell(
    provider: str, operation: str, fault: str, result: CellResult, state: MockState, tmp: Path
) -> None:
    expected = expected_outcome(provider, operation, fault)
    label = f"{provider} {operation} + {fault}"
    error = result.error
    if expected.error is None:
        assert error is None, f"{label}: unexpected {error!r}"
    else:
        assert type(error) is expected.error, f"{label}: {error!r}"
    assert len(result.paths) == expected.requests, f"{label}: sent {result.paths}"
    assert len(set(result.paths)) <= 1, f"{label}: only the operation itself is sent"
    # one sleep per retry, none otherwise
    assert len(result.sleeps) == expected.requests - 1, f"{label}: slept {result.sleeps}"
    if error is not None:
        may = getattr(error, "may_have_created", False)
        assert may is expected.may_have_created, f"{label}: may_have_created={may}"
        assert (MAY_EXIST in str(error)) is expected.may_have_created, f"{label}: {error}"
        if expected.status is not None:
            assert isinstance(error, APIError)
            assert error.status_code == expected.status, label
        if expected.body_kept:
            assert isinstance(error, ProviderResponseError)
            assert error.body.startswith(MALFORMED_PREFIX), f"{label}: body {error.body[:40]!r}"
    if operation == "create":
        # the money rule: nothing paid for is silently lost
        assert expected.tasks is not None
        assert len(state.tasks) == expected.tasks, f"{label}: mock holds {list(state.tasks)}"
        if isinstance(result.value, Task):
            assert list(state.tasks) == [result.value.id], label
        elif state.tasks:
            assert getattr(error, "may_have_created", False), f"{label}: task lost silently"
    elif operation == "get":
        if error is None:
            assert isinstance(result.value, Task)
            assert result.value.id == result.target, label
    elif operation == "cancel":
        assert result.target is not None
        # whatever the answer said, a cancel that reached the operation took effect
        phase = state.snapshot(result.target).phase
        took_effect = error is None or "after-create" in fault
        assert phase == ("cancelled" if took_effect else "queued"), f"{label}: {phase}"
        if error is None:
            assert isinstance(result.value, Task)
            assert result.value.status is TaskStatus.CANCELLED, label
    else:
        target_file = tmp / "video.mp4"
        if error is None:
            assert result.value == target_file
            assert target_file.read_bytes() == video_bytes(), label
        else:
            assert not target_file.exists(), f"{label}: a failed download left a file"
        assert not [p for p in tmp.iterdir() if p.name.endswith(".part")], label
    if operation != "create":
        assert len(state.tasks) == 1, f"{label}: only the setup's create made a task"


@pytest.mark.parametrize(("provider", "operation", "fault"), list(cells()))
def test_fault_matrix(provider: str, operation: str, fault: str, tmp_path: Path) -> None:
    result, state = run_sync_cell(provider, operation, fault, tmp_path)
    check_cell(provider, operation, fault, result, state, tmp_path)


# ----------------------------------------------------------------------- async parity
ASYNC_PROVIDER = "qingbo"
"""The async sample: qingbo has every operation (create, get, cancel, download)."""


async def run_async_cell(
    provider: str, operation: str, fault: str, tmp_path: Path
) -> tuple[CellResult, MockState]:
    clock = Clock()
    app = mock_app(provider, clock)
    state: MockState = app.state.mock
    http = AsyncRecording(async_transport(app))
    timeout = SLOW_TIMEOUT if fault == "slow" else 10.0
    client = AsyncVideoClient(provider, api_key=key_for(provider), transport=http, timeout=timeout)
    client._sleep = clock.asleep
    client._clock = clock
    async with client:
        target: Task | None = None
        if operation != "create":
            target = await client.create(VideoRequest(prompt=PROMPT.get(operation, "A cat")))
            if operation == "download":
                clock.now += DONE_AFTER
                target = await client.get(target.id)
        state.inject(MOCK_OPERATION[operation], fault_value(fault))
        mark, slept = len(http.paths), len(clock.sleeps)
        value: Task | Path | None = None
        error: SoraVideoError | None = None
        try:
            if operation == "create":
                value = await client.create(VideoRequest(prompt="A cat"))
            elif operation == "get":
                assert target is not None
                value = await client.get(target.id)
            elif operation == "cancel":
                assert target is not None
                value = await client.cancel(target.id)
            else:
                assert target is not None
                value = await client.download(target, tmp_path / "video.mp4")
        except SoraVideoError as exc:
            error = exc
    await state.aclose()
    result = CellResult(
        value,
        error,
        http.paths[mark:],
        clock.sleeps[slept:],
        target.id if target is not None else None,
    )
    return result, state


@pytest.mark.parametrize("operation", OPERATIONS)
@pytest.mark.parametrize("fault", FAULTS)
def test_async_fault_matrix_matches_the_sync_one(
    operation: str, fault: str, tmp_path: Path
) -> None:
    async def main() -> tuple[CellResult, MockState]:
        return await run_async_cell(ASYNC_PROVIDER, operation, fault, tmp_path)

    result, state = anyio.run(main)
    check_cell(ASYNC_PROVIDER, operation, fault, result, state, tmp_path)


# ------------------------------------------------------------- errors inside a 2xx envelope
ENVELOPE_5XX = {
    "apixo": {"code": 500, "message": "Internal server error"},
    "freesoragenerator": {"code": 500, "message": "Internal server error", "data": None},
}
"""Providers that send errors inside an HTTP 200 envelope, and such a 5xx error."""


@pytest.mark.parametrize("provider", sorted(ENVELOPE_5XX))
def test_a_5xx_inside_a_200_envelope_follows_the_5xx_policy(provider: str) -> None:
    sent: list[str] = []

    def answer(request: httpx.Request) -> httpx.Response:
        sent.append(request.method)
        return httpx.Response(200, json=ENVELOPE_5XX[provider])

    client = VideoClient(provider, api_key=key_for(provider), transport=httpx.MockTransport(answer))
    client._sleep = lambda _s: None
    with client:
        with pytest.raises(ServerError) as created:
            client.create(VideoRequest(prompt="A cat"))
        assert sent == ["POST"]  # never sent twice
        assert created.value.may_have_created
        assert MAY_EXIST in str(created.value)
        sent.clear()
        with pytest.raises(ServerError) as got:
            client.get("task-1")
        assert len(sent) == 3  # a status query is retried (max_retries=2)
        assert not got.value.may_have_created


# ============================================================================ fuzzing
_FUZZ = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow], database=None
)

_LEAF = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()
    | st.text(max_size=10)
    | st.sampled_from(HOSTILE_LEAVES)
)
JSON_VALUES = st.recursive(
    _LEAF,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=10,
)
NASTY_BODIES = [
    b"",
    b"null",
    b"[]",
    b"NaN",
    b"-Infinity",
    b"1e999999",
    b"9" * 5000,  # above int's max str digits
    b"\xff\xfe\x00{",
    b"\xef\xbb\xbf{}",
    b'"\\ud800"',
    b"[" * 100_000,  # deeper than the JSON decoder's recursion limit
    b'{"data": ' * 900 + b"1" + b"}" * 900,  # decodes, then trips recursive schema checks
    b'{"data": {"taskId": "t", "state": "success", "resultJson": "'
    + b"[" * 990
    + b"]" * 990
    + b'"}}',
    b'{"id": "task-unified-1", "status": "completed", "results": ' + b"[" * 990 + b"]" * 990 + b"}",
]


def _envelopes(provider: str) -> list[Any]:
    """Every documented status/callback/create body of ``provider`` (from the fixtures)."""
    root = Path(__file__).resolve().parents[1] / "contracts" / "fixtures" / provider
    found: list[Any] = []
    for path in sorted(root.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        for part in (data.get("response", {}), data.get("callback", {})):
            body = part.get("body") if isinstance(part, dict) else None
            if isinstance(body, dict):
                found.append(body)
    return found


def _shaped(node: Any) -> st.SearchStrategy[Any]:
    """JSON shaped like ``node`` (keys may go missing) with random leaves."""
    if isinstance(node, dict):
        return st.fixed_dictionaries(
            {}, optional={k: st.one_of(_shaped(v), JSON_VALUES) for k, v in node.items()}
        )
    if isinstance(node, list):
        return st.lists(st.one_of(*[_shaped(v) for v in node]) if node else JSON_VALUES, max_size=3)
    return st.one_of(st.just(node), _LEAF)


def only_typed_errors(provider: str, body: bytes | str) -> None:
    """``parse_task`` and ``parse_callback`` return a Task or raise a SoraVideoError."""
    raw = body.encode("utf-8", "surrogatepass") if isinstance(body, str) else body
    parsers: list[Callable[[], Task]] = [
        lambda: soravideo.parse_task(provider, body),
        lambda: soravideo.parse_callback(provider, raw),  # typed for bytes only
    ]
    for parse in parsers:
        error: SoraVideoError | None = None
        try:
            task = parse()
        except SoraVideoError as exc:
            error = exc
        if error is not None:
            assert str(error)
            if isinstance(error, ProviderResponseError):
                assert error.body == raw  # the input is kept as received
            continue
        assert task.provider == provider
        assert isinstance(task.status, TaskStatus)
        assert task.progress is None or 0 <= task.progress <= 100
        sane_numbers(task)


def test_envelope_templates_come_from_the_fixtures() -> None:
    for provider in PROVIDERS:
        assert len(_envelopes(provider)) >= 3, provider


@pytest.mark.parametrize("provider", PROVIDERS)
@pytest.mark.parametrize("body", NASTY_BODIES, ids=range(len(NASTY_BODIES)))
def test_nasty_bodies_raise_only_typed_errors(provider: str, body: bytes) -> None:
    only_typed_errors(provider, body)


@pytest.mark.parametrize("provider", PROVIDERS)
@_FUZZ
@given(body=st.binary(max_size=200))
def test_arbitrary_bytes_raise_only_typed_errors(provider: str, body: bytes) -> None:
    only_typed_errors(provider, body)


@pytest.mark.parametrize("provider", PROVIDERS)
@_FUZZ
@given(body=st.text(st.characters(codec=None), max_size=200))
def test_arbitrary_text_raises_only_typed_errors(provider: str, body: str) -> None:
    only_typed_errors(provider, body)


@pytest.mark.parametrize("provider", PROVIDERS)
@_FUZZ
@given(data=st.data())
def test_arbitrary_json_text_raises_only_typed_errors(provider: str, data: st.DataObject) -> None:
    value = data.draw(JSON_VALUES)
    only_typed_errors(provider, json.dumps(value, allow_nan=True).encode())


@pytest.mark.parametrize("provider", PROVIDERS)
@_FUZZ
@given(data=st.data())
def test_envelope_shaped_json_text_raises_only_typed_errors(
    provider: str, data: st.DataObject
) -> None:
    template = data.draw(st.sampled_from(_envelopes(provider)))
    body = json.dumps(data.draw(_shaped(template)), allow_nan=True).encode()
    only_typed_errors(provider, body)


# ----------------------------------------------------------------------- JOBS.jsonl
def _batch() -> Any:
    return pytest.importorskip("soravideo.batch", reason="soravideo.batch is not written yet")


_JOB_FIELDS = ["id", "model", "duration", "aspect_ratio", "quality", "image", "extra"]
_JOB_LINES = st.one_of(
    st.text(max_size=80),
    st.binary(max_size=80).map(lambda b: b.decode("utf-8", "replace")),
    st.builds(json.dumps, JSON_VALUES),
    st.builds(
        json.dumps,
        st.fixed_dictionaries(
            {"prompt": st.text(string.ascii_letters + " ", min_size=1, max_size=30)},
            optional={f: JSON_VALUES for f in _JOB_FIELDS}
            | {"duration": st.sampled_from([4, 8, 10, 12, 15, "10", -1, 1.5])},
        ),
    ),
    st.sampled_from(["", "   ", "# a comment", "#", '{"prompt": "A cat"}', '{"id": "x"}']),
)


def _significant(number: int, line: str) -> bool:
    """Whether the reader must account for line ``number`` (blank and ``#`` lines are not)."""
    if number == 1:
        line = line.removeprefix("\ufeff")  # a UTF-8 byte order mark
    stripped = line.strip()
    return bool(stripped) and not stripped.startswith("#")


@_FUZZ
@given(lines=st.lists(_JOB_LINES, max_size=12))
@example(lines=['{"prompt": "A cat", "id": "a"}', '{"prompt": "A dog", "id": "a"}'])
@example(lines=["\ufeff" + '{"prompt": "A cat"}', "\x00", "[" * 5000, '{"prompt": "x"} trailing'])
@example(lines=["\ufeff# a comment", "\ufeff# not a comment after line 1", '{"prompt": NaN}'])
def test_read_jobs_accounts_for_every_line(lines: list[str]) -> None:
    batch = _batch()
    # Lines must not contain line breaks of their own: the file is split on them.
    lines = [" ".join(line.splitlines()) for line in lines]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "JOBS.jsonl"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8", errors="surrogateescape")
        jobs, bad = batch.read_jobs(path)
    expected = [n for n, line in enumerate(lines, 1) if _significant(n, line)]
    seen = sorted([j.line for j in jobs] + [b.line for b in bad])
    assert seen == expected  # nothing silently dropped, nothing invented, right numbers
    for job in jobs:
        assert isinstance(job.request, VideoRequest)
        assert job.key
    keys = [j.key for j in jobs]
    assert len(keys) == len(set(keys)), "duplicate ids are bad lines"
    for line in bad:
        assert isinstance(line.error, str)
        assert line.error


def test_read_jobs_refuses_an_unreadable_file_with_oserror(tmp_path: Path) -> None:
    batch = _batch()
    with pytest.raises(OSError):  # noqa: PT011 - the documented error is any OSError
        batch.read_jobs(tmp_path / "missing.jsonl")
    with pytest.raises(OSError):  # noqa: PT011
        batch.read_jobs(tmp_path)  # a directory


def test_read_jobs_survives_undecodable_bytes(tmp_path: Path) -> None:
    batch = _batch()
    path = tmp_path / "JOBS.jsonl"
    path.write_bytes(b'{"prompt": "A cat"}\n\xff\xfe\x80 not utf-8\n{"prompt": "A dog"}\n')
    jobs, bad = batch.read_jobs(path)
    assert sorted([j.line for j in jobs] + [b.line for b in bad]) == [1, 2, 3]
    assert [b.line for b in bad] == [2]
