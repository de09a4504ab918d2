"""The providers' OpenAPI specs at run time, and JSON Schema validation against them.

Each generated client package ships the spec it was generated from as
``<provider>_client/openapi.yaml``; everything here reads that copy, so request
validation, capabilities and the mock servers agree with the generated code.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from functools import cache
from importlib import resources
from typing import Any

import yaml
from jsonschema import Draft202012Validator, FormatChecker
from jsonschema.exceptions import ValidationError
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from soravideo._types import check_provider

SPEC_URI = "urn:soravideo:spec:"
HTTP_METHODS = ("get", "put", "post", "delete", "patch")


@cache
def load(provider: str) -> Mapping[str, Any]:
    """The provider's spec as a dict (cached; do not mutate).

    Raises:
        RequestValidationError: ``provider`` is not one of the five keys (a ValueError).
    """
    check_provider(provider)
    text = resources.files(f"{provider}_client").joinpath("openapi.yaml").read_text("utf-8")
    data: dict[str, Any] = yaml.safe_load(text)
    return data


def unescape(part: str) -> str:
    """Decode one RFC 6901 pointer segment."""
    return part.replace("~1", "/").replace("~0", "~")


def ref_chain(spec: Mapping[str, Any], node: Any) -> Iterator[tuple[str, Any]]:
    """Yield ``(ref, target)`` for each hop of a local ``$ref`` chain starting at ``node``.

    ``ref`` is the ``$ref`` string followed (``#/components/schemas/X``), ``target``
    the node it names. Stops at a non-local ``$ref`` or a cycle.

    Raises:
        KeyError, IndexError: a ``$ref`` names nothing in ``spec``.
    """
    seen: set[str] = set()
    while isinstance(node, Mapping) and isinstance(node.get("$ref"), str):
        ref: str = node["$ref"]
        if not ref.startswith("#/") or ref in seen:
            return
        seen.add(ref)
        target: Any = spec
        for part in ref[2:].split("/"):
            target = target[int(part)] if isinstance(target, list) else target[unescape(part)]
        node = target
        yield ref, node


def resolve_in(spec: Mapping[str, Any], node: Any) -> Any:
    """Follow local ``$ref`` chains (``#/...``, through objects and lists) inside ``spec``."""
    for _ref, target in ref_chain(spec, node):
        node = target
    return node


def resolve(provider: str, node: Any) -> Any:
    """Follow local ``$ref`` chains to the node they name in the provider's spec."""
    return resolve_in(load(provider), node)


def snake(name: str) -> str:
    """openapi-python-client's snake_case for a name (``taskId`` -> ``task_id``).

    Module names (``api.<tag>.<operation_id>``) and keyword arguments of the
    generated clients are derived this way.
    """
    name = re.sub(r"[^0-9A-Za-z]+", "_", name)
    name = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", name)
    name = re.sub(r"([A-Z]+)([A-Z][a-z])", r"\1_\2", name)
    return name.strip("_").lower()


def component(provider: str, name: str) -> Mapping[str, Any]:
    """``components.schemas.<name>`` of the provider's spec.

    Raises:
        KeyError: the spec has no such schema.
    """
    schemas: Mapping[str, Any] = load(provider)["components"]["schemas"]
    return schemas[name]  # type: ignore[no-any-return]


@cache
def _registry(provider: str) -> Registry[Any]:
    resource = Resource.from_contents(dict(load(provider)), default_specification=DRAFT202012)
    registry: Registry[Any] = Registry().with_resource(SPEC_URI + provider, resource)
    return registry


@cache
def validator(provider: str, pointer: str) -> Draft202012Validator:
    """A JSON Schema 2020-12 validator (formats checked) for the schema at ``pointer``.

    ``pointer`` is a JSON pointer into the spec, e.g.
    ``/components/schemas/CreateTaskRequest``; every ``$ref`` in it resolves.
    """
    schema = {"$ref": f"{SPEC_URI}{provider}#{pointer}"}
    return Draft202012Validator(
        schema, registry=_registry(provider), format_checker=FormatChecker()
    )


_ANNOTATIONS = frozenset(
    ("description", "title", "examples", "example", "default", "deprecated", "$comment")
)
"""Keywords next to a ``$ref`` that do not constrain the instance (dropped when inlining)."""


def _inline(provider: str, node: Any, stack: tuple[str, ...] = ()) -> Any:
    """``node`` with every local ``$ref`` replaced by (a copy of) its target.

    A ``$ref`` with constraining siblings becomes ``{"allOf": [target], **siblings}``
    (what 2020-12 means by it); a ``$ref`` back into its own chain (recursion)
    stays a ``$ref``, made absolute so it resolves through the registry.
    """
    if isinstance(node, Mapping):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/"):
            rest = {
                key: _inline(provider, value, stack)
                for key, value in node.items()
                if key != "$ref" and key not in _ANNOTATIONS and not key.startswith("x-")
            }
            if ref in stack:
                return {**rest, "$ref": SPEC_URI + provider + ref}
            target = _inline(provider, resolve(provider, {"$ref": ref}), (*stack, ref))
            return {"allOf": [target], **rest} if rest else target
        return {key: _inline(provider, value, stack) for key, value in node.items()}
    if isinstance(node, list):
        return [_inline(provider, value, stack) for value in node]
    return node


@cache
def _fast_validator(provider: str, pointer: str) -> Draft202012Validator:
    """:func:`validator` with local ``$ref`` keywords inlined: same verdict, ~2x faster.

    Following a ``$ref`` through ``referencing`` on every validation is about half
    the cost of checking a response body; inlining does it once.
    """
    schema = _inline(provider, {"$ref": "#" + pointer})
    return Draft202012Validator(
        schema,
        registry=_registry(provider),
        format_checker=validator(provider, pointer).format_checker,
    )


@cache
def _rust_is_valid(provider: str, pointer: str) -> Callable[[Any], bool] | None:
    """``jsonschema_rs``'s ``is_valid`` for the inlined schema, or None if unavailable.

    jsonschema-rs (a Rust implementation, also used by schemathesis) answers
    "valid?" in about 1 microsecond where the Python validator takes 100-200.
    """
    try:
        import jsonschema_rs
    except ImportError:  # pragma: no cover - a declared dependency
        return None
    try:
        checker = jsonschema_rs.Draft202012Validator(
            _inline(provider, {"$ref": "#" + pointer}), validate_formats=True
        )
    except Exception:  # e.g. a recursive $ref it cannot resolve: use the Python path
        return None
    is_valid: Callable[[Any], bool] = checker.is_valid
    return is_valid


def is_valid(provider: str, pointer: str, instance: Any) -> bool:
    """Whether ``instance`` is valid against the schema at ``pointer`` (fast path).

    Uses jsonschema-rs when it can represent the instance, else the inlined
    Python validator; both agree with :func:`validator` (tests/test_spec.py).
    """
    rust = _rust_is_valid(provider, pointer)
    if rust is not None:
        try:
            return rust(instance)
        except Exception:  # an instance it cannot convert (NaN, huge ints ...)
            pass
    return _fast_validator(provider, pointer).is_valid(instance)


def errors(provider: str, pointer: str, instance: Any) -> list[ValidationError]:
    """Every validation error of ``instance`` against the schema at ``pointer``, deepest first.

    Valid instances (the common case: every response body) are recognized by
    :func:`is_valid`; the errors of an invalid one, and so the final verdict,
    come from :func:`validator`, exactly as before.
    """
    if is_valid(provider, pointer, instance):
        return []
    found = list(validator(provider, pointer).iter_errors(instance))
    return sorted(found, key=lambda e: (-len(e.absolute_path), list(map(str, e.absolute_path))))


def iter_operations(provider: str) -> Iterator[tuple[str, str, Mapping[str, Any]]]:
    """``(path, method, operation)`` for every operation in the provider's spec."""
    for path, item in load(provider)["paths"].items():
        for method in HTTP_METHODS:
            if method in item:
                yield path, method, item[method]


def operation(provider: str, operation_id: str) -> tuple[str, str, Mapping[str, Any]]:
    """``(path, method, operation)`` for one ``operationId``.

    Raises:
        KeyError: no such operation in the provider's spec.
    """
    for path, method, op in iter_operations(provider):
        if op.get("operationId") == operation_id:
            return path, method, op
    raise KeyError(f"{provider} has no operation {operation_id!r}")


def has_operation(provider: str, operation_id: str) -> bool:
    """Whether the provider's spec documents ``operation_id``."""
    return any(op.get("operationId") == operation_id for *_, op in iter_operations(provider))


def json_path(error: ValidationError) -> str:
    """``$.a.b[0]`` for a validation error's location in the instance."""
    return error.json_path


def enum_values(provider: str, schema: Any) -> list[Any] | None:
    """The allowed values of an enum/const schema (following refs and anyOf/oneOf), or None."""
    schema = resolve(provider, schema)
    if not isinstance(schema, Mapping):
        return None
    if "enum" in schema:
        return list(schema["enum"])
    if "const" in schema:
        return [schema["const"]]
    for key in ("anyOf", "oneOf", "allOf"):
        for sub in schema.get(key, []):
            values = enum_values(provider, sub)
            if values is not None:
                return values
    return None
