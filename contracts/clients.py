"""Find the generated-client code for a spec operation, and parse bodies with it.

openapi-python-client writes one module per operation,
``<provider>_client.api.<tag>.<operationId>``, whose ``_get_kwargs`` takes the
request body model and whose ``_parse_response`` turns a response into models.
These helpers let the contract suite drive every operation generically.
"""

from __future__ import annotations

import importlib
import types
import typing
from collections.abc import Mapping
from typing import Any

import httpx

from contracts.spec import iter_operations, provider_spec
from soravideo._spec import snake

__all__ = ["body_types", "operation", "operation_module", "parse_body", "parse_response", "snake"]


def operation(provider: str, operation_id: str) -> tuple[str, str, Mapping[str, Any]]:
    """``(path, method, operation object)`` of ``operation_id`` in the provider's spec.

    Raises:
        KeyError: the spec has no such operation.
    """
    for path, method, op in iter_operations(provider_spec(provider)):
        if op.get("operationId") == operation_id:
            return path, method, op
    raise KeyError(f"{provider}: no operation {operation_id!r} in specs/{provider}.yaml")


def operation_module(provider: str, operation_id: str) -> types.ModuleType:
    """Import the generated module of one operation."""
    _, _, op = operation(provider, operation_id)
    tag = snake((op.get("tags") or ["default"])[0])
    return importlib.import_module(f"{provider}_client.api.{tag}.{snake(operation_id)}")


def body_types(module: types.ModuleType) -> tuple[type, ...]:
    """The model classes the operation accepts as ``body`` (one per ``oneOf`` variant)."""
    hint = typing.get_type_hints(module._get_kwargs).get("body")
    if hint is None:
        return ()
    args = (
        typing.get_args(hint) if typing.get_origin(hint) in (typing.Union, types.UnionType) else ()
    )
    return tuple(a for a in (args or (hint,)) if isinstance(a, type) and hasattr(a, "from_dict"))


def parse_body(module: types.ModuleType, body: Any) -> Any:
    """Build the request-body model for ``body`` the way a user would.

    Tries each ``oneOf`` variant in the generator's order and returns the first
    that accepts the dict.

    Raises:
        ValueError: no variant accepts it (the message lists each variant's error).
    """
    errors: list[str] = []
    for cls in body_types(module):
        try:
            return cls.from_dict(body)  # type: ignore[attr-defined]
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            errors.append(f"{cls.__name__}: {exc!r}")
    raise ValueError("no request-body variant accepts the body: " + "; ".join(errors))


def parse_response(module: types.ModuleType, status_code: int, body: Any) -> Any:
    """Parse a JSON response the way the generated ``sync`` function would.

    Returns the parsed model, or ``None`` for an undocumented status.
    """
    from importlib import import_module

    client_mod = import_module(module.__name__.split(".", 1)[0] + ".client")
    client = client_mod.Client(base_url="http://mock.invalid")
    response = httpx.Response(status_code, json=body)
    return module._parse_response(client=client, response=response)
