"""The per-provider conformance table printed at the end of ``nox -s contracts``.

Contract tests record what they covered with :func:`record` (counts add up);
the pytest plugin in ``contracts/conftest.py`` prints :func:`table` when the
session ends and, with ``--report-dir DIR``, writes it with :func:`write` as
``DIR/conformance.md`` (the same Markdown) and ``DIR/conformance.json``
(:func:`as_json`: the same cells, typed). Columns are fixed, so a provider with
nothing recorded for a column shows ``-`` (JSON ``null``) instead of silently
disappearing.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from pathlib import Path
from typing import Any

COLUMNS: tuple[tuple[str, str], ...] = (
    ("operations", "operations covered"),
    ("fixtures", "fixtures validated"),
    ("schemathesis_cases", "schemathesis cases"),
    ("schemathesis_failures", "schemathesis failures"),
    ("links", "links covered"),
    ("prism", "Prism parse"),
)
"""(key, header) of each column, in order."""

_counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
_notes: dict[str, dict[str, str]] = defaultdict(dict)


def record(provider: str, column: str, count: int = 1) -> None:
    """Add ``count`` to ``column`` for ``provider``.

    Raises:
        KeyError: ``column`` is not one of :data:`COLUMNS`.
    """
    if column not in dict(COLUMNS):
        raise KeyError(f"unknown column {column!r}; one of {[k for k, _ in COLUMNS]}")
    _counts[provider][column] += count


def note(provider: str, column: str, text: str) -> None:
    """Show ``text`` instead of a count in a cell (e.g. ``"ok 4/4"`` for Prism)."""
    _notes[provider][column] = text


def reset() -> None:
    """Forget everything recorded (tests of this module use it)."""
    _counts.clear()
    _notes.clear()


def _cell(provider: str, key: str) -> int | str | None:
    """A cell's value: its note, its count, or None when nothing was recorded."""
    if key in _notes[provider]:
        return _notes[provider][key]
    if key in _counts[provider]:
        return _counts[provider][key]
    return None


def table(providers: tuple[str, ...]) -> str:
    """The Markdown table of everything recorded, one row per provider."""
    header = "| provider | " + " | ".join(h for _, h in COLUMNS) + " |"
    rule = "|---" * (len(COLUMNS) + 1) + "|"
    rows = [header, rule]
    for provider in providers:
        cells = []
        for key, _ in COLUMNS:
            value = _cell(provider, key)
            cells.append("-" if value is None else str(value))
        rows.append(f"| {provider} | " + " | ".join(cells) + " |")
    return "\n".join(rows)


def as_json(providers: tuple[str, ...]) -> dict[str, Any]:
    """The table as data: ``{"columns": [{key, header}], "providers": {name: {key: cell}}}``.

    A cell is an int (a count), a str (a note such as ``"4/4 + 4/4"``) or None
    (nothing recorded: ``-`` in :func:`table`), in the order of :data:`COLUMNS`.
    """
    return {
        "columns": [{"key": key, "header": header} for key, header in COLUMNS],
        "providers": {p: {key: _cell(p, key) for key, _ in COLUMNS} for p in providers},
    }


def write(directory: Path, providers: tuple[str, ...]) -> tuple[Path, Path]:
    """Write ``conformance.json`` and ``conformance.md`` into ``directory``; return both paths."""
    directory.mkdir(parents=True, exist_ok=True)
    json_path, md_path = directory / "conformance.json", directory / "conformance.md"
    json_path.write_text(json.dumps(as_json(providers), indent=2) + "\n", encoding="utf-8")
    md_path.write_text(table(providers) + "\n", encoding="utf-8")
    return json_path, md_path


_MARGIN = re.compile(r"^(?:E\s)?[\s|]*")
"""What precedes a failure text's lines: pytest's ``E`` and exception-group ``|`` margins."""


def reproductions(text: str) -> list[str]:
    """The commands after each ``Reproduce with:`` in a schemathesis failure text, in order.

    Schemathesis ends each failure it reports with such a block (a ``curl``
    command of the failing request); the suite keeps them as a CI artifact. The
    text may be a pytest report or a formatted exception group (margins ignored).
    """
    lines = [_MARGIN.sub("", line).rstrip() for line in text.splitlines()]
    found: list[str] = []
    for i, line in enumerate(lines):
        if not line.endswith("Reproduce with:"):
            continue
        block: list[str] = []
        for following in lines[i + 1 :]:
            if following:
                block.append(following)
            elif block:
                break
        command = "\n".join(block)
        if command and command not in found:
            found.append(command)
    return found


def write_reproductions(directory: Path, failures: dict[str, list[str]]) -> Path:
    """Write ``schemathesis-reproductions.md``: per failed test, its reproduction commands."""
    directory.mkdir(parents=True, exist_ok=True)
    lines = ["# Schemathesis reproductions", ""]
    if not failures:
        lines.append("No schemathesis run failed: nothing to reproduce.")
    for nodeid, commands in failures.items():
        lines += [f"## {nodeid}", ""]
        for command in commands or ["(schemathesis gave no reproduction for this failure)"]:
            lines += ["```", command, "```", ""]
    path = directory / "schemathesis-reproductions.md"
    path.write_text("\n".join(lines).rstrip() + "\n", encoding="utf-8")
    return path
