"""Fetch every registered provider page and say which changed since it was read.

``nox -s sources -- --live [<key>]`` is for a person: it reaches the providers'
sites, so no test or CI job runs it against them (the tests serve pages on
loopback). For each source of ``info.x-sources`` it fetches ``url`` with httpx
(HTML turned into text with inscriptis, as ``diff`` does), compares
:func:`contracts.sources.page_sha256` of the text with the registry's ``sha256``
and, for a page that changed (or has no ``sha256`` to compare with), runs the
``diff`` of :mod:`contracts.sources_diff` on it: its stale facts and uncited
statements. A page that cannot be fetched is listed, not fatal.

A live page is turned into text by this tool while a capture was taken by hand,
so a page's first live check usually reports "changed" even when its words did
not: then read the diff, re-capture the page and update ``sha256``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
from inscriptis import get_text

from contracts.sources import Source, page_sha256, read_sources
from contracts.sources_diff import PageDiff, diff_page, old_capture, render
from contracts.spec import load_spec

__all__ = ["LivePage", "fetch_text", "live_check", "render_live"]

USER_AGENT = "soravideo-provenance-check (+https://github.com/soravideo/soravideo)"
TIMEOUT_SECONDS = 20.0


@dataclass
class LivePage:
    """One registered page fetched live.

    ``state`` is ``unchanged`` (sha256 equals the registry's), ``changed``,
    ``unhashed`` (the registry has no sha256: only its quotes were checked) or
    ``failed`` (``detail`` says why).
    """

    spec: Path
    source: Source
    state: str
    detail: str = ""
    diff: PageDiff | None = None


def fetch_text(client: httpx.Client, url: str) -> str:
    """GET ``url`` and return its text (HTML through inscriptis).

    Raises:
        httpx.HTTPError: the request failed or the status is not 2xx.
    """
    response = client.get(url, follow_redirects=True)
    response.raise_for_status()
    kind = response.headers.get("content-type", "").lower()
    text = response.text
    if "html" in kind or text.lstrip()[:15].lower().startswith(("<!doctype html", "<html")):
        return str(get_text(text))
    return text


def _check_page(
    client: httpx.Client, path: Path, spec: Mapping[str, Any], source: Source, pages: Path | None
) -> LivePage:
    try:
        text = fetch_text(client, source.url)
    except httpx.HTTPError as exc:
        return LivePage(path, source, "failed", f"{type(exc).__name__}: {exc}")
    digest = page_sha256(text)
    if source.sha256 == digest:
        return LivePage(path, source, "unchanged", f"unchanged since {source.read}")
    old, old_name = old_capture(source, pages)
    result = diff_page(spec, text, source.id, old, old_name, source.url)
    if source.sha256 is None:
        return LivePage(path, source, "unhashed", "no sha256 in the registry", result)
    detail = f"changed since {source.read} (sha256 {digest[:12]}…, registry {source.sha256[:12]}…)"
    return LivePage(path, source, "changed", detail, result)


def live_check(
    spec_paths: Iterable[Path], client: httpx.Client, pages: Path | None
) -> list[LivePage]:
    """Fetch every source of every spec with ``client``; one :class:`LivePage` each."""
    found: list[LivePage] = []
    for path in spec_paths:
        spec = load_spec(path)
        for source in read_sources(spec)[0].values():
            found.append(_check_page(client, path, spec, source, pages))
    return found


def render_live(results: Iterable[LivePage]) -> str:
    """The report: one line per page, the diff of each changed page, a summary line."""
    lines: list[str] = []
    counts: dict[str, int] = {"unchanged": 0, "changed": 0, "unhashed": 0, "failed": 0}
    stale = 0
    for page in results:
        counts[page.state] += 1
        head = f"{page.spec.stem} {page.source.id} {page.source.url}"
        lines.append(
            f"{head}: {page.detail}"
            if page.state != "failed"
            else f"{head}: fetch failed: {page.detail}"
        )
        if page.diff is not None and (page.state == "changed" or page.diff.stale):
            stale += len(page.diff.stale)
            sources = {page.source.id: page.source}
            body = render(page.diff, str(page.spec), sources, chosen=False)
            lines.extend("    " + line for line in body.splitlines()[1:])
    lines.append(
        f"live: {counts['unchanged']} unchanged, {counts['changed']} changed, "
        f"{counts['unhashed']} without sha256, {counts['failed']} not fetched; "
        f"{stale} stale fact(s)"
    )
    return "\n".join(lines)


def client(timeout: float = TIMEOUT_SECONDS) -> httpx.Client:
    """The HTTP client of ``--live``: redirects followed, a plain user agent, ``timeout`` s."""
    return httpx.Client(timeout=timeout, headers={"user-agent": USER_AGENT})
