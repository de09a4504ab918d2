"""Reading an OpenAPI document of ``specs/``: loading, walking and validating.

Shared by the spec rules, the contract tests, the fixture checks and the mock
servers, so that "what the spec says" is computed in one place.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from openapi_schema_validator import OAS31Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from soravideo._spec import ref_chain  # re-exported with resolve: contracts read specs/ with them
from soravideo._spec import resolve_in as resolve

__all__ = [
    "iter_examples",
    "iter_operations",
    "load_spec",
    "pointer",
    "provider_spec",
    "ref_chain",
    "resolve",
    "schema_validator",
]

SPECS_DIR = Path(__file__).resolve().parent.parent / "specs"

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
SPEC_URI = "urn:soravideo:spec"


def load_spec(path: Path) -> dict[str, Any]:
    """Read a YAML spec into a dict.

    Raises:
        TypeError: the document's top level is not a mapping.
    """
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise TypeError(f"{path}: not an OpenAPI document (top level is not a mapping)")
    return data


@cache
def provider_spec(provider: str) -> dict[str, Any]:
    """The parsed ``specs/<provider>.yaml`` (cached; treat it as read-only)."""
    return load_spec(SPECS_DIR / f"{provider}.yaml")


def pointer(*parts: str | int) -> str:
    """Build an RFC 6901 JSON pointer from path parts."""
    return "/" + "/".join(str(p).replace("~", "~0").replace("/", "~1") for p in parts)


def schema_validator(spec: Mapping[str, Any], schema_pointer: str) -> OAS31Validator:
    """An OAS 3.1 validator for the schema at ``schema_pointer`` inside ``spec``.

    The whole spec is registered under one URI, so every ``$ref`` resolves.
    """
    registry: Registry[Any] = Registry().with_resource(
        SPEC_URI, Resource.from_contents(dict(spec), default_specification=DRAFT202012)
    )
    return OAS31Validator({"$ref": SPEC_URI + "#" + schema_pointer}, registry=registry)


def iter_operations(
    spec: Mapping[str, Any],
) -> Iterator[tuple[str, str, Mapping[str, Any]]]:
    """Yield ``(path, method, operation)`` for every operation under ``paths``."""
    for path, item in (spec.get("paths") or {}).items():
        for method in HTTP_METHODS:
            if isinstance(item, Mapping) and method in item:
                yield path, method, item[method]


Example = tuple[str, Any, str]
"""``(pointer to the example, example value, pointer to its schema)``."""


def iter_examples(spec: Mapping[str, Any]) -> Iterator[Example]:
    """Yield every example in the spec with the pointer of the schema it illustrates."""

    def from_holder(holder: Mapping[str, Any], where: tuple[str | int, ...]) -> Iterator[Example]:
        if not isinstance(holder.get("schema"), Mapping):
            return
        schema_at = pointer(*where, "schema")
        if "example" in holder:
            yield pointer(*where, "example"), holder["example"], schema_at
        for name, ex in (holder.get("examples") or {}).items():
            ex = resolve(spec, ex)
            if isinstance(ex, Mapping) and "value" in ex:
                yield pointer(*where, "examples", name, "value"), ex["value"], schema_at

    def walk(node: Any, where: tuple[str | int, ...]) -> Iterator[Example]:
        if isinstance(node, Mapping):
            if "content" in node and isinstance(node["content"], Mapping):
                for media, holder in node["content"].items():
                    if isinstance(holder, Mapping):
                        yield from from_holder(holder, (*where, "content", media))
            if "in" in node and "name" in node:  # a parameter
                yield from from_holder(node, where)
            for key, value in node.items():
                yield from walk(value, (*where, key))
        elif isinstance(node, list):
            for i, value in enumerate(node):
                yield from walk(value, (*where, i))

    yield from walk(spec.get("paths") or {}, ("paths",))
    yield from walk(spec.get("components") or {}, ("components",))
    # A schema's own `examples` keyword (JSON Schema 2020-12) holds a list.
    for name, schema in ((spec.get("components") or {}).get("schemas") or {}).items():
        if isinstance(schema, Mapping):
            for i, value in enumerate(schema.get("examples") or []):
                at = pointer("components", "schemas", name)
                yield f"{at}/examples/{i}", value, at
