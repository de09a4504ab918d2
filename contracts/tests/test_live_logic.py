"""The logic of live mode (``contracts/live.py``), without the network.

Every check runs against the in-process mock servers (``soravideo.mock``) or an
``httpx.MockTransport`` injected in place of the real network: the spend counter,
redaction when recording, difference reporting, the key lookup error. Always
collected (unlike ``test_live.py``); nothing here leaves the process.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest

from contracts.codegen import PROVIDERS
from contracts.fixtures import PLACEHOLDER_KEY, check_fixture, load_fixture
from contracts.live import (
    CHEAPEST_CREATE,
    WRONG_KEY,
    Difference,
    LiveChecker,
    LiveLog,
    LiveUsageError,
    MissingAPIKeyError,
    SpendBudget,
    SpendLimitError,
    api_key_variable,
    api_keys,
    invalid_create_body,
    parse_providers,
    run_checks,
    task_id_for,
)
from soravideo import _spec
from soravideo.mock import create_app, transport

KEY = "sk-live-logic-secret-0123456789abcdef"


class Counting(httpx.BaseTransport):
    """Counts requests by ``METHOD path`` and passes them on."""

    def __init__(self, inner: httpx.BaseTransport) -> None:
        self.inner = inner
        self.seen: list[str] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.seen.append(f"{request.method} {request.url.path}")
        return self.inner.handle_request(request)

    def close(self) -> None:
        self.inner.close()


@pytest.fixture
def mock_transport() -> Iterator[Callable[..., Counting]]:
    """Factory of counting transports over an in-process mock app of a provider."""
    made: list[Counting] = []

    def make(provider: str, **options: object) -> Counting:
        counting = Counting(transport(create_app(provider, api_key=KEY, **options)))  # type: ignore[arg-type]
        made.append(counting)
        return counting

    yield make
    for counting in made:
        counting.close()


def _fixed_answer(status: int, body: object) -> httpx.MockTransport:
    return httpx.MockTransport(lambda request: httpx.Response(status, json=body))


# --------------------------------------------------------------------- settings


def test_missing_key_is_a_usage_error_naming_the_variable() -> None:
    with pytest.raises(MissingAPIKeyError, match="EVOLINK_API_KEY") as info:
        api_keys(["evolink"], {})
    assert isinstance(info.value, LiveUsageError)
    with pytest.raises(MissingAPIKeyError, match="QINGBO_API_KEY and APIXO_API_KEY"):
        api_keys(["qingbo", "apixo"], {"QINGBO_API_KEY": " "})
    with pytest.raises(MissingAPIKeyError, match="APIXO_API_KEY"):
        LiveChecker.from_environment("apixo", {})
    assert api_keys(["evolink"], {"EVOLINK_API_KEY": KEY}) == {"evolink": KEY}
    assert api_key_variable("freesoragenerator") == "FREESORAGENERATOR_API_KEY"


def test_key_lookup_error_never_shows_other_keys() -> None:
    with pytest.raises(MissingAPIKeyError) as info:
        api_keys(["evolink", "qingbo"], {"EVOLINK_API_KEY": KEY})
    assert KEY not in str(info.value)
    assert "QINGBO_API_KEY" in str(info.value)


def test_parse_providers() -> None:
    assert parse_providers("evolink, qingbo,evolink") == ("evolink", "qingbo")
    assert parse_providers("all") == PROVIDERS
    assert parse_providers(["apixo", "evolink"]) == ("apixo", "evolink")
    with pytest.raises(LiveUsageError, match="unknown provider openai"):
        parse_providers("evolink,openai")
    with pytest.raises(LiveUsageError):
        parse_providers("")


def test_task_id_for() -> None:
    assert task_id_for("evolink", None) is None
    assert task_id_for("evolink", "task-unified-1") == "task-unified-1"
    assert task_id_for("evolink", "evolink:task-unified-1") == "task-unified-1"
    assert task_id_for("qingbo", "evolink:task-unified-1") is None


def test_from_environment_reads_base_url() -> None:
    env = {"EVOLINK_API_KEY": KEY, "EVOLINK_BASE_URL": "http://127.0.0.1:9/"}
    with LiveChecker.from_environment("evolink", env, transport=_fixed_answer(200, {})) as c:
        assert c.base_url == "http://127.0.0.1:9"


def test_default_transport_is_the_network_and_repr_hides_the_key() -> None:
    checker = LiveChecker("evolink", KEY)
    try:
        assert isinstance(checker._transport, httpx.HTTPTransport)
        assert checker.base_url == "https://api.evolink.ai"
        assert KEY not in repr(checker)
    finally:
        checker.close()


# ----------------------------------------------------------------- request bodies


@pytest.mark.parametrize("provider", PROVIDERS)
def test_cheapest_body_is_valid_and_invalid_body_is_not(provider: str) -> None:
    pointer = "/components/schemas/CreateTaskRequest"
    assert _spec.errors(provider, pointer, CHEAPEST_CREATE[provider]) == []
    invalid = invalid_create_body(provider)
    assert _spec.errors(provider, pointer, invalid), "the spec must reject the invalid body"
    assert "prompt" not in json.dumps(invalid)


# ------------------------------------------------------------------ spend counter


def test_spend_budget_refuses_the_n_plus_first() -> None:
    budget = SpendBudget(2)
    budget.take("evolink")
    budget.take("qingbo")
    assert budget.remaining == 0
    with pytest.raises(SpendLimitError, match="--allow-spend 2"):
        budget.take("evolink")
    assert budget.used == 2
    with pytest.raises(SpendLimitError):
        SpendBudget(0).take("evolink")


def test_create_beyond_budget_sends_nothing(mock_transport: Callable[..., Counting]) -> None:
    counting = mock_transport("evolink", time_scale=1000.0)
    budget = SpendBudget(1)
    with LiveChecker("evolink", KEY, transport=counting, budget=budget) as checker:
        result = checker.create_cheapest()
        assert result.ok, result.explain()
        assert [t.task_id for t in result.created] == [result.fixtures[0].response.body["id"]]
        before = list(counting.seen)
        with pytest.raises(SpendLimitError):
            checker.create_cheapest()
    assert counting.seen == before
    assert counting.seen.count("POST /v1/videos/generations") == 1


def test_budget_is_shared_between_providers(mock_transport: Callable[..., Counting]) -> None:
    budget = SpendBudget(1)
    with LiveChecker("qingbo", KEY, transport=mock_transport("qingbo"), budget=budget) as one:
        assert one.create_cheapest().ok
    evolink = mock_transport("evolink")
    with (
        LiveChecker("evolink", KEY, transport=evolink, budget=budget) as two,
        pytest.raises(SpendLimitError),
    ):
        two.create_cheapest()
    assert evolink.seen == []


def test_no_spend_without_budget(mock_transport: Callable[..., Counting]) -> None:
    counting = mock_transport("apixo")
    with LiveChecker("apixo", KEY, transport=counting) as checker:
        results = run_checks(checker, spend=True)
    assert all(r.ok for r in results), [r.explain() for r in results]
    # the only create sent is the invalid one, which the provider refuses
    assert counting.seen.count("POST /api/v1/generateTask/sora-2") == 1
    assert [c for r in results for c in r.created] == []


# ----------------------------------------------------- every check against the mocks


@pytest.mark.parametrize("provider", PROVIDERS)
def test_all_checks_pass_against_the_mock(
    provider: str, mock_transport: Callable[..., Counting]
) -> None:
    counting = mock_transport(provider, time_scale=1000.0)
    with LiveChecker(provider, KEY, transport=counting, budget=SpendBudget(1)) as checker:
        results = run_checks(checker, spend=True)
        created = [t.task_id for r in results for t in r.created]
        assert len(created) == 1
        assert created[0]
        results.append(checker.check_task(created[0]))
    problems = [r.explain() for r in results if not r.ok]
    assert not problems, "\n".join(problems)
    statuses = {(f.operation, f.response.status_code) for r in results for f in r.fixtures}
    assert ("get_task", 401) in statuses
    assert any(op == "create_task" and 400 <= code < 500 for op, code in statuses)


def test_error_envelope_with_http_200_counts_as_rejection(
    mock_transport: Callable[..., Counting],
) -> None:
    counting = mock_transport("freesoragenerator", errors_as_http_200=True)
    with LiveChecker("freesoragenerator", KEY, transport=counting) as checker:
        auth = checker.check_auth_rejection()
        invalid = checker.check_invalid_request()
    assert auth.ok, auth.explain()
    assert invalid.ok, invalid.explain()
    assert invalid.fixtures[0].response.status_code == 200
    assert invalid.created == []


# ------------------------------------------------------------------- recording


def test_record_redacts_keys(tmp_path: Path, mock_transport: Callable[..., Counting]) -> None:
    counting = mock_transport("evolink", time_scale=1000.0)
    with LiveChecker(
        "evolink",
        KEY,
        transport=counting,
        budget=SpendBudget(1),
        record=True,
        fixtures_root=tmp_path,
    ) as checker:
        results = run_checks(checker, spend=True)
    saved = [p for r in results for p in r.saved]
    assert {p.name.split("-live-")[1] for p in saved} == {
        "wrong-key.json",
        "missing-prompt.json",
        "cheapest.json",
        "after-create.json",
    }
    for path in saved:
        text = path.read_text(encoding="utf-8")
        assert KEY not in text
        assert WRONG_KEY not in text
        fx = load_fixture(path)
        assert fx.recorded == "live"
        assert fx.request.headers["Authorization"] == f"Bearer {PLACEHOLDER_KEY}"
        assert check_fixture(fx) == [], path.name
    invalid = load_fixture(tmp_path / "evolink" / "create_task-400-live-missing-prompt.json")
    assert invalid.request_valid is False


def test_key_echoed_by_the_provider_is_redacted(tmp_path: Path) -> None:
    body = {"error": {"code": 401, "message": f"bad key {WRONG_KEY}", "type": "auth"}}
    with LiveChecker(
        "evolink", KEY, transport=_fixed_answer(401, body), record=True, fixtures_root=tmp_path
    ) as checker:
        result = checker.check_auth_rejection()
    (path,) = result.saved
    assert WRONG_KEY not in path.read_text(encoding="utf-8")
    assert PLACEHOLDER_KEY in path.read_text(encoding="utf-8")


# ------------------------------------------------------------ difference reports


def test_difference_names_operation_and_json_path(tmp_path: Path) -> None:
    body = {"id": 5, "object": "video.generation.task", "status": "completed", "progress": "x"}
    with LiveChecker(
        "evolink", KEY, transport=_fixed_answer(200, body), record=True, fixtures_root=tmp_path
    ) as checker:
        result = checker.check_task("task-unified-1")
    wheres = {(d.operation, d.where) for d in result.differences}
    assert ("get_task", "response.body $.id") in wheres
    assert ("get_task", "response.body $.progress") in wheres
    assert all(isinstance(d, Difference) and d.status_code == 200 for d in result.differences)
    assert "evolink get_task (HTTP 200): response.body $.id:" in result.explain()
    log = LiveLog()
    log.add(result)
    assert "response.body $.progress" in log.summary()
    (path,) = result.saved
    assert load_fixture(path).xfail_reason, "a differing recording is kept as a strict xfail"


def test_wrong_status_for_bad_key_is_a_difference() -> None:
    body = {"error": {"code": 403, "message": "forbidden", "type": "permission_error"}}
    with LiveChecker("evolink", KEY, transport=_fixed_answer(403, body)) as checker:
        result = checker.check_auth_rejection()
    assert [(d.where, d.message) for d in result.differences] == [
        ("response.status_code", "expected 401 for a wrong key, got 403")
    ]


def test_accepted_invalid_request_reports_the_created_task() -> None:
    body = {"id": "task-unified-99", "object": "video.generation.task", "status": "pending"}
    with LiveChecker("evolink", KEY, transport=_fixed_answer(200, body)) as checker:
        result = checker.check_invalid_request()
    assert [t.task_id for t in result.created] == ["task-unified-99"]
    assert any("ACCEPTED" in d.message for d in result.differences)


def test_undocumented_status_and_non_json_body_are_differences() -> None:
    answer = httpx.MockTransport(lambda request: httpx.Response(502, text="<html>bad gateway"))
    with LiveChecker("qingbo", KEY, transport=answer) as checker:
        result = checker.check_task("task-wave1")
    wheres = [d.where for d in result.differences]
    assert "response.body" in wheres
    assert "response.status_code" in wheres


def test_transport_failure_never_shows_the_key() -> None:
    def fail(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError(f"refused; header was {request.headers['Authorization']}")

    with LiveChecker("evolink", KEY, transport=httpx.MockTransport(fail)) as checker:
        with pytest.raises(Exception, match="ConnectError") as info:
            checker.check_task("task-unified-1")
        assert KEY not in str(info.value)
        result = checker.create_cheapest() if checker.budget.remaining else None
    assert result is None


def test_create_without_answer_is_reported_not_retried() -> None:
    calls: list[str] = []

    def fail(request: httpx.Request) -> httpx.Response:
        calls.append(request.url.path)
        raise httpx.ReadTimeout(f"timed out {KEY}")

    budget = SpendBudget(1)
    with LiveChecker("evolink", KEY, transport=httpx.MockTransport(fail), budget=budget) as checker:
        result = checker.create_cheapest()
    assert calls == ["/v1/videos/generations"]
    assert budget.used == 1
    assert [t.task_id for t in result.created] == [None]
    assert "a task may have been created" in result.explain()
    assert KEY not in result.explain()
