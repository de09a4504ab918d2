"""The contract suite's CI artifacts: the conformance table as JSON and Markdown, JUnit XML.

The end-to-end test runs a slice of the suite in a subprocess, as ``nox -s contracts``
runs the whole (``--junitxml``, ``--report-dir``), and checks that the files agree
with the table pytest printed.
"""

from __future__ import annotations

import json
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from contracts import report

ROOT = Path(__file__).resolve().parents[2]


def _printed_table(stdout: str) -> list[list[str]]:
    lines = stdout.splitlines()
    start = next(i for i, line in enumerate(lines) if "conformance (contracts.report)" in line)
    rows = [line for line in lines[start + 1 :] if line.startswith("|")]
    return [[cell.strip() for cell in row.strip("|").split("|")] for row in rows]


def _cells_from_json(data: dict[str, object]) -> list[list[str]]:
    columns = data["columns"]
    assert isinstance(columns, list)
    providers = data["providers"]
    assert isinstance(providers, dict)
    rows = [["provider", *(c["header"] for c in columns)]]
    for name, cells in providers.items():
        rows.append(
            [name, *("-" if cells[c["key"]] is None else str(cells[c["key"]]) for c in columns)]
        )
    return rows


def test_json_and_markdown_hold_the_printed_table(tmp_path: Path) -> None:
    out = tmp_path / "reports"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "contracts/tests/test_fixtures.py",
            "-k",
            "evolink or apixo",
            "-p",
            "no:cacheprovider",
            "-q",
            f"--junitxml={out / 'junit.xml'}",
            f"--report-dir={out}",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    printed = _printed_table(done.stdout)
    data = json.loads((out / "conformance.json").read_text())
    as_rows = _cells_from_json(data)
    assert as_rows == [printed[0], *printed[2:]]  # header, (rule), one row per provider
    counts = {row[0]: row[2] for row in as_rows[1:]}  # "fixtures validated"
    assert int(counts["evolink"]) > 0
    assert int(counts["apixo"]) > 0
    assert counts["qingbo"] == "-"
    markdown = (out / "conformance.md").read_text().strip().splitlines()
    assert markdown == [line for line in done.stdout.splitlines() if line.startswith("|")]
    suite = ET.parse(out / "junit.xml").getroot().find("testsuite")
    assert suite is not None
    passed = int(suite.get("tests", "0")) - int(suite.get("skipped", "0"))
    assert f"{passed} passed" in done.stdout
    assert sum(int(counts[p]) for p in ("evolink", "apixo")) <= passed
    reproductions = (out / "schemathesis-reproductions.md").read_text()
    assert "nothing to reproduce" in reproductions


def test_as_json_matches_table_cell_by_cell() -> None:
    # rows of made-up providers: the session's real counts (same recorder) stay untouched
    rows_of = ("test-provider-a", "test-provider-b")
    report.record("test-provider-a", "operations", 2)
    report.record("test-provider-a", "schemathesis_failures", 0)
    report.note("test-provider-a", "prism", "4/4 + 4/4")
    data = report.as_json(rows_of)
    rows = [
        [c.strip() for c in line.strip("|").split("|")]
        for line in report.table(rows_of).splitlines()
    ]
    assert _cells_from_json(data) == [rows[0], *rows[2:]]
    assert data["providers"]["test-provider-a"]["operations"] == 2
    assert data["providers"]["test-provider-a"]["schemathesis_failures"] == 0
    assert data["providers"]["test-provider-b"]["operations"] is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Response violates schema\n\nReproduce with:\n\n    curl -X POST "
            "-H 'Authorization: [Filtered]' http://mock.test/v1/tasks\n\nsecond line",
            ["curl -X POST -H 'Authorization: [Filtered]' http://mock.test/v1/tasks"],
        ),
        (
            "E   | Reproduce with:\nE   | \nE   |     curl -X GET http://mock.test/v1/tasks/x\n"
            "E   | \nE   +----",
            ["curl -X GET http://mock.test/v1/tasks/x"],
        ),
        ("AssertionError: no reproduction here", []),
    ],
)
def test_reproductions_are_read_from_failure_texts(text: str, expected: list[str]) -> None:
    assert report.reproductions(text) == expected
