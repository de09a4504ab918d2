"""The recorded fixtures agree with the specs and the generated clients.

* every fixture file passes :func:`contracts.fixtures.check_fixture` (one test per file);
* every operation of every spec, and every callback, has at least one fixture, so
  coverage cannot drop silently;
* deliberately broken copies of fixtures are reported with the file and the JSON path;
* :func:`contracts.fixtures.save_fixture` never writes a real credential.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from contracts.codegen import PROVIDERS
from contracts.fixtures import (
    FIXTURES_DIR,
    PLACEHOLDER_KEY,
    Fixture,
    FixtureError,
    check_fixture,
    fixture_files,
    load_fixture,
    load_fixtures,
    save_fixture,
)
from contracts.spec import iter_operations, provider_spec

Mutation = Callable[[dict[str, Any]], None]


def _fixture_params() -> Iterator[Any]:
    for path in fixture_files():
        marks: list[pytest.MarkDecorator] = []
        try:
            reason = load_fixture(path).xfail_reason
        except FixtureError:
            reason = None  # the test itself reports the format problem
        if reason:
            marks.append(pytest.mark.xfail(reason=reason, strict=True, raises=AssertionError))
        yield pytest.param(path, marks=marks, id=path.relative_to(FIXTURES_DIR).as_posix())


@pytest.mark.parametrize("path", list(_fixture_params()))
def test_fixture_matches_spec_and_client(path: Path) -> None:
    fx = load_fixture(path)
    problems = check_fixture(fx)
    assert not problems, "\n".join(problems)


def test_there_are_fixtures_for_every_provider() -> None:
    providers = {path.parent.name for path in fixture_files()}
    assert providers == set(PROVIDERS)
    unknown = [p.name for p in FIXTURES_DIR.iterdir() if p.is_dir() and p.name not in PROVIDERS]
    assert not unknown, f"fixture directories of unknown providers: {unknown}"


@pytest.mark.parametrize("provider", PROVIDERS)
def test_every_operation_has_a_fixture(provider: str) -> None:
    fixtures = load_fixtures(provider)
    exchanges = {fx.operation for fx in fixtures if fx.kind == "exchange"}
    callbacks = {fx.operation for fx in fixtures if fx.kind == "callback"}
    missing: list[str] = []
    for _, _, op in iter_operations(provider_spec(provider)):
        operation_id = op["operationId"]
        if operation_id not in exchanges:
            missing.append(f"{operation_id} (exchange)")
        if op.get("callbacks") and operation_id not in callbacks:
            missing.append(f"{operation_id} (callback)")
    assert not missing, f"specs/{provider}.yaml operations without a fixture: {missing}"


def test_every_fixture_names_a_spec_operation() -> None:
    for fx in load_fixtures():
        ids = {op["operationId"] for _, _, op in iter_operations(provider_spec(fx.provider))}
        assert fx.operation in ids, f"{fx.path}: unknown operation {fx.operation!r}"


# ------------------------------------------------------------------ broken copies


def _broken_copy(tmp_path: Path, fixture: str, mutate: Mutation, rename: str | None = None) -> Path:
    """Copy ``<provider>/<file>`` into ``tmp_path`` (same layout), changed by ``mutate``."""
    source = FIXTURES_DIR / fixture
    data = json.loads(source.read_text(encoding="utf-8"))
    mutate(data)
    target = tmp_path / source.parent.name / (rename or source.name)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(data, indent=2), encoding="utf-8")
    return target


def _set(*keys: str | int, value: Any) -> Mutation:
    def mutate(data: dict[str, Any]) -> None:
        node: Any = data
        for key in keys[:-1]:
            node = node[key]
        node[keys[-1]] = value

    return mutate


def _drop(*keys: str | int) -> Mutation:
    def mutate(data: dict[str, Any]) -> None:
        node: Any = data
        for key in keys[:-1]:
            node = node[key]
        del node[keys[-1]]

    return mutate


BROKEN = [
    pytest.param(
        "apixo/get_task-200-success.json",
        _set("response", "body", "data", "state", value=5),
        None,
        "response.body: $.data.state: 5 is not valid under any of the given schemas",
        id="status-enum-wrong-type",
    ),
    pytest.param(
        "qingbo/get_task-200-queued.json",
        _set("response", "body", "status", value=["queued"]),
        None,
        "response.body: $.status:",
        id="status-enum-array",
    ),
    pytest.param(
        "firebirdgen/get_task-200-success.json",
        _drop("response", "body", "data", "taskId"),
        None,
        "response.body: $.data: 'taskId' is a required property",
        id="response-required-field-dropped",
    ),
    pytest.param(
        "evolink/create_task-200-remix.json",
        _drop("request", "body", "base_video_task_id"),
        None,
        "request.body: $: the object is not valid under any of the given schemas",
        id="request-required-field-dropped",
    ),
    pytest.param(
        "firebirdgen/create_task-200-callback-success.json",
        _drop("request", "body", "taskId"),
        None,
        "request.body: $: 'taskId' is a required property",
        id="callback-required-field-dropped",
    ),
    pytest.param(
        "freesoragenerator/create_task-200-pro-text-to-video.json",
        _set("request", "body", "nFrames", value=10),
        None,
        "request.body: $: the object is not valid under any of the given schemas "
        "(closest branch: $.nFrames:",
        id="request-enum-wrong-type",
    ),
    pytest.param(
        "firebirdgen/get_task-200-success.json",
        _set("response", "status_code", value=418),
        "get_task-418-success.json",
        "response.status_code: 418 is not a documented response of get_task",
        id="undocumented-status",
    ),
    pytest.param(
        "firebirdgen/create_task-200-callback-failed.json",
        _set("response", "status_code", value=202),
        "create_task-202-callback-failed.json",
        "response.status_code: 202 is not a documented answer to create_task's callback",
        id="undocumented-callback-answer",
    ),
    pytest.param(
        "qingbo/get_task-200-queued.json",
        _set("request", "path", value="/v1/task/task-wave1775285160b950328499"),
        None,
        "request.path: '/v1/task/task-wave1775285160b950328499' does not match the path "
        "template '/v1/tasks/{task_id}' of get_task",
        id="wrong-path",
    ),
    pytest.param(
        "evolink/get_task-200-completed.json",
        _set("request", "method", value="POST"),
        None,
        "request.method: 'POST' is not the method of get_task (GET)",
        id="wrong-method",
    ),
    pytest.param(
        "apixo/get_task-200-pending.json",
        _set("request", "query", value={}),
        None,
        "request.query: required query parameter 'taskId' is missing",
        id="missing-query-parameter",
    ),
    pytest.param(
        "apixo/get_task-200-success.json",
        _set("response", "body", "data", "resultJson", value='{"resultUrls": "x"}'),
        None,
        "response.body: $.data.resultJson.resultUrls: 'x' is not of type 'array'",
        id="json-string-content-schema",
    ),
    pytest.param(
        "evolink/create_task-400-invalid-duration.json",
        _set("request", "body", "duration", value=10),
        None,
        "request.body: the fixture says request_valid false, but the spec accepts this body",
        id="invalid-request-accepted-by-spec",
    ),
    pytest.param(
        "evolink/get_task-200-pending.json",
        _set("response", "status_code", value=404),
        None,
        "response.status_code: 404 differs from the file name's 200",
        id="file-name-disagrees",
    ),
    pytest.param(
        "firebirdgen/create_task-200-text-to-video.json",
        _set("request", "headers", "Authorization", value="Bearer sk-" + "fake" * 6),
        None,
        "request.headers.Authorization: credential other than YOUR_API_KEY",
        id="secret-in-header",
    ),
    pytest.param(
        "qingbo/get_task-200-failed.json",
        _set("response", "body", "error", "message", value="bad key sk-" + "fake" * 6),
        None,
        "response.body: $.error.message: value looks like a credential",
        id="secret-in-body",
    ),
]


@pytest.mark.parametrize(("fixture", "mutate", "rename", "expected"), BROKEN)
def test_broken_fixture_is_reported_with_file_and_json_path(
    tmp_path: Path, fixture: str, mutate: Mutation, rename: str | None, expected: str
) -> None:
    path = _broken_copy(tmp_path, fixture, mutate, rename)
    problems = check_fixture(load_fixture(path))
    assert any(p.startswith(f"{path}: ") and expected in p for p in problems), (
        f"expected a problem naming {path} and containing {expected!r}; got:\n"
        + "\n".join(problems)
    )


def test_unknown_operation_is_reported(tmp_path: Path) -> None:
    path = _broken_copy(
        tmp_path,
        "evolink/get_task-200-pending.json",
        _set("operation", value="get_tasks"),
        "get_tasks-200-pending.json",
    )
    problems = check_fixture(load_fixture(path))
    assert f"{path}: operation: no operation 'get_tasks' in specs/evolink.yaml" in problems


def test_malformed_fixture_names_file_and_path(tmp_path: Path) -> None:
    path = _broken_copy(
        tmp_path, "apixo/get_task-200-pending.json", _set("request", "method", value="FETCH")
    )
    with pytest.raises(FixtureError, match=r"get_task-200-pending\.json: \$\.request\.method: "):
        load_fixture(path)


def test_fixtures_in_the_repository_are_named_relative_to_it() -> None:
    fx = load_fixture(FIXTURES_DIR / "apixo" / "get_task-200-success.json")
    data = copy.deepcopy(fx.to_json())
    data["response"]["body"]["data"]["state"] = 5
    broken = Fixture.from_json(data, name=fx.name, provider=fx.provider, path=fx.path)
    assert (
        "contracts/fixtures/apixo/get_task-200-success.json: response.body: $.data.state: "
        "5 is not valid under any of the given schemas (closest branch: $.data.state: "
        "5 is not of type 'string')"
    ) in check_fixture(broken)


# ---------------------------------------------------------------------- redaction


def test_save_fixture_redacts_credentials(tmp_path: Path) -> None:
    real_key = "sk-" + "live" * 8
    original = load_fixture(FIXTURES_DIR / "evolink" / "create_task-200-text-to-video.json")
    data = original.to_json()
    data["recorded"] = "live"
    data["request"]["headers"]["Authorization"] = f"Bearer {real_key}"
    data["request"]["headers"]["X-Api-Key"] = real_key
    data["request"]["body"]["prompt"] = f"A cat playing piano ({real_key})"
    data["response"]["headers"]["X-Echo"] = real_key
    recorded = Fixture.from_json(data, name=original.name, provider="evolink")
    assert check_fixture(recorded), "the unredacted fixture should be flagged"

    path = save_fixture("evolink", recorded, secrets=[real_key], root=tmp_path)

    assert path == tmp_path / "evolink" / "create_task-200-text-to-video.json"
    text = path.read_text(encoding="utf-8")
    assert real_key not in text
    saved = load_fixture(path)
    assert saved.request.headers["Authorization"] == f"Bearer {PLACEHOLDER_KEY}"
    assert saved.request.headers["X-Api-Key"] == PLACEHOLDER_KEY
    assert saved.request.body["prompt"] == f"A cat playing piano ({PLACEHOLDER_KEY})"
    assert saved.response.headers["X-Echo"] == PLACEHOLDER_KEY
    assert check_fixture(saved) == []
    assert [p.name for p in path.parent.iterdir()] == [path.name], "temporary file left behind"


def test_save_fixture_round_trips_an_unchanged_fixture(tmp_path: Path) -> None:
    source = FIXTURES_DIR / "qingbo" / "create_task_sync-200-timeout.json"
    path = save_fixture("qingbo", load_fixture(source), root=tmp_path)
    assert json.loads(path.read_text(encoding="utf-8")) == json.loads(
        source.read_text(encoding="utf-8")
    )
