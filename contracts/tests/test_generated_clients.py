"""The generated clients match the documentation the specs were written from.

* every documented request example round-trips through the generated body
  model unchanged;
* every documented response example (success and error) parses into typed
  models, with no field left over in ``additional_properties``;
* a call through each generated client over ``httpx.MockTransport`` sends the
  documented method, path, query, bearer header and JSON body.

Everything is driven by the specs, so a new operation or example is covered
without editing this file.
"""

from __future__ import annotations

import datetime as dt
import importlib
import inspect
import json
import re
from collections.abc import Iterator, Mapping
from typing import Any
from urllib.parse import parse_qsl

import attrs
import httpx
import pytest

from contracts.clients import body_types, operation_module, parse_response, snake
from contracts.codegen import PROVIDERS
from contracts.spec import iter_operations, provider_spec, resolve

API_KEY = "sk-test-not-a-real-key"
BASE_URL = "https://provider.test"


def _examples(media: Mapping[str, Any], spec: Mapping[str, Any]) -> Iterator[tuple[str, Any]]:
    if "example" in media:
        yield "example", media["example"]
    for name, ex in (media.get("examples") or {}).items():
        ex = resolve(spec, ex)
        if "value" in ex:
            yield name, ex["value"]


def _json_media(holder: Mapping[str, Any]) -> Mapping[str, Any] | None:
    for media_type, media in (holder.get("content") or {}).items():
        if media_type.endswith("json"):
            return media  # type: ignore[no-any-return]
    return None


def request_examples() -> Iterator[Any]:
    for provider in PROVIDERS:
        spec = provider_spec(provider)
        for _, _, op in iter_operations(spec):
            body = resolve(spec, op.get("requestBody") or {})
            media = _json_media(body)
            for name, value in _examples(media or {}, spec):
                yield pytest.param(
                    provider, op["operationId"], value, id=f"{provider}-{op['operationId']}-{name}"
                )


def response_examples() -> Iterator[Any]:
    for provider in PROVIDERS:
        spec = provider_spec(provider)
        for _, _, op in iter_operations(spec):
            for code, response in (op.get("responses") or {}).items():
                media = _json_media(resolve(spec, response))
                for name, value in _examples(media or {}, spec):
                    yield pytest.param(
                        provider,
                        op["operationId"],
                        int(code),
                        value,
                        id=f"{provider}-{op['operationId']}-{code}-{name}",
                    )


def all_operations() -> Iterator[Any]:
    for provider in PROVIDERS:
        for path, method, op in iter_operations(provider_spec(provider)):
            yield pytest.param(provider, path, method, op, id=f"{provider}-{op['operationId']}")


@pytest.mark.parametrize(("provider", "operation_id", "example"), list(request_examples()))
def test_request_example_round_trips(provider: str, operation_id: str, example: Any) -> None:
    module = operation_module(provider, operation_id)
    variants = body_types(module)
    assert variants, f"{module.__name__} takes no body model"
    accepted = []
    for cls in variants:
        try:
            model = cls.from_dict(example)  # type: ignore[attr-defined]
        except (KeyError, TypeError, ValueError, AttributeError):
            continue
        accepted.append(cls.__name__)
        assert model.to_dict() == example, f"{cls.__name__} changes the documented example"
    assert accepted, f"no generated body model of {operation_id} accepts the documented example"


def _leftovers(obj: Any, path: str = "$") -> Iterator[str]:
    """JSON paths of keys that a parsed model kept in ``additional_properties``."""
    if attrs.has(type(obj)):
        extra = getattr(obj, "additional_properties", {})
        yield from (f"{path}.{key}" for key in extra)
        for field in attrs.fields(type(obj)):
            if field.name != "additional_properties":
                yield from _leftovers(getattr(obj, field.name), f"{path}.{field.name}")
    elif isinstance(obj, list):
        for i, item in enumerate(obj):
            yield from _leftovers(item, f"{path}[{i}]")


_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")


def _normalized(value: Any) -> Any:
    """Compare date-times as instants: the models re-serialize ``Z`` as ``+00:00``."""
    if isinstance(value, dict):
        return {k: _normalized(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_normalized(v) for v in value]
    if isinstance(value, str) and _ISO.match(value):
        try:
            return dt.datetime.fromisoformat(value)
        except ValueError:
            return value
    return value


@pytest.mark.parametrize(
    ("provider", "operation_id", "status", "example"), list(response_examples())
)
def test_response_example_parses_into_models(
    provider: str, operation_id: str, status: int, example: Any
) -> None:
    module = operation_module(provider, operation_id)
    parsed = parse_response(module, status, example)
    assert parsed is not None, f"status {status} of {operation_id} is not parsed by the client"
    assert attrs.has(type(parsed)), f"{operation_id} {status} parsed to {type(parsed)!r}"
    leftovers = list(_leftovers(parsed))
    assert not leftovers, f"documented fields not typed by the model: {leftovers}"
    assert _normalized(parsed.to_dict()) == _normalized(example)


def _param_value(spec: Mapping[str, Any], param: Mapping[str, Any]) -> Any:
    schema = resolve(spec, param.get("schema") or {})
    for source in (param, schema):
        if "example" in source:
            return source["example"]
        if source.get("examples"):
            examples = source["examples"]
            first = next(iter(examples.values())) if isinstance(examples, dict) else examples[0]
            return resolve(spec, first).get("value", first) if isinstance(first, dict) else first
    return "task_abc123"


@pytest.mark.parametrize(("provider", "path", "method", "op"), list(all_operations()))
def test_client_sends_documented_request(
    provider: str, path: str, method: str, op: Mapping[str, Any]
) -> None:
    spec = provider_spec(provider)
    module = operation_module(provider, op["operationId"])
    sent: list[httpx.Request] = []

    success = next(code for code in op["responses"] if str(code).startswith("2"))
    media = _json_media(resolve(spec, op["responses"][success])) or {}
    reply: Any = next((value for _, value in _examples(media, spec)), {})

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(int(success), json=reply)

    client_mod = importlib.import_module(f"{provider}_client")
    client = client_mod.AuthenticatedClient(
        base_url=BASE_URL, token=API_KEY, httpx_args={"transport": httpx.MockTransport(handler)}
    )
    kwargs: dict[str, Any] = {"client": client}
    expected_path, expected_query = path, {}
    for param in [resolve(spec, p) for p in op.get("parameters", [])]:
        value = _param_value(spec, param)
        kwargs[snake(param["name"])] = value
        if param["in"] == "path":
            expected_path = expected_path.replace("{" + param["name"] + "}", str(value))
        elif param["in"] == "query":
            expected_query[param["name"]] = str(value)
    body_example = None
    if op.get("requestBody"):
        media = _json_media(resolve(spec, op["requestBody"])) or {}
        body_example = next((value for _, value in _examples(media, spec)), None)
        assert body_example is not None, f"{op['operationId']}: document a request example"
        for cls in body_types(module):
            try:
                kwargs["body"] = cls.from_dict(body_example)  # type: ignore[attr-defined]
                break
            except (KeyError, TypeError, ValueError, AttributeError):
                continue
    assert set(kwargs) <= set(inspect.signature(module.sync_detailed).parameters)

    response = module.sync_detailed(**kwargs)

    assert len(sent) == 1
    request = sent[0]
    assert request.method == method.upper()
    assert request.url.host == "provider.test"
    assert request.url.path == expected_path
    assert dict(parse_qsl(request.url.query.decode())) == expected_query
    assert request.headers["Authorization"] == f"Bearer {API_KEY}"
    if body_example is not None:
        assert request.headers["Content-Type"] == "application/json"
        assert json.loads(request.content) == body_example
    assert response.status_code == int(success)
    assert response.parsed is not None
