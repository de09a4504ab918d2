"""Spec-driven request handling for the mocks: routing table, validation, defaults."""

from __future__ import annotations

import copy
import json
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from jsonschema.exceptions import ValidationError

from soravideo import _spec

_LOOPBACK_HTTP = re.compile(r"^http://(localhost|127(?:\.\d{1,3}){3}|\[::1\])(?::\d+)?(?:[/?#]|$)")


def escape(part: str) -> str:
    """Encode one RFC 6901 pointer segment."""
    return part.replace("~", "~0").replace("/", "~1")


def is_loopback_http(url: str) -> bool:
    """Whether ``url`` is a plain-HTTP URL on a loopback host (mock-mode callbacks)."""
    return bool(_LOOPBACK_HTTP.match(url))


@dataclass(frozen=True)
class Param:
    """One path or query parameter of an operation and its schema's JSON pointer."""

    name: str
    location: str
    required: bool
    pointer: str


@dataclass
class Operation:
    """One spec operation as the mock routes it."""

    provider: str
    operation_id: str
    path: str
    method: str
    regex: re.Pattern[str]
    params: list[Param] = field(default_factory=list)
    body_pointer: str | None = None
    body_required: bool = False
    callback_pointers: list[str] = field(default_factory=list)

    @property
    def templated(self) -> bool:
        """Whether the path has ``{parameters}``."""
        return "{" in self.path


def _path_regex(path: str) -> re.Pattern[str]:
    out = ""
    for piece in re.split(r"(\{[^}]+\})", path):
        if piece.startswith("{") and piece.endswith("}"):
            out += f"(?P<{piece[1:-1]}>[^/]+)"
        else:
            out += re.escape(piece)
    return re.compile(f"^{out}$")


def operations(provider: str) -> list[Operation]:
    """Every operation of the provider's spec, literal paths before templated ones."""
    spec = _spec.load(provider)
    found: list[Operation] = []
    for path, method, op in _spec.iter_operations(provider):
        base = f"/paths/{escape(path)}/{method}"
        params: list[Param] = []
        raw_params: list[tuple[str, Any]] = []
        item_params = spec["paths"][path].get("parameters", [])
        for i, node in enumerate(item_params):
            raw_params.append((f"/paths/{escape(path)}/parameters/{i}", node))
        for i, node in enumerate(op.get("parameters", [])):
            raw_params.append((f"{base}/parameters/{i}", node))
        for pointer, node in raw_params:
            if isinstance(node, Mapping) and isinstance(node.get("$ref"), str):
                pointer = node["$ref"][1:]
            resolved = _spec.resolve(provider, node)
            params.append(
                Param(
                    name=resolved["name"],
                    location=resolved["in"],
                    required=bool(resolved.get("required", False)),
                    pointer=f"{pointer}/schema",
                )
            )
        body_pointer: str | None = None
        body_required = False
        body = op.get("requestBody")
        if body is not None:
            body_base = f"{base}/requestBody"
            if isinstance(body.get("$ref"), str):
                body_base = body["$ref"][1:]
            resolved_body = _spec.resolve(provider, body)
            if "application/json" in resolved_body.get("content", {}):
                body_pointer = f"{body_base}/content/application~1json/schema"
                body_required = bool(resolved_body.get("required", False))
        callback_pointers: list[str] = []
        for callback in op.get("callbacks", {}).values():
            for expression in _spec.resolve(provider, callback):
                match = re.fullmatch(r"\{\$request\.body#(/[^}]*)\}", expression)
                if match and match.group(1) not in callback_pointers:
                    callback_pointers.append(match.group(1))
        found.append(
            Operation(
                provider=provider,
                operation_id=op["operationId"],
                path=path,
                method=method.upper(),
                regex=_path_regex(path),
                params=params,
                body_pointer=body_pointer,
                body_required=body_required,
                callback_pointers=callback_pointers,
            )
        )
    found.sort(key=lambda o: o.templated)
    return found


def get_pointer(instance: Any, pointer: str) -> Any:
    """The value at JSON ``pointer`` in ``instance``, or None when absent."""
    node = instance
    for part in pointer.lstrip("/").split("/"):
        if not isinstance(node, Mapping):
            return None
        node = node.get(_spec.unescape(part))
    return node


def set_pointer(instance: Any, pointer: str, value: Any) -> None:
    """Set the value at JSON ``pointer`` in ``instance`` (the parents must exist)."""
    parts = [_spec.unescape(p) for p in pointer.lstrip("/").split("/")]
    node = instance
    for part in parts[:-1]:
        node = node[part]
    node[parts[-1]] = value


def relax_loopback_callbacks(body: Any, pointers: Iterable[str]) -> Any:
    """A copy of ``body`` whose loopback ``http://`` callback URLs read ``https://``.

    Used only for validation, so a spec pattern ``^https://`` does not reject the
    local receivers tests use; the original URL is what the mock calls.
    """
    copied = copy.deepcopy(body)
    for pointer in pointers:
        value = get_pointer(copied, pointer)
        if isinstance(value, str) and is_loopback_http(value):
            set_pointer(copied, pointer, "https://" + value[len("http://") :])
    return copied


@dataclass(frozen=True)
class Problem:
    """The one validation problem reported to the client.

    Attributes:
        field: the offending field's name (the leaf key), or "" for the whole body.
        path: dotted location, e.g. ``requestParams.prompt`` (``body`` for the root).
        message: human-readable description.
    """

    field: str
    path: str
    message: str


def _dotted(parts: Iterable[Any]) -> str:
    out = ""
    for part in parts:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _shorten(text: str, limit: int = 200) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _variant_groups(error: ValidationError) -> list[list[ValidationError]]:
    groups: dict[Any, list[ValidationError]] = defaultdict(list)
    for sub in error.context or []:
        key = sub.relative_schema_path[0] if sub.relative_schema_path else 0
        groups[key].append(sub)
    return list(groups.values())


def _pick(errors: list[ValidationError]) -> ValidationError | Problem:
    """The most useful error: descend into oneOf/anyOf, preferring the variant whose tag matched."""
    if not errors:
        raise ValueError("no errors")
    errors = sorted(errors, key=lambda e: -len(e.absolute_path))
    error = errors[0]
    if error.validator in ("oneOf", "anyOf") and error.context:
        groups = _variant_groups(error)
        tagged = [g for g in groups if not any(e.validator == "const" for e in g)]
        if not tagged:
            # every variant rejected its tag: report the allowed tag values.
            consts = [e for g in groups for e in g if e.validator == "const"]
            paths = {tuple(e.absolute_path) for e in consts}
            if len(paths) == 1:
                path = list(consts[0].absolute_path)
                allowed = sorted({str(e.validator_value) for e in consts})
                leaf = str(path[-1]) if path else ""
                return Problem(
                    field=leaf,
                    path=_dotted(path) or "body",
                    message=f"{_dotted(path) or 'body'} must be one of {allowed}",
                )
            tagged = groups
        best = min(tagged, key=len)
        return _pick(best)
    return error


def problem(errors: list[ValidationError], prefix: list[Any] | None = None) -> Problem:
    """Turn validation errors into the single :class:`Problem` the mock reports."""
    picked = _pick(errors)
    if isinstance(picked, Problem):
        return picked
    path = [*(prefix or []), *picked.absolute_path]
    if picked.validator == "required" and isinstance(picked.instance, Mapping):
        required: Any = picked.validator_value
        missing = [p for p in required if p not in picked.instance]
        name = str(missing[0]) if missing else ""
        full = _dotted([*path, name])
        return Problem(field=name, path=full, message=f"{full} is required")
    if picked.validator == "additionalProperties" and isinstance(picked.instance, Mapping):
        schema: Any = picked.schema
        allowed = set(schema.get("properties", {}) if isinstance(schema, Mapping) else {})
        extra = sorted(str(k) for k in picked.instance if k not in allowed)
        name = extra[0] if extra else ""
        full = _dotted([*path, name])
        return Problem(field=name, path=full, message=f"{full} is not an accepted field")
    leaf = next((str(p) for p in reversed(path) if not isinstance(p, int)), "")
    where = _dotted(path) or "body"
    return Problem(field=leaf, path=where, message=_shorten(f"{where}: {picked.message}"))


def validate(
    provider: str, pointer: str, instance: Any, prefix: list[Any] | None = None
) -> Problem | None:
    """Validate ``instance`` against the spec schema at ``pointer``; the problem or None."""
    found = list(_spec.validator(provider, pointer).iter_errors(instance))
    if not found:
        return None
    return problem(found, prefix)


def with_defaults(provider: str, pointer: str, instance: Any) -> Any:
    """A copy of a valid ``instance`` with every spec ``default`` of its schema filled in.

    ``oneOf``/``anyOf`` variants are chosen by validating against each in turn.
    """
    result = copy.deepcopy(instance)
    _fill(provider, pointer, result, depth=0)
    return result


def _schema_at(provider: str, pointer: str) -> Any:
    node: Any = _spec.load(provider)
    for part in pointer.lstrip("/").split("/"):
        node = node[int(part)] if isinstance(node, list) else node[_spec.unescape(part)]
    return node


def _fill(provider: str, pointer: str, instance: Any, depth: int) -> None:
    if depth > 20 or not isinstance(instance, dict):
        return
    node = _schema_at(provider, pointer)
    while isinstance(node, Mapping) and isinstance(node.get("$ref"), str):
        pointer = node["$ref"][1:]
        node = _schema_at(provider, pointer)
    if not isinstance(node, Mapping):
        return
    for key in ("oneOf", "anyOf"):
        for i, _ in enumerate(node.get(key, [])):
            sub = f"{pointer}/{key}/{i}"
            if _spec.validator(provider, sub).is_valid(instance):
                _fill(provider, sub, instance, depth + 1)
                break
    for i, _ in enumerate(node.get("allOf", [])):
        _fill(provider, f"{pointer}/allOf/{i}", instance, depth + 1)
    for name, prop in node.get("properties", {}).items():
        prop_pointer = f"{pointer}/properties/{escape(name)}"
        if name not in instance:
            default = _default(provider, prop)
            if default is not _MISSING:
                instance[name] = copy.deepcopy(default)
        elif isinstance(instance[name], dict):
            _fill(provider, prop_pointer, instance[name], depth + 1)


_MISSING = object()


def _default(provider: str, node: Any) -> Any:
    seen = 0
    while isinstance(node, Mapping) and seen < 20:
        if "default" in node:
            return node["default"]
        if not isinstance(node.get("$ref"), str):
            break
        node = _spec.resolve(provider, {"$ref": node["$ref"]})
        seen += 1
    return _MISSING


@cache
def header_rule(
    provider: str, operation_id: str, extension: str
) -> tuple[str, Mapping[str, Any]] | None:
    """The operation's header parameter carrying ``extension`` (``x-idempotency-ttl``,
    ``x-max-wait``): ``(header name, the extension's mapping)``, or None."""
    if not _spec.has_operation(provider, operation_id):
        return None
    _, _, op = _spec.operation(provider, operation_id)
    for param in op.get("parameters", []):
        resolved = _spec.resolve(provider, param)
        value = resolved.get(extension) if isinstance(resolved, Mapping) else None
        if resolved.get("in") == "header" and isinstance(value, Mapping):
            return str(resolved["name"]), value
    return None


def match(
    operations: Iterable[Operation], method: str, path: str
) -> tuple[Operation | None, dict[str, str], set[str]]:
    """The operation serving ``method path``, its path parameters, and the path's methods.

    OpenAPI path matching: a concrete path wins over a templated one, so the URL
    belongs to the first path item that matches (``operations`` sorted concrete
    first, as :func:`operations` returns them); only that item's methods are
    allowed. No match: ``(None, {}, allowed methods of the matched path or empty)``.
    """
    allowed: set[str] = set()
    item: str | None = None
    for op in operations:
        found = op.regex.match(path)
        if found is None or (item is not None and op.path != item):
            continue
        item = op.path
        if op.method == method.upper():
            return op, found.groupdict(), allowed
        allowed.add(op.method)
    return None, {}, allowed


@dataclass(frozen=True)
class RequestCheck:
    """The verdict on one request's parameters and JSON body (see :func:`check_request`).

    Attributes:
        values: the path and query parameter values that were present, by name.
        body: the decoded JSON body (None when absent).
        problem: the first violation, or None when the request is valid.
        param: the parameter ``problem`` is about ("" for the body).
        missing: ``param`` is required and absent (else its value is invalid).
    """

    values: dict[str, str]
    body: Any
    problem: Problem | None
    param: str = ""
    missing: bool = False


def check_request(
    op: Operation,
    path_params: Mapping[str, str],
    query: Mapping[str, str],
    raw: bytes,
    *,
    relax_loopback: bool = False,
) -> RequestCheck:
    """Validate a request to ``op`` against the spec: path/query parameters, then the body.

    ``raw`` is the body as sent. ``relax_loopback``: loopback ``http://`` callback
    URLs pass a spec pattern demanding ``https://`` (mock mode). The first problem
    wins; its ``path`` is dotted (``requestParams.prompt``, ``body`` for the root).
    """
    values: dict[str, str] = {}
    for param in op.params:
        if param.location == "path":
            value: str | None = path_params.get(param.name)
        elif param.location == "query":
            value = query.get(param.name)
        else:
            continue
        if value is None:
            if param.required:
                missing = Problem(param.name, param.name, f"{param.name} is required")
                return RequestCheck(values, None, missing, param.name, missing=True)
            continue
        found = validate(op.provider, param.pointer, value, [param.name])
        if found is not None:
            return RequestCheck(values, None, found, param.name)
        values[param.name] = value
    body: Any = None
    if op.body_pointer is None:
        return RequestCheck(values, None, None)
    if not raw.strip():
        if op.body_required:
            return RequestCheck(
                values, None, Problem("body", "body", "A JSON request body is required")
            )
        return RequestCheck(values, None, None)
    try:
        body = json.loads(raw)
    except (ValueError, UnicodeDecodeError, RecursionError):
        return RequestCheck(
            values, None, Problem("body", "body", "The request body is not valid JSON")
        )
    checked = relax_loopback_callbacks(body, op.callback_pointers) if relax_loopback else body
    return RequestCheck(values, body, validate(op.provider, op.body_pointer, checked))
