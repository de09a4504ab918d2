"""soravideo._spec: the fast validity check agrees with the reference validator.

``_spec.errors`` answers "valid" with jsonschema-rs (or an inlined Python
validator) and only asks the reference ``jsonschema`` validator for errors; a
disagreement would let a body the spec forbids through, or reject a good one.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any

import pytest

from contracts.fixtures import load_fixtures
from contracts.spec import iter_examples
from soravideo import PROVIDERS, _spec


def _mutations(value: Any) -> Iterator[Any]:
    """``value`` and variants: each key dropped, each leaf replaced by odd values."""
    yield value
    if isinstance(value, dict):
        for key in value:
            yield {k: v for k, v in value.items() if k != key}
            for odd in (None, "x", -1, 1.5, [], {}, "not a uri", "2024-13-45T99:00:00Z"):
                yield {**value, key: odd}
            for inner in _mutations(value[key]):
                if inner is not value[key]:
                    yield {**value, key: inner}
        yield {**value, "unexpected_field": 1}
    elif isinstance(value, list) and value:
        yield []
        yield [*value, copy.deepcopy(value[0])]
        for inner in _mutations(value[0]):
            if inner is not value[0]:
                yield [inner, *value[1:]]


def _cases(provider: str) -> list[tuple[str, Any]]:
    """(schema pointer, instance) pairs from the spec's examples and the fixtures."""
    spec = _spec.load(provider)
    cases = [(at, value) for _, value, at in iter_examples(spec)]
    for fixture in load_fixtures(provider):
        response = fixture.response
        if response is None or not isinstance(response.body, dict | list):
            continue
        _, method, op = _spec.operation(provider, fixture.operation)
        del method
        responses = op.get("responses", {})
        code = str(response.status_code)
        if fixture.kind == "exchange" and code in responses:
            target = _spec.resolve(provider, responses[code])
            if "application/json" in target.get("content", {}):
                path, http_method, _ = _spec.operation(provider, fixture.operation)
                pointer = "/paths/{}/{}/responses/{}/content/application~1json/schema".format(
                    path.replace("~", "~0").replace("/", "~1"), http_method, code
                )
                if "$ref" in responses[code]:
                    ref = responses[code]["$ref"][1:]
                    pointer = f"{ref}/content/application~1json/schema"
                cases.append((pointer, response.body))
    return cases


@pytest.mark.parametrize("provider", PROVIDERS)
def test_fast_verdict_equals_the_reference_verdict(provider: str) -> None:
    checked = valid = 0
    for pointer, example in _cases(provider):
        reference = _spec.validator(provider, pointer)
        for instance in _mutations(example):
            expected = reference.is_valid(instance)
            assert _spec.is_valid(provider, pointer, instance) == expected, (pointer, instance)
            assert (not _spec.errors(provider, pointer, instance)) == expected
            checked += 1
            valid += expected
    assert checked > 200
    assert 0 < valid < checked


def test_the_rust_validator_is_in_use() -> None:
    pointer = "/components/schemas/TaskResponse"
    assert _spec._rust_is_valid("evolink", pointer) is not None
    assert _spec.is_valid("evolink", pointer, {"id": "task-unified-1", "status": "pending"})
    assert not _spec.is_valid("evolink", pointer, {"status": "pending"})


def test_values_rust_cannot_represent_fall_back_to_python() -> None:
    pointer = "/components/schemas/TaskResponse"
    body = {"id": "t", "status": "processing", "progress": float("nan")}
    assert _spec.is_valid("evolink", pointer, body) == _spec.validator("evolink", pointer).is_valid(
        body
    )
