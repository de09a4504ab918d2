"""Classify the changes between two OpenAPI documents from the client user's side.

:func:`classify` walks two versions of a spec in parallel, operation by
operation, resolving ``$ref`` and descending into parameters, request bodies,
responses, headers, callbacks, security and every schema keyword
(``properties``, ``items``, ``allOf``/``oneOf``/``anyOf``, ``if``/``then``/``else``,
``contentSchema``...). Each change gets the JSON pointer of the spec node it
touches, a kind and a one-line ``what``:

``breaking``
    the user's code may stop working: an operation, path, method, operationId,
    parameter or security scheme removed or changed; a request constraint
    tightened (new required field, enum value removed, lower maximum, shorter
    ``maxLength``, pattern added, type narrowed, ``additionalProperties``
    closed); a response field removed, renamed or of another type; a value added
    to or removed from a response enum the spec does not mark open.
``additive``
    nothing the user relies on breaks: a new operation, a new optional request
    field or enum value, a relaxed request constraint, a new response field or
    status, a new value in an open response set.
``docs``
    descriptions, summaries, titles, examples, ``externalDocs``, ``info``, tags'
    descriptions, ``x-doc``, ``x-source(s)``.

Direction decides: a request constraint is what the user sends, a response is
what the user reads. In a callback the roles swap (the provider sends the
request, the user's receiver reads it). A response value set is *open* when the
spec writes it ``anyOf: [{$ref: SomeEnum}, {type: string}]``
(``specs/CONVENTIONS.md``): a new value there is additive.

Cases left to a person are classified ``breaking`` and say so in ``what``
("a person decides"): a changed ``pattern``, ``multipleOf`` or ``if`` condition,
a changed request ``default`` (the generated client sends a different value when
the field is omitted), ``readOnly``/``writeOnly``, parameter serialisation, a
schema restructured from one shape into another, and any keyword or extension
this module does not know (found by a raw diff of the two documents after the
walk, so no change is ever silently dropped).
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from contracts.spec import HTTP_METHODS

__all__ = ["Change", "Direction", "Kind", "classify", "summarize"]

Kind = Literal["breaking", "additive", "docs"]
Direction = Literal["request", "response", "both"]

PERSON = "a person decides"

DOC_KEYWORDS = frozenset(
    {
        "description",
        "summary",
        "title",
        "example",
        "examples",
        "externalDocs",
        "$comment",
        "x-doc",
        "x-source",
        "x-sources",
    }
)
"""Keywords whose changes never change what a client sends or reads."""
DOC_EXTENSIONS = frozenset(k for k in DOC_KEYWORDS if k.startswith("x-"))
DOC_ROOTS = ("/info", "/tags", "/externalDocs", "/components/examples")
"""Whole subtrees that are documentation."""

NAME_MAPS = frozenset(
    {
        "properties",
        "patternProperties",
        "$defs",
        "definitions",
        "dependentRequired",
        "dependentSchemas",
        "schemas",
        "responses",
        "parameters",
        "requestBodies",
        "headers",
        "securitySchemes",
        "links",
        "callbacks",
        "paths",
        "content",
        "encoding",
        "variables",
        "mapping",
        "webhooks",
        "pathItems",
    }
)
"""Keywords whose members are named by the spec's author (a property called
``description`` is not the keyword ``description``)."""

EXTENSION_KIND: Mapping[str, Kind] = {
    # Provider rules the overlay reads (pacing, polling); no generated code changes.
    "x-rate-limit": "additive",
    "x-polling": "additive",
    # Names of the generated enum members.
    "x-enum-varnames": "breaking",
}

LOWER_BOUNDS = ("minimum", "exclusiveMinimum", "minLength", "minItems", "minProperties")
UPPER_BOUNDS = ("maximum", "exclusiveMaximum", "maxLength", "maxItems", "maxProperties")
PRESENCE = ("pattern", "multipleOf", "contentMediaType", "contentEncoding", "uniqueItems")
"""Keywords that constrain by being there: added tightens, removed relaxes,
changed is left to a person."""
TYPED_FORMATS = frozenset({"date", "date-time", "uuid", "binary"})
"""Formats the generator turns into another Python type (datetime, UUID, File)."""

SCHEMA_KEYWORDS = frozenset(
    {
        "$ref",
        "type",
        "enum",
        "const",
        "required",
        "format",
        "default",
        "deprecated",
        "readOnly",
        "writeOnly",
        "dependentRequired",
        "contentSchema",
        "x-enum-varnames",
        *LOWER_BOUNDS,
        *UPPER_BOUNDS,
        *PRESENCE,
    }
)
"""Schema keywords :meth:`_Walker.schema` compares as a whole. Sub-schema keywords
(``properties``, ``items``, ``allOf``...) are walked into instead, so documentation
inside them is reported; everything else falls to the raw diff."""


@dataclass(frozen=True)
class Change:
    """One change: the spec JSON pointer it touches, its kind, a one-line description."""

    pointer: str
    kind: Kind
    what: str

    def as_dict(self) -> dict[str, str]:
        """``{"pointer": ..., "kind": ..., "what": ...}`` (the ``--json`` shape)."""
        return {"pointer": self.pointer, "kind": self.kind, "what": self.what}


def _js(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


def _escape(part: str | int) -> str:
    return str(part).replace("~", "~0").replace("/", "~1")


def _unescape(part: str) -> str:
    return part.replace("~1", "/").replace("~0", "~")


def _deref(spec: Mapping[str, Any], node: Any, at: str) -> tuple[Any, str, list[str]]:
    """Follow local ``$ref``s; return the node, its pointer and the ``$ref`` keywords passed."""
    refs: list[str] = []
    while isinstance(node, Mapping) and isinstance(node.get("$ref"), str):
        ref: str = node["$ref"]
        if not ref.startswith("#/") or ref[1:] in refs:
            break
        refs.append(at + "/$ref")
        target: Any = spec
        try:
            for part in ref[2:].split("/"):
                key = _unescape(part)
                target = target[int(key)] if isinstance(target, list) else target[key]
        except (KeyError, IndexError, ValueError, TypeError):
            break
        node, at = target, ref[1:]
    return node, at, refs


def _ref_name(node: Any) -> str | None:
    if isinstance(node, Mapping) and isinstance(node.get("$ref"), str):
        return str(node["$ref"]).rsplit("/", 1)[-1]
    return None


def _types(schema: Mapping[str, Any]) -> frozenset[str] | None:
    """The schema's ``type`` as a set; ``None`` when it has none (any type)."""
    t = schema.get("type")
    if t is None:
        return None
    return frozenset([t] if isinstance(t, str) else t)


def _widens(old: frozenset[str] | None, new: frozenset[str] | None) -> bool | None:
    """True: ``new`` allows more; False: fewer; None: neither (changed)."""

    def covers(a: frozenset[str] | None, b: frozenset[str] | None) -> bool:
        if a is None:
            return True
        if b is None:
            return False
        return all(x in a or (x == "integer" and "number" in a) for x in b)

    if covers(new, old):
        return True
    if covers(old, new):
        return False
    return None


def _plain_string(schema: Any) -> bool:
    """``{type: string}`` with nothing narrowing it: the open branch of a value set."""
    if not isinstance(schema, Mapping) or schema.get("type") != "string":
        return False
    return not (set(schema) - DOC_KEYWORDS - {"type"})


def _open_form(spec: Mapping[str, Any], schema: Mapping[str, Any], at: str) -> bool:
    """Is ``schema`` just ``anyOf``/``oneOf`` of value sets with a plain string branch?"""
    kws = [k for k in ("anyOf", "oneOf") if isinstance(schema.get(k), list)]
    if len(kws) != 1 or set(schema) - DOC_KEYWORDS - {kws[0]}:
        return False
    return any(
        _plain_string(_deref(spec, b, f"{at}/{kws[0]}/{i}")[0])
        for i, b in enumerate(schema[kws[0]])
    )


def _values(values: list[Any], most: int = 6) -> str:
    """``"a", "b" and 3 more``: a value list short enough for one line."""
    shown = ", ".join(_js(v) for v in values[:most])
    return shown + (f" and {len(values) - most} more" if len(values) > most else "")


def _strip_docs(node: Any) -> Any:
    if isinstance(node, Mapping):
        return {k: _strip_docs(v) for k, v in node.items() if k not in DOC_KEYWORDS}
    if isinstance(node, list):
        return [_strip_docs(v) for v in node]
    return node


@dataclass
class _Ctx:
    """Where the walk is: direction, a human label, whether an enum here is open."""

    direction: Direction
    label: str
    open_set: bool = False
    field: str = ""

    @property
    def where(self) -> str:
        """The label, with the field's dotted path when inside a schema."""
        return f"{self.label} `{self.field}`" if self.field else self.label

    def sub(self, name: str = "", *, open_set: bool = False) -> _Ctx:
        """The context of a sub-schema (of property ``name`` when given)."""
        field = f"{self.field}.{name}" if self.field and name else name or self.field
        return _Ctx(self.direction, self.label, open_set, field)


@dataclass
class _Walker:
    old: Mapping[str, Any]
    new: Mapping[str, Any]
    changes: dict[tuple[str, str, str], Change] = field(default_factory=dict)
    covered: set[str] = field(default_factory=set)
    seen: set[tuple[str, str, str, bool]] = field(default_factory=set)
    used_schemas: set[str] = field(default_factory=set)

    # -- recording ---------------------------------------------------------------
    def add(self, at: str, kind: Kind, label: str, message: str) -> None:
        key = (at, kind, message)
        if key not in self.changes:
            self.changes[key] = Change(at, kind, f"{label}: {message}" if label else message)

    def by_direction(
        self, at: str, ctx: _Ctx, tightened: bool, message: str, *, response: Kind | None = None
    ) -> None:
        """Record a constraint change: tightening breaks requests, relaxing is additive.

        ``response`` overrides the kind for the response direction (default: a
        tightened or relaxed constraint on what the user reads is additive).
        """
        kinds: list[Kind] = []
        if ctx.direction in ("request", "both"):
            kinds.append("breaking" if tightened else "additive")
        if ctx.direction in ("response", "both"):
            kinds.append(response or "additive")
        self.add(at, "breaking" if "breaking" in kinds else "additive", ctx.where, message)

    def cover(self, *pointers: str) -> None:
        self.covered.update(pointers)

    def cover_tree(self, spec: Mapping[str, Any], node: Any, at: str) -> None:
        """Cover ``at`` and every component its ``$ref``s reach (an added/removed subtree)."""
        stack = [(node, at)]
        while stack:
            current, where = stack.pop()
            if where in self.covered and where != at:
                continue
            self.covered.add(where)
            if isinstance(current, Mapping):
                ref = current.get("$ref")
                if isinstance(ref, str) and ref.startswith("#/"):
                    target, target_at, _ = _deref(spec, current, where)
                    if target_at != where:
                        self._mark_used(target_at)
                        stack.append((target, target_at))
                for key, value in current.items():
                    if isinstance(value, Mapping | list):
                        stack.append((value, f"{where}/{_escape(key)}"))
            elif isinstance(current, list):
                stack.extend((v, f"{where}/{i}") for i, v in enumerate(current))

    def _mark_used(self, at: str) -> None:
        if at.startswith("/components/schemas/"):
            self.used_schemas.add(_unescape(at.split("/")[3]))

    # -- document ----------------------------------------------------------------
    def document(self) -> None:
        self.servers(self.old.get("servers"), self.new.get("servers"), "/servers", "servers")
        self.security(self.old.get("security"), self.new.get("security"), "/security", "root")
        self.security_schemes()
        self.path_items(
            self.old.get("paths") or {}, self.new.get("paths") or {}, ("/paths", "/paths")
        )
        self.path_items(
            self.old.get("webhooks") or {},
            self.new.get("webhooks") or {},
            ("/webhooks", "/webhooks"),
            True,
            "webhook ",
        )
        for ext, kind in EXTENSION_KIND.items():
            self.extension(self.old, self.new, "", ext, kind, "document")
        self.unused_schemas()

    def servers(self, old: Any, new: Any, at: str, label: str) -> None:
        self.cover(at)
        old_urls = [s.get("url") for s in old or [] if isinstance(s, Mapping)]
        new_urls = [s.get("url") for s in new or [] if isinstance(s, Mapping)]
        for url in old_urls:
            if url not in new_urls:
                self.add(at, "breaking", label, f"server {url} removed")
        for url in new_urls:
            if url not in old_urls:
                self.add(at, "additive", label, f"server {url} added")
        if old_urls == new_urls and _strip_docs(old) != _strip_docs(new):
            self.add(at, "breaking", label, f"server variables changed ({PERSON})")

    def security(self, old: Any, new: Any, at: str, label: str) -> None:
        self.cover(at)
        if old is None and new is None:
            return

        def norm(reqs: Any) -> list[str]:
            return sorted(_js(r) for r in reqs or [])

        if norm(old) != norm(new):
            self.add(at, "breaking", label, f"security changed from {_js(old)} to {_js(new)}")

    def security_schemes(self) -> None:
        at = "/components/securitySchemes"
        old = (self.old.get("components") or {}).get("securitySchemes") or {}
        new = (self.new.get("components") or {}).get("securitySchemes") or {}
        for name in sorted(set(old) | set(new)):
            here = f"{at}/{_escape(name)}"
            if name.startswith("x-"):
                continue
            if name not in new:
                self.cover(here)
                self.add(here, "breaking", "security scheme", f"{name} removed")
            elif name not in old:
                self.cover(here)
                self.add(here, "additive", "security scheme", f"{name} added")
            else:
                o, _, refs_o = _deref(self.old, old[name], here)
                n, _, refs_n = _deref(self.new, new[name], here)
                self.cover(*refs_o, *refs_n)
                for key in sorted((set(o) | set(n)) - DOC_KEYWORDS):
                    self.cover(f"{here}/{_escape(key)}")
                    if _js(o.get(key)) != _js(n.get(key)):
                        self.add(
                            f"{here}/{_escape(key)}",
                            "breaking",
                            f"security scheme {name}",
                            f"{key} changed from {_js(o.get(key))} to {_js(n.get(key))}",
                        )

    def extension(
        self,
        old: Mapping[str, Any],
        new: Mapping[str, Any],
        at: str,
        ext: str,
        kind: Kind,
        label: str,
    ) -> None:
        if _js(_strip_docs(old.get(ext))) == _js(_strip_docs(new.get(ext))):
            return  # unchanged, or only its x-doc: the raw diff reports that as docs
        self.cover(f"{at}/{ext}")
        before, after = _js(_strip_docs(old.get(ext))), _js(_strip_docs(new.get(ext)))
        self.add(f"{at}/{ext}", kind, label, f"{ext} changed from {before} to {after}")

    # -- paths and operations ----------------------------------------------------
    def path_items(
        self,
        old: Mapping[str, Any],
        new: Mapping[str, Any],
        at: tuple[str, str],
        flipped: bool = False,
        label: str = "",
    ) -> None:
        """Compare path items (``paths``, ``webhooks`` or one callback's expressions)."""
        for path in [p for p in {**old, **new} if not str(p).startswith("x-")]:
            o_here, n_here = f"{at[0]}/{_escape(path)}", f"{at[1]}/{_escape(path)}"
            o, o_at, refs_o = _deref(self.old, old.get(path) or {}, o_here)
            n, n_at, refs_n = _deref(self.new, new.get(path) or {}, n_here)
            self.cover(*refs_o, *refs_n)
            o_params = o.get("parameters") or []
            n_params = n.get("parameters") or []
            for method in HTTP_METHODS:
                where = f"{label}{method.upper()} {path}"
                if method not in o and method not in n:
                    continue
                if method not in n:
                    self.cover_tree(self.old, o[method], f"{o_at}/{method}")
                    self.add(f"{o_at}/{method}", "breaking", where, "operation removed")
                elif method not in o:
                    self.cover_tree(self.new, n[method], f"{n_at}/{method}")
                    self.add(f"{n_at}/{method}", "additive", where, "new operation")
                else:
                    self.operation(
                        (o[method], f"{o_at}/{method}", o_params, o_at),
                        (n[method], f"{n_at}/{method}", n_params, n_at),
                        where,
                        flipped,
                    )
            for key in ("servers",):
                if key in o or key in n:
                    self.servers(o.get(key), n.get(key), f"{n_at}/{key}", path)

    def operation(
        self,
        old: tuple[Mapping[str, Any], str, list[Any], str],
        new: tuple[Mapping[str, Any], str, list[Any], str],
        label: str,
        flipped: bool,
    ) -> None:
        o, o_at, o_path_params, o_item_at = old
        n, n_at, n_path_params, n_item_at = new
        send: Direction = "response" if flipped else "request"
        read: Direction = "request" if flipped else "response"
        for key in ("operationId", "tags", "deprecated", "security", "servers"):
            self.cover(f"{o_at}/{key}", f"{n_at}/{key}")
        if o.get("operationId") != n.get("operationId"):
            self.add(
                f"{n_at}/operationId",
                "breaking",
                label,
                f"operationId {o.get('operationId')!r} renamed to {n.get('operationId')!r}"
                " (the generated function's module is renamed)",
            )
        o_tags, n_tags = o.get("tags") or [], n.get("tags") or []
        if o_tags[:1] != n_tags[:1]:
            self.add(
                f"{n_at}/tags",
                "breaking",
                label,
                f"tag {o_tags[:1]} changed to {n_tags[:1]} (the generated module moves)",
            )
        elif o_tags != n_tags:
            self.add(f"{n_at}/tags", "additive", label, f"tags {o_tags} changed to {n_tags}")
        if bool(o.get("deprecated")) != bool(n.get("deprecated")):
            state = "deprecated" if n.get("deprecated") else "no longer deprecated"
            self.add(f"{n_at}/deprecated", "additive", label, f"operation {state}")
        if "security" in o or "security" in n:
            self.security(o.get("security"), n.get("security"), f"{n_at}/security", label)
        if "servers" in o or "servers" in n:
            self.servers(o.get("servers"), n.get("servers"), f"{n_at}/servers", label)
        for ext, kind in EXTENSION_KIND.items():
            self.extension(o, n, n_at, ext, kind, label)
        self.parameters(
            self._params(self.old, o_path_params, o_item_at, o.get("parameters") or [], o_at),
            self._params(self.new, n_path_params, n_item_at, n.get("parameters") or [], n_at),
            label,
            send,
        )
        self.request_body(o, o_at, n, n_at, label, send)
        self.responses(o, o_at, n, n_at, label, read)
        self.callbacks(o, o_at, n, n_at, label)

    def _params(
        self,
        spec: Mapping[str, Any],
        item_params: list[Any],
        item_at: str,
        op_params: list[Any],
        op_at: str,
    ) -> dict[tuple[str, str], tuple[Mapping[str, Any], str]]:
        """Effective parameters keyed by ``(in, name)``: the operation's override the path's."""
        out: dict[tuple[str, str], tuple[Mapping[str, Any], str]] = {}
        for params, at in ((item_params, item_at), (op_params, op_at)):
            for i, raw in enumerate(params):
                where = f"{at}/parameters/{i}"
                node, node_at, refs = _deref(spec, raw, where)
                self.cover(*refs)
                if isinstance(node, Mapping):
                    out[(str(node.get("in")), str(node.get("name")))] = (node, node_at)
        return out

    def parameters(
        self,
        old: Mapping[tuple[str, str], tuple[Mapping[str, Any], str]],
        new: Mapping[tuple[str, str], tuple[Mapping[str, Any], str]],
        label: str,
        send: Direction,
    ) -> None:
        for key in [*old, *(k for k in new if k not in old)]:
            where, name = f"{key[0]} parameter {key[1]!r}", key[1]
            if key not in new:
                node, at = old[key]
                self.cover_tree(self.old, node, at)
                self.add(at, "breaking", label, f"{where} removed")
                continue
            if key not in old:
                node, at = new[key]
                self.cover_tree(self.new, node, at)
                required = bool(node.get("required"))
                kind: Kind = "breaking" if required and send == "request" else "additive"
                self.add(at, kind, label, f"new {'required' if required else 'optional'} {where}")
                continue
            (o, o_at), (n, n_at) = old[key], new[key]
            for kw in ("required", "style", "explode", "allowReserved", "deprecated", "in"):
                self.cover(f"{o_at}/{kw}", f"{n_at}/{kw}", f"{o_at}/name", f"{n_at}/name")
            if bool(o.get("required")) != bool(n.get("required")):
                tightened = bool(n.get("required"))
                ctx = _Ctx(send, label)
                state = "now required" if tightened else "now optional"
                self.by_direction(f"{n_at}/required", ctx, tightened, f"{where} {state}")
            for kw in ("style", "explode", "allowReserved"):
                if o.get(kw) != n.get(kw):
                    self.add(
                        f"{n_at}/{kw}",
                        "breaking",
                        label,
                        f"{where} {kw} changed from {o.get(kw)!r} to {n.get(kw)!r} ({PERSON})",
                    )
            if bool(o.get("deprecated")) != bool(n.get("deprecated")):
                self.add(f"{n_at}/deprecated", "additive", label, f"{where} deprecation changed")
            ctx = _Ctx(send, f"{label} {where}")
            if "schema" in o or "schema" in n:
                self.schema(
                    o.get("schema"), f"{o_at}/schema", n.get("schema"), f"{n_at}/schema", ctx
                )
            self.content(o, o_at, n, n_at, ctx, name)

    def request_body(
        self,
        o_op: Mapping[str, Any],
        o_op_at: str,
        n_op: Mapping[str, Any],
        n_op_at: str,
        label: str,
        send: Direction,
    ) -> None:
        if "requestBody" not in o_op and "requestBody" not in n_op:
            return
        o_at, n_at = f"{o_op_at}/requestBody", f"{n_op_at}/requestBody"
        if "requestBody" not in n_op:
            self.cover_tree(self.old, o_op["requestBody"], o_at)
            self.add(o_at, "breaking", label, "request body removed")
            return
        if "requestBody" not in o_op:
            self.cover_tree(self.new, n_op["requestBody"], n_at)
            required = bool(_deref(self.new, n_op["requestBody"], n_at)[0].get("required"))
            kind: Kind = "breaking" if required and send == "request" else "additive"
            self.add(
                n_at, kind, label, f"new {'required' if required else 'optional'} request body"
            )
            return
        o, o_at, refs_o = _deref(self.old, o_op["requestBody"], o_at)
        n, n_at, refs_n = _deref(self.new, n_op["requestBody"], n_at)
        self.cover(*refs_o, *refs_n, f"{o_at}/required", f"{n_at}/required")
        if bool(o.get("required")) != bool(n.get("required")):
            tightened = bool(n.get("required"))
            state = "now required" if tightened else "now optional"
            self.by_direction(
                f"{n_at}/required", _Ctx(send, label), tightened, f"request body {state}"
            )
        self.content(o, o_at, n, n_at, _Ctx(send, f"{label} request body"), "request body")

    def content(
        self,
        o: Mapping[str, Any],
        o_at: str,
        n: Mapping[str, Any],
        n_at: str,
        ctx: _Ctx,
        what: str,
    ) -> None:
        """Compare ``content`` maps (media type -> schema) of a body, response or parameter."""
        o_content, n_content = o.get("content") or {}, n.get("content") or {}
        for media in [*o_content, *(m for m in n_content if m not in o_content)]:
            if str(media).startswith("x-"):
                continue
            o_here, n_here = f"{o_at}/content/{_escape(media)}", f"{n_at}/content/{_escape(media)}"
            if media not in n_content:
                self.cover_tree(self.old, o_content[media], o_here)
                self.add(o_here, "breaking", ctx.where, f"media type {media} removed")
            elif media not in o_content:
                self.cover_tree(self.new, n_content[media], n_here)
                self.by_direction(
                    n_here, ctx, False, f"media type {media} added", response="additive"
                )
            else:
                self.cover(f"{o_here}/encoding", f"{n_here}/encoding")
                if _js(_strip_docs(o_content[media].get("encoding"))) != _js(
                    _strip_docs(n_content[media].get("encoding"))
                ):
                    self.add(n_here, "breaking", ctx.where, f"{media} encoding changed ({PERSON})")
                self.schema(
                    o_content[media].get("schema"),
                    f"{o_here}/schema",
                    n_content[media].get("schema"),
                    f"{n_here}/schema",
                    ctx,
                )

    def responses(
        self,
        o_op: Mapping[str, Any],
        o_op_at: str,
        n_op: Mapping[str, Any],
        n_op_at: str,
        label: str,
        read: Direction,
    ) -> None:
        o_all, n_all = o_op.get("responses") or {}, n_op.get("responses") or {}
        for status in [*o_all, *(s for s in n_all if s not in o_all)]:
            if str(status).startswith("x-"):
                continue
            o_here, n_here = f"{o_op_at}/responses/{status}", f"{n_op_at}/responses/{status}"
            if status not in n_all:
                self.cover_tree(self.old, o_all[status], o_here)
                self.add(
                    o_here,
                    "breaking",
                    label,
                    f"response {status} no longer documented (the client stops parsing it)",
                )
                continue
            if status not in o_all:
                self.cover_tree(self.new, n_all[status], n_here)
                self.add(n_here, "additive", label, f"newly documented response status {status}")
                continue
            o, o_at, refs_o = _deref(self.old, o_all[status], o_here)
            n, n_at, refs_n = _deref(self.new, n_all[status], n_here)
            self.cover(*refs_o, *refs_n, f"{o_at}/links", f"{n_at}/links")
            if _js(_strip_docs(o.get("links"))) != _js(_strip_docs(n.get("links"))):
                self.add(f"{n_at}/links", "additive", label, f"response {status} links changed")
            ctx = _Ctx(read, f"{label} response {status}")
            self.headers(o, o_at, n, n_at, ctx)
            self.content(o, o_at, n, n_at, ctx, f"response {status}")

    def headers(
        self, o: Mapping[str, Any], o_at: str, n: Mapping[str, Any], n_at: str, ctx: _Ctx
    ) -> None:
        o_h, n_h = o.get("headers") or {}, n.get("headers") or {}
        for name in [*o_h, *(h for h in n_h if h not in o_h)]:
            if str(name).startswith("x-"):
                continue
            o_here, n_here = f"{o_at}/headers/{_escape(name)}", f"{n_at}/headers/{_escape(name)}"
            if name not in n_h:
                self.cover_tree(self.old, o_h[name], o_here)
                self.by_direction(o_here, ctx, False, f"header {name} removed", response="breaking")
            elif name not in o_h:
                self.cover_tree(self.new, n_h[name], n_here)
                self.by_direction(n_here, ctx, True, f"header {name} added")
            else:
                oh, oh_at, refs_o = _deref(self.old, o_h[name], o_here)
                nh, nh_at, refs_n = _deref(self.new, n_h[name], n_here)
                self.cover(*refs_o, *refs_n, f"{oh_at}/required", f"{nh_at}/required")
                sub = _Ctx(ctx.direction, f"{ctx.label} header {name}")
                self.schema(
                    oh.get("schema"), f"{oh_at}/schema", nh.get("schema"), f"{nh_at}/schema", sub
                )

    def callbacks(
        self,
        o_op: Mapping[str, Any],
        o_op_at: str,
        n_op: Mapping[str, Any],
        n_op_at: str,
        label: str,
    ) -> None:
        o_all, n_all = o_op.get("callbacks") or {}, n_op.get("callbacks") or {}
        for name in [*o_all, *(c for c in n_all if c not in o_all)]:
            if str(name).startswith("x-"):
                continue
            o_here, n_here = (
                f"{o_op_at}/callbacks/{_escape(name)}",
                f"{n_op_at}/callbacks/{_escape(name)}",
            )
            if name not in n_all:
                self.cover_tree(self.old, o_all[name], o_here)
                self.add(o_here, "breaking", label, f"callback {name} removed")
                continue
            if name not in o_all:
                self.cover_tree(self.new, n_all[name], n_here)
                self.add(n_here, "additive", label, f"new callback {name}")
                continue
            o, o_at, refs_o = _deref(self.old, o_all[name], o_here)
            n, n_at, refs_n = _deref(self.new, n_all[name], n_here)
            self.cover(*refs_o, *refs_n)
            o_exprs = {k: v for k, v in o.items() if not str(k).startswith("x-")}
            n_exprs = {k: v for k, v in n.items() if not str(k).startswith("x-")}
            for expr in o_exprs.keys() - n_exprs.keys():
                self.cover_tree(self.old, o_exprs[expr], f"{o_at}/{_escape(expr)}")
                self.add(
                    f"{o_at}/{_escape(expr)}", "breaking", label, f"callback {name} {expr} removed"
                )
            for expr in n_exprs.keys() - o_exprs.keys():
                self.cover_tree(self.new, n_exprs[expr], f"{n_at}/{_escape(expr)}")
                self.add(
                    f"{n_at}/{_escape(expr)}", "additive", label, f"callback {name} {expr} added"
                )
            common = [e for e in o_exprs if e in n_exprs]
            self.path_items(
                {e: o_exprs[e] for e in common},
                {e: n_exprs[e] for e in common},
                (o_at, n_at),
                True,
                f"callback {name}: ",
            )

    # -- schemas -----------------------------------------------------------------
    def schema(self, old: Any, o_at: str, new: Any, n_at: str, ctx: _Ctx) -> None:
        """Compare two schemas (either may be ``None``: absent) in ``ctx``'s direction."""
        if old is None and new is None:
            return
        o, o_res, refs_o = _deref(self.old, old if old is not None else {}, o_at)
        n, n_res, refs_n = _deref(self.new, new if new is not None else {}, n_at)
        self.cover(*refs_o, *refs_n)
        if refs_o or refs_n:
            self.ref_siblings(old, o_at, new, n_at, ctx)
        for used in (o_res, n_res, *(r[: -len("/$ref")] for r in (*refs_o, *refs_n))):
            self._mark_used(used)
        o_name, n_name = _ref_name(old), _ref_name(new)
        if o_name and n_name and o_name != n_name and refs_o and refs_n:
            self.add(
                refs_n[0],
                "breaking",
                ctx.where,
                f"schema {o_name} replaced by {n_name} (the generated model class changes)",
            )
        key = (o_res, n_res, ctx.direction, ctx.open_set)
        if key in self.seen:
            return
        self.seen.add(key)
        if not isinstance(o, Mapping) or not isinstance(n, Mapping):
            if _js(o) != _js(n):
                self.cover(o_res, n_res)
                self.add(n_res, "breaking", ctx.where, f"schema changed ({PERSON})")
            return
        if self.string_vs_open_set(o, o_res, n, n_res, ctx):
            return
        for kw in SCHEMA_KEYWORDS:
            self.cover(f"{o_res}/{_escape(kw)}", f"{n_res}/{_escape(kw)}")
        self.type_(o, n, n_res, ctx)
        self.enum(o, n, n_res, ctx)
        self.object_(o, o_res, n, n_res, ctx)
        self.bounds(o, n, n_res, ctx)
        self.format_(o, n, n_res, ctx)
        self.misc(o, n, n_res, ctx)
        self.branches(o, o_res, n, n_res, ctx)
        for kw in ("items", "contentSchema", "then", "else", "not"):
            if kw in o and kw in n:
                self.schema(o[kw], f"{o_res}/{kw}", n[kw], f"{n_res}/{kw}", ctx.sub())
            elif kw in o or kw in n:
                self.presence(kw, o, o_res, n, n_res, ctx)
        if "if" in o and "if" in n and _js(_strip_docs(o["if"])) != _js(_strip_docs(n["if"])):
            self.cover(f"{o_res}/if", f"{n_res}/if")
            self.by_direction(f"{n_res}/if", ctx, True, f"if condition changed ({PERSON})")
        elif ("if" in o) != ("if" in n):
            self.presence("if", o, o_res, n, n_res, ctx)

    def string_vs_open_set(
        self, o: Mapping[str, Any], o_at: str, n: Mapping[str, Any], n_at: str, ctx: _Ctx
    ) -> bool:
        """A plain string became an open set ``anyOf [enum, string]``, or back: same values.

        Either way any string still parses; only the documented values (and the
        generated ``Literal`` beside ``str``) change. Returns whether it was such a case.
        """
        if _plain_string(o) and _open_form(self.new, n, n_at):
            kw, message = next(k for k in ("anyOf", "oneOf") if k in n), "known values documented"
            self.cover(f"{o_at}/type")
            self.cover_tree(self.new, n[kw], f"{n_at}/{kw}")
        elif _plain_string(n) and _open_form(self.old, o, o_at):
            kw, message = next(k for k in ("anyOf", "oneOf") if k in o), "documented values dropped"
            self.cover(f"{n_at}/type")
            self.cover_tree(self.old, o[kw], f"{o_at}/{kw}")
        else:
            return False
        where = f"{n_at}/{kw}" if kw in n else f"{o_at}/{kw}"
        self.add(where, "additive", ctx.where, f"{message} (an open set: any string parses)")
        return True

    def presence(
        self,
        kw: str,
        o: Mapping[str, Any],
        o_at: str,
        n: Mapping[str, Any],
        n_at: str,
        ctx: _Ctx,
    ) -> None:
        """A sub-schema keyword appeared (tightens) or disappeared (relaxes)."""
        if kw in n:
            self.cover_tree(self.new, n[kw], f"{n_at}/{kw}")
            self.by_direction(f"{n_at}/{kw}", ctx, True, f"{kw} added")
        else:
            self.cover_tree(self.old, o[kw], f"{o_at}/{kw}")
            self.by_direction(f"{o_at}/{kw}", ctx, False, f"{kw} removed")

    def type_(self, o: Mapping[str, Any], n: Mapping[str, Any], at: str, ctx: _Ctx) -> None:
        old, new = _types(o), _types(n)
        if old == new:
            return
        widened = _widens(old, new)
        show = f"type {sorted(old) if old else 'any'} -> {sorted(new) if new else 'any'}"
        if widened is None:
            self.add(f"{at}/type", "breaking", ctx.where, f"{show} (changed)")
        elif widened:
            self.by_direction(f"{at}/type", ctx, False, f"{show} (widened)", response="breaking")
        else:
            self.by_direction(f"{at}/type", ctx, True, f"{show} (narrowed)")

    def enum(self, o: Mapping[str, Any], n: Mapping[str, Any], at: str, ctx: _Ctx) -> None:
        def values(s: Mapping[str, Any]) -> dict[str, Any] | None:
            if "const" in s:
                return {_js(s["const"]): s["const"]}
            if isinstance(s.get("enum"), list):
                return {_js(v): v for v in s["enum"]}
            return None

        old, new = values(o), values(n)
        if old == new:
            return
        kw = "const" if "const" in n or ("const" in o and "enum" not in n) else "enum"
        where = f"{at}/{kw}"
        if old is None or new is None:
            tightened = new is not None
            message = f"{kw} {'added' if tightened else 'removed'}"
            widened: Kind = "additive" if tightened else "breaking"
            self.by_direction(where, ctx, tightened, message, response=widened)
            return
        removed = [old[k] for k in old if k not in new]
        added = [new[k] for k in new if k not in old]
        closed: Kind = "additive" if ctx.open_set else "breaking"
        if removed:
            note = " (still parsed: the set is open)" if ctx.open_set else ""
            values_text = _values(removed)
            self.by_direction(
                where,
                ctx,
                True,
                f"{kw} value {values_text} removed{note}",
                response="additive" if ctx.open_set else "breaking",
            )
        if added:
            note = " (an open set)" if ctx.open_set else ""
            values_text = _values(added)
            self.by_direction(
                where, ctx, False, f"{kw} value {values_text} added{note}", response=closed
            )

    def object_(
        self, o: Mapping[str, Any], o_at: str, n: Mapping[str, Any], n_at: str, ctx: _Ctx
    ) -> None:
        o_props, n_props = o.get("properties") or {}, n.get("properties") or {}
        o_req, n_req = set(o.get("required") or []), set(n.get("required") or [])
        for name in [*o_props, *(p for p in n_props if p not in o_props)]:
            o_here = f"{o_at}/properties/{_escape(name)}"
            n_here = f"{n_at}/properties/{_escape(name)}"
            if name not in n_props:
                self.cover_tree(self.old, o_props[name], o_here)
                side = {"request": "request ", "response": "response "}.get(ctx.direction, "")
                self.add(o_here, "breaking", ctx.where, f"{side}field {name!r} removed")
            elif name not in o_props:
                self.cover_tree(self.new, n_props[name], n_here)
                required = name in n_req
                if ctx.direction == "response":
                    self.add(n_here, "additive", ctx.where, f"new response field {name!r}")
                else:
                    state = "required" if required else "optional"
                    kind: Kind = "breaking" if required else "additive"
                    self.add(n_here, kind, ctx.where, f"new {state} field {name!r}")
            else:
                self.schema(o_props[name], o_here, n_props[name], n_here, ctx.sub(name))
        for name in sorted(n_req - o_req):
            if name in o_props or name not in n_props:
                self.by_direction(f"{n_at}/required", ctx, True, f"field {name!r} now required")
        for name in sorted(o_req - n_req):
            if name in n_props:
                self.by_direction(
                    f"{n_at}/required",
                    ctx,
                    False,
                    f"field {name!r} no longer required (may be absent)",
                    response="breaking",
                )
        self.additional(o, o_at, n, n_at, ctx)
        o_dep, n_dep = o.get("dependentRequired") or {}, n.get("dependentRequired") or {}
        for name in sorted(set(o_dep) | set(n_dep)):
            before, after = set(o_dep.get(name) or []), set(n_dep.get(name) or [])
            for extra in sorted(after - before):
                self.by_direction(
                    f"{n_at}/dependentRequired", ctx, True, f"{extra!r} now required with {name!r}"
                )
            for gone in sorted(before - after):
                self.by_direction(
                    f"{n_at}/dependentRequired",
                    ctx,
                    False,
                    f"{gone!r} no longer required with {name!r}",
                )

    def additional(
        self, o: Mapping[str, Any], o_at: str, n: Mapping[str, Any], n_at: str, ctx: _Ctx
    ) -> None:
        old, new = o.get("additionalProperties", True), n.get("additionalProperties", True)
        if isinstance(old, Mapping) and isinstance(new, Mapping):
            self.schema(
                old, f"{o_at}/additionalProperties", new, f"{n_at}/additionalProperties", ctx
            )
            return
        self.cover(f"{o_at}/additionalProperties", f"{n_at}/additionalProperties")
        if _js(old) == _js(new):
            return
        where = f"{n_at}/additionalProperties"
        if new is False:
            self.by_direction(
                where, ctx, True, "additionalProperties closed (unknown fields refused)"
            )
        elif old is False:
            self.by_direction(where, ctx, False, "additionalProperties opened")
        else:
            self.by_direction(where, ctx, True, f"additionalProperties changed ({PERSON})")

    def bounds(self, o: Mapping[str, Any], n: Mapping[str, Any], at: str, ctx: _Ctx) -> None:
        for kw, lower in [*((k, True) for k in LOWER_BOUNDS), *((k, False) for k in UPPER_BOUNDS)]:
            old, new = o.get(kw), n.get(kw)
            if old == new or isinstance(old, bool) or isinstance(new, bool):
                continue
            if old is None or new is None:
                tightened = old is None
            else:
                tightened = new > old if lower else new < old
            verb = "tightened" if tightened else "relaxed"
            self.by_direction(f"{at}/{kw}", ctx, tightened, f"{kw} {old} -> {new} ({verb})")
        for kw in PRESENCE:
            old, new = o.get(kw), n.get(kw)
            if _js(old) == _js(new) or (kw == "uniqueItems" and not old and not new):
                continue
            if old is None or old is False:
                self.by_direction(f"{at}/{kw}", ctx, True, f"{kw} {_js(new)} added")
            elif new is None or new is False:
                self.by_direction(f"{at}/{kw}", ctx, False, f"{kw} {_js(old)} removed")
            else:
                self.by_direction(
                    f"{at}/{kw}", ctx, True, f"{kw} {_js(old)} -> {_js(new)} ({PERSON})"
                )

    def ref_siblings(self, old: Any, o_at: str, new: Any, n_at: str, ctx: _Ctx) -> None:
        """Keywords written beside a ``$ref`` (``{$ref: AspectRatio, default: "16:9"}``):
        in OpenAPI 3.1 they apply together with the target, so compare them too."""
        o = {k: v for k, v in old.items() if k != "$ref"} if isinstance(old, Mapping) else {}
        n = {k: v for k, v in new.items() if k != "$ref"} if isinstance(new, Mapping) else {}
        if not o and not n:
            return
        for kw in SCHEMA_KEYWORDS:
            if kw != "$ref":
                self.cover(f"{o_at}/{_escape(kw)}", f"{n_at}/{_escape(kw)}")
        self.enum(o, n, n_at, ctx)
        self.bounds(o, n, n_at, ctx)
        self.format_(o, n, n_at, ctx)
        self.misc(o, n, n_at, ctx)

    def format_(self, o: Mapping[str, Any], n: Mapping[str, Any], at: str, ctx: _Ctx) -> None:
        old, new = o.get("format"), n.get("format")
        if old == new:
            return
        message = f"format {old!r} -> {new!r}"
        if old in TYPED_FORMATS or new in TYPED_FORMATS:
            self.add(f"{at}/format", "breaking", ctx.where, f"{message} (the Python type changes)")
        else:
            self.by_direction(f"{at}/format", ctx, new is not None, message)

    def misc(self, o: Mapping[str, Any], n: Mapping[str, Any], at: str, ctx: _Ctx) -> None:
        if _js(o.get("default")) != _js(n.get("default")):
            if "default" not in n:
                message = f"default {_js(o['default'])} removed"
            elif "default" not in o:
                message = f"default {_js(n['default'])} added"
            else:
                message = f"default {_js(o['default'])} -> {_js(n['default'])}"
            self.by_direction(
                f"{at}/default",
                ctx,
                True,
                f"{message} (the client sends another value when the field is omitted; {PERSON})",
            )
        for kw in ("readOnly", "writeOnly"):
            if bool(o.get(kw)) != bool(n.get(kw)):
                self.add(f"{at}/{kw}", "breaking", ctx.where, f"{kw} changed ({PERSON})")
        if bool(o.get("deprecated")) != bool(n.get("deprecated")):
            self.add(f"{at}/deprecated", "additive", ctx.where, "deprecation changed")
        if _js(o.get("x-enum-varnames")) != _js(n.get("x-enum-varnames")):
            self.add(
                f"{at}/x-enum-varnames", "breaking", ctx.where, "generated enum member names change"
            )

    def branches(
        self, o: Mapping[str, Any], o_at: str, n: Mapping[str, Any], n_at: str, ctx: _Ctx
    ) -> None:
        for kw in ("allOf", "oneOf", "anyOf"):
            old, new = list(o.get(kw) or []), list(n.get(kw) or [])
            if not old and not new:
                continue
            o_keys = [self._branch_key(self.old, b, f"{o_at}/{kw}/{i}") for i, b in enumerate(old)]
            n_keys = [self._branch_key(self.new, b, f"{n_at}/{kw}/{i}") for i, b in enumerate(new)]
            o_open = self._open(self.old, old, o_at, kw)
            n_open = self._open(self.new, new, n_at, kw)
            for i, key in enumerate(o_keys):
                if key in n_keys:
                    j = n_keys.index(key)
                    sub = ctx.sub(open_set=o_open and n_open)
                    self.schema(old[i], f"{o_at}/{kw}/{i}", new[j], f"{n_at}/{kw}/{j}", sub)
                    continue
                here = f"{o_at}/{kw}/{i}"
                self.cover_tree(self.old, old[i], here)
                if o_open and _plain_string(_deref(self.old, old[i], here)[0]):
                    self.by_direction(
                        here,
                        ctx,
                        True,
                        "value set no longer open (an unknown value now fails to parse)",
                        response="breaking",
                    )
                elif kw == "allOf":
                    self.by_direction(
                        here, ctx, False, f"allOf member {key} removed", response="breaking"
                    )
                else:
                    self.by_direction(here, ctx, True, f"{kw} variant {key} removed")
            for j, key in enumerate(n_keys):
                if key in o_keys:
                    continue
                here = f"{n_at}/{kw}/{j}"
                self.cover_tree(self.new, new[j], here)
                if n_open and not o_open and _plain_string(_deref(self.new, new[j], here)[0]):
                    self.by_direction(here, ctx, False, "value set now open (unknown values parse)")
                elif kw == "allOf":
                    self.by_direction(here, ctx, True, f"allOf member {key} added")
                else:
                    self.by_direction(
                        here, ctx, False, f"{kw} variant {key} added", response="breaking"
                    )

    def _branch_key(self, spec: Mapping[str, Any], branch: Any, at: str) -> str:
        name = _ref_name(branch)
        if name:
            return name
        node = _deref(spec, branch, at)[0]
        if isinstance(node, Mapping):
            for prop, sub in (node.get("properties") or {}).items():
                if isinstance(sub, Mapping) and "const" in sub:
                    return f"{prop}={_js(sub['const'])}"
            if _plain_string(node):
                return "string"
            if "type" in node:
                return f"type {_js(node['type'])}"
        return f"#{at.rsplit('/', 1)[-1]}"

    def _open(self, spec: Mapping[str, Any], branches: list[Any], at: str, kw: str) -> bool:
        """An ``anyOf``/``oneOf`` with a plain ``{type: string}`` branch: an open value set."""
        if kw == "allOf":
            return False
        return any(
            _plain_string(_deref(spec, b, f"{at}/{kw}/{i}")[0]) for i, b in enumerate(branches)
        )

    def unused_schemas(self) -> None:
        """Component schemas no operation reaches: new/removed models, compared both ways."""
        old = (self.old.get("components") or {}).get("schemas") or {}
        new = (self.new.get("components") or {}).get("schemas") or {}
        for name in [*old, *(s for s in new if s not in old)]:
            here = f"/components/schemas/{_escape(name)}"
            if name in self.used_schemas:
                continue
            if name not in new:
                self.cover_tree(self.old, old[name], here)
                self.add(here, "breaking", "", f"schema {name} removed (its generated model goes)")
            elif name not in old:
                self.cover_tree(self.new, new[name], here)
                self.add(here, "additive", "", f"new schema {name} (a new generated model)")
            else:
                self.schema(old[name], here, new[name], here, _Ctx("both", name))

    # -- everything the walk did not explain -------------------------------------
    def fallback(self) -> None:
        """Raw diff of the documents: doc keywords are ``docs``; the rest, a person's."""
        for at, is_doc in _raw_diff(self.old, self.new, "", ()):
            if self._is_covered(at):
                continue
            if is_doc:
                self.add(at, "docs", "", f"{_last(at)} changed")
            else:
                self.add(at, "breaking", "", f"unclassified change to {_last(at)} ({PERSON})")

    def _is_covered(self, at: str) -> bool:
        parts = at.split("/")
        return any("/".join(parts[:i]) in self.covered for i in range(2, len(parts) + 1))


def _last(at: str) -> str:
    return _unescape(at.rsplit("/", 1)[-1]) or "/"


def _is_name_position(parents: tuple[str, ...]) -> bool:
    """Is the next segment after ``parents`` a name chosen by the author (not a keyword)?"""
    if not parents:
        return False
    if len(parents) >= 2 and parents[-2] == "callbacks" and not _is_name_position(parents[:-2]):
        return True  # /callbacks/{name}/{expression}
    return parents[-1] in NAME_MAPS and not _is_name_position(parents[:-1])


def _raw_diff(a: Any, b: Any, at: str, parents: tuple[str, ...]) -> Iterator[tuple[str, bool]]:
    """Pointers where ``a`` and ``b`` differ, each with whether it is documentation.

    Stops at a documentation keyword (``/x-doc``, ``/description``...), descends
    into added or removed subtrees (so a covered part of them can be skipped).
    """
    if a == b:
        return
    if at in DOC_ROOTS and isinstance(a, Mapping) and isinstance(b, Mapping):
        for key in [*a, *(k for k in b if k not in a)]:
            if _js(a.get(key)) != _js(b.get(key)):
                yield f"{at}/{_escape(key)}", True
        return
    if any(at == root or at.startswith(root + "/") for root in DOC_ROOTS):
        yield at, True
        return
    if isinstance(a, Mapping) or isinstance(b, Mapping):
        a_map = a if isinstance(a, Mapping) else {}
        b_map = b if isinstance(b, Mapping) else {}
        if not isinstance(a, Mapping | None) or not isinstance(b, Mapping | None):
            yield at, False
            return
        name_here = _is_name_position(parents)
        for key in [*a_map, *(k for k in b_map if k not in a_map)]:
            here = f"{at}/{_escape(key)}"
            doc = key in DOC_EXTENSIONS if name_here else key in DOC_KEYWORDS
            if doc:
                if _js(a_map.get(key)) != _js(b_map.get(key)):
                    yield here, True
                continue
            yield from _raw_diff(a_map.get(key), b_map.get(key), here, (*parents, str(key)))
        return
    if isinstance(a, list | None) and isinstance(b, list | None):
        a, b = a or [], b or []
        for i in range(max(len(a), len(b))):
            yield from _raw_diff(
                a[i] if i < len(a) else None,
                b[i] if i < len(b) else None,
                f"{at}/{i}",
                (*parents, str(i)),
            )
        return
    if _js(a) != _js(b):
        yield at or "/", False


def _operations(spec: Mapping[str, Any]) -> Iterator[str]:
    for path, item in (spec.get("paths") or {}).items():
        for method in HTTP_METHODS:
            if isinstance(item, Mapping) and method in item:
                yield f"{method.upper()} {path}"


def classify(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[Change]:
    """Every change from ``old`` to ``new`` (two OpenAPI 3.1 documents), consumer's side.

    Returns the changes in walk order (operations first, then documentation),
    one per (pointer, kind, description). Either document may be ``{}``: a
    provider added (additive) or removed (breaking) as a whole is one change at
    pointer ``""``.
    """
    if not old or not new:
        operations = sum(1 for _ in _operations(new or old))
        if not old and not new:
            return []
        if not old:
            return [Change("", "additive", f"new provider ({operations} operations)")]
        return [Change("", "breaking", f"provider removed ({operations} operations)")]
    walker = _Walker(old, new)
    walker.document()
    walker.fallback()
    return list(walker.changes.values())


def summarize(changes: list[Change]) -> Kind | None:
    """The most severe kind among ``changes`` (``None`` for no change)."""
    for kind in ("breaking", "additive", "docs"):
        if any(c.kind == kind for c in changes):
            return kind
    return None
