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
from contracts.impact.changelog import prepend, top_version
from contracts.impact.release import bump_for, bumped, read_version, releases, set_version
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


def release(repo: Path, version: str) -> None:
    """Commit a release of ``version``: pyproject's version and a CHANGELOG.md entry."""
    pyproject, changelog = repo / "pyproject.toml", repo / "CHANGELOG.md"
    pyproject.write_text(set_version(pyproject.read_text(), version))
    entry = f"## [{version}] - 2026-12-01\n\n- A scratch release.\n"
    changelog.write_text(prepend(changelog.read_text(), entry))
    git(repo, "commit", "--quiet", "-am", f"scratch: release {version}")


def test_check_is_green_as_the_repository_is(clone: Path) -> None:
    ok, lines = check(clone)
    assert ok, lines
    assert lines[-1].endswith("CHANGELOG.md reflect the changes")


def test_check_gate_without_tags(clone: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # A release above whatever the repository has not released yet, found without tags.
    pyproject, changelog = clone / "pyproject.toml", clone / "CHANGELOG.md"
    current = read_version(pyproject.read_text())
    baseline = bumped(current, bump_for(current, "breaking"))
    release(clone, baseline)
    assert [r.version for r in releases(clone)][:2] == [baseline, current]
    ok, lines = check(clone)
    assert ok, lines

    # A breaking spec change lands without a bump: the gate fails and names it.
    needed = bumped(baseline, bump_for(baseline, "breaking"))
    edit_spec(clone, "evolink", scenario)
    regenerate(clone, "evolink")
    git(clone, "commit", "--quiet", "-am", "scratch: breaking change, no bump")
    ok, lines = check(clone)
    message = "\n".join(lines)
    assert not ok
    assert 'enum value "9:16" removed' in message
    assert "TaskInfo.can_cancel" in message
    assert f"bump to {needed}" in message

    # A patch bump is not enough.
    released = (pyproject.read_text(), changelog.read_text())
    patch = bumped(baseline, "patch")
    pyproject.write_text(set_version(released[0], patch))
    changelog.write_text(prepend(released[1], f"## [{patch}] - 2026-12-01\n"))
    ok, lines = check(clone)
    assert not ok
    assert f"{patch} is too small" in "\n".join(lines)

    # The version alone, without its changelog entry, fails too.
    changelog.write_text(released[1])
    ok, lines = check(clone)
    assert not ok
    assert f"top CHANGELOG.md entry is {baseline}" in lines[0]

    # --write-changelog bumps the version (0.x: the minor) and writes the entry: green.
    pyproject.write_text(released[0])
    assert main(["--root", str(clone), "--base", "HEAD~1", "--write-changelog"]) == 0
    capsys.readouterr()
    assert read_version(pyproject.read_text()) == needed
    assert top_version(changelog.read_text()) == needed
    assert "**BREAKING**" in changelog.read_text()
    ok, lines = check(clone)
    assert ok, lines

    # Committed, it is the release; a later breaking change needs the next bump.
    git(clone, "commit", "--quiet", "-am", f"scratch: release {needed}")
    ok, lines = check(clone)
    assert ok, lines
    assert [r.version for r in releases(clone)][:2] == [needed, baseline]
    edit_spec(clone, "evolink", lambda s: s["paths"].pop("/v1/tasks/{task_id}"))
    ok, lines = check(clone)
    assert not ok
    assert "operation removed" in "\n".join(lines)


def test_check_prefers_a_release_tag(clone: Path) -> None:
    edit_spec(clone, "evolink", lambda s: s["components"]["schemas"]["AspectRatio"]["enum"].pop())
    git(clone, "commit", "--quiet", "-am", "scratch: breaking change")
    assert not check(clone)[0]
    version = read_version((clone / "pyproject.toml").read_text())
    git(clone, "tag", f"v{version}")  # the maintainer says: this commit is the release
    ok, lines = check(clone)
    assert ok, lines
    assert f"tag v{version}" in lines[0]
