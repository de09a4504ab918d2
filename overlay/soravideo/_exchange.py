"""One HTTP exchange with a provider, judged against its spec (the proxy's and the plugin's checks).

Nothing here is new validation: requests go through the mock servers' spec checks
(:func:`soravideo.mock._schema.check_request`: operation routing, path and query
parameters, the JSON body schema with formats), responses through the spec's
declared statuses and response schemas (:func:`soravideo._spec.errors`) and then
through the overlay's adapter for the operation (``parse_created`` /
``parse_task`` / ``parse_cancel``), which holds the providers' envelope rules: an
error inside an HTTP 200 (apixo ``code`` != 200, freesoragenerator ``code`` != 0,
firebirdgen ``success: false``) is a legitimate answer, a success envelope
without its ``data`` or with an undecodable ``resultJson`` is not.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from soravideo import _spec
from soravideo.errors import ProviderResponseError, SoraVideoError

Where = Literal["request", "response"]

MAX_RESPONSE_VIOLATIONS = 5
"""At most this many schema errors are reported per response (deepest first)."""


@dataclass(frozen=True)
class Violation:
    """One way an exchange breaks the provider's spec.

    Attributes:
        operation: the spec's ``operationId`` (``""`` when no operation matches).
        where: ``request`` or ``response``.
        path: JSON path of the offending value (``$.requestParams.prompt``,
            ``$.query.taskId``, ``$`` for the whole message).
        message: what is wrong, naming the field.
    """

    operation: str
    where: Where
    path: str
    message: str

    def to_json(self) -> dict[str, str]:
        """``{"operation", "where", "path", "message"}``."""
        return {
            "operation": self.operation,
            "where": self.where,
            "path": self.path,
            "message": self.message,
        }


@dataclass(frozen=True)
class RequestVerdict:
    """What :func:`check_request` found.

    Attributes:
        operation: the matched ``operationId``, or ``""``.
        violations: empty when the request is what the spec allows.
        field: the offending field's name (for the provider's error body), or "".
        body: the decoded JSON body (None when absent or not JSON).
    """

    operation: str
    violations: tuple[Violation, ...]
    field: str = ""
    body: Any = None


def _json_path(dotted: str) -> str:
    """``$.a.b[0]`` for the mock's dotted ``a.b[0]`` (``body``: the root)."""
    if dotted in ("", "body"):
        return "$"
    return "$" + ("" if dotted.startswith("[") else ".") + dotted


def check_request(
    provider: str,
    method: str,
    path: str,
    query: Mapping[str, str],
    raw: bytes,
    *,
    relax_loopback: bool = False,
) -> RequestVerdict:
    """Judge a request to ``provider``: a spec operation, its parameters, its JSON body.

    ``path`` is the URL path (no query string); ``raw`` the body as sent.
    ``relax_loopback``: accept loopback ``http://`` callback URLs where the spec
    demands ``https://`` (as the mocks do in mock mode).
    """
    from soravideo.mock import _schema

    op, path_params, allowed = _schema.match(_schema.operations(provider), method, path)
    if op is None:
        methods = ", ".join(sorted(allowed))
        message = (
            f"{method.upper()} is not an operation of {path} (allowed: {methods})"
            if allowed
            else f"no operation of the {provider} spec matches {method.upper()} {path}"
        )
        return RequestVerdict("", (Violation("", "request", "$", message),))
    checked = _schema.check_request(op, path_params, query, raw, relax_loopback=relax_loopback)
    if checked.problem is None:
        return RequestVerdict(op.operation_id, (), body=checked.body)
    problem = checked.problem
    if checked.param:
        location = next(p.location for p in op.params if p.name == checked.param)
        where = f"$.{location}.{checked.param}"
    else:
        where = _json_path(problem.path)
    violation = Violation(op.operation_id, "request", where, problem.message)
    return RequestVerdict(op.operation_id, (violation,), problem.field, checked.body)


def _status_key(responses: Mapping[str, Any], status: int) -> str | None:
    for key in (str(status), f"{str(status)[0]}XX", f"{str(status)[0]}xx", "default"):
        if key in responses:
            return key
    return None


def _json_schema_pointer(provider: str, response_pointer: str, response: Any) -> str | None:
    ref = response.get("$ref") if isinstance(response, Mapping) else None
    if isinstance(ref, str) and ref.startswith("#/"):
        response_pointer = ref[1:]
    resolved = _spec.resolve(provider, response)
    content = resolved.get("content", {}) if isinstance(resolved, Mapping) else {}
    for media_type, media in content.items():
        if media_type.split(";")[0].strip().endswith("json") and "schema" in media:
            escaped = media_type.replace("~", "~0").replace("/", "~1")
            return f"{response_pointer}/content/{escaped}/schema"
    return None


def check_response(
    provider: str, operation_id: str, status: int, raw: bytes
) -> tuple[Violation, ...]:
    """Judge the answer to ``operation_id``: a declared status, its schema, the envelope rules.

    Returns the violations found (at most :data:`MAX_RESPONSE_VIOLATIONS` schema
    errors), empty when the answer is what the spec allows.
    """
    path, method, op = _spec.operation(provider, operation_id)
    escaped = path.replace("~", "~0").replace("/", "~1")
    op_pointer = f"/paths/{escaped}/{method}"
    responses: Mapping[str, Any] = op.get("responses", {})
    key = _status_key(responses, status)
    if key is None:
        documented = ", ".join(responses)
        message = f"status {status} is not a documented response of {operation_id} ({documented})"
        return (Violation(operation_id, "response", "$", message),)
    pointer = _json_schema_pointer(provider, f"{op_pointer}/responses/{key}", responses[key])
    if pointer is None:
        return ()
    try:
        body = json.loads(raw)
    except (ValueError, UnicodeDecodeError, RecursionError) as exc:
        message = f"the {status} answer of {operation_id} is not JSON ({exc})"
        return (Violation(operation_id, "response", "$", message),)
    found = _spec.errors(provider, pointer, body)
    if found:
        return tuple(
            Violation(operation_id, "response", e.json_path, e.message[:300])
            for e in found[:MAX_RESPONSE_VIOLATIONS]
        )
    if 200 <= status < 300:
        problem = _envelope_problem(provider, operation_id, body, raw, status)
        if problem is not None:
            return (problem,)
    return ()


def _envelope_problem(
    provider: str, operation_id: str, body: Any, raw: bytes, status: int
) -> Violation | None:
    """The adapter's verdict on a 2xx body: None for a good answer or an error envelope."""
    from soravideo.adapters import get_adapter

    adapter = get_adapter(provider)
    if adapter.envelope_error(body, raw, status) is not None:
        return None  # the provider's documented way of answering an error with a 2xx
    try:
        if operation_id == "create_task":
            adapter.parse_created(body, raw, status)
        elif operation_id == adapter.get_operation:
            adapter.parse_task(body, raw)
        elif operation_id == adapter.cancel_operation:
            adapter.parse_cancel(body, raw, status)
    except ProviderResponseError as exc:
        return Violation(operation_id, "response", exc.path or "$", exc.message)
    except SoraVideoError:
        return None  # an error the adapter reads from the envelope: a valid answer
    except (KeyError, TypeError, ValueError) as exc:  # pragma: no cover - adapter bug
        return Violation(operation_id, "response", "$", f"unreadable answer: {exc!r}")
    return None
