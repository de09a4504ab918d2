"""The impact report: spec changes per provider, API breakages, the bump; the CI gate.

:func:`build_report` compares ``specs/<key>.yaml`` and the packages at a git ref
with the working tree of a repository (this one by default).
:func:`check` is ``nox -s impact -- --check``: it fails when the change since
the last release (:func:`contracts.impact.release.releases`) needs a bigger
version than ``pyproject.toml`` and the top ``CHANGELOG.md`` entry name.
"""

from __future__ import annotations

import subprocess
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from contracts.codegen import PROVIDERS
from contracts.impact.api import PACKAGES, APIBreakage, ImpactError, api_check
from contracts.impact.changelog import prepend, render_entry, top_version
from contracts.impact.classify import Change, classify, summarize
from contracts.impact.release import (
    Bump,
    Release,
    bump_for,
    bumped,
    file_at,
    parse_version,
    read_version,
    releases,
    set_version,
)

__all__ = ["Report", "build_report", "check", "default_base", "write_changelog"]


@dataclass
class Report:
    """What changed from ``base`` to the working tree, and the version it implies."""

    base: str
    base_version: str
    providers: dict[str, list[Change]] = field(default_factory=dict)
    api: list[APIBreakage] = field(default_factory=list)

    @property
    def worst(self) -> str | None:
        """The most severe kind over every provider and the API (``None``: no change)."""
        changes = [c for cs in self.providers.values() for c in cs]
        if self.api:
            return "breaking"
        return summarize(changes)

    @property
    def bump(self) -> Bump:
        """The semver bump from :attr:`base_version` this report needs."""
        return bump_for(self.base_version, self.worst)

    @property
    def breaking(self) -> list[str]:
        """One line per breaking change (spec and API), for messages."""
        spec = [
            f"{key}: {c.what} ({c.pointer})"
            for key, cs in self.providers.items()
            for c in cs
            if c.kind == "breaking"
        ]
        return [*spec, *(f"{b.package}: {b.path}: {b.what}" for b in self.api)]

    def as_json(self) -> dict[str, Any]:
        """``{"base", "providers": {key: [change]}, "api": [breakage], "bump"}``."""
        return {
            "base": self.base,
            "providers": {k: [c.as_dict() for c in cs] for k, cs in self.providers.items()},
            "api": [b.as_dict() for b in self.api],
            "bump": self.bump,
        }


def _load(text: str | None) -> dict[str, Any]:
    data = yaml.safe_load(text) if text else None
    return data if isinstance(data, dict) else {}


def _commit(root: Path, ref: str) -> str:
    proc = subprocess.run(
        ["git", "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}"],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode != 0:
        raise ImpactError(f"{ref!r} is not a commit of {root}")
    return proc.stdout.strip()


def build_report(root: Path, base: str, *, api: bool = True) -> Report:
    """Compare ``base`` (a git ref) with ``root``'s working tree.

    Raises:
        ImpactError: ``base`` is no commit, or git/griffe failed.
    """
    commit = _commit(root, base)
    base_pyproject = file_at(root, commit, "pyproject.toml") or file_at(
        root, None, "pyproject.toml"
    )
    report = Report(base, read_version(base_pyproject or '[project]\nversion = "0.0.0"\n'))
    for key in PROVIDERS:
        old = _load(file_at(root, commit, f"specs/{key}.yaml"))
        new = _load(file_at(root, None, f"specs/{key}.yaml"))
        report.providers[key] = classify(old, new)
    if api:
        report.api = api_check(root, commit, PACKAGES)
    return report


def _gate_report(root: Path, commit: str) -> Report:
    """A report for the gate: griffe runs only when the specs alone do not already break."""
    report = build_report(root, commit, api=False)
    if report.worst != "breaking":
        report.api = api_check(root, commit, PACKAGES)
    return report


def _with_api(root: Path, report: Report) -> Report:
    """``report`` with griffe's breakages filled in (to name them in a failure)."""
    if not report.api:
        report.api = api_check(root, report.base, PACKAGES)
    return report


def current_version(root: Path) -> str:
    """``pyproject.toml``'s version in the working tree."""
    return read_version(file_at(root, None, "pyproject.toml") or "")


def _release_of(found: list[Release], version: str) -> Release | None:
    return next((r for r in found if r.version == version), None)


def _previous(found: list[Release], version: str) -> Release | None:
    return next((r for r in found if parse_version(r.version) < parse_version(version)), None)


def default_base(root: Path) -> tuple[str, str]:
    """The base of a report: ``(ref, how it was chosen)``.

    The release of the working tree's version (tag ``v<version>``, else found in
    the history); when that version is not released yet (a bump not committed),
    the release before it; with no release at all, ``HEAD~1``.
    """
    found = releases(root)
    version = current_version(root)
    release = _release_of(found, version) or _previous(found, version)
    if release is not None:
        return release.commit, f"release {release.version}: {release.how}"
    return "HEAD~1", "no release found (no v* tag, no CHANGELOG.md history): HEAD~1"


def check(root: Path) -> tuple[bool, list[str]]:
    """The CI gate: ``(ok, message lines)``.

    Fails when ``pyproject.toml`` and the top ``CHANGELOG.md`` entry disagree;
    when there are breaking changes since the release of the current version
    (it must be bumped); or when the change since the previous release needs a
    bigger bump than the one from that release to the current version.
    """
    version = current_version(root)
    top = top_version(file_at(root, None, "CHANGELOG.md") or "")
    if top != version:
        return False, [
            f"pyproject.toml says {version} but the top CHANGELOG.md entry is {top}:"
            " run `nox -s impact -- --write-changelog` (or edit both)"
        ]
    found = releases(root)
    release, previous = _release_of(found, version), _previous(found, version)
    lines: list[str] = []
    if release is not None:
        since = _gate_report(root, release.commit)
        lines.append(f"since {version} ({release.how}): {since.worst or 'no change'}")
        if since.worst == "breaking":
            wanted = bumped(version, bump_for(version, "breaking"))
            return False, [
                *lines,
                f"breaking changes since {version} was released, but the version is still"
                f" {version}: bump to {wanted} (`nox -s impact -- --write-changelog`):",
                *(f"  - {line}" for line in _with_api(root, since).breaking),
            ]
    if previous is not None:
        report = _gate_report(root, previous.commit)
        needed = bumped(previous.version, report.bump)
        lines.append(
            f"since {previous.version} ({previous.how}): {report.worst or 'no change'},"
            f" needs >= {needed}; version is {version}"
        )
        if parse_version(version) < parse_version(needed):
            return False, [
                *lines,
                f"the change since {previous.version} is {report.worst}: {version} is too small",
                *(f"  - {line}" for line in _with_api(root, report).breaking),
            ]
    if release is None and previous is None:
        lines.append(f"{version} is the first release; nothing to compare with")
    shallow = subprocess.run(
        ["git", "rev-parse", "--is-shallow-repository"],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
    )
    if shallow.stdout.strip() == "true":
        lines.append("warning: a shallow clone; releases were searched in the history it has")
    return True, [*lines, f"version {version} and CHANGELOG.md reflect the changes"]


def write_changelog(root: Path, report: Report, date: str) -> str | None:
    """Prepend ``report``'s entry to CHANGELOG.md and set pyproject's version to it.

    Returns the new version, or ``None`` when the report has no change.
    """
    if report.bump == "none":
        return None
    version = bumped(report.base_version, report.bump)
    providers: Mapping[str, list[tuple[str, Change]]] = {
        key: [(c.pointer, c) for c in cs] for key, cs in report.providers.items()
    }
    entry = render_entry(version, date, providers, [(b.path, b) for b in report.api])
    changelog = root / "CHANGELOG.md"
    old = changelog.read_text(encoding="utf-8") if changelog.exists() else None
    changelog.write_text(prepend(old, entry), encoding="utf-8")
    pyproject = root / "pyproject.toml"
    pyproject.write_text(
        set_version(pyproject.read_text(encoding="utf-8"), version), encoding="utf-8"
    )
    return version
