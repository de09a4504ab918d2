"""Project rules every spec in ``specs/`` must follow, beyond OpenAPI validity.

Run as ``python -m contracts.spec_rules specs/*.yaml`` (``nox -s lint`` does).
Exit status 1 and one line per violation, ``<spec>: <JSON pointer>: <problem>``.

Rules (see ``specs/CONVENTIONS.md``):

* every operation has an ``operationId``, a non-empty ``security`` of its own
  (openapi-python-client ignores the root one) and at least one 4xx response;
* every example (``examples`` on media types and parameters, ``example``, and a
  schema's own ``examples``) validates against the schema it illustrates, with
  an OAS 3.1 validator that resolves ``$ref`` across the whole document;
* provenance (``contracts.sources.provenance_problems``): ``info.x-sources`` is a
  valid registry, every fact has an ``x-doc`` (its own or its ``$ref`` target's)
  of the right shape, quotes are at most 120 characters and name a registered
  source id.
"""

from __future__ import annotations

import sys
from pathlib import Path

from jsonschema.exceptions import ValidationError

from contracts.sources import provenance_problems
from contracts.spec import iter_examples, iter_operations, load_spec, pointer, schema_validator


def check_spec(path: Path) -> list[str]:
    """Every project-rule violation in the spec at ``path``, as printable lines."""
    spec = load_spec(path)
    problems: list[str] = []
    for api_path, method, op in iter_operations(spec):
        where = pointer("paths", api_path, method)
        if not op.get("operationId"):
            problems.append(f"{where}: operation has no operationId")
        if not op.get("security"):
            problems.append(f"{where}: operation has no security requirement of its own")
        codes = [str(code) for code in (op.get("responses") or {})]
        if not any(code.startswith("4") for code in codes):
            problems.append(f"{where}: operation documents no 4xx response")
    for where, value, schema_at in iter_examples(spec):
        validator = schema_validator(spec, schema_at)
        errors: list[ValidationError] = sorted(
            validator.iter_errors(value), key=lambda e: list(e.absolute_path)
        )
        for error in errors:
            at = error.json_path
            problems.append(f"{where}: example does not match its schema at {at}: {error.message}")
    problems.extend(f"{where}: {what}" for where, what in provenance_problems(spec))
    return [f"{path}: {p}" for p in problems]


def main(argv: list[str] | None = None) -> int:
    """CLI entry point: check each spec named in ``argv``; 0 if all pass."""
    args = sys.argv[1:] if argv is None else argv
    if not args:
        print("usage: python -m contracts.spec_rules SPEC.yaml [...]", file=sys.stderr)
        return 2
    problems = [p for arg in args for p in check_spec(Path(arg))]
    for problem in problems:
        print(problem)
    if not problems:
        print(f"spec rules: {len(args)} spec(s), no problems")
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
