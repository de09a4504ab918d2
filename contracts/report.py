"""The per-provider conformance table printed at the end of ``nox -s contracts``.

Contract tests record what they covered with :func:`record` (counts add up);
the pytest plugin in ``contracts/conftest.py`` prints :func:`table` when the
session ends. Columns are fixed, so a provider with nothing recorded for a
column shows ``-`` instead of silently disappearing.
"""

from __future__ import annotations

from collections import defaultdict

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


def table(providers: tuple[str, ...]) -> str:
    """The Markdown table of everything recorded, one row per provider."""
    header = "| provider | " + " | ".join(h for _, h in COLUMNS) + " |"
    rule = "|---" * (len(COLUMNS) + 1) + "|"
    rows = [header, rule]
    for provider in providers:
        cells = []
        for key, _ in COLUMNS:
            if key in _notes[provider]:
                cells.append(_notes[provider][key])
            elif key in _counts[provider]:
                cells.append(str(_counts[provider][key]))
            else:
                cells.append("-")
        rows.append(f"| {provider} | " + " | ".join(cells) + " |")
    return "\n".join(rows)
