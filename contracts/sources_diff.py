"""What a re-captured provider page changes in a spec: stale facts and uncited statements.

A maintainer captures a page again (text, Markdown/MDX or HTML; HTML is turned into
text with inscriptis) and runs ``nox -s sources -- diff <key> <NEW_PAGE>``.
:func:`diff_page` compares it with the spec's ``x-doc`` quotes:

* **stale**: quotes of the page's source that are no longer in the new text (after
  :func:`contracts.sources.normalize`, and with spaces ignored, so that a page
  captured with another tool or layout keeps its quotes), each with the pointer of
  the node carrying the ``x-doc`` and the facts that rest on it through ``$ref``;
* **uncited**: lines of the new text that state a value (a token in backticks or
  quotes, a number with a unit, a ratio such as ``16:9``, or a word such as
  ``default``, ``required``, ``optional``, ``at most``) of which some value is not
  inside an occurrence of any quote of the spec: the candidates for new or changed
  facts. Code (fenced blocks, JSON members, shell lines) and front matter are
  skipped, and a repeated line is listed once;
* a unified diff against the source's captured text, when it has one.

Without ``--source``, the source is the registered page whose quotes the new text
contains the largest share of.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from inscriptis import get_text

from contracts.sources import (
    Quote,
    Source,
    doc_pointer,
    iter_docs,
    iter_facts,
    normalize,
    parse_doc,
    read_sources,
)

__all__ = [
    "PageDiff",
    "QuoteAt",
    "Uncited",
    "choose_source",
    "contains",
    "diff_page",
    "page_text",
    "spec_quotes",
    "uncited_lines",
]

_HTML_START = re.compile(r"\A\s*(<!--.*?-->\s*)*<(!doctype\s+html|html[\s>])", re.I | re.S)


def page_text(path: Path) -> str:
    """The text of a captured page: HTML (by suffix or content) through inscriptis, else as is.

    Raises:
        OSError: the file cannot be read. UnicodeDecodeError: it is not UTF-8.
    """
    raw = path.read_text(encoding="utf-8")
    if path.suffix.lower() in {".html", ".htm", ".xhtml"} or _HTML_START.match(raw):
        return str(get_text(raw))
    return raw


@dataclass(frozen=True)
class QuoteAt:
    """One quote of a spec: the node carrying its ``x-doc``, and the facts resting on it."""

    pointer: str
    source: str
    quote: str
    facts: tuple[str, ...]


def spec_quotes(spec: Mapping[str, Any]) -> list[QuoteAt]:
    """Every quote of the spec, in document order, with the facts resting on it."""
    covers: dict[str, list[str]] = {}
    for fact in iter_facts(spec):
        holder = doc_pointer(spec, fact)
        if holder is not None:
            covers.setdefault(holder, []).append(fact.pointer)
    found: list[QuoteAt] = []
    for at, value in iter_docs(spec):
        holder = at.removesuffix("/x-doc")
        items, _ = parse_doc(value)
        found.extend(
            QuoteAt(holder, item.source, item.quote, tuple(covers.get(holder, [holder])))
            for item in items
            if isinstance(item, Quote)
        )
    return found


def choose_source(
    quotes: Sequence[QuoteAt], text: str, sources: Iterable[str]
) -> tuple[str | None, list[tuple[str, int, int]]]:
    """The source whose quotes ``text`` contains the largest share of, and the ranking.

    The ranking is ``(source id, quotes found, quotes of that source)``, best first
    (share, then count); sources without quotes are left out. None when no quote of
    any source is found.
    """
    norm = normalize(text)
    ranking: list[tuple[str, int, int]] = []
    for sid in sources:
        mine = {normalize(q.quote) for q in quotes if q.source == sid}
        if mine:
            ranking.append((sid, sum(contains(norm, q) for q in mine), len(mine)))
    ranking.sort(key=lambda r: (r[1] / r[2], r[1]), reverse=True)
    best = ranking[0][0] if ranking and ranking[0][1] else None
    return best, ranking


@dataclass(frozen=True)
class Uncited:
    """A line of the new page (1-based) stating a value no quote of the spec covers."""

    line: int
    text: str


_VALUE = re.compile(
    r"`[^`\n]{1,60}`"
    r"|\"[^\"\n]{1,60}\""
    r"|\u201c[^\u201d\n]{1,60}\u201d"
    r"|(?<![\w.])\d+(?:[.,]\d+)?\s?(?:ms|s|secs?|seconds?|min|minutes?|h|hrs?|hours?|days?"
    r"|kb|mb|gb|px|p|fps|characters?|chars?|tokens?|%)(?![\w])"
    r"|(?<![\w:])\d{1,2}:\d{1,2}(?![\w:])"
    r"|\b(?:default|defaults|required|optional|must|only|at most|at least|up to|no more than"
    r"|exceed|maximum|minimum|max|min|range"
    r"|vereist|optioneel|standaard|voorwaardelijk|alleen|maximaal"  # Dutch
    r"|erforderlich|standard|nur|maximal|höchstens|mindestens"  # German
    r"|wymagane|wymagany|opcjonalne|opcjonalny|domyślnie|tylko|maksymalnie)\b"  # Polish
    r"|\d+\s?(?:\u79d2|\u5206\u949f|\u5c0f\u65f6|\u4e2a\u5b57\u7b26|\u5b57\u7b26)"
    r"|\u9ed8\u8ba4|\u5fc5\u586b|\u5fc5\u9700|\u53ef\u9009|\u6700\u591a|\u4e0d\u8d85\u8fc7|\u81f3\u5c11",
    re.I,
)
"""A value statement: quoted/backticked token, number with a unit, ratio, limit word.

The limit words are English, Dutch, German and Polish (the languages of the captured
pages); the last two alternatives are Chinese units (seconds, minutes, hours,
characters) and words (default, required, optional, at most, not exceeding, at least)."""

_QUOTES = '`"\u201c'
_ENUM_LIKE = re.compile(r"(?!.*://)(?!.*\d{6})[\w.:+/=-]{1,40}")
"""A quoted token that names a value (``16:9``, ``sora-2-pro``), not prose, a URL or an id."""

_NAMING_ATTRIBUTE = re.compile(r"\b(?:name|type|body|query|path|header|field)=$")
"""Before a quoted token that names a field or a type (MDX ``<ParamField body="model">``)."""

_PARAM_DECLARATION = re.compile(
    r"<(?:ParamField|ResponseField|Field)\b[^>]*?\b(?:body|query|path|header|name)=\"([^\"]+)\""
)
"""A documented parameter (MDX ``<ParamField body="seed" type="integer">``): a new
parameter is a fact to add even when its line states no value."""

_CODE_LINE = re.compile(
    r"^\s*(?:[\[\]{}(),]+\s*$"  # brackets alone
    r"|[{\[].*[}\]]\s*,?\s*$"  # a JSON object or array on one line
    r"|\"[^\"]*\"\s*:"  # a JSON member
    r"|(?:curl|wget|http|import|from|const|let|var|await|print|response|requests)\b"
    r"|-[A-Za-z]\s|--[a-z]"  # a shell option line
    r"|.*\\\s*$)"  # a shell continuation
)
_FENCE = re.compile(r"^\s*(```|~~~)")


def _prose_lines(lines: Sequence[str]) -> list[bool]:
    """For each line, whether it can state a documented value (not code or front matter)."""
    keep = [True] * len(lines)
    fenced = False
    front = bool(lines) and lines[0].strip() == "---"
    for i, line in enumerate(lines):
        if front:
            keep[i] = False
            if i > 0 and line.strip() == "---":
                front = False
            continue
        if _FENCE.match(line):
            fenced = not fenced
            keep[i] = False
        elif fenced or _CODE_LINE.match(line):
            keep[i] = False
    return keep


def _compact(norm: str) -> tuple[str, list[int]]:
    """``norm`` without its spaces, and the index in ``norm`` of each kept character."""
    kept = [i for i, char in enumerate(norm) if char != " "]
    return "".join(norm[i] for i in kept), kept


def contains(norm_text: str, quote: str) -> bool:
    """Whether ``quote`` is in the normalized page text, spaces ignored (layout-proof).

    A page captured with another tool (rendered text vs MDX source, table cells
    glued or padded) differs in spaces only: ``16:9, 9:16`` vs ``16:9 , 9:16``.
    """
    return normalize(quote).replace(" ", "") in norm_text.replace(" ", "")


def _covered_mask(norm: str, quotes: Iterable[str]) -> bytearray:
    """1 at each character of ``norm`` inside an occurrence of a quote (spaces ignored)."""
    mask = bytearray(len(norm))
    compact, kept = _compact(norm)
    for quote in {normalize(q).replace(" ", "") for q in quotes}:
        if not quote:
            continue
        start = compact.find(quote)
        while start >= 0:
            first, last = kept[start], kept[start + len(quote) - 1]
            mask[first : last + 1] = b"\x01" * (last + 1 - first)
            start = compact.find(quote, start + 1)
    return mask


def uncited_lines(text: str, quotes: Iterable[str]) -> list[Uncited]:
    """Lines of ``text`` that state a value not inside any occurrence of ``quotes``.

    Quotes are matched on the normalized text as a whole (they may span lines); a
    value counts as covered when its normalized form lies inside a quote's
    occurrence on that line.
    """
    lines = text.splitlines()
    spans: list[tuple[int, int]] = []
    parts: list[str] = []
    pos = 0
    for line in lines:
        norm_line = normalize(line)
        if norm_line:
            if parts:
                pos += 1
            parts.append(norm_line)
            spans.append((pos, pos + len(norm_line)))
            pos += len(norm_line)
        else:
            spans.append((pos, pos))
    norm = " ".join(parts)
    mask = _covered_mask(norm, quotes)
    found: list[Uncited] = []
    seen: set[str] = set()
    for number, (line, keep, (start, end)) in enumerate(
        zip(lines, _prose_lines(lines), spans, strict=True), 1
    ):
        if not keep or start == end:
            continue
        norm_line = norm[start:end]
        declared = _PARAM_DECLARATION.search(line)
        if declared is not None and not _name_quoted(declared.group(1), norm, mask):
            if norm_line not in seen:
                seen.add(norm_line)
                found.append(Uncited(number, line.strip()))
            continue
        for match in _VALUE.finditer(line):
            value = normalize(match.group())
            if not value or (
                match.group()[0] in _QUOTES
                and (
                    not _ENUM_LIKE.fullmatch(match.group()[1:-1])
                    or _NAMING_ATTRIBUTE.search(line, 0, match.start())
                )
            ):
                continue
            # where this value starts in the normalized line: after its normalized prefix
            at = norm_line.find(value, max(0, len(normalize(line[: match.start()])) - 1))
            if at < 0 or not all(mask[start + at : start + at + len(value)]):
                break
        else:
            continue
        if norm_line not in seen:
            seen.add(norm_line)
            found.append(Uncited(number, line.strip()))
    return found


def _name_quoted(name: str, norm: str, mask: bytearray) -> bool:
    """Whether the parameter ``name`` lies inside a quote's occurrence anywhere on the page."""
    word = normalize(name)
    at = norm.find(word)
    while at >= 0:
        if all(mask[at : at + len(word)]):
            return True
        at = norm.find(word, at + 1)
    return False


LOW_MATCH = 0.5
"""Below this share of the chosen source's quotes found, the page is reported as
looking like a different page (a rewrite, another language) rather than as a list
of stale facts only."""


@dataclass
class PageDiff:
    """The result of :func:`diff_page`."""

    source: str
    ranking: list[tuple[str, int, int]]
    stale: list[QuoteAt] = field(default_factory=list)
    uncited: list[Uncited] = field(default_factory=list)
    unified: list[str] = field(default_factory=list)
    compared: str | None = None
    """The captured text the page was compared with (its capture path), if any."""
    relaid: list[QuoteAt] = field(default_factory=list)
    """Quotes found only when spaces are ignored: not stale, but ``check`` would fail
    them against this text (re-quote them when this text becomes the capture)."""

    @property
    def new_page(self) -> bool:
        """No registered source matches: a page the spec does not cite yet."""
        return not self.source

    @property
    def looks_different(self) -> bool:
        """Fewer than :data:`LOW_MATCH` of the chosen source's quotes are in the page."""
        for sid, found, total in self.ranking:
            if sid == self.source:
                return total >= 4 and found / total < LOW_MATCH
        return False

    def as_json(self) -> dict[str, Any]:
        """``{"source": id, "stale": [{"pointer", "quote"}], "uncited": [{"line", "text"}]}``
        (``source`` is null for a page no registered source matches)."""
        return {
            "source": self.source or None,
            "stale": [{"pointer": q.pointer, "quote": q.quote} for q in self.stale],
            "uncited": [{"line": u.line, "text": u.text} for u in self.uncited],
        }


class SourceNotFoundError(ValueError):
    """No registered source fits the page (unknown ``--source``, or no quote matches)."""


def diff_page(
    spec: Mapping[str, Any],
    text: str,
    source: str | None = None,
    old_text: str | None = None,
    old_name: str = "old",
    new_name: str = "new",
) -> PageDiff:
    """Compare a new capture ``text`` with the spec's quotes (and ``old_text``, if given).

    When ``source`` is None and no quote of any registered source is in ``text``,
    the page is a new one (``PageDiff.source == ""``): nothing is stale and every
    value statement is uncited, the candidates for facts to add.

    Raises:
        SourceNotFoundError: ``source`` is not an id of ``info.x-sources``.
    """
    sources = read_sources(spec)[0]
    quotes = spec_quotes(spec)
    best, ranking = choose_source(quotes, text, sources)
    if source is None:
        if best is None:
            return PageDiff("", ranking, [], uncited_lines(text, [q.quote for q in quotes]))
        source = best
    elif source not in sources:
        raise SourceNotFoundError(f"--source {source!r} is not one of {sorted(sources)}")
    norm = normalize(text)
    mine = [q for q in quotes if q.source == source]
    stale = [q for q in mine if not contains(norm, q.quote)]
    result = PageDiff(source, ranking, stale, uncited_lines(text, [q.quote for q in quotes]))
    result.relaid = [q for q in mine if normalize(q.quote) not in norm and q not in stale]
    if old_text is not None:
        result.compared = old_name
        result.unified = list(
            difflib.unified_diff(
                old_text.splitlines(), text.splitlines(), old_name, new_name, lineterm=""
            )
        )
    return result


def old_capture(source: Source, pages: Path | None) -> tuple[str | None, str]:
    """The captured text of ``source`` in ``pages`` (None when there is none) and its name."""
    if source.capture is None or pages is None:
        return None, source.capture or "old"
    path = pages / source.capture
    return (path.read_text(encoding="utf-8") if path.is_file() else None), source.capture


def render(diff: PageDiff, spec_name: str, sources: Mapping[str, Source], chosen: bool) -> str:
    """The human-readable report of a :class:`PageDiff`."""
    if diff.new_page:
        lines = [
            "source: none: no quote of any registered source is in this page. A page the spec",
            "  does not cite yet? Register it in info.x-sources (id, url, language, read,",
            "  capture, sha256) and add facts for the statements below; if it replaces a",
            "  registered page, name that one with --source to see what went stale.",
            f"uncited statements (values no quote of {spec_name} covers): {len(diff.uncited)}",
        ]
        lines.extend(f"  line {u.line}: {u.text}" for u in diff.uncited)
        return "\n".join(lines)
    source = sources[diff.source]
    lines = [f"source: {diff.source} ({source.url}, read {source.read})"]
    if chosen:
        ranked = ", ".join(f"{sid} {found}/{total}" for sid, found, total in diff.ranking[:4])
        lines.append(f"  chosen as the best match by quotes found in the new page: {ranked}")
    if diff.looks_different:
        lines.append(
            f"  warning: the page holds few of {diff.source}'s quotes: it looks like a different"
            " page (a rewrite, another language, another topic). If it replaces "
            f"{diff.source}, re-cite each stale fact from it; if not, pass the right --source"
            " or treat it as a new page."
        )
    lines.append(f"stale facts (quotes of {diff.source} no longer in the page): {len(diff.stale)}")
    for q in diff.stale:
        lines.append(f"  {q.pointer}: {q.quote!r}")
        others = [f for f in q.facts if f != q.pointer]
        if others:
            lines.append(f"    (the x-doc of {', '.join(others)})")
    if diff.relaid:
        lines.append(
            "quotes found only with spaces ignored (the page's layout changed; re-quote them "
            f"if this text becomes the capture): {len(diff.relaid)}"
        )
        lines.extend(f"  {q.pointer}: {q.quote!r}" for q in diff.relaid)
    lines.append(f"uncited statements (values no quote of {spec_name} covers): {len(diff.uncited)}")
    lines.extend(f"  line {u.line}: {u.text}" for u in diff.uncited)
    if diff.unified:
        lines.append(f"diff against the capture {diff.compared}:")
        lines.extend(diff.unified)
    elif diff.compared:
        lines.append(f"the page's text is identical to the capture {diff.compared}")
    elif source.capture:
        lines.append(f"capture {source.capture} not found: no diff")
    else:
        lines.append(f"{diff.source} has no capture: no diff")
    return "\n".join(lines)
