"""The hostile-provider suite: every hostile shape, every provider, sync and async.

Each case drives ``generate()`` (create + wait) and then ``download()`` over
:class:`soravideo.mock.hostile.HostileTransport`, which twists the mock
provider's answers into one shape of :data:`soravideo.mock.hostile.SHAPES`.
Asserted for every case:

- only a :class:`~soravideo.SoraVideoError` escapes;
- a create is sent at most once;
- no paid id is lost: when the mock holds a task, either a task came back or
  the error carries its ``task_id`` (naming it in the message), or says a task
  may exist (``may_have_created``, for an unreadable create answer);
- no request reaches a non-public address (the transport records any);
- the API key is in no message or repr, not even 8 characters of it;
- every video shape ends in an error, never a saved file.

``test_the_reliability_table`` prints the table for the closing note
(``pytest tests/test_hostile.py -k table -s``).
"""

from __future__ import annotations

import collections
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import anyio
import pytest
from test_adapters import sane_numbers

from soravideo import (
    PROVIDERS,
    AsyncVideoClient,
    SoraVideoError,
    VideoClient,
    VideoRequest,
    capabilities,
    parse_callback,
)
from soravideo.errors import show_id
from soravideo.mock import async_transport, create_app, transport
from soravideo.mock.hostile import (
    HOSTILE_VALUES,
    ID_SHAPES,
    SHAPES,
    VIDEO_SHAPES,
    AsyncHostileTransport,
    HostileTransport,
)

T0 = 1_790_000_000.0
MAX_BYTES = 4 * 1024 * 1024
"""The suite's download cap (the endless body hits it fast); the default is 2 GiB."""
WAIT_TIMEOUT = 5_000.0
ASYNC_PROVIDERS = ("evolink", "firebirdgen")


def key_for(provider: str) -> str:
    return f"sk-hostile-{provider}-Zq81xW5ve0"


class Clock:
    """The mock's, the client's and the hostile host's clock: sleeping advances it."""

    def __init__(self) -> None:
        self.now = T0

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.now += seconds

    async def asleep(self, seconds: float) -> None:
        self.now += seconds


@dataclass
class Outcome:
    provider: str
    shape: str
    mode: str
    outcome: str
    """``downloaded`` or the error class's name (``ESCAPED <type>`` for a non-soravideo error)."""
    error: BaseException | None
    creates: int
    held: list[str]
    known_ids: list[str]
    """Task ids the caller has (returned, or on the error), mapped to the mock's ids."""
    may_have_created: bool
    violations: list[str]


def _mock(provider: str, clock: Clock) -> Any:
    return create_app(
        provider,
        api_key=key_for(provider),
        clock=clock,
        time_scale=100.0,
        rate_limit=False,
        credits=1e6,
        deliver_callbacks=False,
    )


def _finish(
    provider: str,
    shape: str,
    mode: str,
    hostile: Any,
    state: Any,
    task: Any,
    error: BaseException | None,
) -> Outcome:
    known = []
    if task is not None:
        known.append(task.id)
    if isinstance(error, SoraVideoError) and error.task_id is not None:
        known.append(error.task_id)
    real = [hostile.fake_to_real.get(i, i) for i in known]
    if error is None:
        outcome = "downloaded"
    elif isinstance(error, SoraVideoError):
        outcome = type(error).__name__
    else:
        outcome = f"ESCAPED {type(error).__name__}"
    return Outcome(
        provider,
        shape,
        mode,
        outcome,
        error,
        hostile.creates,
        list(state.tasks),
        real,
        bool(getattr(error, "may_have_created", False)),
        list(hostile.violations),
    )


def run_sync(provider: str, shape: str, tmp_path: Path) -> Outcome:
    clock = Clock()
    app = _mock(provider, clock)
    state = app.state.mock
    hostile = HostileTransport(
        transport(app), shape, state=state, api_key=key_for(provider), clock=clock
    )
    client = VideoClient(provider, api_key=key_for(provider), transport=hostile, max_retries=1)
    client._sleep = clock.sleep
    client._clock = clock
    task = None
    error: BaseException | None = None
    try:
        task = client.generate(VideoRequest(prompt="A cat"), timeout=WAIT_TIMEOUT)
        client.download(task, tmp_path, max_bytes=MAX_BYTES)
    except Exception as exc:  # the suite records what escapes
        error = exc
    finally:
        client.close()
    return _finish(provider, shape, "sync", hostile.hostile, state, task, error)


def run_async(provider: str, shape: str, tmp_path: Path) -> Outcome:
    clock = Clock()
    app = _mock(provider, clock)
    state = app.state.mock
    hostile = AsyncHostileTransport(
        async_transport(app), shape, state=state, api_key=key_for(provider), clock=clock
    )
    result: dict[str, Any] = {"task": None, "error": None}

    async def main() -> None:
        client = AsyncVideoClient(
            provider, api_key=key_for(provider), transport=hostile, max_retries=1
        )
        client._sleep = clock.asleep
        client._clock = clock
        try:
            result["task"] = await client.generate(
                VideoRequest(prompt="A cat"), timeout=WAIT_TIMEOUT
            )
            await client.download(result["task"], tmp_path, max_bytes=MAX_BYTES)
        except Exception as exc:  # the suite records what escapes
            result["error"] = exc
        finally:
            await client.aclose()
            await state.aclose()

    anyio.run(main)
    return _finish(
        provider, shape, "async", hostile.hostile, state, result["task"], result["error"]
    )


def check(outcome: Outcome) -> None:
    error = outcome.error
    assert not outcome.outcome.startswith("ESCAPED"), repr(error)
    if capabilities(outcome.provider).idempotency_key_ttl is None:
        assert outcome.creates <= 1, "a create was sent twice"
        assert len(outcome.held) == outcome.creates
    else:  # a keyed create (qingbo) is re-sent with its key: still at most one task
        assert len(outcome.held) <= 1, "a second task was created"
    assert outcome.violations == [], "a request reached a non-public address"
    for held in outcome.held:
        assert held in outcome.known_ids or outcome.may_have_created, (
            f"paid task {held} lost: {error!r}"
        )
    if isinstance(error, SoraVideoError) and error.task_id is not None:
        assert show_id(error.task_id)[:100] in str(error)
    if outcome.shape in VIDEO_SHAPES:
        assert error is not None, "a hostile video was saved"
    key = key_for(outcome.provider)
    texts = [str(error), repr(error)] if error is not None else []
    for text in texts:
        assert key not in text
        assert not leaked_runs(key, text), text[:300]


def leaked_runs(key: str, text: str) -> list[str]:
    """8-character runs of ``key`` in ``text`` (a provider's name in a test key is public)."""
    runs = {key[i : i + 8] for i in range(len(key) - 7)}
    return [r for r in runs if r in text and not any(r in name for name in PROVIDERS)]


def cases() -> list[Any]:
    params = [
        pytest.param(provider, shape, "sync", id=f"sync-{provider}-{shape}")
        for provider in PROVIDERS
        for shape in SHAPES
    ]
    params += [
        pytest.param(provider, shape, "async", id=f"async-{provider}-{shape}")
        for provider in ASYNC_PROVIDERS
        for shape in SHAPES
    ]
    return params


def run(provider: str, shape: str, mode: str, tmp_path: Path) -> Outcome:
    return (run_sync if mode == "sync" else run_async)(provider, shape, tmp_path)


@pytest.mark.parametrize(("provider", "shape", "mode"), cases())
def test_hostile_case(provider: str, shape: str, mode: str, tmp_path: Path) -> None:
    outcome = run(provider, shape, mode, tmp_path)
    check(outcome)
    assert not any(p.suffix == ".part" for p in tmp_path.iterdir()), "a partial file was left"


@pytest.mark.parametrize("shape", ID_SHAPES)
def test_hostile_ids_are_kept_whole(shape: str, tmp_path: Path) -> None:
    outcome = run_sync("evolink", shape, tmp_path)
    check(outcome)
    error = outcome.error
    assert outcome.held, "the create reached the mock"
    if error is not None:
        assert isinstance(error, SoraVideoError)
        assert error.task_id is not None
        assert error.task_id.startswith(outcome.held[0])  # the hostile id, whole
        assert len(error.task_id) > len(outcome.held[0])


def test_the_reliability_table(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Every case once more, tallied: cases, outcomes, creates sent, tasks held."""
    outcomes = []
    for param in cases():
        provider, shape, mode = param.values
        sub = tmp_path / f"{mode}-{provider}-{shape}"
        sub.mkdir()
        outcomes.append(run(provider, shape, mode, sub))
    for outcome in outcomes:
        check(outcome)
    by_shape: dict[str, collections.Counter[str]] = collections.defaultdict(collections.Counter)
    for o in outcomes:
        by_shape[o.shape][o.outcome] += 1
    creates = sum(o.creates for o in outcomes)
    held = sum(len(o.held) for o in outcomes)
    kept = sum(1 for o in outcomes for h in o.held if h in o.known_ids)
    flagged = sum(
        1 for o in outcomes for h in o.held if h not in o.known_ids and o.may_have_created
    )
    with capsys.disabled():
        print(f"\nhostile suite: {len(outcomes)} cases, {creates} creates sent, {held} tasks held,")
        print(f"  {kept} ids kept, {flagged} flagged may_have_created, 0 lost, 0 escaped")
        for shape in SHAPES:
            counts = ", ".join(f"{k} {v}" for k, v in sorted(by_shape[shape].items()))
            print(f"  {shape:26} {counts}")
    assert held == len(outcomes)  # one task per case: none lost, none paid twice
    # only keyed creates (qingbo's Idempotency-Key) are ever re-sent
    resent = [o for o in outcomes if o.creates > 1]
    assert all(capabilities(o.provider).idempotency_key_ttl for o in resent)
    assert kept + flagged == held


def _leaf_paths(node: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    if isinstance(node, dict):
        return [p for k, v in node.items() for p in _leaf_paths(v, (*path, k))]
    if isinstance(node, list):
        return [p for i, v in enumerate(node) for p in _leaf_paths(v, (*path, i))]
    return [path]


def _replaced(node: Any, path: tuple[Any, ...], value: Any) -> Any:
    if not path:
        return value
    head, *rest = path
    copy = dict(node) if isinstance(node, dict) else list(node)
    copy[head] = _replaced(node[head], tuple(rest), value)
    return copy


@pytest.mark.parametrize("provider", [p for p in PROVIDERS if p != "freesoragenerator"])
def test_parse_callback_survives_every_hostile_value_in_every_field(provider: str) -> None:
    """Each leaf of the mock's real callback payload, replaced by each hostile value."""
    clock = Clock()
    app = _mock(provider, clock)
    state = app.state.mock
    tried = 0
    with VideoClient(provider, api_key=key_for(provider), transport=transport(app)) as client:
        task = client.create(VideoRequest(prompt="A cat"))
        clock.now += 10_000
        payload = state.adapter.callback_payload(state.tasks[task.id], state.snapshot(task.id))
        for path in _leaf_paths(payload):
            for value in HOSTILE_VALUES:
                body = json.dumps(_replaced(payload, path, value)).encode()
                tried += 1
                try:
                    parsed = parse_callback(provider, body)
                except SoraVideoError:
                    continue
                sane_numbers(parsed)
    assert tried >= 5 * len(HOSTILE_VALUES)
