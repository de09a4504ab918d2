"""Versions, the semver bump a change implies, and where the last release is in git.

The version is ``[project] version`` in ``pyproject.toml``; a release is the
commit where it and the top entry of ``CHANGELOG.md`` first name a version.
:func:`releases` finds releases without tags, because CI's clone may carry
none: a ``v<version>`` tag wins when present; otherwise the history of those two
files on the first-parent line is read, and the release of a version is the
oldest commit of the latest run of commits in which both name it. (A shallow
clone hides that history: :func:`releases` then sees only what it has.)
"""

from __future__ import annotations

import re
import subprocess
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from contracts.impact.changelog import top_version

__all__ = [
    "Bump",
    "Release",
    "bump_for",
    "bumped",
    "file_at",
    "parse_version",
    "read_version",
    "releases",
    "set_version",
]

Bump = Literal["major", "minor", "patch", "none"]
VERSION = re.compile(r"^(\d+)\.(\d+)\.(\d+)$")
VERSION_LINE = re.compile(r'^(version\s*=\s*")([^"]+)(")', re.MULTILINE)


def parse_version(version: str) -> tuple[int, int, int]:
    """``"0.1.0"`` -> ``(0, 1, 0)``.

    Raises:
        ValueError: not a ``MAJOR.MINOR.PATCH`` version.
    """
    match = VERSION.match(version.strip())
    if not match:
        raise ValueError(f"not a MAJOR.MINOR.PATCH version: {version!r}")
    major, minor, patch = (int(x) for x in match.groups())
    return major, minor, patch


def bump_for(version: str, worst: str | None) -> Bump:
    """The bump a change of kind ``worst`` (breaking/additive/docs/None) needs from ``version``.

    Semver: before 1.0 a breaking change bumps the minor version and anything
    else the patch version; from 1.0 breaking -> major, additive -> minor,
    docs -> patch. No change -> ``"none"``.
    """
    if worst is None:
        return "none"
    major = parse_version(version)[0]
    if major == 0:
        return "minor" if worst == "breaking" else "patch"
    if worst == "breaking":
        return "major"
    return "minor" if worst == "additive" else "patch"


def bumped(version: str, bump: Bump) -> str:
    """``version`` bumped by ``bump`` (``"none"`` returns it unchanged)."""
    major, minor, patch = parse_version(version)
    if bump == "major":
        return f"{major + 1}.0.0"
    if bump == "minor":
        return f"{major}.{minor + 1}.0"
    if bump == "patch":
        return f"{major}.{minor}.{patch + 1}"
    return version


def read_version(pyproject: str) -> str:
    """``[project] version`` of a ``pyproject.toml`` text."""
    return str(tomllib.loads(pyproject)["project"]["version"])


def set_version(pyproject: str, version: str) -> str:
    """The ``pyproject.toml`` text with its (first) ``version = "..."`` line set."""
    text, count = VERSION_LINE.subn(rf"\g<1>{version}\g<3>", pyproject, count=1)
    if count != 1:
        raise ValueError("pyproject.toml has no version line")
    return text


def _git(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=False)


def file_at(root: Path, commit: str | None, path: str) -> str | None:
    """``path``'s text at ``commit`` (``None``: the working tree); ``None`` when absent."""
    if commit is None:
        file = root / path
        return file.read_text(encoding="utf-8") if file.exists() else None
    proc = _git(root, "show", f"{commit}:{path}")
    return proc.stdout if proc.returncode == 0 else None


def released_version(root: Path, commit: str | None) -> str | None:
    """The version ``commit`` is a release state of: pyproject's, when the changelog agrees."""
    pyproject = file_at(root, commit, "pyproject.toml")
    changelog = file_at(root, commit, "CHANGELOG.md")
    if pyproject is None or changelog is None:
        return None
    try:
        version = read_version(pyproject)
    except (tomllib.TOMLDecodeError, KeyError):
        return None
    return version if top_version(changelog) == version else None


@dataclass(frozen=True)
class Release:
    """A released version and the commit that released it (``how`` it was found)."""

    version: str
    commit: str
    how: str


def releases(root: Path) -> list[Release]:
    """Every release found in ``root``'s history, newest first (see the module docstring)."""
    found: dict[str, Release] = {}
    for name in _git(root, "tag", "--list", "v*").stdout.split():
        proc = _git(root, "rev-parse", f"{name}^{{commit}}")
        if proc.returncode == 0 and VERSION.match(name[1:]):
            found[name[1:]] = Release(name[1:], proc.stdout.strip(), f"tag {name}")
    log = _git(root, "log", "--first-parent", "--format=%H", "--", "pyproject.toml", "CHANGELOG.md")
    run_version: str | None = None
    run_oldest: str | None = None
    history: list[Release] = []
    for commit in [*log.stdout.split(), None]:
        version = released_version(root, commit) if commit else None
        if version != run_version:
            if run_version and run_oldest and run_version not in {r.version for r in history}:
                how = f"commit {run_oldest[:12]}, first with {run_version} in both files"
                history.append(Release(run_version, run_oldest, how))
            run_version = version
        run_oldest = commit
    for release in history:
        found.setdefault(release.version, release)
    return sorted(found.values(), key=lambda r: parse_version(r.version), reverse=True)
