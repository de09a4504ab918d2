"""Provenance of the specs: which provider page states each fact, and whether it still does.

Every spec in ``specs/`` lists the pages it was written from in ``info.x-sources``
and carries an ``x-doc`` on every fact (the format is ``specs/CONVENTIONS.md``,
"Provenance"). This module reads that format:

* :func:`normalize` and :func:`page_sha256`: the text normalization used both to
  look a quote up in a page and to hash a page;
* :func:`read_sources`: the ``info.x-sources`` registry, validated;
* :func:`iter_facts`: every fact of a spec that needs an ``x-doc``;
* :func:`provenance_problems`: the lint rule (``python -m contracts.spec_rules``);
* :func:`check_specs`: the offline check of every quote against the captured page
  texts, with the per-provider table (``nox -s sources``).

Command line (``python -m contracts.sources --help``)::

    python -m contracts.sources hash FILE
    python -m contracts.sources check [--pages DIR] [--spec PATH ...]
    python -m contracts.sources diff KEY NEW_PAGE [--source ID] [--json] [--spec PATH]
    python -m contracts.sources --live [KEY] [--spec PATH] [--pages DIR]

What counts as a fact (each needs ``x-doc``, on itself or on the target of its
``$ref``):

1. each operation parameter, ``/paths/<p>/<method>/parameters/<i>`` (and path-level
   parameters, ``/paths/<p>/parameters/<i>``);
2. each ``properties/<name>`` of every schema reachable from a request body or a
   parameter schema, following ``$ref``, ``allOf``, ``oneOf``, ``anyOf``, ``items``,
   ``if``/``then``/``else``; the ``x-doc`` of a property covers everything written
   inline in its schema (type, enum, default, limits, pattern, a nullable
   ``oneOf``), and the properties named inside ``if``/``then``/``else`` are part of
   the conditional, covered by its ``x-doc``;
3. in those request schemas, each schema holding ``if``, each ``oneOf`` variant
   (``.../oneOf/<i>``) and each schema holding ``dependentRequired``;
4. each schema with ``enum``, request or response, unless it is written inline in
   a request property or parameter that covers it;
5. each response, ``/paths/<p>/<method>/responses/<status>``;
6. each callback, ``/paths/<p>/<method>/callbacks/<name>``, or else each of its path
   items, ``.../callbacks/<name>/<expression>``, or each operation in that path item
   (openapi-python-client 0.29.1 accepts no key but runtime expressions in a
   Callback Object, so the ``x-doc`` goes one level down);
7. each extension ``x-...`` except ``x-doc``, ``x-sources``, ``x-source`` and
   ``x-enum-varnames``: the ``x-doc`` goes inside its value when that is a mapping,
   else on the object holding the extension.
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
import unicodedata
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, NamedTuple

import typer

from contracts.spec import HTTP_METHODS, iter_operations, load_spec, ref_chain
from soravideo._types import PROVIDERS

__all__ = [
    "MAX_QUOTE",
    "CheckResult",
    "Decision",
    "Fact",
    "Quote",
    "Source",
    "check_specs",
    "default_pages_dir",
    "doc_pointer",
    "fact_doc",
    "iter_docs",
    "iter_facts",
    "main",
    "normalize",
    "page_sha256",
    "parse_doc",
    "provenance_problems",
    "read_sources",
]

ROOT = Path(__file__).resolve().parent.parent
SPECS_DIR = ROOT / "specs"
MAX_QUOTE = 120
"""Longest quote allowed in an ``x-doc``, in characters: the specs cite, never copy."""

# --------------------------------------------------------------------------- text

_FOLD = re.compile(r"[*_`#|<>~\[\](){}\\\"'\u201c\u201d\u2018\u2019]")


def normalize(text: str) -> str:
    """NFKC, casefold, Markdown/HTML punctuation and quotes folded to spaces, whitespace
    collapsed (PROVENANCE.md section 4)."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return " ".join(_FOLD.sub(" ", text).split())


def page_sha256(text: str) -> str:
    """Hex sha256 of ``normalize(text)`` encoded as UTF-8 (the registry's ``sha256``)."""
    return hashlib.sha256(normalize(text).encode("utf-8")).hexdigest()


def default_pages_dir() -> Path:
    """``../shared/provider-docs`` next to the repository root (it may not exist)."""
    return ROOT.parent / "shared" / "provider-docs"


# ----------------------------------------------------------------------- registry

Problem = tuple[str, str]
"""``(JSON pointer, what is wrong)``."""

_ID = re.compile(r"[a-z0-9-]+")
_LANGUAGE = re.compile(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*")
_READ = re.compile(r"\d{4}-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?")
_SHA256 = re.compile(r"[0-9a-f]{64}")
_SOURCE_KEYS = {"id", "url", "language", "read", "capture", "sha256"}
_REQUIRED_SOURCE_KEYS = ("id", "url", "language", "read")


@dataclass(frozen=True)
class Source:
    """One page of ``info.x-sources``.

    ``capture`` is the path of its captured text relative to the pages directory
    (``../shared/provider-docs``), or None; ``sha256`` is :func:`page_sha256` of
    the page as read (required with ``capture``).
    """

    id: str
    url: str
    language: str
    read: str
    capture: str | None = None
    sha256: str | None = None


def read_sources(spec: Mapping[str, Any]) -> tuple[dict[str, Source], list[Problem]]:
    """The valid entries of ``info.x-sources`` by id, and the problems of the others.

    Checks: the value is a list of mappings; only the keys ``id``, ``url``,
    ``language``, ``read``, ``capture``, ``sha256``; the first four present;
    ``id`` matches ``[a-z0-9-]+`` and is unique; ``url`` is http(s); ``language``
    looks like a BCP 47 tag; ``read`` is a ``"YYYY-MM"`` or ``"YYYY-MM-DD"``
    string; ``sha256`` is 64 lowercase hex digits and is given with ``capture``.
    """
    where = "/info/x-sources"
    raw = (spec.get("info") or {}).get("x-sources")
    if raw is None:
        return {}, [(where, "missing: list every page the spec's facts rest on")]
    if not isinstance(raw, list):
        return {}, [(where, "must be a list of {id, url, language, read[, capture, sha256]}")]
    sources: dict[str, Source] = {}
    problems: list[Problem] = []
    for i, entry in enumerate(raw):
        at = f"{where}/{i}"
        if not isinstance(entry, Mapping):
            problems.append((at, f"must be a mapping with {sorted(_SOURCE_KEYS)}, not {entry!r}"))
            continue
        bad = len(problems)
        extra = sorted(set(entry) - _SOURCE_KEYS)
        if extra:
            problems.append((at, f"unknown key(s) {extra}; allowed: {sorted(_SOURCE_KEYS)}"))
        for key in _REQUIRED_SOURCE_KEYS:
            if not isinstance(entry.get(key), str) or not entry[key]:
                problems.append((f"{at}/{key}", "required, a non-empty string"))
        sid, url = entry.get("id"), entry.get("url")
        if isinstance(sid, str) and sid and not _ID.fullmatch(sid):
            problems.append((f"{at}/id", f"{sid!r} must match [a-z0-9-]+"))
        if isinstance(sid, str) and sid in sources:
            problems.append((f"{at}/id", f"duplicate id {sid!r}"))
        if isinstance(url, str) and url and not url.startswith(("https://", "http://")):
            problems.append((f"{at}/url", f"{url!r} is not an http(s) URL"))
        language, read = entry.get("language"), entry.get("read")
        if isinstance(language, str) and language and not _LANGUAGE.fullmatch(language):
            problems.append((f"{at}/language", f"{language!r} is not a BCP 47 tag (en, pl, zh-CN)"))
        if isinstance(read, str) and read and not _READ.fullmatch(read):
            problems.append((f"{at}/read", f"{read!r} must be 'YYYY-MM' or 'YYYY-MM-DD'"))
        capture, sha = entry.get("capture"), entry.get("sha256")
        if capture is not None and (not isinstance(capture, str) or not capture):
            problems.append((f"{at}/capture", "must be a non-empty path relative to the pages dir"))
        if sha is not None and (not isinstance(sha, str) or not _SHA256.fullmatch(sha)):
            problems.append((f"{at}/sha256", "must be 64 lowercase hex digits (page_sha256)"))
        if capture is not None and sha is None:
            problems.append((f"{at}/sha256", "required with capture: run `hash` on the capture"))
        if len(problems) == bad and isinstance(sid, str):
            sources[sid] = Source(
                id=sid,
                url=str(url),
                language=str(language),
                read=str(read),
                capture=capture,
                sha256=sha,
            )
    return sources, problems


# -------------------------------------------------------------------------- x-doc


@dataclass(frozen=True)
class Quote:
    """``{source, quote}``: a verbatim fragment of a registered page."""

    source: str
    quote: str


@dataclass(frozen=True)
class Decision:
    """``{decision}``: no page states the fact; why the spec says it anyway."""

    decision: str


DocItem = Quote | Decision


def parse_doc(value: Any) -> tuple[list[DocItem], list[Problem]]:
    """The items of one ``x-doc`` value and its shape problems.

    Problem pointers are relative to the ``x-doc`` (``""``, ``"/1/quote"``). Known
    source ids are not checked here (see :func:`provenance_problems`).
    """
    entries: list[tuple[str, Any]]
    if isinstance(value, list):
        if not value:
            return [], [("", "an empty list; give {source, quote} items or a {decision}")]
        entries = [(f"/{i}", v) for i, v in enumerate(value)]
    else:
        entries = [("", value)]
    items: list[DocItem] = []
    problems: list[Problem] = []
    for at, entry in entries:
        keys = set(entry) if isinstance(entry, Mapping) else None
        if keys == {"source", "quote"}:
            source, quote = entry["source"], entry["quote"]
            if not isinstance(source, str) or not source:
                problems.append((f"{at}/source", "must be a source id (a string)"))
            elif not isinstance(quote, str) or not quote.strip():
                problems.append((f"{at}/quote", "must be a non-empty string"))
            elif len(quote) > MAX_QUOTE:
                problems.append(
                    (f"{at}/quote", f"quote is {len(quote)} characters (at most {MAX_QUOTE})")
                )
            else:
                items.append(Quote(source, quote))
        elif keys == {"decision"}:
            if not isinstance(entry["decision"], str) or not entry["decision"].strip():
                problems.append((f"{at}/decision", "must be a non-empty string"))
            else:
                items.append(Decision(entry["decision"]))
        else:
            got = sorted(keys) if keys is not None else type(entry).__name__
            problems.append(
                (at, f"must be {{source, quote}}, {{decision}} or a list of them, got {got}")
            )
    if sum(isinstance(item, Decision) for item in items) > 1:
        problems.append(("", "a list may hold at most one decision"))
    return items, problems


_LITERALS = frozenset(
    ("example", "examples", "default", "const", "enum", "x-doc", "x-sources", "x-source")
)
"""Keys whose values are data, not OpenAPI/JSON Schema objects: never walked into."""
_NAME_MAPS = frozenset(("properties", "patternProperties"))
"""Keys whose mapping's keys are names (a property called ``x-y`` is no extension)."""
_NOT_RULES = frozenset(("x-doc", "x-sources", "x-source", "x-enum-varnames"))
"""Extensions that encode no provider rule (rule 7 skips them)."""


def _ptr(base: str, *parts: str | int) -> str:
    return base + "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in parts)


def _walk(node: Any, at: str, parent: str = "") -> Iterator[tuple[str, str, Mapping[str, Any]]]:
    """Yield ``(pointer, parent key, mapping)`` for every object in ``node``, data skipped."""
    if isinstance(node, Mapping):
        yield at, parent, node
        for key, value in node.items():
            if key in _LITERALS and parent not in _NAME_MAPS:
                continue
            yield from _walk(value, _ptr(at, key), str(key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _walk(value, _ptr(at, i), parent)


def iter_docs(spec: Mapping[str, Any]) -> Iterator[tuple[str, Any]]:
    """Yield ``(pointer of the x-doc, its value)`` for every ``x-doc`` in the spec."""
    for at, parent, node in _walk(spec, ""):
        if parent not in _NAME_MAPS and "x-doc" in node:
            yield _ptr(at, "x-doc"), node["x-doc"]


class Fact(NamedTuple):
    """A node that needs an ``x-doc``: where it is, the node, and which rule makes it one.

    ``kind`` is one of ``parameter``, ``property``, ``if``, ``oneOf``,
    ``dependentRequired``, ``enum``, ``response``, ``callback``, ``extension``.
    ``node`` is the object that must carry the ``x-doc`` (for a non-mapping
    extension: the object holding it; ``pointer`` then names the extension).
    """

    pointer: str
    node: Mapping[str, Any]
    kind: str


def iter_facts(spec: Mapping[str, Any]) -> Iterator[Fact]:
    """Yield every fact of ``spec`` once, in document order of the rules (module docstring)."""
    facts: dict[str, Fact] = {}
    covered: set[str] = set()
    visited: set[str] = set()

    def add(at: str, node: Any, kind: str) -> None:
        if isinstance(node, Mapping) and at not in facts:
            facts[at] = Fact(at, node, kind)

    def schema(node: Any, at: str, inline: bool, props: bool) -> None:
        """Walk a request schema; ``inline``: inside a covering property/parameter/if."""
        if not isinstance(node, Mapping):
            return
        hops = list(ref_chain(spec, node))
        if hops:
            target_at = hops[-1][0][1:]
            if target_at not in visited:
                visited.add(target_at)
                schema(hops[-1][1], target_at, inline=False, props=True)
            return
        if inline:
            covered.add(at)
        else:
            if "if" in node:
                add(at, node, "if")
            if "dependentRequired" in node:
                add(at, node, "dependentRequired")
            for i, variant in enumerate(node.get("oneOf") or []):
                add(_ptr(at, "oneOf", i), variant, "oneOf")
        for name, prop in (node.get("properties") or {}).items():
            prop_at = _ptr(at, "properties", name)
            if props:
                add(prop_at, prop, "property")
            schema(prop, prop_at, inline=True, props=props)
        for key in ("allOf", "oneOf", "anyOf", "prefixItems"):
            for i, sub in enumerate(node.get(key) or []):
                schema(sub, _ptr(at, key, i), inline, props)
        for key in ("items", "additionalProperties", "not", "contains"):
            schema(node.get(key), _ptr(at, key), inline, props)
        for key in ("if", "then", "else"):
            schema(node.get(key), _ptr(at, key), inline=True, props=False)

    def target(node: Any, at: str) -> tuple[Any, str]:
        hops = list(ref_chain(spec, node))
        return (hops[-1][1], hops[-1][0][1:]) if hops else (node, at)

    def parameters(holder: Mapping[str, Any], at: str) -> None:
        for i, param in enumerate(holder.get("parameters") or []):
            add(_ptr(at, "parameters", i), param, "parameter")
            param, param_at = target(param, _ptr(at, "parameters", i))
            if isinstance(param, Mapping):
                schema(param.get("schema"), _ptr(param_at, "schema"), inline=True, props=True)

    for path, item in (spec.get("paths") or {}).items():
        if isinstance(item, Mapping):
            parameters(item, _ptr("", "paths", path))
    for path, method, op in iter_operations(spec):
        op_at = _ptr("", "paths", path, method)
        parameters(op, op_at)
        body, body_at = target(op.get("requestBody"), _ptr(op_at, "requestBody"))
        if isinstance(body, Mapping):
            for media, holder in (body.get("content") or {}).items():
                if isinstance(holder, Mapping):
                    at = _ptr(body_at, "content", media, "schema")
                    schema(holder.get("schema"), at, inline=False, props=True)
        for status, response in (op.get("responses") or {}).items():
            add(_ptr(op_at, "responses", status), response, "response")
        for name, callback in (op.get("callbacks") or {}).items():
            callback_at = _ptr(op_at, "callbacks", name)
            found, found_at = target(callback, callback_at)
            items = (
                {expr: item for expr, item in found.items() if not str(expr).startswith("x-")}
                if isinstance(found, Mapping) and fact_doc(spec, callback) is None
                else {}
            )
            # The x-doc may sit on each path item, or on each operation in it: the
            # generator allows no key but runtime expressions in a Callback Object.
            for expr, item in items.items():
                item_at = _ptr(found_at, expr)
                ops = {m: item[m] for m in HTTP_METHODS if isinstance(item, Mapping) and m in item}
                if (
                    isinstance(item, Mapping)
                    and "x-doc" not in item
                    and ops
                    and all(isinstance(o, Mapping) and "x-doc" in o for o in ops.values())
                ):
                    for method, operation in ops.items():
                        add(_ptr(item_at, method), operation, "callback")
                else:
                    add(item_at, item, "callback")
            if not items:
                add(callback_at, callback, "callback")
    for at, parent, node in _walk(spec, ""):
        if isinstance(node.get("enum"), list) and at not in covered and parent not in _NAME_MAPS:
            add(at, node, "enum")
        if parent in _NAME_MAPS:
            continue
        for key, value in node.items():
            if isinstance(key, str) and key.startswith("x-") and key not in _NOT_RULES:
                add(_ptr(at, key), value if isinstance(value, Mapping) else node, "extension")
    yield from facts.values()


OWN_FACT_KEYWORDS = frozenset(
    {"default", "enum", "const", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum",
     "minLength", "maxLength", "minItems", "maxItems", "pattern", "format", "multipleOf"}
)  # fmt: skip
"""Keywords that state a fact of their own beside a ``$ref`` (``{$ref: AspectRatio,
default: "16:9"}``): such a node needs its own ``x-doc``; the target's cites the target."""


def fact_doc(spec: Mapping[str, Any], node: Any) -> Any | None:
    """The ``x-doc`` that covers ``node``: its own, else the first along its ``$ref`` chain
    (not when ``node`` states a fact of its own beside the ``$ref``: :data:`OWN_FACT_KEYWORDS`)."""
    if isinstance(node, Mapping) and "x-doc" in node:
        return node["x-doc"]
    if isinstance(node, Mapping) and OWN_FACT_KEYWORDS & set(node):
        return None
    for _ref, hop in ref_chain(spec, node):
        if isinstance(hop, Mapping) and "x-doc" in hop:
            return hop["x-doc"]
    return None


def doc_pointer(spec: Mapping[str, Any], fact: Fact) -> str | None:
    """The pointer of the node whose ``x-doc`` covers ``fact`` (see :func:`fact_doc`), or None."""
    if "x-doc" in fact.node:
        parent, _, last = fact.pointer.rpartition("/")
        name = last.replace("~1", "/").replace("~0", "~")
        holds = fact.kind == "extension" and name in fact.node
        return parent if holds and not isinstance(fact.node[name], Mapping) else fact.pointer
    if OWN_FACT_KEYWORDS & set(fact.node):
        return None
    for ref, hop in ref_chain(spec, fact.node):
        if isinstance(hop, Mapping) and "x-doc" in hop:
            return ref[1:]
    return None


def provenance_problems(spec: Mapping[str, Any]) -> list[Problem]:
    """The x-doc rule: registry problems, ill-shaped ``x-doc``, unknown sources, bare facts.

    One ``(pointer, problem)`` per violation; empty when the spec follows
    ``specs/CONVENTIONS.md`` "Provenance".
    """
    _, problems = read_sources(spec)
    raw = (spec.get("info") or {}).get("x-sources")
    ids = {s.get("id") for s in raw if isinstance(s, Mapping)} if isinstance(raw, list) else set()
    for at, value in iter_docs(spec):
        items, shape = parse_doc(value)
        problems.extend((at + sub, what) for sub, what in shape)
        for i, item in enumerate(items):
            if isinstance(item, Quote) and item.source not in ids:
                sub = f"/{i}" if isinstance(value, list) else ""
                problems.append(
                    (f"{at}{sub}/source", f"{item.source!r} is not an id in info.x-sources")
                )
    for fact in iter_facts(spec):
        if fact_doc(spec, fact.node) is None:
            problems.append((fact.pointer, f"{fact.kind} has no x-doc (quote a page or decide)"))
    return problems


# -------------------------------------------------------------------------- check


@dataclass
class Counts:
    """One provider's row of the ``check`` table (fact counts)."""

    facts: int = 0
    verified: int = 0
    uncaptured: int = 0
    decision_only: int = 0
    failing: int = 0
    bare: int = 0
    decisions: int = 0
    """Facts whose x-doc holds a decision, with or without quotes (not a share of ``facts``)."""


@dataclass
class CheckResult:
    """What :func:`check_specs` found: problem lines and a table row per spec key."""

    problems: list[str] = field(default_factory=list)
    counts: dict[str, Counts] = field(default_factory=dict)

    def table(self) -> str:
        """The per-provider table as aligned plain text."""
        head = (
            "provider",
            "facts",
            "verified",
            "no capture",
            "decision only",
            "failing",
            "no x-doc",
            "decisions",
        )
        rows = [head] + [
            (key, *(str(getattr(c, f)) for f in Counts.__dataclass_fields__))
            for key, c in self.counts.items()
        ]
        if len(self.counts) > 1:
            total = [
                sum(getattr(c, f) for c in self.counts.values())
                for f in Counts.__dataclass_fields__
            ]
            rows.append(("total", *map(str, total)))
        widths = [max(len(row[i]) for row in rows) for i in range(len(head))]
        lines = [
            "  ".join(
                cell.ljust(w) if i == 0 else cell.rjust(w)
                for i, (cell, w) in enumerate(zip(row, widths, strict=True))
            )
            for row in rows
        ]
        legend = [
            "Each fact is in one of: verified (quotes a captured page, every such quote found",
            "in it), no capture (quotes only pages without a capture), decision only, failing",
            "(a quote not found in its capture), no x-doc. decisions: facts whose x-doc holds",
            "a decision, with or without quotes.",
        ]
        return "\n".join([*lines, *legend])


def check_specs(spec_paths: Sequence[Path], pages: Path | None) -> CheckResult:
    """Check every spec's provenance; with ``pages``, look each captured quote up.

    For each spec: the x-doc rule (:func:`provenance_problems`); then, when
    ``pages`` is a directory, each source's capture is read from
    ``pages/<capture>``, its :func:`page_sha256` compared with the registry, and
    each quote of a captured source searched (normalized) in it. Problem lines are
    ``<spec file>: <JSON pointer>: <problem>``.
    """
    result = CheckResult()
    for path in spec_paths:
        spec = load_spec(path)
        key = path.stem if path.stem not in result.counts else str(path)
        sources, _ = read_sources(spec)
        raw = (spec.get("info") or {}).get("x-sources") or []
        index = {e.get("id"): i for i, e in enumerate(raw) if isinstance(e, Mapping)}
        result.problems.extend(f"{path}: {at}: {what}" for at, what in provenance_problems(spec))
        texts: dict[str, str] = {}
        if pages is not None:
            for source in sources.values():
                if source.capture is None:
                    continue
                file = pages / source.capture
                where = f"{path}: /info/x-sources/{index[source.id]}"
                if not file.is_file():
                    result.problems.append(
                        f"{where}/capture: {source.capture} not found in {pages}"
                    )
                    continue
                text = file.read_text(encoding="utf-8")
                digest = page_sha256(text)
                if digest != source.sha256:
                    result.problems.append(
                        f"{where}/sha256: {source.capture} hashes to {digest} now (source "
                        f"{source.id}; the capture changed, or run `hash` and update)"
                    )
                texts[source.id] = normalize(text)
        found: dict[tuple[str, str], bool] = {}
        for at, value in iter_docs(spec):
            items, _ = parse_doc(value)
            for item in items:
                if isinstance(item, Quote) and item.source in texts:
                    ok = normalize(item.quote) in texts[item.source]
                    found[(item.source, item.quote)] = ok
                    if not ok:
                        capture = sources[item.source].capture
                        result.problems.append(
                            f"{path}: {at}: source {item.source}: quote not found in {capture}: "
                            f"{json.dumps(item.quote, ensure_ascii=False)}"
                        )
        counts = result.counts.setdefault(key, Counts())
        for fact in iter_facts(spec):
            counts.facts += 1
            doc = fact_doc(spec, fact.node)
            if doc is None:
                counts.bare += 1
                continue
            items, _ = parse_doc(doc)
            quotes = [i for i in items if isinstance(i, Quote)]
            checked = [found[(q.source, q.quote)] for q in quotes if (q.source, q.quote) in found]
            if checked and not all(checked):
                counts.failing += 1
            elif checked:
                counts.verified += 1
            elif quotes:
                counts.uncaptured += 1
            elif items:
                counts.decision_only += 1
            else:
                counts.bare += 1
            counts.decisions += any(isinstance(i, Decision) for i in items)
    return result


# ---------------------------------------------------------------------------- CLI

app = typer.Typer(
    add_completion=False,
    rich_markup_mode=None,
    no_args_is_help=True,
    help=(
        "Provenance of the specs: check that every fact cites the provider page that "
        "states it, hash captured pages, and find the facts a changed page touches."
    ),
    epilog=(
        "`--live [KEY]` is accepted for `live [KEY]`. Through nox: `nox -s sources` runs "
        "`check`, `nox -s sources -- diff ...`, `nox -s sources -- --live [KEY]`."
    ),
)

SpecOption = Annotated[
    list[Path] | None,
    typer.Option("--spec", help="Spec file(s) to use instead of specs/<key>.yaml (repeatable)."),
]
PagesOption = Annotated[
    Path | None,
    typer.Option(
        "--pages",
        help="Directory of captured page texts (default: ../shared/provider-docs beside the repo).",
    ),
]


def _pages_dir(pages: Path | None, quiet: bool = False) -> Path | None:
    """The pages directory to use, or None (with a message unless ``quiet``) when absent."""
    chosen = pages if pages is not None else default_pages_dir()
    if chosen.is_dir():
        return chosen
    if not quiet:
        typer.echo(f"pages directory {chosen} not found: no captured texts to compare with")
    return None


@app.command("hash")
def hash_command(
    file: Annotated[
        Path,
        typer.Argument(help="A captured page text (read as UTF-8).", exists=True, dir_okay=False),
    ],
) -> None:
    """Print page_sha256 of FILE: the value for info.x-sources[].sha256."""
    typer.echo(page_sha256(file.read_text(encoding="utf-8")))


@app.command("check")
def check_command(pages: PagesOption = None, spec: SpecOption = None) -> None:
    """Check every x-doc and look each captured quote up in its page; print the table.

    Exit 1 when a fact has no x-doc, an x-doc is ill-formed or names an unknown
    source, a quote is not found in its capture, or a capture's sha256 differs
    from the registry.
    """
    paths = spec or [SPECS_DIR / f"{key}.yaml" for key in PROVIDERS]
    pages_dir = _pages_dir(pages)
    if pages_dir is None:
        typer.echo("checking the structure only (x-sources and x-doc), no quote lookups")
    result = check_specs(paths, pages_dir)
    for line in result.problems:
        typer.echo(line)
    typer.echo(result.table())
    if result.problems:
        typer.echo(f"sources: {len(result.problems)} problem(s)")
        raise typer.Exit(1)
    typer.echo(f"sources: {len(paths)} spec(s), every fact cited, every captured quote found")


def _spec_path(key: str, spec: list[Path] | None) -> Path:
    """``--spec`` (one file) or ``specs/<key>.yaml``; exits with status 2 when neither fits."""
    if spec:
        if len(spec) > 1:
            typer.echo("give at most one --spec here", err=True)
            raise typer.Exit(2)
        return spec[0]
    if key not in PROVIDERS:
        typer.echo(f"unknown provider {key!r}; expected one of {list(PROVIDERS)}", err=True)
        raise typer.Exit(2)
    return SPECS_DIR / f"{key}.yaml"


@app.command("diff")
def diff_command(
    key: Annotated[
        str, typer.Argument(help="Provider key (firebirdgen, qingbo, ...).", metavar="KEY")
    ],
    new_page: Annotated[
        Path,
        typer.Argument(
            help="The page captured again: text, Markdown/MDX or HTML.",
            exists=True,
            dir_okay=False,
            metavar="NEW_PAGE",
        ),
    ],
    source: Annotated[
        str | None,
        typer.Option("--source", help="Source id of the page (default: the best-matching one)."),
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print {source, stale, uncited} as JSON.")
    ] = False,
    spec: SpecOption = None,
    pages: PagesOption = None,
) -> None:
    """List the facts a re-captured page makes stale and the values it states uncited.

    Prints (a) stale facts: quotes of the source no longer in the new page, by JSON
    pointer; (b) uncited statements: lines stating a value (a token in backticks or
    quotes, a number with a unit, default/required/optional ...) that no quote of
    the spec covers; (c) a unified diff against the source's captured text. Exit 1
    when a fact is stale.
    """
    from contracts.sources_diff import (  # inscriptis is needed by diff/live only
        SourceNotFoundError,
        diff_page,
        old_capture,
        page_text,
        render,
    )

    path = _spec_path(key, spec)
    loaded = load_spec(path)
    registry, _ = read_sources(loaded)
    text = page_text(new_page)
    try:
        result = diff_page(loaded, text, source)
    except SourceNotFoundError as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(2) from exc
    old, old_name = (
        (None, "")
        if result.new_page
        else old_capture(registry[result.source], _pages_dir(pages, quiet=as_json))
    )
    if old is not None:
        result = diff_page(loaded, text, result.source, old, old_name, str(new_page))
    if as_json:
        typer.echo(json.dumps(result.as_json(), ensure_ascii=False, indent=2))
    else:
        typer.echo(render(result, str(path), registry, chosen=source is None))
    if result.stale:
        raise typer.Exit(1)


@app.command("live")
def live_command(
    key: Annotated[
        str | None, typer.Argument(help="Only this provider (default: all five).", metavar="KEY")
    ] = None,
    spec: SpecOption = None,
    pages: PagesOption = None,
    timeout: Annotated[float, typer.Option("--timeout", help="Seconds per page fetch.")] = 20.0,
) -> None:
    """Fetch every registered page and report what changed (a person runs this; never CI).

    For each source: fetch its url (HTML turned into text), compare the sha256 of
    the normalized text with the registry ("unchanged since <read>"), and on a
    changed page print the diff: stale facts, uncited statements, the unified diff
    against its capture. Pages that cannot be fetched are listed, not fatal. Exit 1
    when a fact is stale.
    """
    from contracts.sources_live import client, live_check, render_live

    if spec:
        paths = list(spec)
    elif key is not None:
        paths = [_spec_path(key, None)]
    else:
        paths = [SPECS_DIR / f"{k}.yaml" for k in PROVIDERS]
    with client(timeout) as http:
        results = live_check(paths, http, _pages_dir(pages))
    typer.echo(render_live(results))
    if any(page.diff is not None and page.diff.stale for page in results):
        raise typer.Exit(1)


def main(argv: Sequence[str] | None = None) -> int:
    """CLI entry point (``--live ...`` is read as the ``live`` command); returns the exit code."""
    args = list(sys.argv[1:] if argv is None else argv)
    if args[:1] == ["--live"]:
        args[0] = "live"
    try:
        code = app(args=args, prog_name="python -m contracts.sources", standalone_mode=False)
    except typer.Exit as exc:
        return exc.exit_code
    except Exception as exc:  # click's usage errors
        show = getattr(exc, "show", None)
        if show is None:
            raise
        show()
        return int(getattr(exc, "exit_code", 2))
    return code if isinstance(code, int) else 0


if __name__ == "__main__":
    raise SystemExit(main())
