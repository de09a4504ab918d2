"""``nox -s impact`` end to end in scratch clones: the issue's scenario, docs-only, the CI gate."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from contracts.codegen import ROOT
from contracts.impact.__main__ import main
from contracts.impact.changelog import top_version
from contracts.impact.release import read_version, releases
from contracts.impact.report import check

GIT_USER = ["-c", "user.name=impact test", "-c", "user.email=impact@test.invalid"]


def git(repo: Path, *args: str) -> str:
    proc = subprocess.run(
        ["git", *GIT_USER, *args], cwd=repo, capture_output=True, text=True, check=True
    )
    return proc.stdout


@pytest.fixture
def clone(tmp_path: Path) -> Path:
    """A scratch clone of this repository's HEAD (its history included, no tags)."""
    repo = tmp_path / "repo"
    subprocess.run(
        ["git", "clone", "--quiet", "--shared", "--no-tags", str(ROOT), str(repo)], check=True
    )
    assert not git(repo, "tag", "--list")
    return repo


def edit_spec(repo: Path, provider: str, change: Callable[[dict[str, Any]], None]) -> None:
    path = repo / "specs" / f"{provider}.yaml"
    spec = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(spec)
    path.write_text(
        yaml.safe_dump(spec, sort_keys=False, allow_unicode=True, width=1000), encoding="utf-8"
    )


def regenerate(repo: Path, provider: str) -> None:
    """``nox -s generate -- <provider>`` as the clone's own codegen runs it."""
    env = {**os.environ, "PYTHONPATH": str(repo)}
    subprocess.run(
        [sys.executable, "-m", "contracts.codegen", "generate", provider],
        cwd=repo,
        env=env,
        check=True,
        capture_output=True,
    )


def impact_json(repo: Path, capsys: pytest.CaptureFixture[str], *args: str) -> dict[str, Any]:
    assert main(["--root", str(repo), "--json", *args]) == 0
    out: dict[str, Any] = json.loads(capsys.readouterr().out)
    return out


def scenario(spec: dict[str, Any]) -> None:
    """The issue's scenario on evolink."""
    schemas = spec["components"]["schemas"]
    schemas["AspectRatio"]["enum"].remove("9:16")  # a request enum value removed
    schemas["GenerationRequest"]["properties"]["seed"] = {  # an optional request field
        "type": "integer",
        "description": "Random seed.",
    }
    schemas["TaskStatus"]["enum"].append("cancelled")  # a value of an open response set
    del schemas["TaskInfo"]["properties"]["can_cancel"]  # a response model field removed


def test_done_when_scenario(clone: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit_spec(clone, "evolink", scenario)
    git(clone, "commit", "--quiet", "-am", "scratch: evolink scenario")
    regenerate(clone, "evolink")

    report = impact_json(clone, capsys, "--base", "HEAD~1")

    assert report["base"] == "HEAD~1"
    assert set(report["providers"]) == {
        "firebirdgen",
        "qingbo",
        "apixo",
        "freesoragenerator",
        "evolink",
    }
    assert all(not v for k, v in report["providers"].items() if k != "evolink")
    evolink = {(c["pointer"], c["kind"]) for c in report["providers"]["evolink"]}
    assert evolink == {
        ("/components/schemas/AspectRatio/enum", "breaking"),
        ("/components/schemas/TaskInfo/properties/can_cancel", "breaking"),
        ("/components/schemas/GenerationRequest/properties/seed", "additive"),
        ("/components/schemas/TaskStatus/enum", "additive"),
    }
    assert all(c["what"] for c in report["providers"]["evolink"])
    api = {(b["package"], b["path"], b["kind"]) for b in report["api"]}
    assert (
        "evolink_client",
        "evolink_client.models.task_info.TaskInfo.can_cancel",
        "breaking",
    ) in api
    assert report["bump"] == "minor"


def test_descriptions_only_is_docs_and_patch(
    clone: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    def reword(spec: dict[str, Any]) -> None:
        schemas = spec["components"]["schemas"]
        schemas["TaskInfo"]["description"] = "Details of the task (reworded)."
        schemas["TaskInfo"]["properties"]["can_cancel"]["description"] = "Cancellable now."
        spec["paths"]["/v1/tasks/{task_id}"]["get"]["summary"] = "Query a task"

    edit_spec(clone, "evolink", reword)
    git(clone, "commit", "--quiet", "-am", "scratch: reword")
    regenerate(clone, "evolink")

    report = impact_json(clone, capsys, "--base", "HEAD~1")

    kinds = Counter(c["kind"] for c in report["providers"]["evolink"])
    assert kinds == {"docs": 3}
    assert report["api"] == []
    assert report["bump"] == "patch"


def test_check_gate_without_tags(clone: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # Green as the repository is: 0.1.0, released where CHANGELOG.md first named it.
    ok, lines = check(clone)
    assert ok, lines
    assert [r.version for r in releases(clone)] == ["0.1.0"]

    # A breaking spec change lands without a bump: the gate fails and names it.
    edit_spec(clone, "evolink", scenario)
    regenerate(clone, "evolink")
    git(clone, "commit", "--quiet", "-am", "scratch: breaking change, no bump")
    ok, lines = check(clone)
    message = "\n".join(lines)
    assert not ok
    assert 'enum value "9:16" removed' in message
    assert "TaskInfo.can_cancel" in message
    assert "bump to 0.2.0" in message

    # A patch bump is not enough.
    pyproject = clone / "pyproject.toml"
    changelog = clone / "CHANGELOG.md"
    released = (pyproject.read_text(), changelog.read_text())
    pyproject.write_text(released[0].replace('version = "0.1.0"', 'version = "0.1.1"'))
    changelog.write_text(released[1].replace("## [0.1.0]", "## [0.1.1] - x\n\n## [0.1.0]", 1))
    ok, lines = check(clone)
    assert not ok
    assert "0.1.1 is too small" in "\n".join(lines)

    # The version alone, without its changelog entry, fails too.
    changelog.write_text(released[1])
    ok, lines = check(clone)
    assert not ok
    assert "top CHANGELOG.md entry is 0.1.0" in lines[0]

    # --write-changelog bumps the minor version and writes the entry: green.
    pyproject.write_text(released[0])
    assert main(["--root", str(clone), "--base", "HEAD~1", "--write-changelog"]) == 0
    capsys.readouterr()
    assert read_version(pyproject.read_text()) == "0.2.0"
    assert top_version(changelog.read_text()) == "0.2.0"
    assert "**BREAKING**" in changelog.read_text()
    ok, lines = check(clone)
    assert ok, lines

    # Committed, 0.2.0 is the release; a later breaking change needs 0.3.0.
    git(clone, "commit", "--quiet", "-am", "scratch: release 0.2.0")
    ok, lines = check(clone)
    assert ok, lines
    assert [r.version for r in releases(clone)] == ["0.2.0", "0.1.0"]
    edit_spec(clone, "evolink", lambda s: s["paths"].pop("/v1/tasks/{task_id}"))
    ok, lines = check(clone)
    assert not ok
    assert "operation removed" in "\n".join(lines)


def test_check_prefers_a_release_tag(clone: Path) -> None:
    edit_spec(clone, "evolink", lambda s: s["components"]["schemas"]["AspectRatio"]["enum"].pop())
    git(clone, "commit", "--quiet", "-am", "scratch: breaking change")
    assert not check(clone)[0]
    git(clone, "tag", "v0.1.0")  # the maintainer says: this commit is 0.1.0
    ok, lines = check(clone)
    assert ok, lines
    assert "tag v0.1.0" in lines[0]
