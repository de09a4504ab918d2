"""``CHANGELOG.md`` in the Keep a Changelog format (https://keepachangelog.com/en/1.1.0/).

An entry is ``## [VERSION] - YYYY-MM-DD`` with one ``###`` section per
provider (and one for the Python API), each holding the Keep a Changelog
sections ``Changed``/``Added``/``Removed``/``Fixed``. Breaking changes are
marked **BREAKING**; documentation-only changes are counted under ``Fixed``.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Protocol

__all__ = ["HEADER", "prepend", "render_entry", "section_of", "top_version"]

HEADER = """# Changelog

All notable changes to soravideo are written here, newest first. The format is
[Keep a Changelog](https://keepachangelog.com/en/1.1.0/) and versions follow
[Semantic Versioning](https://semver.org/spec/v2.0.0.html): before 1.0 a breaking
change bumps the minor version, anything else the patch version. Entries are
written by `nox -s impact -- --write-changelog` (see README, "What a change does
to users") and may be edited by hand before committing.
"""

ENTRY = re.compile(r"^## \[(?P<version>[^\]]+)\]", re.MULTILINE)
SECTIONS = ("Changed", "Added", "Removed", "Fixed")
API_TITLE = "Python API (griffe)"
REMOVED = re.compile(r"\b(removed|no longer documented)\b")
ADDED = re.compile(r"\b(new|added)\b")


class Entry(Protocol):
    """What a changelog line is made of (a spec change or an API breakage)."""

    @property
    def kind(self) -> str: ...

    @property
    def what(self) -> str: ...


def top_version(changelog: str) -> str | None:
    """The version of the first ``## [X]`` entry (``Unreleased`` skipped), else ``None``."""
    for match in ENTRY.finditer(changelog):
        if match["version"].lower() != "unreleased":
            return match["version"]
    return None


def section_of(kind: str, what: str) -> str:
    """The Keep a Changelog section of one change: Removed, Added, Changed or Fixed (docs)."""
    if kind == "docs":
        return "Fixed"
    if REMOVED.search(what):
        return "Removed"
    if kind == "additive" and ADDED.search(what):
        return "Added"
    return "Changed"


def _docs_line(docs: Sequence[tuple[str, Entry]]) -> str:
    counts = Counter(at.rsplit("/", 1)[-1] for at, _ in docs)
    detail = ", ".join(f"{key} {n}" for key, n in counts.most_common())
    plural = "s" if len(docs) != 1 else ""
    return f"- Documentation of the spec: {len(docs)} change{plural} ({detail})."


def render_entry(
    version: str,
    date: str,
    providers: Mapping[str, Sequence[tuple[str, Entry]]],
    api: Sequence[tuple[str, Entry]],
) -> str:
    """One entry. ``providers`` maps a key to ``(pointer, change)`` pairs; ``api`` holds
    ``(object path, breakage)`` pairs. Sections without changes are left out."""
    lines = [f"## [{version}] - {date}", ""]
    groups = [*providers.items(), (API_TITLE, api)]
    for title, items in groups:
        if not items:
            continue
        lines += [f"### {title}", ""]
        for section in SECTIONS:
            chosen = [(at, c) for at, c in items if section_of(c.kind, c.what) == section]
            if not chosen:
                continue
            lines += [f"#### {section}", ""]
            if section == "Fixed":
                lines.append(_docs_line(chosen))
            for at, change in chosen if section != "Fixed" else []:
                mark = "**BREAKING** " if change.kind == "breaking" else ""
                if title == API_TITLE:
                    lines.append(f"- {mark}`{at}`: {change.what}")
                else:
                    lines.append(f"- {mark}{change.what} (`{at}`)")
            lines.append("")
    if len(lines) == 2:
        lines += ["No change to the specs or the Python API.", ""]
    return "\n".join(lines)


def prepend(changelog: str | None, entry: str) -> str:
    """``changelog`` with ``entry`` as its newest entry (replacing one of the same version)."""
    text = changelog if changelog and changelog.strip() else HEADER
    version = ENTRY.match(entry)
    first = ENTRY.search(text)
    if version and first and first["version"] == version["version"]:
        following = ENTRY.search(text, first.end())
        text = text[: first.start()] + (text[following.start() :] if following else "")
        first = ENTRY.search(text)
    at = first.start() if first else len(text)
    head = text[:at].rstrip("\n") + "\n\n"
    return head + entry.rstrip("\n") + "\n" + ("\n" + text[at:] if first else "")
