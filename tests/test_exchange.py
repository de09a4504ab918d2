"""``soravideo._exchange``: one exchange judged against the spec (the proxy's and plugin's checks).

Bodies come from the recorded fixtures (``contracts/fixtures``), as received from
the providers' docs, and from small mutations of them.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from contracts.fixtures import FIXTURES_DIR, load_fixtures
from soravideo import PROVIDERS
from soravideo._exchange import check_request, check_response


def _body(provider: str, name: str) -> Any:
    data = json.loads(Path(FIXTURES_DIR, provider, f"{name}.json").read_text())
    return data["response"]["body"]


@pytest.mark.parametrize("provider", PROVIDERS)
def test_every_documented_exchange_passes(provider: str) -> None:
    """The docs' own exchanges: no request or response violation (except those marked so)."""
    checked = 0
    for fx in load_fixtures(provider):
        if fx.kind != "exchange" or fx.xfail_reason:
            continue
        raw = b"" if fx.request.body is None else json.dumps(fx.request.body).encode()
        verdict = check_request(provider, fx.request.method, fx.request.path, fx.request.query, raw)
        assert verdict.operation == fx.operation, fx.name
        assert (verdict.violations == ()) is fx.request_valid, (fx.name, verdict.violations)
        content = b"" if fx.response.body is None else json.dumps(fx.response.body).encode()
        found = check_response(provider, fx.operation, fx.response.status_code, content)
        assert found == (), (fx.name, found)
        checked += 1
    assert checked >= 5


def test_an_undeclared_status_is_a_response_violation() -> None:
    [violation] = check_response("evolink", "get_task", 418, b"{}")
    assert violation.where == "response"
    assert "418 is not a documented response of get_task" in violation.message


def test_a_schema_error_names_the_json_path() -> None:
    body = copy.deepcopy(_body("apixo", "get_task-200-success"))
    body["data"]["state"] = 5
    found = check_response("apixo", "get_task", 200, json.dumps(body).encode())
    assert found
    assert found[0].path.startswith("$.data")


def test_the_envelope_rules_are_the_adapters() -> None:
    # apixo: a success envelope whose resultJson does not decode (the schema allows any string)
    body = copy.deepcopy(_body("apixo", "get_task-200-success"))
    body["data"]["resultJson"] = "not json"
    [violation] = check_response("apixo", "get_task", 200, json.dumps(body).encode())
    assert violation.path == "$.data.resultJson"
    # freesoragenerator: an error inside HTTP 200 is the provider's documented habit, not drift
    error = _body("freesoragenerator", "get_task-200-error-in-body")
    assert check_response("freesoragenerator", "get_task", 200, json.dumps(error).encode()) == ()


def test_requests_name_the_parameter_or_the_field() -> None:
    verdict = check_request("apixo", "GET", "/api/v1/statusTask/sora-2", {}, b"")
    assert verdict.operation == "get_task"
    assert [v.path for v in verdict.violations] == ["$.query.taskId"]
    verdict = check_request("evolink", "GET", "/v1/tasks/not-a-task-id", {}, b"")
    assert [v.path for v in verdict.violations] == ["$.path.task_id"]
    verdict = check_request("qingbo", "POST", "/v1/tasks", {}, b"{not json")
    assert "not valid JSON" in verdict.violations[0].message
    verdict = check_request("qingbo", "DELETE", "/v1/tasks", {}, b"")
    assert "allowed: POST" in verdict.violations[0].message
