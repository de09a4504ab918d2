"""Prism, an independent OpenAPI mock, serves each spec; the generated clients parse it.

For every provider a ``prism mock specs/<key>.yaml`` runs on loopback (all five at
once, started once per mode), and every operation of the spec is called through
the generated client (``<key>_client.api.<tag>.<op>.sync_detailed``) with each of
the spec's documented request examples as body, and the documented parameter
examples. Prism validates the request against the spec (so the client sends what
the spec allows) and answers from the spec; the test asserts a 2xx that the client
parses into a model. Two modes:

* ``examples``: Prism answers with the documented response examples;
* ``dynamic``: ``prism mock -d --seed soravideo``: bodies generated from the
  response schemas (json-schema-faker, no extra properties), so the client is
  checked against the schema, not only against the examples. (Only responses are
  generated: nothing sends Prism non-ASCII names, which crash it; see TOOLCHAIN.md.)

Skipped when Prism is not installed (``$PRISM_BIN`` or ``.nox/node``); ``nox -s
contracts`` installs it. Each provider's result goes into the conformance table's
"Prism parse" column. Runtime: a few seconds (Prism starts in ~2 s).
"""

from __future__ import annotations

import importlib
from collections import defaultdict
from collections.abc import Iterator, Mapping
from typing import Any

import attrs
import httpx
import pytest

from contracts import report
from contracts.clients import operation, operation_module, parse_body, snake
from contracts.codegen import PROVIDERS
from contracts.prism import PrismServer, find_prism, start_many
from contracts.spec import iter_operations, provider_spec, resolve

pytestmark = pytest.mark.prism

MODES = ("examples", "dynamic")
TOKEN = "prism-contract-token"
FALLBACK_ID = "task-contract-1"

_results: dict[str, dict[str, list[int]]] = defaultdict(lambda: {m: [0, 0] for m in MODES})


def _json_media(holder: Mapping[str, Any]) -> Mapping[str, Any]:
    for media_type, media in (holder.get("content") or {}).items():
        if media_type.split(";")[0].strip().endswith("json"):
            return media  # type: ignore[no-any-return]
    return {}


def _examples(spec: Mapping[str, Any], holder: Mapping[str, Any]) -> list[tuple[str, Any]]:
    found: list[tuple[str, Any]] = []
    if "example" in holder:
        found.append(("example", holder["example"]))
    for name, example in (holder.get("examples") or {}).items():
        example = resolve(spec, example)
        if isinstance(example, Mapping) and "value" in example:
            found.append((name, example["value"]))
    return found


def _cases() -> Iterator[Any]:
    for provider in PROVIDERS:
        spec = provider_spec(provider)
        for _, _, op in iter_operations(spec):
            body = resolve(spec, op.get("requestBody") or {})
            examples = _examples(spec, _json_media(body)) if body else []
            for name, value in examples or [("no-body", None)]:
                yield pytest.param(
                    provider, op["operationId"], value, id=f"{provider}-{op['operationId']}-{name}"
                )


def _parameter_value(spec: Mapping[str, Any], param: Mapping[str, Any]) -> Any:
    """The parameter's documented example (parameter, then schema), else a fallback id."""
    for _, value in _examples(spec, param):
        return value
    schema = resolve(spec, param.get("schema") or {})
    if "example" in schema:
        return schema["example"]
    if schema.get("examples"):
        return schema["examples"][0]
    return FALLBACK_ID


def _call_kwargs(provider: str, operation_id: str, body: Any) -> dict[str, Any]:
    """``sync_detailed`` keyword arguments: required path/query parameters and the body."""
    spec = provider_spec(provider)
    path, _, op = operation(provider, operation_id)
    kwargs: dict[str, Any] = {}
    for param in [*(spec["paths"][path].get("parameters") or []), *(op.get("parameters") or [])]:
        param = resolve(spec, param)
        if param.get("in") == "path" or (param.get("in") == "query" and param.get("required")):
            kwargs[snake(param["name"])] = _parameter_value(spec, param)
    if body is not None:
        kwargs["body"] = parse_body(operation_module(provider, operation_id), body)
    return kwargs


@pytest.fixture(scope="module", params=MODES)
def prism(request: pytest.FixtureRequest) -> Iterator[tuple[str, dict[str, PrismServer]]]:
    """One Prism per provider, all started at once, per mode (examples, dynamic)."""
    if find_prism() is None:
        pytest.skip("Prism is not installed: set $PRISM_BIN or run `nox -s contracts`")
    mode: str = request.param
    servers = start_many(PROVIDERS, dynamic=mode == "dynamic", timeout=40.0)
    try:
        yield mode, servers
    finally:
        for server in servers.values():
            server.stop()


def _record(provider: str, mode: str, passed: bool | None) -> None:
    counts = _results[provider][mode]
    if passed is None:
        counts[1] += 1
    elif passed:
        counts[0] += 1
    cells = [f"{m} {ok}/{total}" for m, (ok, total) in _results[provider].items() if total]
    report.note(provider, "prism", ", ".join(cells))


@pytest.mark.parametrize(("provider", "operation_id", "body"), list(_cases()))
def test_generated_client_parses_prism(
    prism: tuple[str, dict[str, PrismServer]], provider: str, operation_id: str, body: Any
) -> None:
    mode, servers = prism
    server = servers[provider]
    module = operation_module(provider, operation_id)
    kwargs = _call_kwargs(provider, operation_id, body)
    package = importlib.import_module(f"{provider}_client")
    client = package.AuthenticatedClient(
        base_url=server.base_url, token=TOKEN, timeout=httpx.Timeout(10.0)
    )
    _record(provider, mode, None)
    with client as c:
        response = module.sync_detailed(client=c, **kwargs)
    content = response.content.decode("utf-8", "replace")[:2000]
    assert 200 <= response.status_code < 300, (
        f"{provider} {operation_id} ({mode}): Prism answered {response.status_code}: {content}\n"
        f"Prism log:\n{server.log()[-3000:]}"
    )
    parsed = response.parsed
    assert parsed is not None, f"{provider} {operation_id} ({mode}): parsed to None: {content}"
    assert attrs.has(type(parsed)), f"{provider} {operation_id}: not a model: {parsed!r}"
    assert type(parsed).__name__ != "ErrorResponse", (
        f"{provider} {operation_id} ({mode}): a 2xx parsed as ErrorResponse: {content}"
    )
    _record(provider, mode, True)
