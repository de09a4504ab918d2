"""Recorded request/response fixtures: loading, checking against the specs, saving.

A fixture is one JSON file,
``contracts/fixtures/<provider>/<operation>-<status>-<short-name>.json``, holding one
HTTP exchange with a provider (``kind: exchange``) or one webhook the provider sends
(``kind: callback``), transcribed from the provider's documentation
(``recorded: docs``) or recorded from the live API (``recorded: live``). The format is
documented in ``contracts/fixtures/README.md`` and checked by :data:`FIXTURE_SCHEMA`.

:func:`check_fixture` proves that a fixture, the spec and the generated client agree:

* the request matches its operation (method, path template, required and declared
  parameters) and its body validates against the operation's request-body schema;
  a fixture with ``request_valid: false`` records a request the provider rejects, and
  then the spec must reject the body too;
* the response status is declared by the operation and the body validates against the
  schema of that status;
* a callback's body validates against the create operation's ``callbacks`` schema and
  the receiver's answer is a declared callback response;
* request bodies parse with the generated body model and round-trip; response bodies
  parse with the generated client; callback bodies parse with the generated model of
  the callback schema;
* no header, query or body value looks like a credential other than ``YOUR_API_KEY``;
* the file is named ``<operation>-<status>-<short-name>.json`` after its content, and a
  fixture transcribed from the docs cites the ``url`` of one of the spec's ``info.x-sources``.

Every problem names the fixture file and the JSON path, e.g.
``contracts/fixtures/apixo/get_task-200-success.json: response.body: $.data.state: 5 is
not valid under any of the given schemas``.

:func:`save_fixture` writes a fixture with its credentials redacted (used by the live
recorder).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import importlib
import json
import os
import re
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping
from functools import cache
from pathlib import Path
from typing import Any, Literal, cast

from jsonschema import Draft202012Validator, FormatChecker, ValidationError
from jsonschema.protocols import Validator
from jsonschema.validators import extend
from openapi_schema_validator import OAS31Validator, oas31_format_checker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from contracts.clients import operation_module, parse_body, parse_response
from contracts.spec import HTTP_METHODS, SPEC_URI, iter_operations, pointer, provider_spec

FIXTURES_DIR = Path(__file__).resolve().parent / "fixtures"
"""Where the fixtures live: one directory per provider key."""

REPO_ROOT = FIXTURES_DIR.parent.parent

PLACEHOLDER_KEY = "YOUR_API_KEY"
"""The only credential a fixture may contain."""

Kind = Literal["exchange", "callback"]
Report = Callable[[str, str], None]
"""Receives ``(where, what)`` for each problem found."""
Recorded = Literal["docs", "live"]

FIXTURE_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "soravideo contract fixture",
    "type": "object",
    "additionalProperties": False,
    "required": [
        "operation",
        "kind",
        "source",
        "recorded",
        "date",
        "notes",
        "request",
        "response",
    ],
    "properties": {
        "operation": {"type": "string", "pattern": "^[a-z][a-z0-9_]*$"},
        "kind": {"enum": ["exchange", "callback"]},
        "source": {"type": "string", "pattern": "^https?://"},
        "recorded": {"enum": ["docs", "live"]},
        "date": {"type": "string", "format": "date"},
        "notes": {"type": "string"},
        "request_valid": {"type": "boolean"},
        "xfail_reason": {"type": "string", "minLength": 1},
        "request": {
            "type": "object",
            "additionalProperties": False,
            "required": ["method", "path", "query", "headers", "body"],
            "properties": {
                "method": {"enum": [m.upper() for m in HTTP_METHODS]},
                "path": {"type": "string", "pattern": "^/"},
                "query": {"type": "object", "additionalProperties": {"type": "string"}},
                "headers": {"type": "object", "additionalProperties": {"type": "string"}},
                "body": {},
            },
        },
        "response": {
            "type": "object",
            "additionalProperties": False,
            "required": ["status_code", "headers", "body"],
            "properties": {
                "status_code": {"type": "integer", "minimum": 100, "maximum": 599},
                "headers": {"type": "object", "additionalProperties": {"type": "string"}},
                "body": {},
            },
        },
    },
}
"""JSON Schema of a fixture file (see ``contracts/fixtures/README.md``)."""

_NAME_RE = re.compile(
    r"^(?P<operation>[a-z][a-z0-9_]*)-(?P<status>[1-5][0-9]{2})-[a-z0-9][a-z0-9-]*$"
)


class FixtureError(ValueError):
    """A fixture file that cannot be loaded (not JSON, or not in the fixture format)."""


@dataclasses.dataclass(frozen=True)
class FixtureRequest:
    """The request half of a fixture (for a callback: what the provider POSTs)."""

    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    body: Any


@dataclasses.dataclass(frozen=True)
class FixtureResponse:
    """The response half of a fixture (for a callback: what the receiver answers)."""

    status_code: int
    headers: dict[str, str]
    body: Any


@dataclasses.dataclass(frozen=True)
class Fixture:
    """One recorded exchange or callback, as stored in a fixture file.

    ``name`` is the file name without ``.json``; ``path`` is the file it was loaded
    from (``None`` for a fixture not saved yet).
    """

    name: str
    path: Path | None
    provider: str
    operation: str
    kind: Kind
    source: str
    recorded: Recorded
    date: str
    notes: str
    request: FixtureRequest
    response: FixtureResponse
    request_valid: bool = True
    xfail_reason: str | None = None

    def to_json(self) -> dict[str, Any]:
        """The fixture as stored on disk (everything but ``name``, ``path``, ``provider``)."""
        data: dict[str, Any] = {
            "operation": self.operation,
            "kind": self.kind,
            "source": self.source,
            "recorded": self.recorded,
            "date": self.date,
            "notes": self.notes,
        }
        if not self.request_valid:
            data["request_valid"] = False
        if self.xfail_reason is not None:
            data["xfail_reason"] = self.xfail_reason
        data["request"] = dataclasses.asdict(self.request)
        data["response"] = dataclasses.asdict(self.response)
        return data

    @classmethod
    def from_json(cls, data: Any, *, name: str, provider: str, path: Path | None = None) -> Fixture:
        """Build a fixture from its JSON form.

        Raises:
            FixtureError: ``data`` is not in the fixture format; the message names the
                file and the JSON path of every problem.
        """
        where = _display(path, provider, name)
        errors = sorted(
            _FIXTURE_VALIDATOR.iter_errors(data), key=lambda e: [str(p) for p in e.absolute_path]
        )
        if errors:
            raise FixtureError("\n".join(f"{where}: {e.json_path}: {_message(e)}" for e in errors))
        req, resp = data["request"], data["response"]
        return cls(
            name=name,
            path=path,
            provider=provider,
            operation=data["operation"],
            kind=data["kind"],
            source=data["source"],
            recorded=data["recorded"],
            date=data["date"],
            notes=data["notes"],
            request=FixtureRequest(
                method=req["method"],
                path=req["path"],
                query=dict(req["query"]),
                headers=dict(req["headers"]),
                body=req["body"],
            ),
            response=FixtureResponse(
                status_code=resp["status_code"],
                headers=dict(resp["headers"]),
                body=resp["body"],
            ),
            request_valid=data.get("request_valid", True),
            xfail_reason=data.get("xfail_reason"),
        )


_FIXTURE_VALIDATOR = Draft202012Validator(FIXTURE_SCHEMA, format_checker=FormatChecker())


# --------------------------------------------------------------------------- loading


def fixture_files(provider: str | None = None, root: Path = FIXTURES_DIR) -> list[Path]:
    """The fixture files under ``root`` (of one provider, or of all), sorted."""
    pattern = f"{provider}/*.json" if provider else "*/*.json"
    return sorted(root.glob(pattern))


def load_fixture(path: Path, provider: str | None = None) -> Fixture:
    """Load one fixture file; the provider defaults to the name of its directory.

    Raises:
        FixtureError: the file is not JSON or not in the fixture format.
    """
    provider = provider or path.parent.name
    where = _display(path, provider, path.stem)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise FixtureError(f"{where}: $: not a readable JSON file ({exc})") from exc
    return Fixture.from_json(data, name=path.stem, provider=provider, path=path)


def load_fixtures(provider: str | None = None, root: Path = FIXTURES_DIR) -> list[Fixture]:
    """Load every fixture of ``provider`` (or of every provider), sorted by file.

    Raises:
        FixtureError: a file is not JSON or not in the fixture format.
    """
    return [load_fixture(path) for path in fixture_files(provider, root)]


# --------------------------------------------------------------------------- checking


def check_fixture(fx: Fixture) -> list[str]:
    """Every disagreement between the fixture, its provider's spec and generated client.

    Returns an empty list when the fixture is consistent; each problem is one string
    ``"<fixture file>: <where>: <what>"``, where ``<where>`` is a field of the fixture
    (``request.path``) or a JSON path inside a body (``response.body: $.data.state``).
    """
    where = _display(fx.path, fx.provider, fx.name)
    problems: list[str] = []

    def report(at: str, what: str) -> None:
        problems.append(f"{where}: {at}: {what}")

    try:
        spec = provider_spec(fx.provider)
    except OSError:
        report("provider", f"no spec specs/{fx.provider}.yaml for provider {fx.provider!r}")
        return problems

    _check_name(fx, report)
    registry = (spec.get("info") or {}).get("x-sources") or []
    sources = [entry.get("url") if isinstance(entry, dict) else entry for entry in registry]
    if fx.recorded == "docs" and fx.source not in sources:
        report("source", f"{fx.source!r} is not one of specs/{fx.provider}.yaml info.x-sources")
    found = _find_operation(spec, fx.operation)
    if found is None:
        report("operation", f"no operation {fx.operation!r} in specs/{fx.provider}.yaml")
    else:
        path_template, method = found
        op_ptr = pointer("paths", path_template, method)
        if fx.kind == "exchange":
            _check_request(spec, fx, path_template, method, op_ptr, report)
            _check_response(spec, fx, op_ptr, report)
        else:
            _check_callback(spec, fx, op_ptr, report)
    _check_secrets(fx, report)
    return problems


def _check_name(fx: Fixture, report: Report) -> None:
    match = _NAME_RE.match(fx.name)
    if match is None:
        report("name", f"{fx.name!r} is not <operation>-<status>-<short-name>")
        return
    if match["operation"] != fx.operation:
        report("operation", f"{fx.operation!r} differs from the file name's {match['operation']!r}")
    if int(match["status"]) != fx.response.status_code:
        report(
            "response.status_code",
            f"{fx.response.status_code} differs from the file name's {match['status']}",
        )


def _find_operation(spec: Mapping[str, Any], operation_id: str) -> tuple[str, str] | None:
    for path, method, op in iter_operations(spec):
        if op.get("operationId") == operation_id:
            return path, method
    return None


def _check_request(
    spec: Mapping[str, Any],
    fx: Fixture,
    path_template: str,
    method: str,
    op_ptr: str,
    report: Report,
) -> None:
    req = fx.request
    if req.method.lower() != method:
        report(
            "request.method",
            f"{req.method!r} is not the method of {fx.operation} ({method.upper()})",
        )
    params = _parameters(spec, path_template, method)
    path_values = _match_path(path_template, req.path)
    if path_values is None:
        report(
            "request.path",
            f"{req.path!r} does not match the path template {path_template!r} of {fx.operation}",
        )
    else:
        for name, value in path_values.items():
            if ("path", name) in params:
                at = f"request.path {{{name}}}"
                _check_param(fx.provider, spec, params[("path", name)], value, at, report)
    declared_query = {name for (where, name) in params if where == "query"}
    for name in sorted(set(req.query) - declared_query):
        report(f"request.query.{name}", f"not a query parameter of {fx.operation}")
    headers = {k.lower(): v for k, v in req.headers.items()}
    for (where, name), (param_ptr, param) in sorted(params.items()):
        if where == "query":
            if name in req.query:
                at = f"request.query.{name}"
                _check_param(fx.provider, spec, (param_ptr, param), req.query[name], at, report)
            elif param.get("required"):
                report("request.query", f"required query parameter {name!r} is missing")
        elif where == "header" and param.get("required") and name.lower() not in headers:
            report("request.headers", f"required header {name!r} is missing")

    body_ptr, body_node = _follow(spec, f"{op_ptr}/requestBody")
    if body_node is None:
        if req.body is not None:
            report("request.body", f"{fx.operation} takes no request body")
        return
    if req.body is None:
        if body_node.get("required"):
            report("request.body", f"missing; {fx.operation} requires a request body")
        return
    schema_ptr = _json_schema_pointer(spec, body_ptr)
    if schema_ptr is None:
        report("request.body", f"{fx.operation} declares no JSON request body")
        return
    errors = _schema_errors(fx.provider, schema_ptr, req.body)
    if not fx.request_valid:
        if not errors:
            report(
                "request.body",
                "the fixture says request_valid false, but the spec accepts this body",
            )
        return
    for error in errors:
        report(f"request.body: {error.json_path}", _message(error))
    if not errors:
        _check_body_model(fx, report)


def _check_body_model(fx: Fixture, report: Report) -> None:
    try:
        module = operation_module(fx.provider, fx.operation)
        model = parse_body(module, fx.request.body)
    except (ImportError, ValueError, KeyError, TypeError, AttributeError) as exc:
        report("request.body", f"the generated client does not accept the body: {exc}")
        return
    try:
        again = model.to_dict()
    except (TypeError, ValueError, AttributeError) as exc:
        report("request.body", f"{type(model).__name__}.to_dict() failed: {exc!r}")
        return
    if _normalized(again) != _normalized(fx.request.body):
        report(
            "request.body",
            f"does not round-trip through {type(model).__name__}: "
            f"to_dict() gives {json.dumps(again, sort_keys=True)}",
        )


def _check_response(spec: Mapping[str, Any], fx: Fixture, op_ptr: str, report: Report) -> None:
    status = fx.response.status_code
    key = _status_key(spec, op_ptr, status)
    if key is None:
        report(
            "response.status_code",
            f"{status} is not a documented response of {fx.operation}",
        )
        return
    if not _check_response_body(spec, fx, f"{op_ptr}/responses/{key}", report):
        return
    if fx.response.body is None:
        return
    try:
        module = operation_module(fx.provider, fx.operation)
        parsed = parse_response(module, status, fx.response.body)
    except (ImportError, ValueError, KeyError, TypeError, AttributeError) as exc:
        report("response.body", f"the generated client cannot parse it: {exc!r}")
        return
    if parsed is None:
        report("response.body", f"the generated client parses status {status} to None")


def _check_response_body(
    spec: Mapping[str, Any], fx: Fixture, response_ptr: str, report: Report
) -> bool:
    """Validate ``fx.response.body`` against the response at ``response_ptr``; True if valid."""
    resolved_ptr, _ = _follow(spec, response_ptr)
    schema_ptr = _json_schema_pointer(spec, resolved_ptr)
    body = fx.response.body
    if schema_ptr is None:
        if body is not None:
            report("response.body", f"status {fx.response.status_code} declares no JSON body")
            return False
        return True
    if body is None:
        report("response.body", f"missing; status {fx.response.status_code} declares a JSON body")
        return False
    errors = _schema_errors(fx.provider, schema_ptr, body)
    for error in errors:
        report(f"response.body: {error.json_path}", _message(error))
    return not errors


def _check_callback(spec: Mapping[str, Any], fx: Fixture, op_ptr: str, report: Report) -> None:
    method = fx.request.method.lower()
    candidates: list[str] = []
    _, callbacks = _follow(spec, f"{op_ptr}/callbacks")
    for cb_name in callbacks or {}:
        cb_ptr, callback = _follow(spec, pointer(*_parts(op_ptr), "callbacks", cb_name))
        for expression in callback or {}:
            item_ptr, item = _follow(spec, f"{cb_ptr}{pointer(expression)}")
            if isinstance(item, Mapping) and method in item:
                candidates.append(f"{item_ptr}{pointer(method)}")
    if not candidates:
        report(
            "request.method",
            f"{fx.operation} documents no callback sent with {fx.request.method}",
        )
        return
    cb_op_ptr = candidates[0]
    body_ptr, _ = _follow(spec, f"{cb_op_ptr}/requestBody")
    schema_ptr = _json_schema_pointer(spec, body_ptr)
    if schema_ptr is None:
        report("request.body", "the callback declares no JSON body")
    elif fx.request.body is None:
        report("request.body", "missing; the callback declares a JSON body")
    else:
        errors = _schema_errors(fx.provider, schema_ptr, fx.request.body)
        for error in errors:
            report(f"request.body: {error.json_path}", _message(error))
        if not errors:
            _check_callback_model(spec, fx, schema_ptr, report)
    key = _status_key(spec, cb_op_ptr, fx.response.status_code)
    if key is None:
        report(
            "response.status_code",
            f"{fx.response.status_code} is not a documented answer to {fx.operation}'s callback",
        )
        return
    _check_response_body(spec, fx, f"{cb_op_ptr}/responses/{key}", report)


def _check_callback_model(
    spec: Mapping[str, Any], fx: Fixture, schema_ptr: str, report: Report
) -> None:
    cls = _callback_model(spec, fx.provider, schema_ptr)
    if cls is None:
        report("request.body", f"no generated model for the callback schema at {schema_ptr}")
        return
    try:
        parsed = cls.from_dict(fx.request.body)
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        report("request.body", f"{cls.__name__}.from_dict() failed: {exc!r}")
        return
    if parsed is None:
        report("request.body", f"{cls.__name__}.from_dict() returned None")


def _callback_model(spec: Mapping[str, Any], provider: str, schema_ptr: str) -> Any:
    """The generated model class of the component at (or referenced from) ``schema_ptr``.

    Follows ``$ref`` and one-element ``allOf`` chains until a component that has a
    generated class (``<provider>_client.models.<Name>``).
    """
    models = importlib.import_module(f"{provider}_client.models")
    seen: set[str] = set()
    at: str | None = schema_ptr
    while at is not None and at not in seen:
        seen.add(at)
        node = _at(spec, at)
        prefix = "/components/schemas/"
        if at.startswith(prefix) and "/" not in at[len(prefix) :]:
            cls = getattr(models, at[len(prefix) :], None)
            if cls is not None:
                return cls
        at = None
        if isinstance(node, Mapping):
            ref = node.get("$ref")
            all_of = node.get("allOf")
            if isinstance(ref, str) and ref.startswith("#/"):
                at = ref[1:]
            elif isinstance(all_of, list) and len(all_of) == 1:
                inner = all_of[0]
                if isinstance(inner, Mapping) and str(inner.get("$ref", "")).startswith("#/"):
                    at = str(inner["$ref"])[1:]
    return None


# ---------------------------------------------------------------------------- secrets

_SECRET_HEADERS = frozenset(
    {"authorization", "proxy-authorization", "x-api-key", "api-key", "apikey", "x-auth-token"}
)
_SECRET_KEYS = re.compile(
    r"^(api[_-]?key|apikey|access[_-]?token|auth[_-]?token|secret|client[_-]?secret|password|token)$",
    re.IGNORECASE,
)
_SECRET_VALUES = (
    re.compile(r"\bsk-[A-Za-z0-9_-]{12,}"),
    re.compile(r"\bBearer\s+(?!YOUR_API_KEY\b)[A-Za-z0-9._~+/=-]{8,}"),
    re.compile(r"\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\."),
    re.compile(r"\b(?:AKIA|ASIA)[0-9A-Z]{16}\b"),
    re.compile(r"\b(?:ghp|gho|ghs|github_pat)_[A-Za-z0-9_]{20,}"),
    re.compile(r"\bxox[abpr]-[A-Za-z0-9-]{10,}"),
)


def _allowed_credential(value: str) -> bool:
    return value in (PLACEHOLDER_KEY, f"Bearer {PLACEHOLDER_KEY}")


def _check_secrets(fx: Fixture, report: Report) -> None:
    for part, headers in (("request", fx.request.headers), ("response", fx.response.headers)):
        for name, value in headers.items():
            if name.lower() in _SECRET_HEADERS and not _allowed_credential(value):
                report(f"{part}.headers.{name}", f"credential other than {PLACEHOLDER_KEY}")
            elif _looks_secret(value):
                report(f"{part}.headers.{name}", "value looks like a credential")
    if _looks_secret(fx.request.path):
        report("request.path", "value looks like a credential")
    for name, value in fx.request.query.items():
        if (_SECRET_KEYS.match(name) and not _allowed_credential(value)) or _looks_secret(value):
            report(f"request.query.{name}", "value looks like a credential")
    for part, body in (("request.body", fx.request.body), ("response.body", fx.response.body)):
        for json_path, key, value in _walk_strings(body):
            if (key is not None and _SECRET_KEYS.match(key) and not _allowed_credential(value)) or (
                _looks_secret(value)
            ):
                report(f"{part}: {json_path}", "value looks like a credential")


def _looks_secret(value: str) -> bool:
    return any(p.search(value) for p in _SECRET_VALUES)


def _walk_strings(
    node: Any, path: str = "$", key: str | None = None
) -> Iterator[tuple[str, str | None, str]]:
    if isinstance(node, str):
        yield path, key, node
    elif isinstance(node, Mapping):
        for k, v in node.items():
            yield from _walk_strings(v, _json_path_join(path, str(k)), str(k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _walk_strings(v, f"{path}[{i}]", key)


def _json_path_join(path: str, key: str) -> str:
    if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", key):
        return f"{path}.{key}"
    return f"{path}[{json.dumps(key)}]"


# ---------------------------------------------------------------------------- saving


def fixture_name(operation: str, status_code: int, short_name: str) -> str:
    """The conventional fixture name ``<operation>-<status>-<short-name>`` (no ``.json``)."""
    short = re.sub(r"[^a-z0-9]+", "-", short_name.lower()).strip("-") or "exchange"
    return f"{operation}-{status_code}-{short}"


def redact(fx: Fixture, secrets: Iterable[str] = ()) -> Fixture:
    """A copy of ``fx`` with credentials replaced by ``YOUR_API_KEY``.

    Credential headers (``Authorization`` and the like) become ``Bearer YOUR_API_KEY``
    (or ``YOUR_API_KEY`` when they carried no ``Bearer`` scheme), and every occurrence
    of each string in ``secrets`` anywhere in the fixture is replaced.
    """
    secret_list = sorted({s for s in secrets if s}, key=len, reverse=True)

    def scrub(value: Any) -> Any:
        if isinstance(value, str):
            for secret in secret_list:
                value = value.replace(secret, PLACEHOLDER_KEY)
            return value
        if isinstance(value, Mapping):
            return {scrub(k): scrub(v) for k, v in value.items()}
        if isinstance(value, list):
            return [scrub(v) for v in value]
        return value

    def scrub_headers(headers: Mapping[str, str]) -> dict[str, str]:
        out: dict[str, str] = {}
        for name, value in headers.items():
            if name.lower() in _SECRET_HEADERS:
                bearer = value.lower().startswith("bearer ")
                out[name] = f"Bearer {PLACEHOLDER_KEY}" if bearer else PLACEHOLDER_KEY
            else:
                out[name] = cast(str, scrub(value))
        return out

    request = FixtureRequest(
        method=fx.request.method,
        path=cast(str, scrub(fx.request.path)),
        query=cast(dict[str, str], scrub(fx.request.query)),
        headers=scrub_headers(fx.request.headers),
        body=scrub(fx.request.body),
    )
    response = FixtureResponse(
        status_code=fx.response.status_code,
        headers=scrub_headers(fx.response.headers),
        body=scrub(fx.response.body),
    )
    return dataclasses.replace(
        fx,
        notes=cast(str, scrub(fx.notes)),
        source=cast(str, scrub(fx.source)),
        request=request,
        response=response,
    )


def save_fixture(
    provider: str,
    fx: Fixture,
    *,
    secrets: Iterable[str] = (),
    root: Path = FIXTURES_DIR,
) -> Path:
    """Write ``fx`` to ``<root>/<provider>/<fx.name>.json`` with credentials redacted.

    See :func:`redact` for what is replaced; ``secrets`` are the real API keys used
    while recording. The file is written atomically (a temporary file renamed into
    place) and its path is returned.
    """
    clean = redact(fx, secrets)
    directory = root / provider
    directory.mkdir(parents=True, exist_ok=True)
    target = directory / f"{fx.name}.json"
    text = json.dumps(clean.to_json(), indent=2, ensure_ascii=False) + "\n"
    fd, tmp = tempfile.mkstemp(dir=directory, prefix=f".{fx.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        Path(tmp).replace(target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target


# ---------------------------------------------------------------------------- helpers


def _display(path: Path | None, provider: str, name: str) -> str:
    """How a problem names the fixture file: relative to the repository when inside it."""
    if path is None:
        return f"<unsaved {provider}/{name}.json>"
    try:
        return path.resolve().relative_to(REPO_ROOT).as_posix()
    except ValueError:
        return str(path)


def _message(error: ValidationError) -> str:
    """The error's message, shortened, with the closest ``oneOf``/``anyOf`` branch's errors."""
    message = error.message
    if isinstance(error.instance, dict | list):
        kind = "the object" if isinstance(error.instance, dict) else "the array"
        message = message.replace(repr(error.instance), kind)
    if len(message) > 300:
        message = message[:297] + "..."
    if error.context:
        branches: dict[Any, list[ValidationError]] = {}
        for sub in error.context:
            branches.setdefault(sub.schema_path[0] if sub.schema_path else None, []).append(sub)
        closest = min(
            branches.values(),
            key=lambda errs: (len(errs), -max(len(e.absolute_path) for e in errs)),
        )
        detail = "; ".join(f"{e.json_path}: {_message(e)}" for e in closest)
        message += f" (closest branch: {detail})"
    return message


def _parts(ptr: str) -> list[str]:
    return (
        [p.replace("~1", "/").replace("~0", "~") for p in ptr.lstrip("/").split("/")] if ptr else []
    )


def _at(spec: Mapping[str, Any], ptr: str) -> Any:
    node: Any = spec
    for part in _parts(ptr):
        if isinstance(node, Mapping) and part in node:
            node = node[part]
        elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        else:
            return None
    return node


def _follow(spec: Mapping[str, Any], ptr: str) -> tuple[str, Any]:
    """``(pointer, node)`` at ``ptr``, after following local ``$ref`` chains."""
    seen: set[str] = set()
    node = _at(spec, ptr)
    while isinstance(node, Mapping) and isinstance(node.get("$ref"), str) and ptr not in seen:
        seen.add(ptr)
        ref = str(node["$ref"])
        if not ref.startswith("#/"):
            break
        ptr = ref[1:]
        node = _at(spec, ptr)
    return ptr, node


def _json_schema_pointer(spec: Mapping[str, Any], holder_ptr: str) -> str | None:
    """Pointer of the JSON media type's schema of a request body or response."""
    content = _at(spec, f"{holder_ptr}/content")
    if not isinstance(content, Mapping):
        return None
    for media_type, media in content.items():
        is_json = media_type.split(";")[0].strip().endswith("json")
        if is_json and isinstance(media, Mapping) and "schema" in media:
            return f"{holder_ptr}/content{pointer(media_type)}/schema"
    return None


def _status_key(spec: Mapping[str, Any], op_ptr: str, status: int) -> str | None:
    """The key of ``responses`` that documents ``status`` (exact, ``NXX`` range, default)."""
    responses = _at(spec, f"{op_ptr}/responses")
    if not isinstance(responses, Mapping):
        return None
    for key in (str(status), f"{str(status)[0]}XX", f"{str(status)[0]}xx", "default"):
        if key in responses:
            return key
    return None


def _parameters(
    spec: Mapping[str, Any], path_template: str, method: str
) -> dict[tuple[str, str], tuple[str, Mapping[str, Any]]]:
    """``{(in, name): (pointer, parameter)}`` of an operation, path-item level included."""
    found: dict[tuple[str, str], tuple[str, Mapping[str, Any]]] = {}
    for level in (pointer("paths", path_template), pointer("paths", path_template, method)):
        for i, _ in enumerate(_at(spec, f"{level}/parameters") or []):
            param_ptr, param = _follow(spec, f"{level}/parameters/{i}")
            if isinstance(param, Mapping) and "in" in param and "name" in param:
                found[(str(param["in"]), str(param["name"]))] = (param_ptr, param)
    return found


def _match_path(template: str, path: str) -> dict[str, str] | None:
    names: list[str] = []

    def group(match: re.Match[str]) -> str:
        names.append(match[1])
        return "([^/]+)"

    regex = re.sub(r"\\\{([^}]+)\\\}", group, re.escape(template))
    match = re.fullmatch(regex, path)
    if match is None:
        return None
    return dict(zip(names, match.groups(), strict=True))


def _check_param(
    provider: str,
    spec: Mapping[str, Any],
    param: tuple[str, Mapping[str, Any]],
    value: str,
    at: str,
    report: Report,
) -> None:
    param_ptr, node = param
    if "schema" not in node:
        return
    schema_ptr = f"{param_ptr}/schema"
    _, schema = _follow(spec, schema_ptr)
    instance: Any = value
    kind = schema.get("type") if isinstance(schema, Mapping) else None
    try:
        if kind == "integer":
            instance = int(value)
        elif kind == "number":
            instance = float(value)
        elif kind == "boolean" and value in ("true", "false"):
            instance = value == "true"
    except ValueError:
        pass
    for error in _schema_errors(provider, schema_ptr, instance):
        report(at, _message(error))


def _content_schema(
    validator: Any, content_schema: Any, instance: Any, schema: Mapping[str, Any]
) -> Iterator[ValidationError]:
    """Assert ``contentSchema`` for JSON-encoded strings (an annotation in plain 2020-12)."""
    if not isinstance(instance, str):
        return
    media = str(schema.get("contentMediaType", "")).split(";")[0].strip()
    if not media.endswith("json"):
        return
    try:
        decoded = json.loads(instance)
    except ValueError as exc:
        yield ValidationError(f"{instance!r} is not valid {media} ({exc})")
        return
    yield from validator.descend(decoded, content_schema, schema_path="contentSchema")


_FixtureValidator: Any = extend(  # type: ignore[no-untyped-call]
    OAS31Validator, {"contentSchema": _content_schema}
)


def _is_uri(value: object) -> bool:
    """A minimal RFC 3986 absolute-URI check (``rfc3987`` is not a dependency)."""
    if not isinstance(value, str):
        return True
    if re.search(r"[\s<>\"{}|\\^`]", value) or not re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", value):
        return False
    scheme, rest = value.split(":", 1)
    if scheme.lower() in ("http", "https"):
        return re.match(r"^//[^/?#]+", rest) is not None
    return bool(rest)


def _format_checker() -> FormatChecker:
    checker = FormatChecker(formats=())
    checker.checkers = dict(oas31_format_checker.checkers)
    checker.checks("uri")(_is_uri)
    return checker


_FORMAT_CHECKER = _format_checker()


@cache
def _registry(provider: str) -> Registry[Any]:
    spec = provider_spec(provider)
    registry: Registry[Any] = Registry().with_resource(
        SPEC_URI, Resource.from_contents(dict(spec), default_specification=DRAFT202012)
    )
    return registry


@cache
def _validator(provider: str, schema_ptr: str) -> Validator:
    return cast(
        Validator,
        _FixtureValidator(
            {"$ref": f"{SPEC_URI}#{schema_ptr}"},
            registry=_registry(provider),
            format_checker=_FORMAT_CHECKER,
        ),
    )


def _schema_errors(provider: str, schema_ptr: str, instance: Any) -> list[ValidationError]:
    """Every error of ``instance`` against the spec schema at ``schema_ptr``, by path."""
    errors = list(_validator(provider, schema_ptr).iter_errors(instance))
    return sorted(errors, key=lambda e: ([str(p) for p in e.absolute_path], e.message))


_ISO_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")


def _normalized(value: Any) -> Any:
    """Compare date-times as instants: the models re-serialize ``Z`` as ``+00:00``."""
    if isinstance(value, Mapping):
        return {k: _normalized(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_normalized(v) for v in value]
    if isinstance(value, str) and _ISO_DATETIME.match(value):
        try:
            return dt.datetime.fromisoformat(value)
        except ValueError:
            return value
    return value
